using System;
using System.IO;
using System.Text;

namespace MailAuth.Tests.Reports
{
    /// <summary>
    /// An aggregate report of a given size, made up while it is read (never held in memory): records
    /// shaped like a large receiver's (indented, one source IP each, a few senders). It can sample the
    /// process's live managed memory as it goes, which is the parser's peak working set of objects.
    /// </summary>
    internal sealed class GeneratedReportStream : Stream
    {
        private static readonly string[] Senders = { "mail.contoso.example", "bounce.esp.example", "contoso.example", "newsletters.example", "forwarder.example" };
        private readonly long _target;
        private readonly long _sampleEvery;
        private readonly Random _random;
        private byte[] _chunk = Array.Empty<byte>();
        private int _chunkPos;
        private long _produced;
        private long _nextSample;
        private bool _ended;

        public GeneratedReportStream(long targetBytes, int seed = 1, long sampleEveryBytes = 0)
        {
            _target = targetBytes;
            _sampleEvery = sampleEveryBytes;
            _nextSample = sampleEveryBytes;
            _random = new Random(seed);
            _chunk = Encoding.UTF8.GetBytes(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<feedback>\n  <version>1.0</version>\n  <report_metadata>\n    <org_name>receiver.example</org_name>\n" +
                "    <email>noreply-dmarc@receiver.example</email>\n    <report_id>generated-1</report_id>\n    <date_range>\n      <begin>1700000000</begin>\n" +
                "      <end>1700086399</end>\n    </date_range>\n  </report_metadata>\n  <policy_published>\n    <domain>contoso.example</domain>\n" +
                "    <adkim>r</adkim>\n    <aspf>r</aspf>\n    <p>none</p>\n    <sp>none</sp>\n    <pct>100</pct>\n  </policy_published>\n");
        }

        public long RecordCount { get; private set; }
        public long MessageCount { get; private set; }
        public long Produced => _produced;
        public long MaxLiveBytes { get; private set; }

        private byte[] NextRecord()
        {
            int n = (int)RecordCount;
            int sender = _random.Next(Senders.Length);
            long count = 1 + _random.Next(50);
            bool dkimPass = sender != 1 && _random.Next(4) != 0;
            bool spfAligned = sender == 0 || sender == 2;
            string ip = n % 3 == 0
                ? $"2001:db8:{(n >> 16) & 0xffff:x}:{n & 0xffff:x}::{_random.Next(1, 255):x}"
                : $"{10 + (n >> 24 & 0x3f)}.{n >> 16 & 0xff}.{n >> 8 & 0xff}.{n & 0xff}";
            RecordCount++;
            MessageCount += count;
            string envelope = Senders[sender];
            return Encoding.UTF8.GetBytes(
                "  <record>\n    <row>\n      <source_ip>" + ip + "</source_ip>\n      <count>" + count + "</count>\n      <policy_evaluated>\n" +
                "        <disposition>none</disposition>\n        <dkim>" + (dkimPass ? "pass" : "fail") + "</dkim>\n        <spf>" + (spfAligned ? "pass" : "fail") + "</spf>\n" +
                "      </policy_evaluated>\n    </row>\n    <identifiers>\n      <header_from>contoso.example</header_from>\n" +
                "      <envelope_from>" + envelope + "</envelope_from>\n    </identifiers>\n    <auth_results>\n      <dkim>\n" +
                "        <domain>" + (dkimPass ? "contoso.example" : envelope) + "</domain>\n        <selector>s" + (sender + 1) + "</selector>\n" +
                "        <result>" + (sender == 4 ? "fail" : "pass") + "</result>\n      </dkim>\n      <spf>\n        <domain>" + envelope + "</domain>\n" +
                "        <scope>mfrom</scope>\n        <result>pass</result>\n      </spf>\n    </auth_results>\n  </record>\n");
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_chunkPos == _chunk.Length)
            {
                if (_ended) return 0;
                if (_produced >= _target) { _chunk = Encoding.UTF8.GetBytes("</feedback>\n"); _ended = true; }
                else _chunk = NextRecord();
                _chunkPos = 0;
            }
            int n = Math.Min(count, _chunk.Length - _chunkPos);
            Buffer.BlockCopy(_chunk, _chunkPos, buffer, offset, n);
            _chunkPos += n;
            _produced += n;
            if (_sampleEvery > 0 && _produced >= _nextSample)
            {
                _nextSample += _sampleEvery;
                MaxLiveBytes = Math.Max(MaxLiveBytes, GC.GetTotalMemory(forceFullCollection: true));
            }
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _produced; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
