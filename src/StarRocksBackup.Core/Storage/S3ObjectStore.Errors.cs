using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.S3.Model;

namespace StarRocksBackup.Core.Storage
{
    // Failures: SDK, HTTP and I/O exceptions become ObjectStorageError with the secret masked, also while a body is read.
    public sealed partial class S3ObjectStore
    {
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
