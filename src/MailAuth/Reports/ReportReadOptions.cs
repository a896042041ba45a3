using System;

namespace MailAuth.Reports
{
    /// <summary>Limits that bound the work spent on one report file, whoever sent it.</summary>
    public sealed class ReportReadOptions
    {
        /// <summary>The default limit of decompressed (and message) bytes: 200 MiB.</summary>
        public const long DefaultMaxDecompressedBytes = 200L * 1024 * 1024;

        /// <summary>Most bytes one archive entry, gzip stream or message may expand to; reading stops past it.</summary>
        public long MaxDecompressedBytes { get; set; } = DefaultMaxDecompressedBytes;

        /// <summary>Highest ratio of decompressed to compressed size; checked once more than <see cref="RatioCheckFloorBytes"/> came out.</summary>
        public int MaxCompressionRatio { get; set; } = 1000;

        /// <summary>Output below this size is never refused for its ratio (tiny archives of padding have high ratios and do no harm).</summary>
        public long RatioCheckFloorBytes { get; set; } = 1024 * 1024;

        /// <summary>Most entries read from one zip archive, and attachments from one message.</summary>
        public int MaxEntries { get; set; } = 1000;

        internal void Validate()
        {
            if (MaxDecompressedBytes <= 0) throw new ArgumentOutOfRangeException(nameof(MaxDecompressedBytes));
            if (MaxCompressionRatio <= 0) throw new ArgumentOutOfRangeException(nameof(MaxCompressionRatio));
            if (MaxEntries <= 0) throw new ArgumentOutOfRangeException(nameof(MaxEntries));
        }
    }
}
