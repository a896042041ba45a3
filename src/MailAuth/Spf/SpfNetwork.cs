using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MailAuth.Spf
{
    /// <summary>
    /// An IP network an SPF term names (<c>ip4</c>, <c>ip6</c>) or resolves to (<c>a</c>, <c>mx</c>, with their
    /// prefix lengths applied), with where it comes from. The address is the network address: host bits are cleared.
    /// </summary>
    public sealed class SpfNetwork
    {
        /// <summary>Creates a network; host bits of <paramref name="address"/> beyond <paramref name="prefixLength"/> are cleared.</summary>
        /// <param name="address">An IPv4 or IPv6 address.</param>
        /// <param name="prefixLength">0 to 32 for IPv4, 0 to 128 for IPv6.</param>
        /// <param name="qualifier">The qualifier of the term.</param>
        /// <param name="domain">The domain whose record holds the term.</param>
        /// <param name="term">The term as written.</param>
        /// <param name="host">For <c>a</c> and <c>mx</c>: the host whose address this is; otherwise null.</param>
        /// <exception cref="ArgumentNullException"><paramref name="address"/>, <paramref name="domain"/> or <paramref name="term"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="prefixLength"/> does not fit the address family.</exception>
        /// <exception cref="ArgumentException"><paramref name="address"/> is neither IPv4 nor IPv6.</exception>
        public SpfNetwork(IPAddress address, int prefixLength, SpfQualifier qualifier, string domain, string term, string? host = null)
        {
            if (address is null) throw new ArgumentNullException(nameof(address));
            if (address.AddressFamily != AddressFamily.InterNetwork && address.AddressFamily != AddressFamily.InterNetworkV6)
                throw new ArgumentException("The address is neither IPv4 nor IPv6.", nameof(address));
            int max = MaxPrefix(address);
            if (prefixLength < 0 || prefixLength > max)
                throw new ArgumentOutOfRangeException(nameof(prefixLength), $"The prefix length must be 0 to {max}.");
            Address = Mask(address, prefixLength);
            PrefixLength = prefixLength;
            Qualifier = qualifier;
            Domain = domain ?? throw new ArgumentNullException(nameof(domain));
            Term = term ?? throw new ArgumentNullException(nameof(term));
            Host = host;
        }

        /// <summary>The network address (host bits cleared).</summary>
        public IPAddress Address { get; }
        /// <summary>The prefix length.</summary>
        public int PrefixLength { get; }
        /// <summary><c>IPv4</c> or <c>IPv6</c>.</summary>
        public string Family => Address.AddressFamily == AddressFamily.InterNetwork ? "IPv4" : "IPv6";
        /// <summary>The network in CIDR notation, such as <c>192.0.2.0/24</c> or <c>2001:db8::/32</c>.</summary>
        public string Cidr => Address.ToString() + "/" + PrefixLength.ToString(CultureInfo.InvariantCulture);
        /// <summary>The qualifier of the term: what a client in this network gets when the term is reached and matches.</summary>
        public SpfQualifier Qualifier { get; }
        /// <summary>The domain whose record holds the term.</summary>
        public string Domain { get; }
        /// <summary>The term as written, such as <c>ip4:192.0.2.0/24</c> or <c>mx/28</c>.</summary>
        public string Term { get; }
        /// <summary>For <c>a</c> and <c>mx</c>: the host whose address this is; otherwise null.</summary>
        public string? Host { get; }

        /// <summary>True when <paramref name="address"/> lies in this network (same family, equal prefix bits).</summary>
        /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
        public bool Contains(IPAddress address)
        {
            if (address is null) throw new ArgumentNullException(nameof(address));
            return IpPrefix.Matches(Address, PrefixLength, address);
        }

        /// <summary>True when <paramref name="address"/> has bits set after the first <paramref name="prefixLength"/> (such as <c>192.0.2.1/24</c>).</summary>
        /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
        public static bool HasHostBits(IPAddress address, int prefixLength)
        {
            if (address is null) throw new ArgumentNullException(nameof(address));
            return !Mask(address, prefixLength).Equals(address);
        }

        /// <summary>The address with every bit after the first <paramref name="prefixLength"/> cleared.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
        public static IPAddress Mask(IPAddress address, int prefixLength)
        {
            if (address is null) throw new ArgumentNullException(nameof(address));
            byte[] bytes = address.GetAddressBytes();
            int bits = Math.Max(0, Math.Min(prefixLength, bytes.Length * 8));
            for (int i = 0; i < bytes.Length; i++)
            {
                int keep = Math.Max(0, Math.Min(8, bits - i * 8));
                bytes[i] &= (byte)(0xff << (8 - keep));
            }
            return new IPAddress(bytes);
        }

        /// <summary>Orders networks IPv4 first, then by address bytes, then by prefix length.</summary>
        public static int Compare(SpfNetwork? x, SpfNetwork? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            byte[] a = x.Address.GetAddressBytes(), b = y.Address.GetAddressBytes();
            if (a.Length != b.Length) return a.Length.CompareTo(b.Length);
            for (int i = 0; i < a.Length; i++)
                if (a[i] != b[i]) return a[i].CompareTo(b[i]);
            return x.PrefixLength.CompareTo(y.PrefixLength);
        }

        internal static int MaxPrefix(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;

        /// <inheritdoc />
        public override string ToString() => Cidr;
    }
}
