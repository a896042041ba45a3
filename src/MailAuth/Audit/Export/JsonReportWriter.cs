using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Findings;
using MailAuth.Mx;
using MailAuth.Spf;

namespace MailAuth.Audit.Export
{
    /// <summary>
    /// JSON (RFC 8259) of the reports: <c>{"title", "generated", "domains": [...]}</c>. Each domain has its
    /// areas with their findings, and each area's <c>result</c> reduced to the check's key fields (the
    /// full objects, such as the SPF include tree, are large and refer to one another). Enums are
    /// lower-case strings; durations are milliseconds. Written by hand because netstandard2.0 has no
    /// JSON in its class library and the module ships no extra dependency for it.
    /// </summary>
    public static class JsonReportWriter
    {
        /// <summary>Writes the reports as one JSON document.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public static void Write(IEnumerable<MailDomainReport> reports, TextWriter writer, MailDomainExportOptions? options = null)
        {
            if (reports is null) throw new ArgumentNullException(nameof(reports));
            if (writer is null) throw new ArgumentNullException(nameof(writer));
            options ??= new MailDomainExportOptions();
            var j = new Json(writer);
            j.BeginObject();
            j.Name("title").Value(options.Title);
            j.Name("generated").Value(options.Generated.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture));
            j.Name("domains").BeginArray();
            foreach (var r in reports) WriteReport(j, r);
            j.EndArray();
            j.EndObject();
            writer.Write("\n");
        }

        private static void WriteReport(Json j, MailDomainReport r)
        {
            j.BeginObject();
            j.Name("domain").Value(r.Domain);
            j.Name("input").Value(r.Input is string s ? s : r.Input?.ToString());
            j.Name("status").Value(r.Status.ToString());
            j.Name("score").Value(r.Score);
            j.Name("grade").Value(r.Grade);
            j.Name("profile").Value(r.Profile);
            j.Name("started").Value(r.Started.ToString("o", CultureInfo.InvariantCulture));
            j.Name("durationMs").Value(r.Duration.TotalMilliseconds);
            j.Name("areas").BeginArray();
            foreach (var a in r.Areas)
            {
                j.BeginObject();
                j.Name("name").Value(a.Name);
                j.Name("status").Value(a.Status.ToString());
                j.Name("score").Value(a.Score);
                j.Name("grade").Value(a.Grade);
                j.Name("summary").Value(a.Summary);
                j.Name("durationMs").Value(a.Duration.TotalMilliseconds);
                j.Name("findings").BeginArray();
                foreach (var f in a.Findings) WriteFinding(j, f);
                j.EndArray();
                j.Name("result");
                WriteResult(j, a.Result);
                j.EndObject();
            }
            j.EndArray();
            j.EndObject();
        }

        private static void WriteFinding(Json j, Finding f)
        {
            j.BeginObject();
            j.Name("id").Value(f.Id);
            j.Name("severity").Value(f.Severity.ToString().ToLowerInvariant());
            j.Name("message").Value(f.Message);
            j.Name("reference").Value(f.Reference);
            j.Name("remediation").Value(f.Remediation);
            j.EndObject();
        }

