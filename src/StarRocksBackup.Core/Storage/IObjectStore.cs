using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace StarRocksBackup.Core.Storage
{
    /// <summary>
    /// The object storage operations Core needs, in Core's own types (no AWSSDK type crosses this interface).
    /// Every failure is a <see cref="StarRocksBackupException"/> of kind <see cref="ErrorKind.ObjectStorageError"/>.
    /// </summary>
    public interface IObjectStore : IDisposable
    {

        /// <summary>
        /// Lists every object whose key starts with <paramref name="prefix"/> (all pages). With a
        /// <paramref name="delimiter"/> (normally <c>/</c>) keys below the next delimiter are rolled up into
        /// <see cref="ObjectListing.CommonPrefixes"/>, as S3 "folders".
        /// </summary>
        Task<ObjectListing> ListAsync(string bucket, string prefix, string? delimiter, CancellationToken cancellationToken);

        /// <summary>
        /// Lists every object whose key starts with <paramref name="prefix"/> (no delimiter) one page at a time, in the
        /// server's key order (S3: ascending UTF-8 byte order), calling <paramref name="onPage"/> for each page while the next
        /// one is fetched; at most two pages are held, so memory does not grow with the number of objects.
        /// </summary>
        Task ListPagesAsync(string bucket, string prefix, Func<IReadOnlyList<ObjectInfo>, Task> onPage, CancellationToken cancellationToken);

        /// <summary>Reads a whole (small) object.</summary>
        Task<byte[]> GetAsync(string bucket, string key, CancellationToken cancellationToken);

        /// <summary>
        /// Opens an object for streaming; the caller disposes the stream. Read errors while streaming are reported as
        /// <see cref="StarRocksBackupException"/> too.
        /// </summary>
        Task<Stream> OpenReadAsync(string bucket, string key, CancellationToken cancellationToken);

        /// <summary>Writes an object (replacing it when it exists).</summary>
        Task PutAsync(string bucket, string key, byte[] content, CancellationToken cancellationToken);

        /// <summary>Deletes an object; deleting a missing key succeeds, as in S3.</summary>
        Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken);

        /// <summary>True when the object exists.</summary>
        Task<bool> ExistsAsync(string bucket, string key, CancellationToken cancellationToken);

        /// <summary>
        /// Deletes many objects with batched requests (S3 DeleteObjects: up to <see cref="ObjectStoreLimits.MaxKeysPerDeleteRequest"/> keys
        /// each), at most <paramref name="maxParallelRequests"/> requests at once. Missing keys succeed, as in S3. A key the
        /// server refuses fails the call (ObjectStorageError naming it) after the other batches in flight end; keys already
        /// deleted stay deleted, so callers must be able to run the deletion again.
        /// </summary>
        /// <returns>The number of keys the server reported deleted.</returns>
        Task<int> DeleteObjectsAsync(string bucket, IReadOnlyList<string> keys, int maxParallelRequests, CancellationToken cancellationToken);
    }

    /// <summary>Limits of the S3 API that callers plan with.</summary>
    public static class ObjectStoreLimits
    {
        /// <summary>S3's limit of keys in one DeleteObjects request.</summary>
        public const int MaxKeysPerDeleteRequest = 1000;

        /// <summary>The default bound on concurrent requests of one bulk operation (deletion, verification).</summary>
        public const int DefaultParallelRequests = 8;
    }

    /// <summary>One object in a listing.</summary>
    public sealed class ObjectInfo
    {
        /// <summary>Creates an entry.</summary>
        public ObjectInfo(string key, long size, DateTimeOffset? lastModified)
        {
            Key = key ?? throw new ArgumentNullException(nameof(key));
            Size = size;
            LastModified = lastModified;
        }

        /// <summary>The full key.</summary>
        public string Key { get; }

        /// <summary>Size in bytes.</summary>
        public long Size { get; }

        /// <summary>When the object was last written (UTC), when the server says.</summary>
        public DateTimeOffset? LastModified { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Key} ({Size} bytes)";
    }

    /// <summary>The result of <see cref="IObjectStore.ListAsync"/>.</summary>
    public sealed class ObjectListing
    {
        /// <summary>Creates a listing.</summary>
        public ObjectListing(IReadOnlyList<ObjectInfo> objects, IReadOnlyList<string> commonPrefixes)
        {
            Objects = objects ?? Array.Empty<ObjectInfo>();
            CommonPrefixes = commonPrefixes ?? Array.Empty<string>();
        }

        /// <summary>The objects directly matched (below the delimiter when one was given).</summary>
        public IReadOnlyList<ObjectInfo> Objects { get; }

        /// <summary>The rolled-up "folders", each ending with the delimiter.</summary>
        public IReadOnlyList<string> CommonPrefixes { get; }
    }
}
