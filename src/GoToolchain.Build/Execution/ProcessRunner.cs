using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace GoToolchain.Build.Execution;

/// <summary>
/// Runs one child process the way the package promises users: argv (no shell), a timeout, the whole tree killed on timeout or
/// cancellation, both streams captured, and the environment changed for the child only.
/// </summary>
public static class ProcessRunner
{
    /// <summary>
    /// How long we keep reading after the child has gone. A grandchild that inherited the pipes (a daemon, a stray
    /// background job) keeps them open forever; the build must not wait for it.
    /// </summary>
    internal static readonly TimeSpan OutputDrainCap = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How much of each stream is kept in memory and handed to the line callbacks. A broken or hostile go can print
    /// without end; what is past the bound is counted (and written to <see cref="ProcessSpec.TranscriptPath"/> when
    /// there is one), never kept.
    /// </summary>
    internal const int MaxRetainedCharsPerStream = 1_000_000;

    /// <summary>A longer line is cut here: one 20 MB line without a newline must not become one 20 MB string.</summary>
    internal const int MaxLineLength = 8 * 1024;

    /// <summary>The transcript of a runaway process stops growing here.</summary>
    internal const long MaxTranscriptBytes = 64L * 1024 * 1024;

    /// <summary>
    /// A child killed by SIGINT exits 130. On Ctrl+C the terminal signals the whole process group, so go usually dies
    /// before MSBuild has told the task to cancel; wait this long for that word before calling it a failure.
    /// </summary>
    private static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Set to a unique value in every child's environment, so its descendants can be found even after they lost
    /// their parent: on Ctrl+C the terminal's SIGINT kills go first, and a generator or compiler that ignores
    /// SIGINT is then an orphan that no walk of the process tree reaches (issue 10).
    /// </summary>
    public const string MarkerVariable = "_GoToolchainBuildProcess";

    /// <summary>How long we wait for a killed process to be reaped.</summary>
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(5);

    // Invalid bytes become U+FFFD: garbage output is data, not an exception.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    // Process.Kill(bool entireProcessTree) exists on .NET Core 3.0+, which is what dotnet build runs us on, but not in
    // netstandard2.0 or on .NET Framework (Visual Studio's MSBuild); look it up once.
    private static readonly MethodInfo? KillEntireTreeMethod = typeof(Process).GetMethod("Kill", new[] { typeof(bool) });

