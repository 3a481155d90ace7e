using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace StarRocksBackup.Core.Storage
{
    /// <summary>
    /// <see cref="IObjectStore"/> over AWSSDK.S3. Custom endpoints get path-style addressing and
    /// RequestChecksumCalculation/ResponseChecksumValidation = WHEN_REQUIRED, because S3-compatible servers
    /// (Ceph radosgw, older MinIO, OSS …) reject or mangle the flexible checksums AWSSDK v4 sends by default;
    /// AWS endpoints keep the SDK defaults. Every SDK exception is translated to
    /// <see cref="StarRocksBackupException"/> (<see cref="ErrorKind.ObjectStorageError"/>) whose message never holds
    /// the secret key.
    /// </summary>
    public sealed class S3ObjectStore : IConditionalObjectStore
    {
        private readonly AmazonS3Client _client;
        private readonly ObjectStoreOptions _options;
        private volatile bool _conditionalWrites = true;

        /// <summary>Creates a client for <paramref name="options"/>.</summary>
        public S3ObjectStore(ObjectStoreOptions options)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _client = CreateClient(options);
            _client.BeforeRequestEvent += (_, _) => Interlocked.Increment(ref _requests);
        }

        private long _requests;

        /// <summary>Requests the SDK sent through this store (the benchmark's requests-per-object figure).</summary>
        internal long RequestsSent => Interlocked.Read(ref _requests);

        /// <summary>Keys per list page (S3's maximum is 1000); lowered by tests to exercise paging.</summary>
        internal int PageSize { get; set; } = 1000;

        /// <summary>The options this store was created with (the secret stays masked in their ToString).</summary>
        public ObjectStoreOptions Options => _options;

        /// <inheritdoc />
        public async Task<ObjectListing> ListAsync(string bucket, string prefix, string? delimiter, CancellationToken cancellationToken)
        {
            var objects = new List<ObjectInfo>();
            var prefixes = new List<string>();
            var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix ?? string.Empty, MaxKeys = PageSize };
            if (!string.IsNullOrEmpty(delimiter))
            {
                request.Delimiter = delimiter;
            }

            await Translate("list", bucket, prefix ?? string.Empty, cancellationToken, async () =>
            {
                ListObjectsV2Response response;
                do
                {
                    response = await _client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);

                    // AWSSDK v4 leaves collections null when a page is empty.
                    foreach (S3Object o in response.S3Objects ?? new List<S3Object>())
                    {
                        objects.Add(new ObjectInfo(o.Key, o.Size ?? 0, ToUtc(o.LastModified)));
                    }

                    prefixes.AddRange(response.CommonPrefixes ?? new List<string>());
                    request.ContinuationToken = response.NextContinuationToken;
                }
                while (response.IsTruncated == true && !string.IsNullOrEmpty(response.NextContinuationToken));

                return true;
            }).ConfigureAwait(false);

            return new ObjectListing(objects, prefixes);
        }

        /// <inheritdoc />
        public async Task ListPagesAsync(string bucket, string prefix, Func<IReadOnlyList<ObjectInfo>, Task> onPage, CancellationToken cancellationToken)
        {
            if (onPage is null)
            {
                throw new ArgumentNullException(nameof(onPage));
            }

            Task<ListObjectsV2Response> Fetch(string? token) => Translate("list", bucket, prefix ?? string.Empty, cancellationToken, () =>
                _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix ?? string.Empty, MaxKeys = PageSize, ContinuationToken = token }, cancellationToken));

            Task<ListObjectsV2Response> next = Fetch(null);
            while (true)
            {
                ListObjectsV2Response response = await next.ConfigureAwait(false);
                bool more = response.IsTruncated == true && !string.IsNullOrEmpty(response.NextContinuationToken);
                next = more ? Fetch(response.NextContinuationToken) : Task.FromResult<ListObjectsV2Response>(null!);
                var page = new List<ObjectInfo>(response.S3Objects?.Count ?? 0);
                foreach (S3Object o in response.S3Objects ?? new List<S3Object>())
                {
                    page.Add(new ObjectInfo(o.Key, o.Size ?? 0, ToUtc(o.LastModified)));
                }

                try
                {
                    await onPage(page).ConfigureAwait(false);
                }
                catch
                {
                    // The prefetched page is abandoned; observe its failure so it is not reported as unobserved.
                    _ = next.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                    throw;
                }

                if (!more)
                {
                    return;
                }
            }
        }

        /// <inheritdoc />
        public async Task<byte[]> GetAsync(string bucket, string key, CancellationToken cancellationToken)
        {
            return await Translate("get", bucket, key, cancellationToken, async () =>
            {
                using GetObjectResponse response = await _client.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
                using var buffer = new MemoryStream();
                await response.ResponseStream.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
                return buffer.ToArray();
            }).ConfigureAwait(false);
        }

        /// <inheritdoc />
        public async Task<Stream> OpenReadAsync(string bucket, string key, CancellationToken cancellationToken)
        {
            GetObjectResponse response = await Translate("get", bucket, key, cancellationToken,
                () => _client.GetObjectAsync(bucket, key, cancellationToken)).ConfigureAwait(false);
            return new TranslatingStream(response, this, bucket, key);
        }

        /// <inheritdoc />
        public async Task PutAsync(string bucket, string key, byte[] content, CancellationToken cancellationToken)
        {
            await Translate("put", bucket, key, cancellationToken, async () =>
            {
                using var body = new MemoryStream(content ?? Array.Empty<byte>(), writable: false);
                await _client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = body, AutoCloseStream = false },
                    cancellationToken).ConfigureAwait(false);
                return true;
            }).ConfigureAwait(false);
        }

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

        /// <inheritdoc />
        public async Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken)
        {
            await Translate("delete", bucket, key, cancellationToken, async () =>
            {
                await _client.DeleteObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
                return true;
            }).ConfigureAwait(false);
        }

        /// <inheritdoc />
        public async Task<bool> ExistsAsync(string bucket, string key, CancellationToken cancellationToken)
        {
            return await Translate("head", bucket, key, cancellationToken, async () =>
            {
                try
                {
                    await _client.GetObjectMetadataAsync(bucket, key, cancellationToken).ConfigureAwait(false);
                    return true;
                }
                catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
                {
                    return false;
                }
            }).ConfigureAwait(false);
        }

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

        /// <inheritdoc />
        public void Dispose() => _client.Dispose();

        /// <inheritdoc />
        public override string ToString() => $"S3ObjectStore({_options})";

        private static AmazonS3Client CreateClient(ObjectStoreOptions options)
        {
            // CacheHttpClient = false: AWSSDK otherwise shares one HttpClient between every client with equal settings,
            // and a PUT that radosgw (or another S3 server) refuses before reading the body leaves that pooled connection
            // poisoned: the next request on it, from whichever client reuses it, fails with 400 BadRequest. A private
            // pool per store keeps one store's refused upload from failing another store's requests.
            var config = new AmazonS3Config { CacheHttpClient = false };
            Uri? endpoint = options.EndpointUri;
            if (endpoint is null)
            {
                config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
            }
            else
            {
                config.ServiceURL = endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');
                config.AuthenticationRegion = options.Region;
                config.ForcePathStyle = options.UsesPathStyle;
                config.UseHttp = endpoint.Scheme == "http";
            }

            if (options.ForcePathStyle.HasValue && endpoint is null)
            {
                config.ForcePathStyle = options.ForcePathStyle.Value;
            }

            if (options.RequestTimeout.HasValue)
            {
                config.Timeout = options.RequestTimeout.Value;
            }

            if (options.MaxRetries.HasValue)
            {
                config.MaxErrorRetry = options.MaxRetries.Value;
            }

            if (!options.IsAwsEndpoint)
            {
                config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
                config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
            }

            return options.AccessKey is null
                ? new AmazonS3Client(config)
                : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey.Reveal()), config);
        }

        private async Task<T> Translate<T>(string operation, string bucket, string key, CancellationToken cancellationToken, Func<Task<T>> action)
        {
            try
            {
                return await action().ConfigureAwait(false);
            }
            catch (Exception ex) when (IsStorageFailure(ex))
            {
                throw Wrap(operation, bucket, key, ex);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Nobody asked to cancel: the SDK's own HTTP timeout fired.
                throw Wrap(operation, bucket, key, new TimeoutException("the request timed out", ex));
            }
        }

        internal StarRocksBackupException Wrap(string operation, string bucket, string key, Exception ex)
        {
            string what = ex switch
            {
                AmazonServiceException svc => $"{(string.IsNullOrEmpty(svc.ErrorCode) ? svc.GetType().Name : svc.ErrorCode)} (HTTP {(int)svc.StatusCode})"
                    + (string.IsNullOrWhiteSpace(svc.Message) ? string.Empty : ": " + svc.Message),
                TimeoutException => "the request timed out" + (_options.RequestTimeout is TimeSpan t ? $" (no answer within {t.TotalSeconds:0.###} s)" : string.Empty),
                _ => ex.GetBaseException().Message,
            };
            string endpoint = _options.Endpoint ?? "AWS " + _options.Region;
            string message = Redact($"Object storage {operation} of s3://{bucket}/{key} at {endpoint} failed: {what}");

            // The inner exception is kept for diagnostics only where its text cannot carry the secret.
            Exception? inner = Redact(ex.ToString()) == ex.ToString() ? ex : null;
            return new StarRocksBackupException(ErrorKind.ObjectStorageError, message, inner);
        }

        private string Redact(string text)
        {
            string secret = _options.SecretKey.Reveal();
            return secret.Length == 0 ? text : text.Replace(secret, "****");
        }

        private static bool IsStorageFailure(Exception ex) =>
            ex is AmazonServiceException || ex is AmazonClientException || ex is HttpRequestException || ex is IOException || ex is WebException || ex is TimeoutException
            || (ex is OperationCanceledException && ex.InnerException is not null && IsStorageFailure(ex.InnerException));

        private static DateTimeOffset? ToUtc(DateTime? value) =>
            value is null ? null : new DateTimeOffset(value.Value.ToUniversalTime(), TimeSpan.Zero);

        /// <summary>The response stream, translating SDK/IO errors during reads and disposing the response with it.</summary>
        private sealed class TranslatingStream : Stream
        {
            private readonly GetObjectResponse _response;
            private readonly S3ObjectStore _owner;
            private readonly string _bucket;
            private readonly string _key;

            public TranslatingStream(GetObjectResponse response, S3ObjectStore owner, string bucket, string key)
            {
                _response = response;
                _owner = owner;
                _bucket = bucket;
                _key = key;
            }

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => _response.ContentLength;
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                try
                {
                    return _response.ResponseStream.Read(buffer, offset, count);
                }
                catch (Exception ex) when (IsStorageFailure(ex))
                {
                    throw _owner.Wrap("read", _bucket, _key, ex);
                }
            }

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                try
                {
                    return await _response.ResponseStream.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsStorageFailure(ex))
                {
                    throw _owner.Wrap("read", _bucket, _key, ex);
                }
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _response.Dispose();
                }

                base.Dispose(disposing);
            }
        }
    }
}
