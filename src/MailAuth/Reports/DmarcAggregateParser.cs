using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Text;
using System.Threading;
using System.Xml;
using MailAuth.Dmarc;

namespace MailAuth.Reports
{
    /// <summary>
    /// Reads an aggregate report from an XmlReader in one forward pass: no DOM, so memory holds the
    /// records (small, with shared strings and result lists) and never the document.
    /// </summary>
    internal sealed class DmarcAggregateParser
    {
        internal const int MaxValueChars = 64 * 1024;
        private const int MaxInterned = 200_000;
        private const string Rfc9990Namespace = "urn:ietf:params:xml:ns:dmarc-2.0";
        private const string Rfc7489Namespace = "http://dmarc.org/dmarc-xml/0.1";

        private static readonly IReadOnlyList<DmarcReportDkimResult> NoDkim = Array.Empty<DmarcReportDkimResult>();
        private static readonly IReadOnlyList<DmarcReportSpfResult> NoSpf = Array.Empty<DmarcReportSpfResult>();
        private static readonly IReadOnlyList<DmarcPolicyOverrideReason> NoReasons = Array.Empty<DmarcPolicyOverrideReason>();
        private static readonly IReadOnlyList<DmarcReportExtension> NoExtensions = Array.Empty<DmarcReportExtension>();

        private readonly ReportWarnings _warnings;
        private readonly CancellationToken _cancellationToken;
        private readonly CountingDecoderFallback _fallback;
        private readonly Dictionary<string, string> _strings = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly char[] _chunk = new char[4096];
        private readonly StringBuilder _text = new StringBuilder();
        private string _reportNamespace = string.Empty;
        private int _feedbackDepth;
        private bool _wrapped;

        internal DmarcAggregateParser(ReportWarnings warnings, CountingDecoderFallback fallback, CancellationToken cancellationToken)
        {
            _warnings = warnings;
            _cancellationToken = cancellationToken;
            _fallback = fallback;
        }

        internal DmarcAggregateReport Parse(XmlReader r, string source, string? entry)
        {
            if (r.MoveToContent() != XmlNodeType.Element)
                throw new ReportFormatException("The document has no root element.");
            bool wrapped = false;
            if (r.LocalName != "feedback")
            {
                // Some reporters wrap the report in another element (an xs:schema, seen from a real reporter).
                string root = r.Name;
                bool found = false;
                while (r.Read()) if (r.NodeType == XmlNodeType.Element && r.LocalName == "feedback") { found = true; break; }
                if (!found) throw new ReportFormatException($"The root element is <{root}>, not <feedback>, and there is no <feedback> in it: this is not a DMARC aggregate report (RFC 9990 §3.1).");
                _warnings.Add(ReportFindings.UnknownElement, $"The report is wrapped in a <{root}> element, which the format does not define; the <feedback> inside it was read.");
                wrapped = _wrapped = true;
            }
            _reportNamespace = r.NamespaceURI;
            _feedbackDepth = r.Depth;
            string? version = null, orgName = null, email = null, extra = null, reportId = null, generator = null;
            DateTime? begin = null, end = null;
            var errors = new List<string>();
            DmarcPublishedPolicy? policy = null;
            var records = new List<DmarcAggregateRecord>();
            var extensions = new List<DmarcReportExtension>();
            bool sawMetadata = false;

            foreach (string child in Children(r))
            {
                switch (Known(r) ? child : null)
                {
                    case "version": version = NullIfEmpty(ReadText(r, "version")); break;
                    case "report_metadata":
                        sawMetadata = true;
                        foreach (string m in Children(r))
                        {
                            switch (Known(r) ? m : null)
                            {
                                case "org_name": orgName = NullIfEmpty(ReadText(r, m)); break;
                                case "email": email = NullIfEmpty(ReadText(r, m)); break;
                                case "extra_contact_info": extra = NullIfEmpty(ReadText(r, m)); break;
                                case "report_id": reportId = NullIfEmpty(ReadText(r, m)); break;
                                case "generator": generator = NullIfEmpty(ReadText(r, m)); break;
                                case "error": { string e = ReadText(r, m); if (e.Length > 0) errors.Add(e); break; }
                                case "date_range":
                                    foreach (string d in Children(r))
                                    {
                                        switch (Known(r) ? d : null)
                                        {
                                            case "begin": begin = ReadTimestamp(r, "date_range/begin"); break;
                                            case "end": end = ReadTimestamp(r, "date_range/end"); break;
                                            default: Stray(r, "date_range"); break;
                                        }
                                    }
                                    break;
                                default: Stray(r, "report_metadata"); break;
                            }
                        }
                        break;
                    case "policy_published": policy = ReadPolicy(r); break;
                    case "record":
                        _cancellationToken.ThrowIfCancellationRequested();
                        records.Add(ReadRecord(r));
                        break;
                    case "extension":
                        foreach (string _ in Children(r)) extensions.Add(ReadExtension(r));
                        break;
                    case "extensions":
                        foreach (string _ in Children(r)) extensions.Add(ReadExtension(r));
                        break;
                    default:
                        if (IsForeign(r)) extensions.Add(ReadExtension(r));
                        else Stray(r, "feedback");
                        break;
                }
            }
            // Anything after the root element is read too, so trailing garbage is noticed (XmlReader throws on it).
            if (!wrapped) while (r.Read()) { }

            if (!sawMetadata) Missing("report_metadata");
            else
            {
                if (orgName is null) Missing("report_metadata/org_name");
                if (reportId is null) Missing("report_metadata/report_id");
                if (begin is null || end is null) Missing("report_metadata/date_range");
            }
            if (policy is null) { Missing("policy_published"); policy = new DmarcPublishedPolicy(null, null, null, null, null, null, null, null, null, null, null); }
            if (records.Count == 0) _warnings.Add(ReportFindings.NoRecords, "The report has no <record> element.");
            if (_fallback.Count > 0)
                _warnings.Add(ReportFindings.InvalidEncoding, $"{_fallback.Count} byte sequences are not valid in the report's encoding and were replaced by U+FFFD.");
            records.TrimExcess();
            return new DmarcAggregateReport(source, entry, _warnings.ToList(), version, _reportNamespace.Length == 0 ? null : _reportNamespace,
                orgName, email, extra, reportId, begin, end, errors, generator, policy, records, extensions.Count == 0 ? NoExtensions : extensions);
        }

