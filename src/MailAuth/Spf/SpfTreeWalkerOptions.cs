using System;

namespace MailAuth.Spf
{
    /// <summary>Bounds and choices for <see cref="SpfTreeWalker"/>.</summary>
    public sealed class SpfTreeWalkerOptions
    {
        private int _maxDepth = 10;
        private int _maxQueries = 100;
        private int _maxNodes = 500;

        /// <summary>
        /// Deepest <c>include</c>/<c>redirect</c> nesting followed (default 10). Each level costs a lookup, so a deeper
        /// tree is already over the RFC 7208 §4.6.4 limit of 10.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is below 0 or above 50.</exception>
        public int MaxDepth
        {
            get => _maxDepth;
            set => _maxDepth = value >= 0 && value <= 50 ? value : throw new ArgumentOutOfRangeException(nameof(value), "MaxDepth must be 0 to 50.");
        }

        /// <summary>Most distinct DNS questions asked by one walk (default 100); a hostile record cannot make more.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or above 10000.</exception>
        public int MaxQueries
        {
            get => _maxQueries;
            set => _maxQueries = value >= 1 && value <= 10000 ? value : throw new ArgumentOutOfRangeException(nameof(value), "MaxQueries must be 1 to 10000.");
        }

        /// <summary>Most records (nodes) in one tree (default 500); bounds trees that include the same records many times over.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or above 100000.</exception>
        public int MaxNodes
        {
            get => _maxNodes;
            set => _maxNodes = value >= 1 && value <= 100000 ? value : throw new ArgumentOutOfRangeException(nameof(value), "MaxNodes must be 1 to 100000.");
        }

        /// <summary>Also ask for records of the discontinued SPF type 99 at the root domain (RFC 7208 §3.1), to report leftovers.</summary>
        public bool QuerySpfRecordType { get; set; }
    }
}
