using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml;
using MailAuth.Findings;

namespace MailAuth.Bimi
{
    /// <summary>The SVG Tiny PS basics of a BIMI logo, read with an XML reader that processes no DTD and resolves nothing external.</summary>
    public static class BimiSvgCheck
    {
        /// <summary>The size above which a logo is reported (32 KiB).</summary>
        public const int MaxSvgBytes = 32 * 1024;
        /// <summary>The most that is read (and decompressed) at all.</summary>
        public const int MaxReadBytes = 1024 * 1024;
        private const string SvgNs = "http://www.w3.org/2000/svg";
        private const string XlinkNs = "http://www.w3.org/1999/xlink";
        private static readonly HashSet<string> Animation = new HashSet<string>(StringComparer.Ordinal) { "animate", "set", "animateMotion", "animateColor", "animateTransform" };

        /// <summary>The outcome: findings, the root's baseProfile and the title.</summary>
        public sealed class Outcome
        {
            internal Outcome() { }
            /// <summary>Findings.</summary>
            public List<Finding> Findings { get; } = new List<Finding>();
            /// <summary>baseProfile of the root.</summary>
            public string? BaseProfile { get; internal set; }
            /// <summary>The title.</summary>
            public string? Title { get; internal set; }
            /// <summary>The size of the (decompressed) SVG.</summary>
            public int Size { get; internal set; }
        }

        /// <summary>Checks an SVG (or gzip-compressed SVGZ) document.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="svg"/> is null.</exception>
        public static Outcome Check(byte[] svg)
        {
            if (svg is null) throw new ArgumentNullException(nameof(svg));
            var o = new Outcome();
            if (svg.Length >= 2 && svg[0] == 0x1f && svg[1] == 0x8b)
            {
                try { svg = Gunzip(svg); }
                catch (InvalidDataException e) { o.Findings.Add(BimiFindings.SvgInvalid.Create($"The SVGZ logo cannot be decompressed: {e.Message}")); return o; }
            }
            o.Size = svg.Length;
            if (svg.Length > MaxSvgBytes) o.Findings.Add(BimiFindings.SvgTooLarge.Create($"The logo is {svg.Length} bytes; the limit is {MaxSvgBytes}."));
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit, // also stops entity expansion ("billion laughs")
                XmlResolver = null,                     // nothing external is ever loaded
                MaxCharactersInDocument = MaxReadBytes,
                IgnoreComments = true,
                IgnoreProcessingInstructions = true,
            };
            bool script = false, external = false, animation = false;
            var findings = new List<Finding>();
            try
            {
                using var reader = XmlReader.Create(new MemoryStream(svg, writable: false), settings);
                int rootDepth = -1;
                bool inTitle = false;
                var title = new System.Text.StringBuilder();
                while (reader.Read())
                {
                    if (reader.NodeType == XmlNodeType.Element)
                    {
                        if (rootDepth < 0)
                        {
                            rootDepth = reader.Depth;
                            if (reader.LocalName != "svg" || reader.NamespaceURI != SvgNs)
                            {
                                o.Findings.Add(BimiFindings.SvgInvalid.Create($"The root element is '{reader.Name}' in namespace '{reader.NamespaceURI}', not svg in {SvgNs}."));
                                return o;
                            }
                            o.BaseProfile = reader.GetAttribute("baseProfile");
                            string? version = reader.GetAttribute("version");
                            if (o.BaseProfile != "tiny-ps" || version != "1.2")
                                o.Findings.Add(BimiFindings.SvgNotTinyPs.Create($"The root svg element has baseProfile '{o.BaseProfile ?? "(none)"}' and version '{version ?? "(none)"}'; BIMI needs baseProfile=\"tiny-ps\" version=\"1.2\"."));
                        }
                        string name = reader.LocalName;
                        if (name == "title" && reader.Depth == rootDepth + 1 && o.Title is null && !reader.IsEmptyElement) { inTitle = true; title.Clear(); }
                        if (name == "script" && !script) { script = true; findings.Add(BimiFindings.SvgScript.Create("The logo contains a <script> element.")); }
                        if (Animation.Contains(name) && !animation) { animation = true; findings.Add(BimiFindings.SvgAnimation.Create($"The logo contains an <{name}> element.")); }
                        if ((name == "foreignObject" || name == "image") && !external) { external = true; findings.Add(BimiFindings.SvgExternalReference.Create($"The logo contains an <{name}> element.")); }
                        if (reader.MoveToFirstAttribute())
                        {
                            do
                            {
                                if (reader.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase) && reader.NamespaceURI.Length == 0 && !script)
                                {
                                    script = true;
                                    findings.Add(BimiFindings.SvgScript.Create($"The <{name}> element has the event handler attribute '{reader.LocalName}'."));
                                }
                                bool isHref = reader.LocalName == "href" && (reader.NamespaceURI.Length == 0 || reader.NamespaceURI == XlinkNs);
                                if (isHref && !reader.Value.TrimStart().StartsWith("#", StringComparison.Ordinal) && !external)
                                {
                                    external = true;
                                    findings.Add(BimiFindings.SvgExternalReference.Create($"The <{name}> element refers to '{Shorten(reader.Value)}'."));
                                }
                                if (reader.Value.IndexOf("url(", StringComparison.OrdinalIgnoreCase) >= 0 && !reader.Value.Replace(" ", "").Contains("url(#") && !external)
                                {
                                    external = true;
                                    findings.Add(BimiFindings.SvgExternalReference.Create($"The <{name}> element's {reader.LocalName} refers to '{Shorten(reader.Value)}'."));
                                }
                            }
                            while (reader.MoveToNextAttribute());
                            reader.MoveToElement();
                        }
                    }
                    else if (inTitle && (reader.NodeType == XmlNodeType.Text || reader.NodeType == XmlNodeType.CDATA || reader.NodeType == XmlNodeType.Whitespace || reader.NodeType == XmlNodeType.SignificantWhitespace))
                    {
                        title.Append(reader.Value);
                    }
                    else if (inTitle && reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "title")
                    {
                        inTitle = false;
                        o.Title = title.ToString().Trim();
                    }
                }
                if (rootDepth < 0) { o.Findings.Add(BimiFindings.SvgInvalid.Create("The logo has no root element.")); return o; }
            }
            catch (XmlException e)
            {
                o.Findings.Add(BimiFindings.SvgInvalid.Create($"The logo is not acceptable XML: {e.Message}"));
                return o;
            }
            catch (ArgumentOutOfRangeException)
            {
                // .NET's XmlTextReader throws this when it switches encoding after a 4-byte UTF-8
                // character inside the XML declaration (found by the bimi-svg fuzz target).
                o.Findings.Add(BimiFindings.SvgInvalid.Create("The logo is not acceptable XML: its XML declaration is malformed."));
                return o;
            }
            if (string.IsNullOrEmpty(o.Title)) o.Findings.Add(BimiFindings.SvgNoTitle.Create("The root svg element has no non-empty <title> child."));
            o.Findings.AddRange(findings);
            return o;
        }

        private static string Shorten(string s) => s.Length > 60 ? s.Substring(0, 60) + "..." : s;

        private static byte[] Gunzip(byte[] data)
        {
            using var gz = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[16384];
            int n;
            while ((n = gz.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + n > MaxReadBytes) throw new InvalidDataException($"it decompresses to more than {MaxReadBytes} bytes");
                output.Write(buffer, 0, n);
            }
            return output.ToArray();
        }
    }
}
