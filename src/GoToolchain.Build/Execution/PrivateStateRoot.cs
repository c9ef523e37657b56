using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;

namespace GoToolchain.Build.Execution;

/// <summary>
/// The one folder where the package keeps state shared between projects and builds (the shared build store,
/// go generate's locks, stamps and Verify backups). What is in it is trusted: a stored build is copied into the
/// app, a backup is restored into the user's tree. So it must be the user's own: on Unix
/// &lt;temp&gt;/GoToolchain.Build-&lt;user&gt;, created 0700 and, before every use, verified to be a real folder
/// (no symlink) owned by this user that nobody else can write; on Windows %LOCALAPPDATA%\GoToolchain.Build (else
/// %TEMP%\GoToolchain.Build-&lt;user&gt;), created with an owner-only ACL and verified the same way
/// (<see cref="WindowsFolderSecurity"/>: owner, ACL, no reparse point). Anything else (another user created it first,
/// others can write to it or are in its ACL, a junction) means it is not used.
/// </summary>
public static class PrivateStateRoot
{
    /// <summary>The verified folder &lt;root&gt;/&lt;name&gt;, created if needed; null with <paramref name="problem"/>
    /// when it must not be used.</summary>
    public static string? Get(string name, out string? problem) => Get(DefaultRoot(), name, out problem);

    /// <summary>The default root: per user, outside every project.</summary>
    public static string DefaultRoot()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            if (!string.IsNullOrEmpty(local)) return Path.Combine(local, "GoToolchain.Build");
        }
        return Path.Combine(Path.GetTempPath(), "GoToolchain.Build-" + (s_userFolderName ??= UserFolderName()));
    }

    // The process's user does not change, and asking for the name reads the password database every time.
    private static string? s_userFolderName;

    private static string UserFolderName()
        => new((Environment.UserName ?? "user").Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());

    /// <summary>Exposed for tests: the same checks under another root.</summary>
    public static string? Get(string root, string name, out string? problem)
    {
        var folder = Path.Combine(root, name);
        try
        {
            problem = RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
                ? WindowsFolderSecurity.EnsurePrivate(root) ?? WindowsFolderSecurity.EnsurePrivate(folder)
                : EnsurePrivate(root) ?? EnsurePrivate(folder);
            return problem is null ? folder : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            problem = $"'{folder}' could not be checked ({e.Message})";
            return null;
        }
    }

    private const int TypeMask = 0xF000, Directory_ = 0x4000, GroupOrOtherWrite = 0x12, GroupOrOther = 0x3F;

    /// <summary>Null when <paramref name="path"/> is (now) a folder of this user that only this user can use; else why not.</summary>
    private static string? EnsurePrivate(string path)
    {
        var bytes = NullTerminated(path);
        if (Native.LStat(bytes, out var status) != 0)
        {
            Native.MkDir(bytes, 0x1C0 /* 0700; fails harmlessly if another process made it meanwhile */);
            if (Native.LStat(bytes, out status) != 0) return $"'{path}' could not be created";
        }
        if ((status.Mode & TypeMask) != Directory_)
            return $"'{path}' is not a folder (a symlink or a file is there)";
        var me = Native.GetEUid();
        if (status.Uid != me)
            return $"'{path}' belongs to user id {status.Uid}, not to this user (id {me}): someone else created it";
        if ((status.Mode & GroupOrOtherWrite) != 0)
            return $"'{path}' can be written by other users (mode {Convert.ToString(status.Mode & 0x1FF, 8)})";
        // Ours and nobody else can write: tighten what an earlier version created 0755.
        if ((status.Mode & GroupOrOther) != 0) Native.ChMod(bytes, 0x1C0);
        return null;
    }

    private static byte[] NullTerminated(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path);
        Array.Resize(ref bytes, bytes.Length + 1);
        return bytes;
    }

    /// <summary>The .NET runtime's own portable wrappers (libSystem.Native): one struct layout on every Unix. Mono (an MSBuild on
    /// Mono, the .NET Framework host the tests run) has none: it ships the same wrappers as libmono-native, LStat as LStat2 (the
    /// same leading fields).</summary>
    private static class Native
    {
        private static bool s_mono;

        public static int LStat(byte[] path, out FileStatus status)
        {
            if (!s_mono) try { return DotNet.LStat(path, out status); } catch (DllNotFoundException) { s_mono = true; }
            return Mono.LStat2(path, out status);
        }

        public static int MkDir(byte[] path, int mode) => s_mono ? Mono.MkDir(path, mode) : DotNet.MkDir(path, mode);
        public static int ChMod(byte[] path, int mode) => s_mono ? Mono.ChMod(path, mode) : DotNet.ChMod(path, mode);
        public static uint GetEUid() => s_mono ? Mono.GetEUid() : DotNet.GetEUid();
    }

    private static class DotNet
    {
        [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat")]
        public static extern int LStat(byte[] path, out FileStatus status);

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_MkDir")]
        public static extern int MkDir(byte[] path, int mode);

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_ChMod")]
        public static extern int ChMod(byte[] path, int mode);

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_GetEUid")]
        public static extern uint GetEUid();
    }

    private static class Mono
    {
        [DllImport("libmono-native", EntryPoint = "SystemNative_LStat2")]
        public static extern int LStat2(byte[] path, out FileStatus status);

        [DllImport("libmono-native", EntryPoint = "SystemNative_MkDir")]
        public static extern int MkDir(byte[] path, int mode);

        [DllImport("libmono-native", EntryPoint = "SystemNative_ChMod")]
        public static extern int ChMod(byte[] path, int mode);

        [DllImport("libmono-native", EntryPoint = "SystemNative_GetEUid")]
        public static extern uint GetEUid();
    }

    /// <summary>The leading fields of System.Native's FileStatus; the rest is room for the fields after them.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct FileStatus
    {
        public int Flags;
        public int Mode;
        public uint Uid;
        public uint Gid;
    }
}