        private DmarcPublishedPolicy ReadPolicy(XmlReader r)
        {
            string? domain = null, fo = null, discovery = null, versionPublished = null;
            DmarcPolicy? p = null, sp = null, np = null;
            DmarcAlignmentMode? adkim = null, aspf = null;
            int? pct = null;
            bool? testing = null;
            foreach (string c in Children(r))
            {
                switch (Known(r) ? c : null)
                {
                    case "domain": domain = Domain(ReadText(r, c)); break;
                    case "p": p = ReadEnum<DmarcPolicy>(r, "policy_published/p"); break;
                    case "sp": sp = ReadEnum<DmarcPolicy>(r, "policy_published/sp"); break;
                    case "np": np = ReadEnum<DmarcPolicy>(r, "policy_published/np"); break;
                    case "adkim": adkim = ReadAlignmentMode(r, "policy_published/adkim"); break;
                    case "aspf": aspf = ReadAlignmentMode(r, "policy_published/aspf"); break;
                    case "pct":
                        {
                            string v = ReadText(r, c);
                            if (int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 0 && n <= 100) pct = n;
                            else if (v.Length > 0) Invalid("policy_published/pct", v, "a percentage");
                            break;
                        }
                    case "fo": fo = NullIfEmpty(ReadText(r, c)); break;
                    case "testing":
                        {
                            string v = ReadText(r, c);
                            string lower = v.ToLowerInvariant();
                            if (lower == "y" || lower == "n") { testing = lower == "y"; if (lower != v) UpperCase("policy_published/testing", v); }
                            else if (v.Length > 0) Unknown("policy_published/testing", v);
                            break;
                        }
                    case "discovery_method":
                        {
                            string v = ReadText(r, c);
                            string lower = v.ToLowerInvariant();
                            if (lower == "psl" || lower == "treewalk") { discovery = lower; if (lower != v) UpperCase("policy_published/discovery_method", v); }
                            else if (v.Length > 0) Unknown("policy_published/discovery_method", v);
                            break;
                        }
                    case "version_published": versionPublished = NullIfEmpty(ReadText(r, c)); break;
                    default: Stray(r, "policy_published"); break;
                }
            }
            if (domain is null) Missing("policy_published/domain");
            if (p is null) Missing("policy_published/p");
            return new DmarcPublishedPolicy(domain, p, sp, np, adkim, aspf, pct, fo, testing, discovery, versionPublished);
        }

