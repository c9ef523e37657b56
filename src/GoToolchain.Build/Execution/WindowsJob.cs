using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace GoToolchain.Build.Execution;

/// <summary>
/// A Windows Job object with JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE holding one child process and, because Windows puts
/// every process a job member starts into the same job, all its descendants, including those whose parent has
/// exited (Process.Kill(true) walks parent links and cannot find such orphans; Linux has the environment marker
/// sweep for them). <see cref="Terminate"/> ends them all; closing the handle (Dispose, or our own process dying) does
/// too. The child is assigned right after it starts: a process it starts in that first instant would escape, which
/// go, whose children start after its own start-up, never does.
/// </summary>
internal sealed class WindowsJob : IDisposable
{
    private const int JobObjectExtendedLimitInformation = 9;
    private const uint JobObjectLimitKillOnJobClose = 0x2000;

    private IntPtr _handle;

    private WindowsJob(IntPtr handle) => _handle = handle;

    /// <summary>A job holding <paramref name="process"/>; null off Windows, or with the reason in <paramref name="problem"/>
    /// when Windows refused (the caller then falls back to the tree kill alone).</summary>
    public static WindowsJob? TryCreate(Process process, out string? problem)
    {
        problem = null;
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return null;
        var handle = CreateJobObjectW(IntPtr.Zero, null);
        if (handle == IntPtr.Zero)
        {
            problem = "CreateJobObject failed: " + new Win32Exception(Marshal.GetLastWin32Error()).Message;
            return null;
        }
        var job = new WindowsJob(handle);
        var limits = new JOBOBJECT_EXTENDED_LIMIT_INFORMATION { BasicLimitInformation = { LimitFlags = JobObjectLimitKillOnJobClose } };
        var size = Marshal.SizeOf(typeof(JOBOBJECT_EXTENDED_LIMIT_INFORMATION));
        if (!SetInformationJobObject(handle, JobObjectExtendedLimitInformation, ref limits, (uint)size))
        {
            problem = "SetInformationJobObject(KILL_ON_JOB_CLOSE) failed: " + new Win32Exception(Marshal.GetLastWin32Error()).Message;
            job.Dispose();
            return null;
        }
        if (!AssignProcessToJobObject(handle, process.Handle))
        {
            problem = "AssignProcessToJobObject failed: " + new Win32Exception(Marshal.GetLastWin32Error()).Message;
            job.Dispose();
            return null;
        }
        return job;
    }

    /// <summary>Ends every process still in the job. Best effort: never throws.</summary>
    public void Terminate()
    {
        if (_handle != IntPtr.Zero) TerminateJobObject(_handle, 1);
    }

    public void Dispose()
    {
        if (_handle == IntPtr.Zero) return;
        CloseHandle(_handle); // KILL_ON_JOB_CLOSE: whatever is left ends here
        _handle = IntPtr.Zero;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct JOBOBJECT_BASIC_LIMIT_INFORMATION
    {
        public long PerProcessUserTimeLimit;
        public long PerJobUserTimeLimit;
        public uint LimitFlags;
        public UIntPtr MinimumWorkingSetSize;
        public UIntPtr MaximumWorkingSetSize;
        public uint ActiveProcessLimit;
        public UIntPtr Affinity;
        public uint PriorityClass;
        public uint SchedulingClass;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct IO_COUNTERS
    {
        public ulong ReadOperationCount, WriteOperationCount, OtherOperationCount, ReadTransferCount, WriteTransferCount, OtherTransferCount;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct JOBOBJECT_EXTENDED_LIMIT_INFORMATION
    {
        public JOBOBJECT_BASIC_LIMIT_INFORMATION BasicLimitInformation;
        public IO_COUNTERS IoInfo;
        public UIntPtr ProcessMemoryLimit;
        public UIntPtr JobMemoryLimit;
        public UIntPtr PeakProcessMemoryUsed;
        public UIntPtr PeakJobMemoryUsed;
    }

    [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
    private static extern IntPtr CreateJobObjectW(IntPtr attributes, string? name);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern bool SetInformationJobObject(IntPtr job, int infoClass, ref JOBOBJECT_EXTENDED_LIMIT_INFORMATION info, uint length);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern bool AssignProcessToJobObject(IntPtr job, IntPtr process);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern bool TerminateJobObject(IntPtr job, uint exitCode);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern bool CloseHandle(IntPtr handle);
}
