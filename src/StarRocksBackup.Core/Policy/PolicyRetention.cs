using StarRocksBackup.Core.Retention;

namespace StarRocksBackup.Core.Policy
{
    /// <summary>
    /// The policy file's <c>retention</c> section: the settings of Invoke-SrRetention, under the same names in the file's
    /// camelCase. Null means "not in the file". <c>Invoke-SrRetention -Path</c> applies them; a value given as a parameter
    /// overrides the file's (<see cref="Merge"/>).
    /// </summary>
    public sealed class PolicyRetention
    {
        /// <summary><c>retentionDays</c>: remove backups older than this many days (unless something else keeps them).</summary>
        public int? RetentionDays { get; set; }

        /// <summary><c>minRetentionDays</c>: never remove a backup younger than this many days.</summary>
        public int? MinRetentionDays { get; set; }

        /// <summary><c>maxSnapshots</c>: keep at most this many backups per database.</summary>
        public int? MaxSnapshots { get; set; }

        /// <summary><c>minSnapshots</c>: always keep at least the newest this many backups per database.</summary>
        public int? MinSnapshots { get; set; }

        /// <summary><c>keepDaily</c>: keep the newest backup of each of the newest N days.</summary>
        public int? KeepDaily { get; set; }

        /// <summary><c>keepWeekly</c>: keep the newest backup of each of the newest N ISO weeks.</summary>
        public int? KeepWeekly { get; set; }

        /// <summary><c>keepMonthly</c>: keep the newest backup of each of the newest N months.</summary>
        public int? KeepMonthly { get; set; }

        /// <summary><c>keepNewestVerified</c>: keep the newest backup whose latest verification passed (default true).</summary>
        public bool? KeepNewestVerified { get; set; }

        /// <summary>
        /// The policy to apply: each value of <paramref name="given"/> that is set (an explicit parameter) wins over the
        /// file's; what neither sets is not applied (KeepNewestVerified defaults to true). The result is validated
        /// (<see cref="RetentionPolicy.Validate"/>), so a parameter that contradicts the file (-MaxSnapshots 2 with the file's
        /// minSnapshots: 3) is an InvalidArgument error naming both settings.
        /// </summary>
        public static RetentionPolicy Merge(PolicyRetention? file, PolicyRetention given)
        {
            file ??= new PolicyRetention();
            var policy = new RetentionPolicy
            {
                RetentionDays = given.RetentionDays ?? file.RetentionDays,
                MinRetentionDays = given.MinRetentionDays ?? file.MinRetentionDays,
                MaxSnapshots = given.MaxSnapshots ?? file.MaxSnapshots,
                MinSnapshots = given.MinSnapshots ?? file.MinSnapshots,
                KeepDaily = given.KeepDaily ?? file.KeepDaily,
                KeepWeekly = given.KeepWeekly ?? file.KeepWeekly,
                KeepMonthly = given.KeepMonthly ?? file.KeepMonthly,
                KeepNewestVerified = given.KeepNewestVerified ?? file.KeepNewestVerified ?? true,
            };
            policy.Validate();
            return policy;
        }
    }
}