        private DmarcAggregateRecord ReadRecord(XmlReader r)
        {
            string? ip = null, headerFrom = null, envelopeFrom = null, envelopeTo = null;
            IPAddress? ipAddress = null;
            long count = 0;
            bool sawCount = false;
            DmarcReportDisposition? disposition = null;
            DmarcReportAlignment? dkim = null, spf = null;
            List<DmarcPolicyOverrideReason>? reasons = null;
            List<DmarcReportDkimResult>? dkimResults = null;
            List<DmarcReportSpfResult>? spfResults = null;
            List<DmarcReportExtension>? extensions = null;

            foreach (string c in Children(r))
            {
                switch (Known(r) ? c : null)
                {
                    case "row":
                        foreach (string rc in Children(r))
                        {
                            switch (Known(r) ? rc : null)
                            {
                                case "source_ip": ip = ReadIp(r, out ipAddress); break;
                                case "count":
                                    {
                                        sawCount = true;
                                        string v = ReadText(r, rc);
                                        if (!long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out count)) { count = 0; Invalid("row/count", v, "a message count"); }
                                        break;
                                    }
                                case "policy_evaluated":
                                    foreach (string pc in Children(r))
                                    {
                                        switch (Known(r) ? pc : null)
                                        {
                                            case "disposition": disposition = ReadEnum<DmarcReportDisposition>(r, "policy_evaluated/disposition"); break;
                                            case "dkim": dkim = ReadEnum<DmarcReportAlignment>(r, "policy_evaluated/dkim"); break;
                                            case "spf": spf = ReadEnum<DmarcReportAlignment>(r, "policy_evaluated/spf"); break;
                                            case "reason":
                                                {
                                                    var reason = ReadReason(r);
                                                    if (reason != null) (reasons ??= new List<DmarcPolicyOverrideReason>()).Add(reason);
                                                    break;
                                                }
                                            default: Stray(r, "policy_evaluated"); break;
                                        }
                                    }
                                    break;
                                default: Stray(r, "row"); break;
                            }
                        }
                        break;
                    case "identifiers":
                        foreach (string ic in Children(r))
                        {
                            switch (Known(r) ? ic : null)
                            {
                                case "header_from": headerFrom = Domain(ReadText(r, ic)); break;
                                case "envelope_from": envelopeFrom = Domain(ReadText(r, ic)); break;
                                case "envelope_to": envelopeTo = Domain(ReadText(r, ic)); break;
                                default: Stray(r, "identifiers"); break;
                            }
                        }
                        break;
                    case "auth_results":
                        foreach (string ac in Children(r))
                        {
                            switch (Known(r) ? ac : null)
                            {
                                case "dkim": (dkimResults ??= Cleared(_dkimScratch)).Add(ReadDkimResult(r)); break;
                                case "spf": (spfResults ??= Cleared(_spfScratch)).Add(ReadSpfResult(r)); break;
                                default: Stray(r, "auth_results"); break;
                            }
                        }
                        break;
                    case "extensions":
                        foreach (string _ in Children(r)) (extensions ??= new List<DmarcReportExtension>()).Add(ReadExtension(r));
                        break;
                    default:
                        if (IsForeign(r)) (extensions ??= new List<DmarcReportExtension>()).Add(ReadExtension(r));
                        else Stray(r, "record");
                        break;
                }
            }
            if (ip is null) Missing("row/source_ip");
            if (!sawCount) Missing("row/count");
            if (headerFrom is null) Missing("identifiers/header_from");
            return new DmarcAggregateRecord(ip, ipAddress, count, disposition, dkim, spf, headerFrom, envelopeFrom, envelopeTo,
                dkimResults is null ? NoDkim : SharedList(_dkimLists, dkimResults),
                spfResults is null ? NoSpf : SharedList(_spfLists, spfResults),
                reasons is null ? NoReasons : SharedList(_reasonLists, reasons),
                extensions is null ? NoExtensions : extensions);
        }

