using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace StarRocksBackup.Core.Policy
{
    /// <summary>
    /// Posts a run's summary to a webhook as generic JSON: <c>text</c> (what Slack and Teams incoming webhooks show) plus
    /// <c>succeeded</c>, <c>repository</c> and one entry per database.
    /// </summary>
    public static class PolicyNotifier
    {
        /// <summary>The JSON body for <paramref name="result"/>.</summary>
        public static string Body(PolicyRunResult result, string repository)
        {
            var body = new
            {
                text = result.Headline(repository),
                succeeded = result.Succeeded,
                repository,
                databases = result.Databases.Select(d => new
                {
                    database = d.Database,
                    set = d.Set,
                    outcome = d.Outcome.ToString(),
                    kind = d.Kind,
                    label = d.Label,
                    backupTimestamp = d.BackupTimestamp,
                    partitions = d.PartitionCount,
                    lateDataIgnored = d.LateDataIgnored,
                    error = d.Error,
                }).ToArray(),
            };
            return JsonSerializer.Serialize(body);
        }

        /// <summary>
        /// Sends the summary when <paramref name="notification"/> asks for it (<c>on: always</c>, or a failed run). Returns
        /// what happened; a webhook failure is reported, never thrown (the run's own outcome matters more).
        /// </summary>
        public static async Task<string> NotifyAsync(PolicyNotification? notification, PolicyRunResult result, string repository, IOperationObserver observer, CancellationToken ct)
        {
            if (notification is null || string.IsNullOrEmpty(notification.Webhook) || (notification.On != "always" && result.Succeeded))
            {
                return string.Empty;
            }

            Uri url = new Uri(notification.Webhook);
            string where = url.GetLeftPart(UriPartial.Authority);
            try
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                using var content = new StringContent(Body(result, repository), Encoding.UTF8, "application/json");
                using HttpResponseMessage response = await http.PostAsync(url, content, ct).ConfigureAwait(false);
                string status = $"webhook {where} answered {(int)response.StatusCode}";
                if (!response.IsSuccessStatusCode)
                {
                    observer.Warning($"The notification {status}.");
                }

                return status;
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is TaskCanceledException)
            {
                // The URL's path and query may carry a token (Slack, Teams): only scheme, host and port are shown.
                observer.Warning($"The notification to {where} failed: {ex.GetBaseException().Message}");
                return $"webhook {where} failed";
            }
        }
    }
}
