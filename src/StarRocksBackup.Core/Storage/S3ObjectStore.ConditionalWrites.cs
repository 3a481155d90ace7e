using System;
using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;

namespace StarRocksBackup.Core.Storage
{
    // Conditional writes (If-None-Match: *), with a check-then-put fallback for servers that answer 501.
    public sealed partial class S3ObjectStore
    {
        private volatile bool _conditionalWrites = true;

        /// <inheritdoc />
        public bool SupportsConditionalWrites => _conditionalWrites;

        /// <inheritdoc />
        public async Task<bool> PutIfAbsentAsync(string bucket, string key, byte[] content, CancellationToken cancellationToken)
        {
            if (!_conditionalWrites)
            {
                return await PutAfterCheckAsync(bucket, key, content, cancellationToken).ConfigureAwait(false);
            }

            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    await _client.PutObjectAsync(new PutObjectRequest
                    {
                        BucketName = bucket,
                        Key = key,
                        InputStream = new MemoryStream(content ?? Array.Empty<byte>(), writable: false),
                        IfNoneMatch = "*",
                    }, cancellationToken).ConfigureAwait(false);
                    return true;
                }
                catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.PreconditionFailed)
                {
                    return false;
                }
                catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.Conflict && attempt < 3)
                {
                    // AWS: ConditionalRequestConflict while another conditional write of the key is in flight; ask again.
                    await Task.Delay(50 * (attempt + 1), cancellationToken).ConfigureAwait(false);
                }
                catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotImplemented)
                {
                    _conditionalWrites = false;
                    return await PutAfterCheckAsync(bucket, key, content, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsStorageFailure(ex))
                {
                    throw Wrap("put", bucket, key, ex);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw Wrap("put", bucket, key, new TimeoutException("the request timed out", ex));
                }
            }
        }

        private async Task<bool> PutAfterCheckAsync(string bucket, string key, byte[] content, CancellationToken cancellationToken)
        {
            if (await ExistsAsync(bucket, key, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            await PutAsync(bucket, key, content, cancellationToken).ConfigureAwait(false);
            return true;
        }
    }
}
