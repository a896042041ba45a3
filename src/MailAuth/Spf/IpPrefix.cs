using System.Net;
using System.Net.Sockets;

namespace MailAuth.Spf
{
    /// <summary>Address arithmetic for CIDR comparisons (RFC 7208 §5.6).</summary>
    internal static class IpPrefix
    {
        /// <summary>IPv4-mapped IPv6 addresses are treated as IPv4 (RFC 7208 §5).</summary>
        public static IPAddress Canonical(IPAddress ip)
            => ip.AddressFamily == AddressFamily.InterNetworkV6 && ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;

        /// <summary>True when the first <paramref name="prefixLength"/> bits of both addresses are equal and both are of one family.</summary>
        public static bool Matches(IPAddress network, int prefixLength, IPAddress ip)
        {
            if (network.AddressFamily != ip.AddressFamily) return false;
            return Matches(network.GetAddressBytes(), prefixLength, ip.GetAddressBytes());
        }

        /// <summary>The same over address bytes (4 or 16); different lengths are different families.</summary>
        public static bool Matches(byte[] a, int prefixLength, byte[] b)
        {
            if (a.Length != b.Length) return false;
            if (prefixLength > a.Length * 8) prefixLength = a.Length * 8;
            int full = prefixLength / 8;
            for (int i = 0; i < full; i++) if (a[i] != b[i]) return false;
            int rest = prefixLength % 8;
            if (rest == 0) return true;
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (b[full] & mask);
        }
    }
}