    /// <summary>
    /// Runs <paramref name="spec"/> to completion, timeout or cancellation. Line callbacks are invoked on the calling
    /// thread (MSBuild loggers are safest there), in order per stream, and never after this method returns.
    /// Throws only for programming errors: a null spec, or an exception thrown by a callback (the tree is killed first).
    /// </summary>
    public static ProcessResult Run(
        ProcessSpec spec,
        CancellationToken cancellationToken,
        Action<string>? onStandardOutputLine = null,
        Action<string>? onStandardErrorLine = null)
    {
        if (spec is null) throw new ArgumentNullException(nameof(spec));

        var stopwatch = Stopwatch.StartNew();
        using var transcript = new Transcript(spec.TranscriptPath);
        var output = new Collector(onStandardOutputLine, transcript, "");
        var error = new Collector(onStandardErrorLine, transcript, "stderr: ");
        var leftoverSweep = TimeSpan.Zero;
        ProcessResult Finish(int exitCode, bool timedOut, bool cancelled, string? startError) => new(
            spec.CommandLineForLog, exitCode, timedOut, cancelled, startError,
            output.Lines, output.Text.ToString(), error.Lines, error.Text.ToString(), stopwatch.Elapsed,
            output.OmittedLines, error.OmittedLines, transcript.WrittenPath) { LeftoverSweep = leftoverSweep };

        string? invalid = Validate(spec);
        if (invalid is not null) return Finish(-1, false, false, invalid);
        if (cancellationToken.IsCancellationRequested) return Finish(-1, false, cancelled: true, null);
        CommandLineLog.Starting(spec);

        // Everything the background readers, the Exited event and the token report arrives here and is handled on
        // this thread. Never disposed: late posts after we return must hit CompleteAdding, not a disposed object.
        var events = new BlockingCollection<Event>();
        var marker = Guid.NewGuid().ToString("N");
        var startInfo = CreateStartInfo(spec);
        startInfo.Environment[MarkerVariable] = marker;
        using var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.Exited += (_, _) => Post(events, Event.Exited);

        try
        {
            if (!process.Start()) return Finish(-1, false, false, $"'{spec.FileName}' did not start.");
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException or UnauthorizedAccessException or
            NotSupportedException)
        {
            return Finish(-1, false, false, $"Cannot start '{spec.FileName}': {e.Message}");
        }

        // Windows: every process go starts joins this job, so orphans end with the tree (WindowsJob). When Windows
        // refuses a job, the tree kill below is what remains.
        using var job = WindowsJob.TryCreate(process, out _);

        using var stopReading = new CancellationTokenSource();
        bool exited = false, timedOut = false, cancelled = false;
        try
        {
            // A child that reads stdin must see EOF at once instead of hanging the build.
            try { process.StandardInput.Close(); }
            catch (Exception e) when (e is IOException or ObjectDisposedException) { /* it already exited */ }

            // Both streams are pumped concurrently on the thread pool: reading one while the child blocks writing
            // the other full pipe is the classic deadlock.
            int openStreams = 2;
            Task.Run(() => Pump(process.StandardOutput.BaseStream, isError: false, events, stopReading.Token));
            Task.Run(() => Pump(process.StandardError.BaseStream, isError: true, events, stopReading.Token));
            using var registration = cancellationToken.Register(() => Post(events, Event.Cancelled));

            void Handle(Event e)
            {
                if (e.Kind == EventKind.Line) (e.IsError ? error : output).Add(e.Line!, e.Terminator!);
                else if (e.Kind == EventKind.EndOfStream) openStreams--;
            }

            var slowNoticePending = spec.OnSlow is not null;
            // Phase 1: until the child exits, the deadline passes or the build is cancelled.
            while (true)
            {
                if (cancellationToken.IsCancellationRequested) { cancelled = true; break; }
                var remaining = spec.Timeout - stopwatch.Elapsed;
                if (remaining <= TimeSpan.Zero) { timedOut = true; break; }
                // The slow notice comes from this thread too, once, when the child has run SlowNoticeAfter.
                if (slowNoticePending && stopwatch.Elapsed >= spec.SlowNoticeAfter)
                {
                    slowNoticePending = false;
                    spec.OnSlow!(stopwatch.Elapsed);
                }
                var wait = slowNoticePending && spec.SlowNoticeAfter - stopwatch.Elapsed < remaining ? spec.SlowNoticeAfter - stopwatch.Elapsed : remaining;
                // Waits are capped at 1 s so a lost Exited event costs at most a second, never the whole timeout.
                if (events.TryTake(out var next, Milliseconds(wait, max: 1000)))
                {
                    if (next.Kind == EventKind.Exited) break;
                    Handle(next);
                }
                else if (process.WaitForExit(0)) break;
            }

            if (timedOut || cancelled)
            {
                job?.Terminate();
                KillTree(process);
                KillMarked(marker);
                exited = process.WaitForExit(Milliseconds(KillWait, int.MaxValue));
            }
            else
            {
                exited = true;
                // Whatever it left running (a generator's daemon, a background job) goes with it: a build leaves
                // nothing behind, and such a leftover would also hold our pipes open for the drain below.
                var sweep = Stopwatch.StartNew();
                job?.Terminate();
                KillMarked(marker);
                leftoverSweep = sweep.Elapsed;
            }

            // Phase 2: the output the child wrote before exiting may still be in the pipes; read it, but not forever.
            var drainEnd = stopwatch.Elapsed + OutputDrainCap;
            while (openStreams > 0)
            {
                var remaining = drainEnd - stopwatch.Elapsed;
                if (remaining <= TimeSpan.Zero || !events.TryTake(out var next, Milliseconds(remaining, int.MaxValue))) break;
                Handle(next);
            }

            int exitCode = exited ? process.ExitCode : -1;
            if (!cancelled && !timedOut && exitCode == 130 && !RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                // Ctrl+C reached the child first; the build's own cancellation is on its way. What go started and
                // that ignores SIGINT lives on as an orphan: find it by the marker.
                cancelled = cancellationToken.WaitHandle.WaitOne(InterruptGrace);
                if (cancelled) KillMarked(marker);
            }
            return Finish(exitCode, timedOut, cancelled, null);
        }
        finally
        {
            // Also reached when a callback threw: never leave a child running behind us.
            if (!exited)
            {
                job?.Terminate();
                KillTree(process);
                KillMarked(marker);
            }
            events.CompleteAdding();
            stopReading.Cancel();
        }
    }

