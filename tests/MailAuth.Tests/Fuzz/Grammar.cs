using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using MailAuth.Dns;

namespace MailAuth.Tests.Fuzz
{
    /// <summary>
    /// Grammar-aware generators: each returns the text and the model it was written from, so a round-trip test can
    /// compare what the parser read with what was meant. Only valid inputs are generated here; the mutator breaks them.
    /// </summary>
    internal static class Grammar
    {
        public static readonly string[] SpfWords = { "v=spf1", "all", "include:", "a", "mx", "ptr", "ip4:", "ip6:", "exists:", "redirect=", "exp=", "-all", "~all", "?all", "+", "/24", "//64", ":", "%{d}", "%{i}" };
        public static readonly string[] MacroWords = { "%{s}", "%{l}", "%{o}", "%{d}", "%{i}", "%{p}", "%{v}", "%{h}", "%{c}", "%{r}", "%{t}", "%{ir}", "%{d2}", "%{l1r-+.,/_=}", "%{i0}", "%{d999}", "%{i4294967296}", "%%", "%_", "%-" };
        public static readonly string[] DmarcWords = { "v=DMARC1", "p=", "sp=", "np=", "adkim=", "aspf=", "pct=", "rua=", "ruf=", "fo=", "rf=", "ri=", "t=", "psd=", "none", "quarantine", "reject", "mailto:", "!10m", "!1g", "afrf" };
        public static readonly string[] TagWords = { "v=1", "v=DKIM1", "a=rsa-sha256", "a=ed25519-sha256", "k=rsa", "k=ed25519", "p=", "b=", "bh=", "d=", "s=", "h=", "l=", "q=dns/txt", "t=", "x=", "c=relaxed/simple", "i=@", "z=", "cv=", "i=1" };
        public static readonly string[] TransportWords = { "v=TLSRPTv1", "v=STSv1", "v=BIMI1", "rua=", "id=", "l=", "a=", "avp=", "mailto:", "https://", "version: STSv1", "mode: enforce", "mode: testing", "mode: none", "mx: ", "max_age: ", "*.", "\n" };
        public static readonly string[] ZoneWords = { "$ORIGIN ", "$TTL ", "$INCLUDE ", "$GENERATE ", "@", "IN", "CH", "SOA", "A", "AAAA", "MX", "TXT", "CNAME", "NS", "TLSA", "SRV", "PTR", "CAA", "TYPE65535", "\\# 4 01020304", "(", ")", "\\", "\\000", "\\255", "\\.", "1w2d3h4m5s", "2147483648" };
        public static readonly string[] ReportWords = { "<feedback>", "</feedback>", "<record>", "<row>", "<source_ip>", "<count>", "<policy_evaluated>", "<auth_results>", "<date_range>", "<begin>", "<end>", "<![CDATA[", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", "&#0;", "&#x110000;", "xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\"",
            "{", "}", "[", "]", "\"policies\":", "\"total-successful-session-count\":", "\"failure-details\":", "\"date-range\":", "null", "true", "1e999", "-0", "\"\\ud800\"",
            "Content-Type: multipart/mixed; boundary=\"b\"\r\n", "--b\r\n", "Content-Transfer-Encoding: base64\r\n", "message/feedback-report", "Content-Type: application/gzip\r\n" };

        public static readonly string[] MtaStsPolicies =
        {
            "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmx: backupmx.example.com\r\nmax_age: 604800\r\n",
            "version: STSv1\nmode: testing\nmx: *.mail.example.com\nmax_age: 86400\n",
            "version: STSv1\r\nmode: none\r\nmax_age: 31557600",
            "version: STSv1\nmode: enforce\nmx: mx1.example.org\nmx: mx2.example.org\nmax_age: 1209600\next_key: value\n",
        };

        public static readonly string[] Svgs =
        {
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.2\" baseProfile=\"tiny-ps\" viewBox=\"0 0 10 10\"><title>Example</title><rect width=\"10\" height=\"10\"/></svg>",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.2\" baseProfile=\"tiny-ps\" viewBox=\"0 0 100 100\">\n<title>Brand</title>\n<desc>A logo</desc>\n<g fill=\"#123456\"><circle cx=\"50\" cy=\"50\" r=\"40\"/><path d=\"M10 10 L90 90 Z\"/></g>\n</svg>\n",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"><title>Not tiny</title><script>alert(1)</script><image xlink:href=\"https://example.com/x.png\"/><animate attributeName=\"x\"/></svg>",
        };

        public static byte[] Gzip(byte[] data)
        {
            using var ms = new MemoryStream();
            using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data, 0, data.Length);
            return ms.ToArray();
        }

        internal static T Pick<T>(Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];

        private static readonly string Letters = "abcdefghijklmnopqrstuvwxyz";
        private static readonly string LabelChars = "abcdefghijklmnopqrstuvwxyz0123456789-";