        // The key fields of each check's result; an unknown result type is written as null.
        private static void WriteResult(Json j, object? result)
        {
            switch (result)
            {
                case MxResult mx:
                    j.BeginObject();
                    j.Name("status").Value(mx.Status.ToString());
                    j.Name("error").Value(mx.Error);
                    j.Name("hosts").BeginArray();
                    foreach (var h in mx.Hosts)
                    {
                        j.BeginObject();
                        j.Name("preference").Value(h.Preference);
                        j.Name("name").Value(h.Name);
                        j.Name("addresses").Strings(h.Addresses);
                        j.Name("isAlias").Value(h.IsAlias);
                        j.Name("temporaryFailure").Value(h.TemporaryFailure);
                        j.EndObject();
                    }
                    j.EndArray();
                    j.EndObject();
                    break;
                case SpfLintResult spf:
                    j.BeginObject();
                    j.Name("status").Value(spf.Status.ToString());
                    j.Name("record").Value(spf.Record);
                    j.Name("dnsLookupCount").Value(spf.DnsLookupCount);
                    j.Name("voidLookupCount").Value(spf.VoidLookupCount);
                    j.EndObject();
                    break;
                case DmarcLintResult dmarc:
                    j.BeginObject();
                    j.Name("status").Value(dmarc.Status.ToString());
                    j.Name("record").Value(dmarc.Record);
                    j.Name("recordName").Value(dmarc.RecordName);
                    j.Name("policySource").Value(dmarc.PolicySource.ToString().ToLowerInvariant());
                    j.Name("effectivePolicy").Value(dmarc.EffectivePolicy?.ToString());
                    j.Name("organizationalDomain").Value(dmarc.OrganizationalDomain);
                    j.Name("reportDestinations").BeginArray();
                    foreach (var d in dmarc.ReportDestinations)
                    {
                        j.BeginObject();
                        j.Name("tag").Value(d.Tag);
                        j.Name("uri").Value(d.Uri.ToString());
                        j.Name("isExternal").Value(d.IsExternal);
                        j.EndObject();
                    }
                    j.EndArray();
                    j.EndObject();
                    break;
                case IEnumerable<DkimRecordResult> keys:
                    j.BeginArray();
                    foreach (var k in keys)
                    {
                        j.BeginObject();
                        j.Name("selector").Value(k.Selector);
                        j.Name("name").Value(k.Name);
                        j.Name("status").Value(k.Status.ToString());
                        j.Name("keyType").Value(k.KeyType);
                        j.Name("keySize").Value(k.KeySize);
                        j.Name("isRevoked").Value(k.IsRevoked);
                        j.Name("testing").Value(k.Testing);
                        j.Name("record").Value(k.Record);
                        j.EndObject();
                    }
                    j.EndArray();
                    break;
                default:
                    j.Null();
                    break;
            }
        }

        /// <summary>A minimal JSON writer for this shape: no indentation, commas tracked per level.</summary>
        private sealed class Json
        {
            private readonly TextWriter _w;
            private readonly Stack<bool> _first = new Stack<bool>();
            private bool _afterName;

            public Json(TextWriter writer) => _w = writer;

            public void BeginObject() { Separator(); _w.Write('{'); _first.Push(true); }
            public void EndObject() { _first.Pop(); _w.Write('}'); }
            public Json BeginArray() { Separator(); _w.Write('['); _first.Push(true); return this; }
            public void EndArray() { _first.Pop(); _w.Write(']'); }

            public Json Name(string name)
            {
                Separator();
                WriteString(name);
                _w.Write(':');
                _afterName = true;
                return this;
            }

            public void Null() { Separator(); _w.Write("null"); }
            public void Value(string? s) { Separator(); if (s is null) _w.Write("null"); else WriteString(s); }
            public void Value(bool b) { Separator(); _w.Write(b ? "true" : "false"); }
            public void Value(bool? b) { if (b is bool v) Value(v); else Null(); }
            public void Value(int n) => Value((int?)n);
            public void Value(int? n) { Separator(); _w.Write(n is int i ? i.ToString(CultureInfo.InvariantCulture) : "null"); }
            public void Value(double d) { Separator(); _w.Write(Math.Round(d, 3).ToString("0.###", CultureInfo.InvariantCulture)); }

            public void Strings(IEnumerable<string> values)
            {
                BeginArray();
                foreach (string v in values) Value(v);
                EndArray();
            }

            private void Separator()
            {
                if (_afterName) { _afterName = false; return; }
                if (_first.Count == 0) return;
                if (_first.Peek()) { _first.Pop(); _first.Push(false); }
                else _w.Write(',');
            }

            // Escapes quotes, backslashes and controls; also <, >, & and the JavaScript line separators,
            // so the text stays inert if someone pastes it into a page.
            private void WriteString(string s)
            {
                var sb = new StringBuilder(s.Length + 2);
                sb.Append('"');
                foreach (char c in s)
                {
                    switch (c)
                    {
                        case '"': sb.Append("\\\""); break;
                        case '\\': sb.Append("\\\\"); break;
                        case '\n': sb.Append("\\n"); break;
                        case '\r': sb.Append("\\r"); break;
                        case '\t': sb.Append("\\t"); break;
                        default:
                            if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029')
                                sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                            else sb.Append(c);
                            break;
                    }
                }
                sb.Append('"');
                _w.Write(sb.ToString());
            }
        }
    }
}
