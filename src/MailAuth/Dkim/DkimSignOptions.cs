using System;
using System.Collections.Generic;

namespace MailAuth.Dkim
{
    /// <summary>What a DKIM signature says and covers (RFC 6376 §3.5, §5.4).</summary>
    public sealed class DkimSignOptions
    {
        /// <summary>
        /// The header fields signed by default, those RFC 6376 §5.4.1 recommends plus the ones
        /// that change how a message is shown. Each is signed as often as it occurs; absent ones
        /// are not listed, except the oversigned ones (<see cref="OversignHeaders"/>).
        /// </summary>
        public static IReadOnlyList<string> DefaultHeaders { get; } = new[]
        {
            "From", "Reply-To", "Subject", "Date", "To", "Cc", "Sender", "Message-ID",
            "In-Reply-To", "References",
            "Resent-Date", "Resent-From", "Resent-Sender", "Resent-To", "Resent-Cc", "Resent-Message-ID",
            "List-Id", "List-Help", "List-Unsubscribe", "List-Unsubscribe-Post", "List-Subscribe", "List-Post", "List-Owner", "List-Archive",
            "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Content-ID", "Content-Description", "Content-Disposition", "Content-Language",
        };

        /// <summary>d=: the signing domain. Required.</summary>
        public string Domain { get; set; } = string.Empty;

        /// <summary>s=: the selector; the public key is published at <c>selector._domainkey.domain</c>. Required.</summary>
        public string Selector { get; set; } = string.Empty;

        /// <summary>The algorithm; null takes the key's. A value that does not fit the key is an error.</summary>
        public DkimSigningAlgorithm? Algorithm { get; set; }

        /// <summary>c=: <c>header/body</c>, each <c>simple</c> or <c>relaxed</c>; one word means <c>word/simple</c> (RFC 6376 §3.5). Default <c>relaxed/relaxed</c>.</summary>
        public string Canonicalization { get; set; } = "relaxed/relaxed";

        /// <summary>Header field names to sign; null signs <see cref="DefaultHeaders"/>. From is always signed (RFC 6376 §5.4). Each name is signed as often as it occurs in the message.</summary>
        public IList<string>? Headers { get; set; }

        /// <summary>
        /// Names listed in h= once more than they occur, so that adding another instance breaks the
        /// signature (RFC 6376 §8.15). Default: From. Oversigned names are signed even when absent.
        /// </summary>
        public IList<string> OversignHeaders { get; set; } = new List<string> { "From" };

        /// <summary>i=: the agent or user identity, such as <c>@mail.example.com</c> or <c>user@example.com</c>; its domain must be d= or below it. Null leaves i= out (it defaults to <c>@d</c>).</summary>
        public string? Identity { get; set; }

        /// <summary>t=: when the signature is made; null means now. Written in whole seconds.</summary>
        public DateTimeOffset? Timestamp { get; set; }

        /// <summary>x=: when the signature expires; must be later than <see cref="Timestamp"/>. Null leaves x= out.</summary>
        public DateTimeOffset? Expiration { get; set; }

        /// <summary>l=: state how many body bytes are signed. Off by default: l= lets anyone append content to the message (RFC 6376 §8.2).</summary>
        public bool BodyLength { get; set; }

        /// <summary>Largest message accepted.</summary>
        public long MaxMessageSize { get; set; } = DkimMessage.DefaultMaxSize;

        /// <summary>Checks the options against a key without signing anything.</summary>
        /// <param name="key">The key to sign with.</param>
        /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
        /// <exception cref="ArgumentException">An option is not valid, or does not fit the key; the message names it.</exception>
        public void Validate(DkimSigningKey key) => DkimSignPlan.Create(this, key);
    }
}
