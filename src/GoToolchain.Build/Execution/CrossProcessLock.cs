using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace GoToolchain.Build.Execution;

/// <summary>
/// An exclusive lock shared by every process on the machine (MSBuild nodes of a -m build, several builds):
/// an open lock file with FileShare.None (flock on Unix). The operating system releases it when the holder
/// exits, so a crashed or killed build never leaves a stale lock behind.
/// </summary>
public sealed class CrossProcessLock : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private FileStream? _stream;

    private CrossProcessLock(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    public string Path { get; }

    /// <returns>The held lock, or null when <paramref name="timeout"/> passed while another process held it.</returns>
    /// <exception cref="OperationCanceledException">The build was cancelled while waiting.</exception>
    /// <exception cref="IOException">The lock file cannot be created at all (e.g. the folder is not writable).</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or the lock file is not ours to write.</exception>
    public static CrossProcessLock? TryAcquire(string path, TimeSpan timeout, CancellationToken cancellation, Action? onFirstWait = null)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var clock = Stopwatch.StartNew();
        var waited = false;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                return new CrossProcessLock(stream, path);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Held by another process (a sharing violation): wait and retry.
            }
            catch (UnauthorizedAccessException) when (File.Exists(path))
            {
                // Windows reports a file held by another process this way while that process is creating it.
            }
            if (clock.Elapsed >= timeout) return null;
            if (!waited)
            {
                waited = true;
                onFirstWait?.Invoke();
            }
            cancellation.WaitHandle.WaitOne(Poll);
        }
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
    }
}
