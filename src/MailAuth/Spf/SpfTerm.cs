namespace MailAuth.Spf
{
    /// <summary>One term of an SPF record, parsed.</summary>
    public sealed class SpfTerm
    {
        internal SpfTerm(SpfTermKind kind, SpfQualifier? qualifier, string name, string? value, int? ip4Cidr, int? ip6Cidr, int position, string text, bool isValid)
        {
            Kind = kind;
            Qualifier = qualifier;
            Name = name;
            Value = value;
            Ip4Cidr = ip4Cidr;
            Ip6Cidr = ip6Cidr;
            Position = position;
            Text = text;
            IsValid = isValid;
        }

        /// <summary>Mechanism or modifier.</summary>
        public SpfTermKind Kind { get; }
        /// <summary>The qualifier of a mechanism (pass when none is written); null for a modifier.</summary>
        public SpfQualifier? Qualifier { get; }
        /// <summary>The mechanism or modifier name, lower case: <c>all</c>, <c>include</c>, <c>a</c>, <c>mx</c>, <c>ptr</c>, <c>ip4</c>, <c>ip6</c>, <c>exists</c>, <c>redirect</c>, <c>exp</c>, or an unknown modifier's name.</summary>
        public string Name { get; }
        /// <summary>The argument as written, without the prefix lengths (those are <see cref="Ip4Cidr"/> and <see cref="Ip6Cidr"/>): a domain-spec, an IP address, or a modifier value; null when absent.</summary>
        public string? Value { get; }
        /// <summary>The IPv4 prefix length (<c>ip4</c>, <c>a</c>, <c>mx</c>), when written.</summary>
        public int? Ip4Cidr { get; }
        /// <summary>The IPv6 prefix length (<c>ip6</c>, <c>a</c>, <c>mx</c>), when written.</summary>
        public int? Ip6Cidr { get; }
        /// <summary>1-based character position of the term in the record.</summary>
        public int Position { get; }
        /// <summary>The term exactly as written.</summary>
        public string Text { get; }
        /// <summary>False when the term has a syntax error (a finding says which).</summary>
        public bool IsValid { get; }

        private byte[]? _network;

        /// <summary>The ip4/ip6 address bytes, parsed once: parsed records are cached and their terms evaluated many times.</summary>
        internal byte[] NetworkBytes => _network ??= System.Net.IPAddress.Parse(Value!).GetAddressBytes();

        /// <inheritdoc />
        public override string ToString() => Text;
    }
}
