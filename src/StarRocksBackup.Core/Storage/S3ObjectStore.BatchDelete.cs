using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;

namespace StarRocksBackup.Core.Storage
{
    // Batched deletes: DeleteObjects requests of up to 1000 keys, a bounded number in parallel.
    public sealed partial class S3ObjectStore
    {
        /// <inheritdoc />
        public async Task<int> DeleteObjectsAsync(string bucket, IReadOnlyList<string> keys, int maxParallelRequests, CancellationToken cancellationToken)
        {
            if (keys is null || keys.Count == 0)
            {
                return 0;
            }

            int batchSize = Math.Max(1, Math.Min(DeleteBatchSize, ObjectStoreLimits.MaxKeysPerDeleteRequest));
            var batches = new List<List<string>>();
            for (int i = 0; i < keys.Count; i += batchSize)
            {
                var batch = new List<string>(Math.Min(batchSize, keys.Count - i));
                for (int j = i; j < keys.Count && j < i + batchSize; j++)
                {
                    batch.Add(keys[j]);
                }

                batches.Add(batch);
            }

            int deleted = 0;
            int next = -1;
            StarRocksBackupException? failure = null;
            async Task Worker()
            {
                int index;
                while (failure is null && (index = Interlocked.Increment(ref next)) < batches.Count)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    List<string> batch = batches[index];
                    try
                    {
                        int n = await DeleteBatchAsync(bucket, batch, cancellationToken).ConfigureAwait(false);
                        Interlocked.Add(ref deleted, n);
                    }
                    catch (StarRocksBackupException ex)
                    {
                        Interlocked.CompareExchange(ref failure, ex, null);
                    }
                }
            }

            int workers = Math.Max(1, Math.Min(maxParallelRequests, batches.Count));
            var tasks = new Task[workers];
            for (int w = 0; w < workers; w++)
            {
                tasks[w] = Worker();
            }

            await Task.WhenAll(tasks).ConfigureAwait(false);
            if (failure is not null)
            {
                throw failure;
            }

            return deleted;
        }

        /// <summary>Keys per DeleteObjects request (S3's maximum is 1000); lowered by tests to exercise batching.</summary>
        internal int DeleteBatchSize { get; set; } = ObjectStoreLimits.MaxKeysPerDeleteRequest;

        private async Task<int> DeleteBatchAsync(string bucket, List<string> batch, CancellationToken cancellationToken)
        {
            return await Translate("delete (batch of " + batch.Count + ")", bucket, batch[0], cancellationToken, async () =>
            {
                var request = new DeleteObjectsRequest { BucketName = bucket, Quiet = true };
                foreach (string key in batch)
                {
                    request.AddKey(key);
                }

                try
                {
                    DeleteObjectsResponse response = await _client.DeleteObjectsAsync(request, cancellationToken).ConfigureAwait(false);
                    List<DeleteError> errors = response.DeleteErrors ?? new List<DeleteError>();
                    if (errors.Count > 0)
                    {
                        throw new StarRocksBackupException(ErrorKind.ObjectStorageError, Redact(
                            $"Object storage refused to delete {errors.Count} of {batch.Count} object(s) in s3://{bucket}/, first {errors[0].Key}: {errors[0].Code} {errors[0].Message}"));
                    }

                    return batch.Count;
                }
                catch (DeleteObjectsException ex)
                {
                    DeleteError? first = ex.Response?.DeleteErrors?.Count > 0 ? ex.Response.DeleteErrors[0] : null;
                    throw new StarRocksBackupException(ErrorKind.ObjectStorageError, Redact(
                        $"Object storage refused to delete object(s) in s3://{bucket}/" + (first is null ? string.Empty : $", first {first.Key}: {first.Code} {first.Message}")));
                }
            }).ConfigureAwait(false);
        }
    }
}