    /// <summary>
    /// Kills <paramref name="process"/> and all its descendants. Best effort, never throws for an exited or
    /// inaccessible process.
    /// </summary>
    public static void KillTree(Process process)
    {
        if (process is null) throw new ArgumentNullException(nameof(process));
        int pid;
        try
        {
            // Descendants are found through the root's pid; once it is gone they cannot be found any more.
            if (process.HasExited) return;
            pid = process.Id;
        }
        catch (InvalidOperationException) { return; }

        if (KillEntireTreeMethod is not null)
        {
            try { KillEntireTreeMethod.Invoke(process, new object[] { true }); }
            catch (TargetInvocationException) { /* raced with exit, or some descendant was not ours to kill */ }
        }
        else if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            TaskKill(pid);
        }
        else
        {
            KillTreeUnix(pid);
        }

        // Whatever happened above, make sure the root itself is gone.
        try { process.Kill(); }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException) { }
    }

    /// <summary>
    /// Kills every process whose environment carries <see cref="MarkerVariable"/>=<paramref name="marker"/>: the
    /// descendants of one child, wherever they were re-parented. Linux only (/proc/&lt;pid&gt;/environ); elsewhere
    /// the tree kill is all there is. Twice, for a process that was forked while the first pass ran.
    /// </summary>
    internal static void KillMarked(string marker)
    {
        if (!Directory.Exists("/proc/self")) return;
        var needle = Encoding.ASCII.GetBytes(MarkerVariable + "=" + marker + "\0");
        for (int pass = 0; pass < 2; pass++)
        {
            foreach (string dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
                try
                {
                    if (IndexOf(File.ReadAllBytes(Path.Combine(dir, "environ")), needle) < 0) continue;
                    using var victim = Process.GetProcessById(pid);
                    victim.Kill();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or
                    Win32Exception or NotSupportedException)
                {
                    /* gone meanwhile, or another user's process (whose environ we cannot read) */
                }
            }
        }
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }

    /// <summary>
    /// The fallback for Mono on Unix, which lacks Kill(bool): snapshot the tree from the process table, then kill
    /// root first (so it cannot fork more) and then its descendants, parents before children. The snapshot must come
    /// first because a dead parent's children are re-parented and can no longer be found.
    /// </summary>
    internal static void KillTreeUnix(int rootPid)
    {
        var parents = ReadParentTable();
        var order = new List<int> { rootPid };
        var seen = new HashSet<int> { rootPid };
        for (int i = 0; i < order.Count; i++)
        {
            foreach (var pair in parents)
            {
                if (pair.Value == order[i] && seen.Add(pair.Key)) order.Add(pair.Key);
            }
        }

        foreach (int pid in order)
        {
            try
            {
                using var victim = Process.GetProcessById(pid);
                victim.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or Win32Exception or NotSupportedException) { /* already
                gone */ }
        }
    }

    /// <summary>pid → parent pid for every process, from /proc (Linux) or ps (macOS and other Unixes).</summary>
    internal static Dictionary<int, int> ReadParentTable()
    {
        var table = new Dictionary<int, int>();
        if (Directory.Exists("/proc/self"))
        {
            foreach (string dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
                try
                {
                    // "pid (comm) state ppid ...": comm may contain spaces and parentheses, so parse after the last ')'.
                    string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    string[] fields = stat.Substring(stat.LastIndexOf(')') + 1).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                    if (fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture,
                        out int ppid)) table[pid] = ppid;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* exited meanwhile */ }
            }
            return table;
        }

        var ps = new ProcessSpec("/bin/ps", new[] { "-A", "-o", "pid=", "-o", "ppid=" }, TimeSpan.FromSeconds(10));
        foreach (string line in Run(ps, CancellationToken.None).StandardOutput)
        {
            string[] fields = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 2
                && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int ppid))
            {
                table[pid] = ppid;
            }
        }
        return table;
    }

    /// <summary>The fallback for .NET Framework on Windows (Visual Studio's MSBuild).</summary>
    private static void TaskKill(int pid)
    {
        var startInfo = new ProcessStartInfo(
            Path.Combine(Environment.SystemDirectory, "taskkill.exe"),
            "/T /F /PID " + pid.ToString(CultureInfo.InvariantCulture))
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            // Redirected and discarded so its messages do not land on MSBuild's console.
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            using var taskkill = Process.Start(startInfo)!;
            taskkill.OutputDataReceived += (_, _) => { };
            taskkill.ErrorDataReceived += (_, _) => { };
            taskkill.BeginOutputReadLine();
            taskkill.BeginErrorReadLine();
            if (!taskkill.WaitForExit(10_000)) taskkill.Kill();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException) { }
    }

    private static string? Validate(ProcessSpec spec)
    {
        if (spec.FileName.Trim().Length == 0) return "No program to run (empty file name).";
        if (spec.FileName.IndexOf('\0') >= 0) return "The program name contains a NUL character.";
        if (spec.Arguments.Any(a => a.IndexOf('\0') >= 0)) return "An argument contains a NUL character.";
        foreach (var pair in spec.EnvironmentOverrides)
        {
            if (pair.Key.Length == 0 || pair.Key.IndexOf('=') >= 0 || pair.Key.IndexOf('\0') >= 0)
                return $"Invalid environment variable name '{pair.Key}'.";
            if (pair.Value is not null && pair.Value.IndexOf('\0') >= 0)
                return $"The value of environment variable '{pair.Key}' contains a NUL character.";
        }
        if (IsWindowsBatchFile(spec.FileName) && CommandLineQuoting.ForBatchFile(spec.FileName, spec.Arguments, out var refused) is null)
            return "Cannot start a batch file safely: " + refused;
        if (spec.WorkingDirectory is not null && !Directory.Exists(spec.WorkingDirectory))
            return $"The working directory '{spec.WorkingDirectory}' does not exist.";
        if (spec.WorkingDirectory is not null && RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
            && WindowsWorkingDirectory.For(spec.WorkingDirectory, WindowsWorkingDirectory.ShortPath, out var tooLong) is null)
            return tooLong;
        return null;
    }

    private static ProcessStartInfo CreateStartInfo(ProcessSpec spec)
    {
        // A .cmd/.bat wrapper (GoExecutable, a version manager's go.cmd) runs through cmd.exe with cmd's quoting;
        // Validate refused the arguments that cmd cannot be given safely.
        var batch = IsWindowsBatchFile(spec.FileName);
        var startInfo = new ProcessStartInfo(batch ? CmdExe() : spec.FileName,
            batch ? CommandLineQuoting.ForBatchFile(spec.FileName, spec.Arguments, out _)! : CommandLineQuoting.Join(spec.Arguments))
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            WindowStyle = ProcessWindowStyle.Hidden,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
        };
        if (spec.WorkingDirectory is not null)
            startInfo.WorkingDirectory = RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
                ? WindowsWorkingDirectory.For(spec.WorkingDirectory, WindowsWorkingDirectory.ShortPath, out _) ?? spec.WorkingDirectory
                : spec.WorkingDirectory;

        // startInfo.Environment is a private copy of our environment: changing it never touches this process,
        // which MSBuild shares between many projects and tasks.
        foreach (var pair in spec.EnvironmentOverrides)
        {
            if (pair.Value is null) startInfo.Environment.Remove(pair.Key);
            else startInfo.Environment[pair.Key] = pair.Value;
        }
        return startInfo;
    }

    private static bool IsWindowsBatchFile(string fileName)
        => RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && Toolchain.ExecutableSearch.IsBatchFile(fileName);

    // %ComSpec% is what CreateProcess itself uses for a batch file; System32's cmd.exe when it is unset.
    private static string CmdExe()
        => Environment.GetEnvironmentVariable("ComSpec") is { Length: > 0 } comSpec ? comSpec : Path.Combine(Environment.SystemDirectory, "cmd.exe");

    /// <summary>Reads a stream to EOF (or until told to stop), decoding UTF-8 and posting one event per line.</summary>
    private static async Task Pump(Stream stream, bool isError, BlockingCollection<Event> events, CancellationToken stop)
    {
        var decoder = Utf8.GetDecoder();
        var bytes = new byte[16 * 1024];
        var chars = new char[Utf8.GetMaxCharCount(bytes.Length)];
        var line = new StringBuilder();
        long cut = 0;
        void Flush(string terminator)
        {
            var text = cut == 0 ? line.ToString() : line.ToString() + $"… ({cut} more characters of this line not shown)";
            Post(events, Event.ForLine(isError, text, terminator));
            line.Clear();
            cut = 0;
        }
        try
        {
            while (true)
            {
                // Byte reads with a token rather than StreamReader: the token lets us abandon a pipe a grandchild
                // keeps open, and our own decoding keeps the exact text (\r\n vs \n, final line without newline).
                int read = await stream.ReadAsync(bytes, 0, bytes.Length, stop).ConfigureAwait(false);
                int count = decoder.GetChars(bytes, 0, read, chars, 0, flush: read == 0);
                for (int i = 0; i < count; i++)
                {
                    if (chars[i] != '\n')
                    {
                        if (line.Length < MaxLineLength) line.Append(chars[i]);
                        else cut++;
                        continue;
                    }
                    bool crlf = line.Length > 0 && line[line.Length - 1] == '\r';
                    if (crlf) line.Length--;
                    Flush(crlf ? "\r\n" : "\n");
                }
                if (read == 0) break;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException) { }
        finally
        {
            if (line.Length > 0 || cut > 0) Flush("");
            Post(events, Event.EndOfStream(isError));
        }
    }

    private static void Post(BlockingCollection<Event> events, Event e)
    {
        try { events.Add(e); }
        catch (InvalidOperationException) { /* Run has returned; nobody is listening */ }
    }

    private static int Milliseconds(TimeSpan span, int max) => (int)Math.Max(0, Math.Min(Math.Ceiling(span.TotalMilliseconds), max));

    private enum EventKind { Line, EndOfStream, Exited, Cancelled }

    private sealed class Event
    {
        public static readonly Event Exited = new(EventKind.Exited, false, null, null);
        public static readonly Event Cancelled = new(EventKind.Cancelled, false, null, null);

        private Event(EventKind kind, bool isError, string? line, string? terminator)
        {
            Kind = kind;
            IsError = isError;
            Line = line;
            Terminator = terminator;
        }

        public EventKind Kind { get; }
        public bool IsError { get; }
        public string? Line { get; }
        public string? Terminator { get; }

        public static Event ForLine(bool isError, string line, string terminator) => new(EventKind.Line, isError, line, terminator);
        public static Event EndOfStream(bool isError) => new(EventKind.EndOfStream, isError, null, null);
    }

    /// <summary>Keeps a stream's lines up to <see cref="MaxRetainedCharsPerStream"/>; counts (and transcribes) the rest.</summary>
    private sealed class Collector
    {
        private readonly Action<string>? _onLine;
        private readonly Transcript _transcript;
        private readonly string _prefix;

        public Collector(Action<string>? onLine, Transcript transcript, string prefix)
        {
            _onLine = onLine;
            _transcript = transcript;
            _prefix = prefix;
        }

        public List<string> Lines { get; } = new();
        public StringBuilder Text { get; } = new();
        public int OmittedLines { get; private set; }

        public void Add(string line, string terminator)
        {
            if (OmittedLines == 0 && Text.Length + line.Length + terminator.Length <= MaxRetainedCharsPerStream)
            {
                Lines.Add(line);
                Text.Append(line).Append(terminator);
                _onLine?.Invoke(line);
                return;
            }
            // The first line past the bound: the transcript gets everything kept so far, then every later line.
            if (OmittedLines == 0) foreach (var kept in Lines) _transcript.Write(_prefix + kept);
            OmittedLines++;
            _transcript.Write(_prefix + line);
        }
    }

    /// <summary>The full output of a process that printed more than we keep, written only once that happens.</summary>
    private sealed class Transcript : IDisposable
    {
        private readonly string? _path;
        private StreamWriter? _writer;
        private bool _failed;
        private long _written;

        public Transcript(string? path) => _path = path;

        public string? WrittenPath => _writer is null ? null : _path;

        public void Write(string line)
        {
            if (_path is null || _failed || _written > MaxTranscriptBytes) return;
            try
            {
                if (_writer is null)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
                    _writer = new StreamWriter(_path, append: false, Utf8);
                }
                _writer.WriteLine(line);
                _written += line.Length + 1;
                if (_written > MaxTranscriptBytes) _writer.WriteLine($"… (transcript stopped at {MaxTranscriptBytes / (1024 * 1024)} MB)");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                // The transcript only helps to read a runaway output; the build's verdict does not depend on it.
                _failed = true;
            }
        }

        public void Dispose() => _writer?.Dispose();
    }
}
