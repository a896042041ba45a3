using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MailAuth.Dns
{
    /// <summary>
    /// Answers queries from RFC 1035 master files (<c>-ZoneFile</c>): offline audits, the demo, and what-if
    /// checks of a DNS change before it is published. Names outside every zone are NXDOMAIN.
    /// </summary>
    /// <remarks>
    /// The zones (apexes) are: every SOA owner; for a file without SOA, its first <c>$ORIGIN</c> (or the
    /// default origin it was parsed with); for a file with neither, every owner name it holds.
    /// </remarks>
    public sealed class ZoneFileResolver : IDnsResolver
    {
        private readonly ZoneFileContent[] _files;

        /// <summary>Creates a resolver over parsed files.</summary>
        /// <param name="files">The parsed files; their records are merged.</param>
        /// <exception cref="ArgumentNullException"><paramref name="files"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="files"/> is empty or holds a null item.</exception>
        public ZoneFileResolver(IEnumerable<ZoneFileContent> files)
        {
            if (files is null) throw new ArgumentNullException(nameof(files));
            _files = files.ToArray();
            if (_files.Length == 0) throw new ArgumentException("At least one zone file is needed.", nameof(files));
            if (_files.Any(f => f is null)) throw new ArgumentException("The collection holds a null item.", nameof(files));

            Store = new DnsRecordStore { Source = "zonefile:" + string.Join(",", _files.Select(f => BaseName(f.FileName))) };
            foreach (var file in _files)
            {
                bool hasSoa = false;
                foreach (var record in file.Records)
                {
                    Store.Add(record); // an SOA declares its owner as an apex
                    if (record is SoaRecord) hasSoa = true;
                }
                if (hasSoa) continue;
                string? origin = file.Origins.Count > 0 ? file.Origins[0] : file.DefaultOrigin;
                if (origin != null)
                {
                    Store.AddApex(origin);
                    continue;
                }
                // A bare list of records (a what-if snippet): each owner is its own zone. Owners below
                // another owner add nothing, and skipping them keeps the apex list short.
                var owners = new HashSet<string>(file.Records.Select(r => r.Name), StringComparer.Ordinal);
                foreach (string owner in owners)
                {
                    if (!HasAncestorIn(owner, owners)) Store.AddApex(owner);
                }
            }
        }

        /// <summary>Creates a resolver over parsed files.</summary>
        /// <param name="files">The parsed files; their records are merged.</param>
        /// <exception cref="ArgumentNullException"><paramref name="files"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="files"/> is empty or holds a null item.</exception>
        public ZoneFileResolver(params ZoneFileContent[] files) : this((IEnumerable<ZoneFileContent>)files)
        {
        }

        /// <summary>Reads master files and creates a resolver over them.</summary>
        /// <param name="paths">The files to read.</param>
        /// <returns>The resolver.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="paths"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="paths"/> is empty, or holds a null, empty or invalid path.</exception>
        /// <exception cref="System.IO.FileNotFoundException">A file does not exist.</exception>
        /// <exception cref="System.IO.IOException">A file could not be read.</exception>
        /// <exception cref="UnauthorizedAccessException">A file may not be read.</exception>
        /// <exception cref="ZoneFileException">A file is not a valid master file or is too large.</exception>
        public static ZoneFileResolver Load(IEnumerable<string> paths)
        {
            if (paths is null) throw new ArgumentNullException(nameof(paths));
            var files = new List<ZoneFileContent>();
            foreach (string path in paths)
            {
                if (path is null) throw new ArgumentException("The collection holds a null path.", nameof(paths));
                files.Add(ZoneFileParser.ParseFile(path));
            }
            if (files.Count == 0) throw new ArgumentException("At least one zone file is needed.", nameof(paths));
            return new ZoneFileResolver(files);
        }

        /// <summary>The records answered from; its <see cref="DnsRecordStore.Source"/> is <c>zonefile:</c> and the file names.</summary>
        public DnsRecordStore Store { get; }

        /// <summary>The files the records came from, in the order given.</summary>
        public IReadOnlyList<ZoneFileContent> Files => _files;

        /// <summary>The warnings of every file, in order.</summary>
        public IReadOnlyList<string> Warnings => _files.SelectMany(f => f.Warnings).ToArray();

        /// <summary>True when <paramref name="name"/> lies in one of the zones the files define.</summary>
        /// <param name="name">A domain name, with or without trailing dot, any case.</param>
        /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
        public bool Covers(string name)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            return Store.Covers(name);
        }

        /// <inheritdoc />
        /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
        public Task<DnsQueryResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<DnsQueryResult>(cancellationToken);
            string n = DnsName.Normalize(name);
            // The store treats every ancestor of an owner as existing; above the apexes ("com") that is not our data.
            if (!Store.Covers(n)) return Task.FromResult(new DnsQueryResult(n, type, DnsOutcome.NxDomain, server: Store.Source));
            return Task.FromResult(Store.Query(n, type));
        }

        private static bool HasAncestorIn(string name, HashSet<string> names)
        {
            for (int dot = name.IndexOf('.'); dot >= 0; dot = name.IndexOf('.', dot + 1))
            {
                if (names.Contains(name.Substring(dot + 1))) return true;
            }
            return false;
        }

        // Path.GetFileName throws on some characters under .NET Framework; names here may be labels like "<inline>".
        private static string BaseName(string fileName)
        {
            int cut = Math.Max(fileName.LastIndexOf('/'), fileName.LastIndexOf('\\'));
            return cut >= 0 ? fileName.Substring(cut + 1) : fileName;
        }
    }
}
