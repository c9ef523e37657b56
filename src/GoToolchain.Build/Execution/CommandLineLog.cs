using System;
using System.Threading;

namespace GoToolchain.Build.Execution;

/// <summary>
/// Where the command line of every child process goes, for the task that is running (MSBuild's LogCommandLine, so
/// binlog viewers show go invocations as commands). Ambient per logical call, so the pure logic needs no logger
/// parameter for it and concurrent tasks never see each other's sink.
/// </summary>
public static class CommandLineLog
{
    private static readonly AsyncLocal<Action<string>?> Sink = new();

    /// <summary>Sends command lines started on this logical call to <paramref name="sink"/> until disposed.</summary>
    public static IDisposable Use(Action<string> sink)
    {
        var previous = Sink.Value;
        Sink.Value = sink;
        return new Restore(previous);
    }

    internal static void Starting(ProcessSpec spec) => Sink.Value?.Invoke(spec.CommandLineForLog);

    private sealed class Restore : IDisposable
    {
        private readonly Action<string>? _previous;
        public Restore(Action<string>? previous) => _previous = previous;
        public void Dispose() => Sink.Value = _previous;
    }
}