        /// <summary>A valid host name label: letter first, letter or digit last, 1 to 63 characters.</summary>
        public static string Label(Random r, int max = 12)
        {
            int len = 1 + r.Next(r.Next(20) == 0 ? 63 : max);
            var sb = new StringBuilder();
            for (int i = 0; i < len; i++)
                sb.Append(i == 0 ? Letters[r.Next(26)] : i == len - 1 ? LabelChars[r.Next(36)] : LabelChars[r.Next(LabelChars.Length)]);
            return sb.ToString();
        }

        public static string DomainName(Random r) => string.Join(".", Enumerable.Range(0, 1 + r.Next(4)).Select(_ => Label(r))) + "." + Pick(r, new[] { "com", "example", "org", "co.uk", "test" });

        // ---- SPF ----

        public sealed record SpfTermModel(bool Modifier, string Qualifier, string Name, string? Value, int? Cidr4, int? Cidr6);

        public sealed record SpfModel(string Text, IReadOnlyList<SpfTermModel> Terms);

        private static readonly string[] SpfDomainSpecs = { "%{d}", "_spf.%{d}", "%{i}._ip.%{d2}", "%{ir}.%{v}._spf.%{d}", "%{l}.user.%{d}" };

        private static string DomainSpec(Random r) => r.Next(4) == 0 ? Pick(r, SpfDomainSpecs) : DomainName(r);

        public static SpfModel SpfRecord(Random r)
        {
            var terms = new List<SpfTermModel>();
            int count = r.Next(12);
            bool redirect = false, exp = false;
            for (int i = 0; i < count; i++)
            {
                string q = Pick(r, new[] { "", "", "+", "-", "~", "?" });
                switch (r.Next(10))
                {
                    case 0: terms.Add(new SpfTermModel(false, q, "all", null, null, null)); break;
                    case 1: terms.Add(new SpfTermModel(false, q, "include", DomainSpec(r), null, null)); break;
                    case 2:
                    case 3:
                        {
                            string name = r.Next(2) == 0 ? "a" : "mx";
                            terms.Add(new SpfTermModel(false, q, name, r.Next(2) == 0 ? null : DomainSpec(r), r.Next(3) == 0 ? r.Next(33) : null, r.Next(3) == 0 ? r.Next(129) : null));
                            break;
                        }
                    case 4: terms.Add(new SpfTermModel(false, q, "ptr", r.Next(2) == 0 ? null : DomainSpec(r), null, null)); break;
                    case 5: terms.Add(new SpfTermModel(false, q, "ip4", $"{r.Next(256)}.{r.Next(256)}.{r.Next(256)}.{r.Next(256)}", r.Next(2) == 0 ? r.Next(33) : null, null)); break;
                    case 6:
                        {
                            var bytes = new byte[16];
                            r.NextBytes(bytes);
                            terms.Add(new SpfTermModel(false, q, "ip6", new System.Net.IPAddress(bytes).ToString(), null, r.Next(2) == 0 ? r.Next(129) : null));
                            break;
                        }
                    case 7: terms.Add(new SpfTermModel(false, q, "exists", DomainSpec(r), null, null)); break;
                    case 8:
                        if (!redirect) { redirect = true; terms.Add(new SpfTermModel(true, "", "redirect", DomainSpec(r), null, null)); }
                        else if (!exp) { exp = true; terms.Add(new SpfTermModel(true, "", "exp", DomainSpec(r), null, null)); }
                        break;
                    default:
                        terms.Add(new SpfTermModel(true, "", "x-" + Label(r), Pick(r, new[] { "", "value", "%{d}", "a.b", "1" }), null, null));
                        break;
                }
            }
            var sb = new StringBuilder(r.Next(2) == 0 ? "v=spf1" : "V=SPF1");
            foreach (var t in terms)
            {
                sb.Append(' ', 1 + (r.Next(8) == 0 ? r.Next(3) : 0));
                if (t.Modifier) { sb.Append(t.Name).Append('=').Append(t.Value); continue; }
                string name = r.Next(6) == 0 ? t.Name.ToUpperInvariant() : t.Name;
                sb.Append(t.Qualifier).Append(name);
                if (t.Value != null) sb.Append(':').Append(t.Value);
                if (t.Cidr4 != null) sb.Append('/').Append(t.Cidr4);
                if (t.Cidr6 != null) sb.Append("//"[..(t.Name == "ip6" ? 1 : 2)]).Append(t.Cidr6);
            }
            if (r.Next(5) == 0) sb.Append(' ');
            return new SpfModel(sb.ToString(), terms);
        }

        // ---- DMARC ----

        public sealed record DmarcModel(string Text, IReadOnlyList<KeyValuePair<string, string>> Tags);

