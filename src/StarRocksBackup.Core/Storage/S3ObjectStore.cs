using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
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
    /// Parts: this file (reads, writes, listing), <c>S3ObjectStore.Client.cs</c> (the SDK client's configuration and the
    /// request count), <c>S3ObjectStore.ConditionalWrites.cs</c>, <c>S3ObjectStore.BatchDelete.cs</c>,
    /// <c>S3ObjectStore.Errors.cs</c> (translation of SDK failures, masking, the translating read stream).
    /// </summary>
    public sealed partial class S3ObjectStore : IConditionalObjectStore
    {
        private readonly AmazonS3Client _client;
        private readonly ObjectStoreOptions _options;

        /// <summary>Creates a client for <paramref name="options"/>.</summary>
        public S3ObjectStore(ObjectStoreOptions options)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _client = CreateClient(options);
            _client.BeforeRequestEvent += (_, _) => Interlocked.Increment(ref _requests);
        }

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
                long length = response.ContentLength;
                if (length >= 0 && length < int.MaxValue)
                {
                    // Read into one array of the announced size (a catalog index or manifest can be megabytes): no
                    // growing buffer and no copy at the end.
                    byte[] content = new byte[length];
                    int read = 0;
                    while (read < content.Length)
                    {
                        int n = await response.ResponseStream.ReadAsync(content, read, content.Length - read, cancellationToken).ConfigureAwait(false);
                        if (n == 0)
                        {
                            throw new IOException($"The object ended after {read} of its {length} bytes.");
                        }

                        read += n;
                    }

                    // Read on to the end of the stream: that is where the SDK checks what it received (MD5).
                    if (await response.ResponseStream.ReadAsync(new byte[1], 0, 1, cancellationToken).ConfigureAwait(false) != 0)
                    {
                        throw new IOException($"The object is longer than the {length} bytes announced.");
                    }

                    return content;
                }

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
        public void Dispose() => _client.Dispose();

        /// <inheritdoc />
        public override string ToString() => $"S3ObjectStore({_options})";

        private static DateTimeOffset? ToUtc(DateTime? value) =>
            value is null ? null : new DateTimeOffset(value.Value.ToUniversalTime(), TimeSpan.Zero);
    }
}
