using System;

namespace StarRocksBackup.Core
{
    /// <summary>
    /// A password or key. Its <see cref="ToString"/> is always <c>****</c> so a secret cannot leak through
    /// string interpolation, logging or a debugger display; call <see cref="Reveal"/> only where the value
    /// must reach the server (a driver connection string or a quoted SQL literal).
    /// </summary>
    public readonly struct Secret : IEquatable<Secret>
    {
        private readonly string? _value;

        /// <summary>Wraps <paramref name="value"/> (null is treated as empty).</summary>
        public Secret(string? value) => _value = value ?? string.Empty;

        /// <summary>The empty secret (for example the password of a user without one).</summary>
        public static Secret Empty => new Secret(string.Empty);

        /// <summary>True when the secret is empty.</summary>
        public bool IsEmpty => string.IsNullOrEmpty(_value);

        /// <summary>The clear text. Never log or display the result.</summary>
        public string Reveal() => _value ?? string.Empty;

        /// <summary>Always <c>****</c>.</summary>
        public override string ToString() => "****";

        /// <inheritdoc />
        public bool Equals(Secret other) => string.Equals(Reveal(), other.Reveal(), StringComparison.Ordinal);

        /// <inheritdoc />
        public override bool Equals(object? obj) => obj is Secret other && Equals(other);

        /// <inheritdoc />
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Reveal());

        /// <summary>Equality by value.</summary>
        public static bool operator ==(Secret left, Secret right) => left.Equals(right);

        /// <summary>Inequality by value.</summary>
        public static bool operator !=(Secret left, Secret right) => !left.Equals(right);

        /// <summary>Wraps a string.</summary>
        public static implicit operator Secret(string? value) => new Secret(value);
    }
}