        public static DmarcModel DmarcRecord(Random r)
        {
            string Policy() => Pick(r, new[] { "none", "quarantine", "reject" });
            string Uri() => "mailto:" + Label(r) + "@" + DomainName(r) + (r.Next(4) == 0 ? "!" + (1 + r.Next(100)) + Pick(r, new[] { "", "k", "m", "g", "t" }) : "");
            var options = new List<Func<KeyValuePair<string, string>>>
            {
                () => new("sp", Policy()), () => new("np", Policy()),
                () => new("adkim", Pick(r, new[] { "r", "s" })), () => new("aspf", Pick(r, new[] { "r", "s" })),
                () => new("pct", r.Next(101).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                () => new("rua", string.Join(",", Enumerable.Range(0, 1 + r.Next(3)).Select(_ => Uri()))),
                () => new("ruf", Uri()),
                // DmarcParser refuses fo=0:1 ("0 and 1 exclude each other"), so one of them, then d and s.
                () => new("fo", string.Join(":", new[] { Pick(r, new[] { "0", "1" }) }.Concat(new[] { "d", "s" }.Where(_ => r.Next(2) == 0)))),
                () => new("rf", "afrf"), () => new("ri", (1 + r.Next(86400 * 7)).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                () => new("t", Pick(r, new[] { "y", "n" })), () => new("psd", Pick(r, new[] { "y", "n", "u" })),
            };
            var tags = new List<KeyValuePair<string, string>> { new("v", "DMARC1"), new("p", Policy()) };
            foreach (var make in options.OrderBy(_ => r.Next()).Take(r.Next(options.Count + 1))) tags.Add(make());
            string Sep() => Pick(r, new[] { ";", "; ", " ; ", ";\t" });
            string text = string.Join("", tags.Select((t, i) => (i == 0 ? "" : Sep()) + t.Key + "=" + t.Value)) + (r.Next(2) == 0 ? ";" : "");
            return new DmarcModel(text, tags);
        }

        // ---- DKIM tag lists ----

        public sealed record TagListModel(string Text, IReadOnlyList<KeyValuePair<string, string>> Tags);

        private const string TvalChars = "!\"#$%&'()*+,-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

        public static TagListModel TagList(Random r)
        {
            string Fws() => Pick(r, new[] { "", "", " ", "\t", "\r\n ", " \r\n\t" });
            var names = new HashSet<string>(StringComparer.Ordinal);
            var tags = new List<KeyValuePair<string, string>>();
            int count = 1 + r.Next(10);
            while (tags.Count < count)
            {
                string name = Letters[r.Next(26)] + new string(Enumerable.Range(0, r.Next(4)).Select(_ => "abcdefghij0123456789_"[r.Next(21)]).ToArray());
                if (!names.Add(name)) continue;
                // tval: visible characters without ';', inner folding white space allowed.
                var value = new StringBuilder();
                int len = r.Next(30);
                for (int i = 0; i < len; i++)
                {
                    if (i > 0 && i < len - 1 && r.Next(10) == 0) value.Append(Pick(r, new[] { " ", "\t", "\r\n " }));
                    value.Append(TvalChars[r.Next(TvalChars.Length)]);
                }
                tags.Add(new(name, value.ToString()));
            }
            string text = string.Join(";", tags.Select(t => Fws() + t.Key + Fws() + "=" + Fws() + t.Value + Fws())) + (r.Next(2) == 0 ? ";" + Fws() : "");
            return new TagListModel(text, tags);
        }

        // ---- zone files ----

        public sealed record ZoneModel(string Text, IReadOnlyList<DnsRecord> Records);

        public static ZoneModel Zone(Random r)
        {
            string origin = DomainName(r);
            var records = new List<DnsRecord>();
            int count = 1 + r.Next(12);
            for (int i = 0; i < count; i++)
            {
                string owner = r.Next(3) == 0 ? origin : Label(r) + "." + origin;
                int ttl = r.Next(5) == 0 ? 0 : r.Next(int.MaxValue);
                switch (r.Next(6))
                {
                    case 0:
                        {
                            var b = new byte[4];
                            r.NextBytes(b);
                            records.Add(new AddressRecord(owner, ttl, new System.Net.IPAddress(b)));
                            break;
                        }
                    case 1:
                        {
                            var b = new byte[16];
                            r.NextBytes(b);
                            records.Add(new AddressRecord(owner, ttl, new System.Net.IPAddress(b)));
                            break;
                        }
                    case 2: records.Add(new MxRecord(owner, ttl, r.Next(65536), DomainName(r))); break;
                    case 3: records.Add(new NameRecord(owner, ttl, DnsRecordType.CNAME, DomainName(r))); break;
                    default:
                        {
                            // TXT strings with quotes, backslashes, spaces, semicolons and non-ASCII: what the writer must escape.
                            var strings = Enumerable.Range(0, 1 + r.Next(3)).Select(_ =>
                            {
                                var sb = new StringBuilder();
                                int len = r.Next(r.Next(10) == 0 ? 200 : 40);   // 255 octets at most, and é takes two
                                for (int k = 0; k < len; k++)
                                    sb.Append(r.Next(12) == 0 ? Pick(r, new[] { '"', '\\', ';', ' ', '(', ')', '$', '\t', 'é' }) : (char)r.Next(0x21, 0x7f));
                                return sb.ToString();
                            }).ToList();
                            records.Add(new TxtRecord(owner, ttl, strings));
                            break;
                        }
                }
            }
            string text = string.Join("\n", records.Select(x => x.ToString())) + "\n";
            return new ZoneModel(text, records);
        }
    }
}
