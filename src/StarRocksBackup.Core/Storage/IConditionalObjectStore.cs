using System.Threading;
using System.Threading.Tasks;

namespace StarRocksBackup.Core.Storage
{
    /// <summary>
    /// An object store that can create an object only when the key is free (S3 <c>If-None-Match: *</c>). Kept apart from
    /// <see cref="IObjectStore"/> so existing fakes need not implement it; <see cref="ConditionalWrites"/> gives every store
    /// the operation, falling back to check-then-put where the store cannot do it atomically.
    /// </summary>
    public interface IConditionalObjectStore : IObjectStore
    {
        /// <summary>
        /// Writes the object when no object has the key; returns false (and changes nothing) when one exists. Atomic on the
        /// server when it honours <c>If-None-Match</c>; <see cref="SupportsConditionalWrites"/> tells.
        /// </summary>
        Task<bool> PutIfAbsentAsync(string bucket, string key, byte[] content, CancellationToken cancellationToken);

        /// <summary>
        /// False once the server has answered a conditional PUT with 501 NotImplemented (or ignored the condition); later
        /// writes then check first and put, which is not atomic.
        /// </summary>
        bool SupportsConditionalWrites { get; }
    }

    /// <summary>Create-if-absent for any <see cref="IObjectStore"/>.</summary>
    public static class ConditionalWrites
    {
        /// <summary>
        /// Creates the object only when the key is free: atomically through <see cref="IConditionalObjectStore"/>, otherwise
        /// by checking first (a narrow race remains; callers write content that is the same for the same key).
        /// </summary>
        public static async Task<bool> PutIfAbsentAsync(this IObjectStore store, string bucket, string key, byte[] content, CancellationToken cancellationToken)
        {
            if (store is IConditionalObjectStore conditional)
            {
                return await conditional.PutIfAbsentAsync(bucket, key, content, cancellationToken).ConfigureAwait(false);
            }

            if (await store.ExistsAsync(bucket, key, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            await store.PutAsync(bucket, key, content, cancellationToken).ConfigureAwait(false);
            return true;
        }
    }
}
