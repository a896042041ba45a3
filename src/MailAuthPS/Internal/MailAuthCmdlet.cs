using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace MailAuthPS.Commands
{
    /// <summary>
    /// Base of every cmdlet that works on many inputs: work runs concurrently up to
    /// <see cref="ThrottleLimit"/>, results are written on the pipeline thread in input order,
    /// progress is shown for long runs, and Ctrl+C cancels promptly.
    /// </summary>
    public abstract class MailAuthCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _cts = new CancellationTokenSource();
        private readonly Queue<Pending> _pending = new Queue<Pending>();
        private readonly Stopwatch _clock = new Stopwatch();
        private SemaphoreSlim? _throttle;
        private int _queued;
        private int _written;
        private TimeSpan _lastProgress;
        private bool _progressShown;

        /// <summary>How many inputs are worked on at once.</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = 16;

        /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
        protected CancellationToken CancellationToken => _cts.Token;

        /// <summary>The noun shown in progress ("domains", "messages").</summary>
        protected virtual string ProgressItemName => "items";

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            _throttle = new SemaphoreSlim(ThrottleLimit, ThrottleLimit);
            _clock.Start();
        }

        /// <summary>Queues work for one input; its output is written after that of every earlier input.</summary>
        /// <param name="target">The input, reported as the error record's target.</param>
        /// <param name="work">The work; returns the objects to write.</param>
        protected void Enqueue(object target, Func<CancellationToken, Task<IEnumerable<object>>> work)
        {
            var throttle = _throttle ?? throw new InvalidOperationException("BeginProcessing has not run.");
            var token = _cts.Token;
            // Ask for the slot here, on the pipeline thread, so slots go out in input order (SemaphoreSlim
            // serves async waiters first come, first served). Asked from inside Task.Run, a later input
            // could win the race for a slot whenever the pool runs items out of order, and an earlier
            // fast input would wait behind slow ones while ordered output holds everything after it.
            var slot = throttle.WaitAsync(token);
            var task = Task.Run(async () =>
            {
                await slot.ConfigureAwait(false);
                try { return await work(token).ConfigureAwait(false); }
                finally { throttle.Release(); }
            });
            _pending.Enqueue(new Pending(target, task, null));
            _queued++;
            Drain(waitForAll: false);
        }

        /// <summary>Queues an error for one input, to be written in input order.</summary>
        protected void EnqueueError(ErrorRecord error)
        {
            _pending.Enqueue(new Pending(error.TargetObject, null, error));
            _queued++;
            Drain(waitForAll: false);
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            Drain(waitForAll: true);
            if (_progressShown)
            {
                WriteProgress(new ProgressRecord(ProgressActivityId, MyInvocation.MyCommand.Name, "Done") { RecordType = ProgressRecordType.Completed });
            }
        }

        /// <inheritdoc />
        protected override void StopProcessing() => _cts.Cancel();

        /// <summary>Turns an exception from one input's work into an error record. Override to map known exceptions to stable ids.</summary>
        protected virtual ErrorRecord ErrorFor(Exception exception, object target)
            => new ErrorRecord(exception, "UnexpectedError", ErrorCategory.InvalidOperation, target);

        /// <summary>Reads an IPv4 or IPv6 address as users write it (spaces and [brackets] allowed).</summary>
        protected static bool TryParseAddress(string? text, out System.Net.IPAddress address)
            => System.Net.IPAddress.TryParse((text ?? string.Empty).Trim().Trim('[', ']'), out address!);

        /// <summary>The InvalidIPAddress error for a value <see cref="TryParseAddress"/> refused.</summary>
        protected static ErrorRecord InvalidAddress(string? text)
            => Error(new FormatException($"'{text}' is not an IPv4 or IPv6 address."), "InvalidIPAddress", ErrorCategory.InvalidArgument, text);

        /// <summary>The error id convention: <c>Id</c> here becomes <c>Id,MailAuthPS.Commands.XCommand</c> in FullyQualifiedErrorId.</summary>
        protected internal static ErrorRecord Error(Exception exception, string id, ErrorCategory category, object? target)
            => new ErrorRecord(exception, id, category, target);

        private int ProgressActivityId => 1 + (GetType().Name.GetHashCode() & 0x7fff);

        // Writes finished results at the head of the queue; with waitForAll, waits for every one.
        // Also waits when too much is buffered, so memory stays bounded on endless input.
        private void Drain(bool waitForAll)
        {
            int maxBuffered = Math.Max(64, ThrottleLimit * 4);
            while (_pending.Count > 0)
            {
                var head = _pending.Peek();
                if (head.Task != null && !head.Task.IsCompleted)
                {
                    if (!waitForAll && _pending.Count < maxBuffered) { ReportProgress(); return; }
                    WaitFor(head.Task);
                }
                _pending.Dequeue();
                Write(head);
            }
            ReportProgress();
        }

        private void WaitFor(Task task)
        {
            try
            {
                while (!task.IsCompleted)
                {
                    // Short waits keep progress moving; the token makes Ctrl+C prompt.
                    Task.WaitAny(new[] { task }, 250, _cts.Token);
                    ReportProgress();
                }
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }

        private void Write(Pending item)
        {
            _written++;
            if (item.Error != null) { WriteError(item.Error); return; }
            var task = item.Task!;
            if (task.IsCanceled)
            {
                if (_cts.IsCancellationRequested) throw new PipelineStoppedException();
                WriteError(Error(new OperationCanceledException("The operation was cancelled."), "Cancelled", ErrorCategory.OperationStopped, item.Target));
                return;
            }
            if (task.IsFaulted)
            {
                var e = task.Exception!.InnerExceptions.Count == 1 ? task.Exception.InnerException! : task.Exception;
                if (e is OperationCanceledException && _cts.IsCancellationRequested) throw new PipelineStoppedException();
                WriteError(ErrorFor(e, item.Target ?? string.Empty));
                return;
            }
            foreach (var o in task.Result) WriteObject(o);
        }

        private void ReportProgress()
        {
            var now = _clock.Elapsed;
            // Quiet for short runs; then at most four updates a second.
            if (now < TimeSpan.FromSeconds(1) || now - _lastProgress < TimeSpan.FromMilliseconds(250)) return;
            _lastProgress = now;
            _progressShown = true;
            double rate = _written / Math.Max(now.TotalSeconds, 0.001);
            var record = new ProgressRecord(ProgressActivityId, MyInvocation.MyCommand.Name,
                string.Format(System.Globalization.CultureInfo.CurrentCulture, "{0} of {1} {2} done, {3:0.0}/s", _written, _queued, ProgressItemName, rate));
            if (_queued > 0) record.PercentComplete = Math.Min(100, _written * 100 / _queued);
            WriteProgress(record);
        }

        /// <summary>Releases the cancellation source and throttle.</summary>
        public void Dispose()
        {
            _cts.Dispose();
            _throttle?.Dispose();
            GC.SuppressFinalize(this);
        }

        private sealed class Pending
        {
            public Pending(object? target, Task<IEnumerable<object>>? task, ErrorRecord? error)
            {
                Target = target;
                Task = task;
                Error = error;
            }

            public object? Target { get; }
            public Task<IEnumerable<object>>? Task { get; }
            public ErrorRecord? Error { get; }
        }
    }
}
