using System;
using System.IO;
using System.Threading;

namespace GoToolchain.Build.Generate;

/// <summary>
/// A cross-process exclusive lock on a file (FileShare.None: flock on Unix, a share lock on Windows): two
/// projects, TargetFrameworks or build nodes that share a module never run its generators at the same time.
/// The OS drops the lock when the holder dies, so a crashed build never leaves the module locked.
/// </summary>
public sealed class ModuleLock : IDisposable
{
    private readonly FileStream _stream;

    private ModuleLock(FileStream stream) => _stream = stream;

    /// <summary>Tries once; null when another holder has it.</summary>
    public static ModuleLock? TryAcquire(string lockFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);
        try
        {
            return new ModuleLock(new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            // Windows reports a file held by another process this way while it is being created.
            return null;
        }
    }

    /// <summary>Waits until the lock is free, the timeout elapses (null) or the build is cancelled (throws).</summary>
    public static ModuleLock? Acquire(string lockFile, TimeSpan timeout, CancellationToken cancellation, Action? onFirstWait = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        var waited = false;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var acquired = TryAcquire(lockFile);
            if (acquired is not null) return acquired;
            if (DateTime.UtcNow >= deadline) return null;
            if (!waited)
            {
                waited = true;
                onFirstWait?.Invoke();
            }
            cancellation.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(100));
        }
    }

    public void Dispose() => _stream.Dispose();
}
