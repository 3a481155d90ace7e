using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using Amazon.Runtime.Endpoints;

namespace StarRocksBackup.Core.Storage
{
    /// <summary>
    /// Wraps the SDK's S3 endpoint provider so that its rules run once per bucket and client setting, not once per
    /// request. AWSSDK.S3 evaluates S3's endpoint rule set (<c>AmazonS3EndpointProvider.ResolveEndpoint</c>, one
    /// method of ~28,000 IL bytes) for every request; after a few dozen requests the runtime recompiles that method
    /// with full optimisation, and that one compilation takes ~20 MB of native JIT memory, which glibc keeps
    /// resident afterwards: most of the native growth of a verification that sends 100,000 GETs (bench/README.md).
    /// The rules read the request's object key (<c>Key</c>, <c>Prefix</c>, <c>CopySource</c> are declared parameters)
    /// but no rule of AWSSDK.S3 4.1 tests them, so the endpoint is cached by every other parameter. Self-check: an
    /// entry is served from the cache only after two resolutions with different keys gave the same endpoint;
    /// otherwise every request of that bucket and setting goes to the SDK's rules as before.
    /// </summary>
    internal sealed class S3EndpointCache : IEndpointProvider
    {
        /// <summary>The S3 rule set's parameters that can change the endpoint (all declared ones but the key-like three).</summary>
        internal static readonly string[] RoutingParameters =
        {
            "Bucket", "Region", "UseFIPS", "UseDualStack", "Endpoint", "ForcePathStyle", "Accelerate", "UseGlobalEndpoint",
            "UseObjectLambdaEndpoint", "DisableAccessPoints", "DisableMultiRegionAccessPoints", "UseArnRegion",
            "UseS3ExpressControlEndpoint", "DisableS3ExpressSessionAuth",
        };

        private const int MaxEntries = 256; // buckets x settings a store meets; beyond that, resolve without caching

        private readonly IEndpointProvider _inner;
        private readonly ConcurrentDictionary<string, Entry> _entries = new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal);
        private long _resolved;

        public S3EndpointCache(IEndpointProvider inner)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        }

        /// <summary>Resolutions the SDK's rules made (the rest were served from the cache); for tests.</summary>
        internal long RulesEvaluated => Interlocked.Read(ref _resolved);

        public Endpoint ResolveEndpoint(EndpointParameters parameters)
        {
            if (parameters is null)
            {
                throw new ArgumentNullException(nameof(parameters));
            }

            string routing = RoutingKey(parameters);
            string? objectKey = KeyLike(parameters);
            if (_entries.TryGetValue(routing, out Entry? entry) && entry.Verified)
            {
                return entry.Create();
            }

            Endpoint resolved = _inner.ResolveEndpoint(parameters);
            Interlocked.Increment(ref _resolved);
            var fresh = Entry.From(resolved, objectKey);
            if (entry is null)
            {
                if (_entries.Count < MaxEntries)
                {
                    _entries.TryAdd(routing, fresh);
                }
            }
            else if (!entry.Uncacheable && !string.Equals(entry.ObjectKey, objectKey, StringComparison.Ordinal))
            {
                // A second resolution with another key: the cache serves this setting only if the key changed nothing.
                _entries[routing] = entry.SameAs(fresh) ? entry.AsVerified() : Entry.Never;
            }

            return resolved;
        }

        private static string RoutingKey(EndpointParameters parameters)
        {
            var sb = new StringBuilder(160);
            foreach (string name in RoutingParameters)
            {
                object? value = parameters[name];
                string text = value switch
                {
                    null => "-",
                    bool b => b ? "t" : "f",
                    string s => "s" + s.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + s,
                    _ => "o" + value.GetType().FullName + ":" + Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
                };
                sb.Append(text).Append('|');
            }

            return sb.ToString();
        }

        private static string? KeyLike(EndpointParameters parameters) =>
            (parameters["Key"] as string) + "\n" + (parameters["Prefix"] as string) + "\n" + (parameters["CopySource"] as string);

        /// <summary>What a resolution gave, as immutable values; each use gets its own <see cref="Endpoint"/> (the SDK appends "/" to its URL in place).</summary>
        private sealed class Entry
        {
            public static readonly Entry Never = new Entry(string.Empty, null, null, null, verified: false, uncacheable: true);

            private readonly string _url;
            private readonly IPropertyBag? _attributes;
            private readonly KeyValuePair<string, string[]>[]? _headers;

            private Entry(string url, IPropertyBag? attributes, KeyValuePair<string, string[]>[]? headers, string? objectKey, bool verified, bool uncacheable)
            {
                _url = url;
                _attributes = attributes;
                _headers = headers;
                ObjectKey = objectKey;
                Verified = verified;
                Uncacheable = uncacheable;
            }

            public string? ObjectKey { get; }

            public bool Verified { get; }

            public bool Uncacheable { get; }

            public static Entry From(Endpoint e, string? objectKey)
            {
                KeyValuePair<string, string[]>[]? headers = null;
                if (e.Headers is not null)
                {
                    headers = new KeyValuePair<string, string[]>[e.Headers.Count];
                    int i = 0;
                    foreach (KeyValuePair<string, IList<string>> h in e.Headers)
                    {
                        var values = new string[h.Value?.Count ?? 0];
                        h.Value?.CopyTo(values, 0);
                        headers[i++] = new KeyValuePair<string, string[]>(h.Key, values);
                    }
                }

                // The attributes (auth schemes) are read by the SDK, never written; they are shared as they are.
                return new Entry(e.URL, e.Attributes, headers, objectKey, verified: false, uncacheable: false);
            }

            public Entry AsVerified() => new Entry(_url, _attributes, _headers, ObjectKey, verified: true, uncacheable: false);

            public bool SameAs(Entry other)
            {
                if (!string.Equals(_url, other._url, StringComparison.Ordinal) || (_headers?.Length ?? 0) != (other._headers?.Length ?? 0))
                {
                    return false;
                }

                for (int i = 0; i < (_headers?.Length ?? 0); i++)
                {
                    if (!string.Equals(_headers![i].Key, other._headers![i].Key, StringComparison.Ordinal) ||
                        !string.Equals(string.Join(",", _headers[i].Value), string.Join(",", other._headers[i].Value), StringComparison.Ordinal))
                    {
                        return false;
                    }
                }

                return string.Equals(AuthText(_attributes), AuthText(other._attributes), StringComparison.Ordinal);
            }

            public Endpoint Create()
            {
                var e = new Endpoint(_url) { Attributes = _attributes };
                if (_headers is not null)
                {
                    var headers = new Dictionary<string, IList<string>>(StringComparer.Ordinal);
                    foreach (KeyValuePair<string, string[]> h in _headers)
                    {
                        headers[h.Key] = new List<string>(h.Value);
                    }

                    e.Headers = headers;
                }

                return e;
            }

            // The auth scheme list as text (name, signing name and region of each), to compare two resolutions.
            private static string AuthText(IPropertyBag? attributes)
            {
                if (attributes?["authSchemes"] is not System.Collections.IList schemes)
                {
                    return attributes is null ? "none" : "no schemes";
                }

                var sb = new StringBuilder();
                foreach (object? s in schemes)
                {
                    if (s is IPropertyBag bag)
                    {
                        sb.Append(bag["name"]).Append('/').Append(bag["signingName"]).Append('/').Append(bag["signingRegion"]).Append('/').Append(bag["disableDoubleEncoding"]).Append(';');
                    }
                }

                return sb.ToString();
            }
        }
    }
}
