using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MailAuth.Dns;

namespace MailAuth.Dkim
{
    /// <summary>What to publish for a signing key: the key record's name and TXT value, ready for DNS.</summary>
    public sealed class DkimSigningKeyInfo
    {
        /// <summary>Longest character-string of a TXT record (RFC 1035 §3.3).</summary>
        public const int MaxStringLength = 255;

        private DkimSigningKeyInfo() { }

        /// <summary>The record name: <c>selector._domainkey.domain</c>.</summary>
        public string Name { get; private set; } = string.Empty;
        /// <summary>The signing domain (d=).</summary>
        public string Domain { get; private set; } = string.Empty;
        /// <summary>The selector (s=).</summary>
        public string Selector { get; private set; } = string.Empty;
        /// <summary>The a= value signatures with this key carry: <c>rsa-sha256</c> or <c>ed25519-sha256</c>.</summary>
        public string Algorithm { get; private set; } = string.Empty;
        /// <summary>The k= value: <c>rsa</c> or <c>ed25519</c>.</summary>
        public string KeyType { get; private set; } = string.Empty;
        /// <summary>Key size in bits.</summary>
        public int KeySize { get; private set; }
        /// <summary>The TXT value: <c>v=DKIM1; k=rsa; p=...</c>.</summary>
        public string RecordValue { get; private set; } = string.Empty;
        /// <summary>The value split into character-strings of at most 255 characters, as DNS needs; verifiers join them without separators.</summary>
        public IReadOnlyList<string> Strings { get; private set; } = Array.Empty<string>();
        /// <summary>The record as a zone file line: <c>selector._domainkey.domain. 3600 IN TXT "..." "..."</c>.</summary>
        public string ZoneFileLine { get; private set; } = string.Empty;
        /// <summary>Where the private key was written, when it was.</summary>
        public string? PrivateKeyPath { get; private set; }

        /// <summary>Describes the record to publish for a key.</summary>
        /// <param name="key">The key.</param>
        /// <param name="domain">The signing domain; normalised (trimmed, lower case, IDN to A-labels).</param>
        /// <param name="selector">The selector.</param>
        /// <param name="privateKeyPath">Where the private key was saved, to report it.</param>
        /// <param name="timeToLive">TTL of the zone file line, in seconds.</param>
        /// <returns>The description.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">The domain or selector is not valid.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeToLive"/> is negative.</exception>
        public static DkimSigningKeyInfo Create(DkimSigningKey key, string domain, string selector, string? privateKeyPath = null, int timeToLive = 3600)
        {
            if (key is null) throw new ArgumentNullException(nameof(key));
            if (timeToLive < 0) throw new ArgumentOutOfRangeException(nameof(timeToLive), timeToLive, "The TTL cannot be negative.");
            string d = DkimSignPlan.NormalizeDomain(domain, nameof(domain));
            string s = DkimSignPlan.NormalizeSelector(selector, d, nameof(selector));
            string value = key.KeyRecord;
            var strings = new List<string>();
            for (int i = 0; i < value.Length; i += MaxStringLength) strings.Add(value.Substring(i, Math.Min(MaxStringLength, value.Length - i)));
            string name = s + "._domainkey." + d;
            return new DkimSigningKeyInfo
            {
                Name = name,
                Domain = d,
                Selector = s,
                Algorithm = key.AlgorithmName,
                KeyType = key.KeyType,
                KeySize = key.KeySize,
                RecordValue = value,
                Strings = strings,
                // The value holds no quotes or backslashes (tags and base64), so no escaping is needed.
                ZoneFileLine = name + ". " + timeToLive.ToString(CultureInfo.InvariantCulture) + " IN TXT " + string.Join(" ", strings.Select(x => "\"" + x + "\"")),
                PrivateKeyPath = privateKeyPath,
            };
        }

        /// <summary>The key record name for a domain and selector, <c>selector._domainkey.domain</c>, checking both.</summary>
        /// <param name="domain">The signing domain; normalised (trimmed, lower case, IDN to A-labels).</param>
        /// <param name="selector">The selector.</param>
        /// <returns>The name, without a trailing dot.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">The domain or selector is not valid; the message says why.</exception>
        public static string GetRecordName(string domain, string selector)
        {
            string d = DkimSignPlan.NormalizeDomain(domain, nameof(domain));
            return DkimSignPlan.NormalizeSelector(selector, d, nameof(selector)) + "._domainkey." + d;
        }

        /// <inheritdoc />
        public override string ToString() => ZoneFileLine;
    }
}
