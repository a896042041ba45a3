using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace MailAuth.Tests.Fuzz
{
    /// <summary>
    /// How a fuzz run is driven. CI: a fixed seed and a fixed number of inputs per target.
    /// Long mode (<c>build.ps1 Fuzz -Minutes N</c>): MAILAUTH_FUZZ_MINUTES spreads N minutes over the targets,
    /// MAILAUTH_FUZZ_SEED picks the seed (any seed replays the same sequence of inputs).
    /// </summary>
    internal static class FuzzSettings
    {
        /// <summary>The CI seed; changing it changes every generated input.</summary>
        public const int DefaultSeed = 20261128;

        public static int Seed { get; } = int.TryParse(Environment.GetEnvironmentVariable("MAILAUTH_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int s) ? s : DefaultSeed;

        /// <summary>Minutes for the whole long run; null in CI.</summary>
        public static double? Minutes { get; } = double.TryParse(Environment.GetEnvironmentVariable("MAILAUTH_FUZZ_MINUTES"), NumberStyles.Float, CultureInfo.InvariantCulture, out double m) && m > 0 ? m : null;

        /// <summary>Where failing inputs and run statistics go.</summary>
        public static string OutDirectory { get; } = Environment.GetEnvironmentVariable("MAILAUTH_FUZZ_OUT") is { Length: > 0 } o ? o : Path.Combine(RepositoryRoot(), "out", "fuzz");

        /// <summary>One input slower than this fails the target: a hang or blow-up detector, not a performance assertion.</summary>
        public static readonly TimeSpan SlowInput = TimeSpan.FromSeconds(2);

        /// <summary>An input still running after this is reported as a hang (the thread is abandoned).</summary>
        public static readonly TimeSpan Hang = TimeSpan.FromSeconds(20);

        /// <summary>The number of fuzz targets, so the long mode can give each its share of the minutes.</summary>
        public static int TargetCount { get; } = typeof(FuzzSettings).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Count(m => m.GetCustomAttribute<FuzzTargetAttribute>() != null);

        public static string RepositoryRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "build.ps1"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("The repository root (build.ps1) was not found above " + AppContext.BaseDirectory);
        }

        /// <summary>A stable hash (string.GetHashCode is randomised per process), so each target has its own fixed stream.</summary>
        public static int StableHash(string s)
        {
            unchecked
            {
                int h = (int)2166136261;
                foreach (char c in s) h = (h ^ c) * 16777619;
                return h;
            }
        }
    }

    /// <summary>Marks a fuzz test; counted to share the long mode's minutes.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    internal sealed class FuzzTargetAttribute : Attribute { }

    /// <summary>One parser under test.</summary>
    internal sealed class FuzzTarget
    {
        public FuzzTarget(string name, IReadOnlyList<byte[]> seeds, Action<byte[]> run, Func<Exception, bool> documented)
        {
            Name = name;
            Seeds = seeds.Count > 0 ? seeds : throw new InvalidOperationException($"The fuzz target {name} has no seeds.");
            Run = run;
            Documented = documented;
        }

        public string Name { get; }
        /// <summary>Valid inputs to mutate.</summary>
        public IReadOnlyList<byte[]> Seeds { get; }
        /// <summary>Parses one input; the invariants beyond "no undocumented exception" are asserted inside.</summary>
        public Action<byte[]> Run { get; }
        /// <summary>True for the exceptions the parser documents (a result with errors is the usual answer).</summary>
        public Func<Exception, bool> Documented { get; }
        /// <summary>Generated inputs in CI.</summary>
        public int CiInputs { get; init; } = 10_000;
        /// <summary>Extra tokens for the mutator (keywords of the grammar).</summary>
        public IReadOnlyList<string> Dictionary { get; init; } = Array.Empty<string>();
        /// <summary>A grammar-aware generator; when set, a third of the inputs come from it (then mutated or not).</summary>
        public Func<Random, byte[]>? Generate { get; init; }
        /// <summary>Largest input the mutator makes.</summary>
        public int MaxLength { get; init; } = 256 * 1024;
    }

    /// <summary>Runs a target: its regression cases, its seeds, then generated inputs, each bounded in time.</summary>
    internal static class FuzzRunner
    {
        public static string RegressionDirectory(string target) => Path.Combine(AppContext.BaseDirectory, "TestData", "fuzz", target);

        public static async Task RunAsync(FuzzTarget target, ITestOutputHelper output)
        {
            int seed = FuzzSettings.Seed ^ FuzzSettings.StableHash(target.Name);
            var state = new RunState();
            var clock = Stopwatch.StartNew();
            var worker = Task.Factory.StartNew(() => Loop(target, seed, state), TaskCreationOptions.LongRunning);
            // The watchdog: a parser stuck in a loop never returns, so the input it is on is saved from here.
            while (true)
            {
                var done = await Task.WhenAny(worker, Task.Delay(250)).ConfigureAwait(false);
                if (done == worker) break;
                long started = Interlocked.Read(ref state.StartedTicks);
                if (started != 0 && Stopwatch.GetTimestamp() - started > FuzzSettings.Hang.TotalSeconds * Stopwatch.Frequency)
                {
                    byte[] input = Volatile.Read(ref state.Current) ?? Array.Empty<byte>();
                    string file = Save(target.Name, seed, state.Index, input, $"no answer after {FuzzSettings.Hang.TotalSeconds} s");
                    Assert.Fail($"{target.Name}: input {state.Index} (seed {seed}) hung; saved as {file}: {Preview(input)}");
                }
            }
            await worker.ConfigureAwait(false);
            string line = string.Format(CultureInfo.InvariantCulture, "{0}: {1} inputs ({2} regression, {3} seeds, {4} generated), {5} documented exceptions, slowest {6:F1} ms, {7:F1} s, seed {8}",
                target.Name, state.Regression + target.Seeds.Count + state.Generated, state.Regression, target.Seeds.Count, state.Generated,
                state.DocumentedExceptions, state.SlowestTicks * 1000.0 / Stopwatch.Frequency, clock.Elapsed.TotalSeconds, seed);
            output.WriteLine(line);
            if (FuzzSettings.Minutes != null)
            {
                Directory.CreateDirectory(FuzzSettings.OutDirectory);
                File.AppendAllText(Path.Combine(FuzzSettings.OutDirectory, "stats.txt"), line + Environment.NewLine);
            }
            if (state.Failure != null) Assert.Fail(state.Failure);
            Assert.True(FuzzSettings.Minutes != null || state.Generated >= target.CiInputs, $"{target.Name}: only {state.Generated} inputs were generated");
        }

        private sealed class RunState
        {
            public long StartedTicks;
            public byte[]? Current;
            public int Index;
            public int Regression;
            public int Generated;
            public int DocumentedExceptions;
            public long SlowestTicks;
            public string? Failure;
        }

        private static void Loop(FuzzTarget target, int seed, RunState state)
        {
            var mutator = new Mutator(new Random(seed), target.Seeds, target.Dictionary, target.MaxLength);
            string dir = RegressionDirectory(target.Name);
            if (Directory.Exists(dir))
                foreach (string file in Directory.GetFiles(dir).OrderBy(f => f, StringComparer.Ordinal))
                {
                    if (!Check(target, seed, state, File.ReadAllBytes(file), "regression case " + Path.GetFileName(file))) return;
                    state.Regression++;
                }
            foreach (var s in target.Seeds)
                if (!Check(target, seed, state, s, "seed")) return;

            var random = new Random(seed * 31 + 7);
            DateTime? deadline = FuzzSettings.Minutes is double m ? DateTime.UtcNow.AddSeconds(m * 60 / Math.Max(1, FuzzSettings.TargetCount)) : null;
            for (int i = 0; deadline is null ? i < target.CiInputs : DateTime.UtcNow < deadline.Value; i++)
            {
                byte[] input;
                if (target.Generate != null && random.Next(3) == 0)
                {
                    input = target.Generate(random);
                    if (random.Next(2) == 0) input = mutator.Mutate(input);
                }
                else input = mutator.Mutate(mutator.PickSeed());
                state.Index = i;
                if (!Check(target, seed, state, input, "generated input " + i)) return;
                state.Generated++;
            }
        }

        private static bool Check(FuzzTarget target, int seed, RunState state, byte[] input, string what)
        {
            Volatile.Write(ref state.Current, input);
            long start = Stopwatch.GetTimestamp();
            Interlocked.Exchange(ref state.StartedTicks, start);
            string? failure = null;
            try { target.Run(input); }
            catch (Exception e) when (target.Documented(e)) { state.DocumentedExceptions++; }
            catch (Exception e) { failure = $"threw {e.GetType().FullName}: {e.Message}"; state.Failure = e.ToString(); }
            long ticks = Stopwatch.GetTimestamp() - start;
            Interlocked.Exchange(ref state.StartedTicks, 0);
            if (ticks > state.SlowestTicks) state.SlowestTicks = ticks;
            if (failure is null && ticks > FuzzSettings.SlowInput.TotalSeconds * Stopwatch.Frequency)
                failure = $"took {ticks * 1000.0 / Stopwatch.Frequency:F0} ms (bound {FuzzSettings.SlowInput.TotalMilliseconds} ms)";
            if (failure is null) return true;
            string file = Save(target.Name, seed, state.Index, input, failure + Environment.NewLine + state.Failure);
            state.Failure = $"{target.Name}: {what} (seed {seed}) {failure}; saved as {file}: {Preview(input)}{Environment.NewLine}{state.Failure}";
            return false;
        }

        /// <summary>Writes the failing input (bytes as given to the parser) and a note beside it.</summary>
        private static string Save(string target, int seed, int index, byte[] input, string note)
        {
            Directory.CreateDirectory(FuzzSettings.OutDirectory);
            string file = Path.Combine(FuzzSettings.OutDirectory, $"{target}-seed{seed}-{index}.bin");
            File.WriteAllBytes(file, input);
            File.WriteAllText(file + ".txt", $"target {target}, seed {seed}, input {index}{Environment.NewLine}{note}{Environment.NewLine}" +
                $"To keep it as a regression case: copy the .bin into tests/MailAuth.Tests/TestData/fuzz/{target}/{Environment.NewLine}");
            return file;
        }

        private static string Preview(byte[] input)
        {
            var sb = new StringBuilder();
            foreach (byte b in input.Take(300)) sb.Append(b >= 0x20 && b < 0x7f ? ((char)b).ToString() : $"\\x{b:x2}");
            if (input.Length > 300) sb.Append($"... ({input.Length} bytes)");
            return sb.ToString();
        }
    }
}
