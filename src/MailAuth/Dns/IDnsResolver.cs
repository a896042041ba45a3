using System.Threading;
using System.Threading.Tasks;

namespace MailAuth.Dns
{
    /// <summary>
    /// Every DNS question the module asks goes through this interface, so the network, zone files,
    /// caches and test doubles are interchangeable.
    /// </summary>
    /// <remarks>
    /// Implementations never throw for DNS failures: a timeout, SERVFAIL or network error is a result
    /// with <see cref="DnsOutcome.TemporaryFailure"/>. They throw only for cancellation.
    /// </remarks>
    public interface IDnsResolver
    {
        /// <summary>Asks for the records of <paramref name="type"/> at <paramref name="name"/>, following CNAMEs.</summary>
        /// <param name="name">The name to query, with or without trailing dot.</param>
        /// <param name="type">The record type.</param>
        /// <param name="cancellationToken">Cancels the query.</param>
        /// <returns>The outcome and records.</returns>
        /// <exception cref="System.OperationCanceledException">The token was cancelled.</exception>
        Task<DnsQueryResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default);
    }
}