        private DmarcPolicyOverrideReason? ReadReason(XmlReader r)
        {
            string? typeText = null, comment = null;
            foreach (string c in Children(r))
            {
                switch (Known(r) ? c : null)
                {
                    case "type": typeText = ReadText(r, c); break;
                    case "comment": comment = NullIfEmpty(ReadText(r, c)); break;
                    default: Stray(r, "reason"); break;
                }
            }
            if (string.IsNullOrEmpty(typeText))
            {
                if (comment is null) { _warnings.Add(ReportFindings.EmptyReason, "An empty <reason> element was left out."); return null; }
                _warnings.Add(ReportFindings.EmptyReason, $"A <reason> has a comment ('{Short(comment)}') but no type; it is kept with no type.");
                return new DmarcPolicyOverrideReason(null, Intern(comment));
            }
            return new DmarcPolicyOverrideReason(ParseEnum<DmarcPolicyOverride>(typeText!, "reason/type"), Intern(comment));
        }

        private DmarcReportDkimResult ReadDkimResult(XmlReader r)
        {
            string? domain = null, selector = null, human = null;
            DmarcReportAuthResult? result = null;
            foreach (string c in Children(r))
            {
                switch (Known(r) ? c : null)
                {
                    case "domain": domain = Domain(ReadText(r, c)); break;
                    case "selector": selector = Intern(NullIfEmpty(ReadText(r, c))); break;
                    case "result": result = ReadEnum<DmarcReportAuthResult>(r, "auth_results/dkim/result"); break;
                    case "human_result": human = Intern(NullIfEmpty(ReadText(r, c))); break;
                    default: Stray(r, "auth_results/dkim"); break;
                }
            }
            return new DmarcReportDkimResult(domain, selector, result, human);
        }

        private DmarcReportSpfResult ReadSpfResult(XmlReader r)
        {
            string? domain = null, human = null;
            DmarcSpfScope? scope = null;
            DmarcReportAuthResult? result = null;
            foreach (string c in Children(r))
            {
                switch (Known(r) ? c : null)
                {
                    case "domain": domain = Domain(ReadText(r, c)); break;
                    case "scope": scope = ReadEnum<DmarcSpfScope>(r, "auth_results/spf/scope"); break;
                    case "result": result = ReadEnum<DmarcReportAuthResult>(r, "auth_results/spf/result"); break;
                    case "human_result": human = Intern(NullIfEmpty(ReadText(r, c))); break;
                    default: Stray(r, "auth_results/spf"); break;
                }
            }
            return new DmarcReportSpfResult(domain, scope, result, human);
        }

        // An extension element, kept as written up to the value limit.
        private DmarcReportExtension ReadExtension(XmlReader r)
        {
            string localName = r.LocalName;
            string? ns = r.NamespaceURI.Length == 0 ? null : r.NamespaceURI;
            string? name = r.GetAttribute("name");
            string? definition = r.GetAttribute("definition");
            var writer = new CappedStringWriter(MaxValueChars);
            using (var subtree = r.ReadSubtree())
            using (var xw = XmlWriter.Create(writer, new XmlWriterSettings { OmitXmlDeclaration = true, ConformanceLevel = ConformanceLevel.Fragment, CheckCharacters = false }))
            {
                subtree.Read();
                xw.WriteNode(subtree, true);
            }
            // ReadSubtree leaves the reader on the end of the element (or on it, when empty).
            r.Read();
            if (writer.Truncated) _warnings.Add(ReportFindings.ValueTruncated, $"The extension <{localName}> is longer than {MaxValueChars} characters; only its start is kept.");
            return new DmarcReportExtension(name ?? localName, ns, definition, writer.ToString());
        }

        // Iterates the child elements of the element the reader is on; each must be consumed by the caller.
        // Leaves the reader after the element's end tag. A struct, so the seven containers of each record
        // cost no enumerator objects.
        private ChildElements Children(XmlReader r) => new ChildElements(r, _feedbackDepth, _wrapped);

        private struct ChildElements
        {
            private readonly XmlReader _r;
            private readonly int _feedbackDepth;
            private readonly bool _wrapped;
            private int _depth;
            private int _state; // 0 before the first child, 1 inside, 2 done
            private string _current;

            internal ChildElements(XmlReader r, int feedbackDepth, bool wrapped)
            {
                _r = r;
                _feedbackDepth = feedbackDepth;
                _wrapped = wrapped;
                _depth = 0;
                _state = 0;
                _current = string.Empty;
            }

            public ChildElements GetEnumerator() => this;

            public string Current => _current;

