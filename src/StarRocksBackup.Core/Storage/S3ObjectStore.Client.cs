using System;
using System.Threading;
using Amazon.Runtime;
using Amazon.S3;

namespace StarRocksBackup.Core.Storage
{
    // The SDK client: its configuration per endpoint kind, and the count of requests it sent.
    public sealed partial class S3ObjectStore
    {
        private long _requests;

        /// <summary>Requests the SDK sent through this store (the benchmark's requests-per-object figure).</summary>
        internal long RequestsSent => Interlocked.Read(ref _requests);

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

            // S3's endpoint rules once per bucket and setting instead of once per request (see S3EndpointCache).
            config.EndpointProvider = new S3EndpointCache(config.EndpointProvider);

            return options.AccessKey is null
                ? new AmazonS3Client(config)
                : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey.Reveal()), config);
        }
    }
}