            public bool MoveNext()
            {
                var r = _r;
                if (_state == 2) return false;
                if (_state == 0)
                {
                    if (r.IsEmptyElement) { r.Read(); _state = 2; return false; }
                    _depth = r.Depth;
                    r.Read();
                    _state = 1;
                }
                while (true)
                {
                    switch (r.NodeType)
                    {
                        case XmlNodeType.Element:
                            _current = r.LocalName;
                            return true;
                        case XmlNodeType.EndElement when r.Depth == _depth:
                            _state = 2;
                            if (_depth == _feedbackDepth && _wrapped)
                            {
                                // The wrapper around the report may never be closed; the report itself is complete.
                                try { r.Read(); } catch (XmlException) { }
                            }
                            else r.Read();
                            return false;
                        case XmlNodeType.None:
                            throw new ReportFormatException("The document ends inside an element.");
                        default:
                            // Text directly inside a container element: ignored.
                            if (!r.Read()) throw new ReportFormatException("The document ends inside an element.");
                            continue;
                    }
                }
            }
        }

        private bool Known(XmlReader r)
        {
            string ns = r.NamespaceURI;
            return ns.Length == 0 || ReferenceEquals(ns, _reportNamespace) || ns == _reportNamespace || ns == Rfc9990Namespace || ns == Rfc7489Namespace;
        }

        private bool IsForeign(XmlReader r) => !Known(r);

        private void Stray(XmlReader r, string parent)
        {
            if (IsForeign(r)) _warnings.Add(ReportFindings.UnknownElement, $"The namespaced element <{r.Name}> inside <{parent}> is not where RFC 9990 allows extensions; it was skipped.");
            else _warnings.Add(ReportFindings.UnknownElement, $"The element <{r.LocalName}> inside <{parent}> is not part of the format; it was skipped.");
            r.Skip();
        }

        // The text of a simple element: text and CDATA joined, child elements skipped, at most 64 KiB, trimmed.
        private string ReadText(XmlReader r, string element)
        {
            if (r.IsEmptyElement) { r.Read(); return string.Empty; }
            int depth = r.Depth;
            r.Read();
            // Most values are one text node: take it whole, without copying it through the chunk buffer.
            if (r.NodeType == XmlNodeType.Text)
            {
                string value = r.Value;
                if (value.Length <= MaxValueChars && r.Read() && r.NodeType == XmlNodeType.EndElement && r.Depth == depth)
                {
                    r.Read();
                    return Trim(value);
                }
                _text.Clear();
                if (value.Length > MaxValueChars) return ReadTextRest(r, element, depth, value);
                _text.Append(value);
                return ReadTextRest(r, element, depth, null);
            }
            _text.Clear();
            return ReadTextRest(r, element, depth, null);
        }

        private static string Trim(string v)
        {
            if (v.Length == 0 || (!char.IsWhiteSpace(v[0]) && !char.IsWhiteSpace(v[v.Length - 1]))) return v;
            return v.Trim();
        }

        // The general case of ReadText: several nodes (text, CDATA, stray elements, comments) or an oversized value.
        private string ReadTextRest(XmlReader r, string element, int depth, string? oversized)
        {
            bool truncated = false;
            if (oversized != null)
            {
                _text.Append(oversized, 0, MaxValueChars);
                truncated = true;
                r.Read();
            }
            while (!(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
            {
                switch (r.NodeType)
                {
                    case XmlNodeType.Text:
                    case XmlNodeType.CDATA:
                    case XmlNodeType.Whitespace:
                    case XmlNodeType.SignificantWhitespace:
                        int n;
                        while ((n = r.ReadValueChunk(_chunk, 0, _chunk.Length)) > 0)
                        {
                            int room = MaxValueChars - _text.Length;
                            if (n > room) { truncated = true; n = Math.Max(0, room); }
                            _text.Append(_chunk, 0, n);
                        }
                        r.Read();
                        break;
                    case XmlNodeType.Element:
                        _warnings.Add(ReportFindings.UnknownElement, $"The element <{r.LocalName}> inside <{element}> is not part of the format; it was skipped.");
                        r.Skip();
                        break;
                    case XmlNodeType.None:
                        throw new ReportFormatException("The document ends inside an element.");
                    default:
                        r.Read();
                        break;
                }
            }
            r.Read();
            if (truncated) _warnings.Add(ReportFindings.ValueTruncated, $"The value of <{element}> is longer than {MaxValueChars} characters; only its start is kept.");
            int start = 0, end = _text.Length;
            while (start < end && char.IsWhiteSpace(_text[start])) start++;
            while (end > start && char.IsWhiteSpace(_text[end - 1])) end--;
            return start == end ? string.Empty : _text.ToString(start, end - start);
        }

        private T? ReadEnum<T>(XmlReader r, string element) where T : struct, Enum
        {
            string v = ReadText(r, element);
            if (v.Length == 0) { Missing(element); return null; }
            return ParseEnum<T>(v, element);
        }

        // Report values repeat (pass, fail, none...): the valid lower-case ones are looked up, not parsed.
        private static class EnumWords<T> where T : struct, Enum
        {
            internal static readonly System.Collections.Concurrent.ConcurrentDictionary<string, T> Known = new System.Collections.Concurrent.ConcurrentDictionary<string, T>(StringComparer.Ordinal);
        }

        private T? ParseEnum<T>(string v, string element) where T : struct, Enum
        {
            if (EnumWords<T>.Known.TryGetValue(v, out T known)) return known;
            string lower = v.ToLowerInvariant();
            if (lower.Length > 0 && char.IsLetter(lower[0]) && Enum.TryParse(lower, false, out T value) && Enum.IsDefined(typeof(T), value))
            {
                if (!ReferenceEquals(lower, v) && lower != v) UpperCase(element, v);
                else if (EnumWords<T>.Known.Count < 64) EnumWords<T>.Known[v] = value;
                return value;
            }
            Unknown(element, v);
            return null;
        }

        private DmarcAlignmentMode? ReadAlignmentMode(XmlReader r, string element)
        {
            string v = ReadText(r, element);
            switch (v.ToLowerInvariant())
            {
                case "": return null;
                case "r": case "relaxed": if (v != "r") UpperCase(element, v); return DmarcAlignmentMode.relaxed;
                case "s": case "strict": if (v != "s") UpperCase(element, v); return DmarcAlignmentMode.strict;
                default: Unknown(element, v); return null;
            }
        }

        private DateTime? ReadTimestamp(XmlReader r, string element)
        {
            string v = ReadText(r, element);
            if (v.Length == 0) return null;
            if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seconds) && seconds >= 0 && seconds < 253402300800L)
                return DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
            // Some reporters write fractions or ISO 8601 times.
            if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d >= 0 && d < 253402300800d)
                return DateTimeOffset.FromUnixTimeSeconds((long)d).UtcDateTime;
            if (DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto))
                return dto.UtcDateTime;
            Invalid(element, v, "seconds since 1970");
            return null;
        }

        private string? ReadIp(XmlReader r, out IPAddress? address)
        {
            address = null;
            string v = ReadText(r, "row/source_ip");
            if (v.Length == 0) return null;
            if (!IPAddress.TryParse(v, out address)) Invalid("row/source_ip", v, "an IP address");
            return v; // not interned: addresses are mostly distinct, and the record stores them as bytes
        }

        private string? Domain(string v)
        {
            if (v.Length == 0) return null;
            // Domains compare case-insensitively; lower case keeps grouping simple (RFC 4343).
            string lower = v.ToLowerInvariant().TrimEnd('.');
            return Intern(lower);
        }

        private string? Intern(string? v)
        {
            if (v is null) return null;
            if (_strings.TryGetValue(v, out string? shared)) return shared;
            if (_strings.Count < MaxInterned) _strings[v] = v;
            return v;
        }

        // Records from one sender usually repeat the same results: one list object serves them all. The lists
        // are compared item by item (no key string is built for each record).
        private readonly Dictionary<IReadOnlyList<DmarcReportDkimResult>, DmarcReportDkimResult[]> _dkimLists = new Dictionary<IReadOnlyList<DmarcReportDkimResult>, DmarcReportDkimResult[]>(new ListComparer<DmarcReportDkimResult>(
            (a, b) => a.Domain == b.Domain && a.Selector == b.Selector && a.Result == b.Result && a.HumanResult == b.HumanResult,
            x => Hash(x.Domain) ^ Hash(x.Selector) * 31 ^ (x.Result.HasValue ? (int)x.Result.Value : -1) * 7));
        private readonly Dictionary<IReadOnlyList<DmarcReportSpfResult>, DmarcReportSpfResult[]> _spfLists = new Dictionary<IReadOnlyList<DmarcReportSpfResult>, DmarcReportSpfResult[]>(new ListComparer<DmarcReportSpfResult>(
            (a, b) => a.Domain == b.Domain && a.Scope == b.Scope && a.Result == b.Result && a.HumanResult == b.HumanResult,
            x => Hash(x.Domain) ^ (x.Scope.HasValue ? (int)x.Scope.Value : -1) * 31 ^ (x.Result.HasValue ? (int)x.Result.Value : -1) * 7));
        private readonly Dictionary<IReadOnlyList<DmarcPolicyOverrideReason>, DmarcPolicyOverrideReason[]> _reasonLists = new Dictionary<IReadOnlyList<DmarcPolicyOverrideReason>, DmarcPolicyOverrideReason[]>(new ListComparer<DmarcPolicyOverrideReason>(
            (a, b) => a.Type == b.Type && a.Comment == b.Comment,
            x => (x.Type.HasValue ? (int)x.Type.Value : -1) ^ Hash(x.Comment) * 31));
        private int _sharedLists;

        // Reused by every record: SharedList copies what it keeps.
        private readonly List<DmarcReportDkimResult> _dkimScratch = new List<DmarcReportDkimResult>();
        private readonly List<DmarcReportSpfResult> _spfScratch = new List<DmarcReportSpfResult>();

        private static List<T> Cleared<T>(List<T> list)
        {
            list.Clear();
            return list;
        }

        private static int Hash(string? s) => s is null ? 0 : s.GetHashCode();

        private IReadOnlyList<T> SharedList<T>(Dictionary<IReadOnlyList<T>, T[]> shared, List<T> items)
        {
            if (shared.TryGetValue(items, out T[]? found)) return found;
            var array = items.ToArray();
            if (_sharedLists < MaxInterned) { shared[array] = array; _sharedLists++; }
            return array;
        }

        private sealed class ListComparer<T> : IEqualityComparer<IReadOnlyList<T>>
        {
            private readonly Func<T, T, bool> _equal;
            private readonly Func<T, int> _hash;

            internal ListComparer(Func<T, T, bool> equal, Func<T, int> hash)
            {
                _equal = equal;
                _hash = hash;
            }

            public bool Equals(IReadOnlyList<T>? a, IReadOnlyList<T>? b)
            {
                if (ReferenceEquals(a, b)) return true;
                if (a is null || b is null || a.Count != b.Count) return false;
                for (int i = 0; i < a.Count; i++) if (!_equal(a[i], b[i])) return false;
                return true;
            }

            public int GetHashCode(IReadOnlyList<T> list)
            {
                int h = list.Count;
                for (int i = 0; i < list.Count; i++) h = h * 397 ^ _hash(list[i]);
                return h;
            }
        }

        private static string? NullIfEmpty(string v) => v.Length == 0 ? null : v;

        private static string Short(string v) => v.Length <= 80 ? v : v.Substring(0, 77) + "...";

        private void Missing(string element) => _warnings.Add(ReportFindings.MissingElement, $"<{element}> is missing or empty.");

        private void Invalid(string element, string value, string what) => _warnings.Add(ReportFindings.InvalidValue, $"<{element}> is '{Short(value)}', not {what}.");

        private void Unknown(string element, string value) => _warnings.Add(ReportFindings.UnknownValue, $"<{element}> is '{Short(value)}', which the format does not define.");

        private void UpperCase(string element, string value) => _warnings.Add(ReportFindings.UpperCaseValue, $"<{element}> is '{Short(value)}'; read as '{value.ToLowerInvariant()}'.");
    }

    /// <summary>A StringWriter that keeps at most a given number of characters and remembers that it dropped some.</summary>
    internal sealed class CappedStringWriter : StringWriter
    {
        private readonly int _max;

        public CappedStringWriter(int max) : base(CultureInfo.InvariantCulture) => _max = max;

        public bool Truncated { get; private set; }

        public override void Write(char value)
        {
            if (GetStringBuilder().Length >= _max) { Truncated = true; return; }
            base.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            int room = _max - GetStringBuilder().Length;
            if (count > room) { Truncated = true; count = Math.Max(0, room); }
            if (count > 0) base.Write(buffer, index, count);
        }

        public override void Write(string? value)
        {
            if (value is null) return;
            int room = _max - GetStringBuilder().Length;
            if (value.Length > room) { Truncated = true; value = value.Substring(0, Math.Max(0, room)); }
            if (value.Length > 0) base.Write(value);
        }
    }
}
