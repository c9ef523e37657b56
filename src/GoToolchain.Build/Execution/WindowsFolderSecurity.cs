using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace GoToolchain.Build.Execution;

/// <summary>
/// The Windows side of <see cref="PrivateStateRoot"/>: the folder is created with an owner-only, protected ACL
/// (<c>O:me D:P(A;OICI;FA;;;me)</c>) and, before every use, read back as SDDL and judged by <see cref="Problem"/>:
/// not a reparse point (junction, symbolic link), owned by this user, and no ACE that allows anyone but this user,
/// SYSTEM and the Administrators (who can take any folder anyway), nor a missing (null) DACL, which allows everyone.
/// What an ACE allows is not weighed: read access to a planted build is not the risk, write access is, but one rule
/// ("only us") is what the folder is created with and what is easy to check.
/// </summary>
public static class WindowsFolderSecurity
{
    /// <summary>SYSTEM, BUILTIN\Administrators, CREATOR OWNER and OWNER RIGHTS (the last two stand for the owner).</summary>
    private static readonly HashSet<string> AlwaysTrusted = new(StringComparer.OrdinalIgnoreCase)
    {
        "SY", "S-1-5-18", "BA", "S-1-5-32-544", "CO", "S-1-3-0", "OW", "S-1-3-4",
    };

    // An ACE: (type;flags;rights;object guid;inherit object guid;account sid[;resource attribute]).
    private static readonly Regex Ace = new(@"\((?<type>[A-Z]+);[^;]*;[^;]*;[^;]*;[^;]*;(?<sid>[^;)]+)[^)]*\)", RegexOptions.CultureInvariant);

    /// <summary>
    /// Null when <paramref name="path"/>, with these <paramref name="attributes"/> and this security descriptor
    /// (<paramref name="sddl"/>: owner and DACL), is a folder only <paramref name="currentUserSid"/> can use; else why not.
    /// </summary>
    public static string? Problem(string path, FileAttributes attributes, string sddl, string currentUserSid)
    {
        if ((attributes & FileAttributes.ReparsePoint) != 0)
            return $"'{path}' is a reparse point (a junction or a symbolic link), not a folder of its own";
        if ((attributes & FileAttributes.Directory) == 0) return $"'{path}' is not a folder (a file is there)";
        var owner = Regex.Match(sddl, @"O:(?<sid>[^:()]+?)(?=[GDS]:|$)", RegexOptions.CultureInvariant).Groups["sid"].Value;
        if (!string.Equals(owner, currentUserSid, StringComparison.OrdinalIgnoreCase))
            return $"'{path}' belongs to {(owner.Length == 0 ? "an unknown owner" : Account(owner))}, not to this user ({currentUserSid}): someone else created it";
        var dacl = Regex.Match(sddl, @"D:(?<flags>[A-Z_]*)(?<aces>(\([^)]*\))*)", RegexOptions.CultureInvariant);
        if (!dacl.Success || dacl.Groups["flags"].Value.Contains("NO_ACCESS_CONTROL"))
            return $"'{path}' has no access control list, so everyone can use it";
        var others = Ace.Matches(dacl.Groups["aces"].Value).Cast<Match>()
            .Where(m => m.Groups["type"].Value is "A" or "OA" or "XA" or "ZA")
            .Select(m => m.Groups["sid"].Value)
            .Where(sid => !string.Equals(sid, currentUserSid, StringComparison.OrdinalIgnoreCase) && !AlwaysTrusted.Contains(sid))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        return others.Count == 0 ? null
            : $"'{path}' gives other users access ({string.Join(", ", others.Select(Account))} in its access control list {dacl.Value})";
    }

    /// <summary>A SID as a reader knows it: the well-known aliases of SDDL spelled out.</summary>
    private static string Account(string sid) => sid.ToUpperInvariant() switch
    {
        "WD" or "S-1-1-0" => "Everyone (WD)",
        "AU" or "S-1-5-11" => "Authenticated Users (AU)",
        "BU" or "S-1-5-32-545" => "BUILTIN\\Users (BU)",
        "AN" or "S-1-5-7" => "ANONYMOUS LOGON (AN)",
        "IU" or "S-1-5-4" => "INTERACTIVE (IU)",
        _ => sid,
    };

    /// <summary>Null when <paramref name="path"/> is (now) a folder of this user that only this user can use; else why not.
    /// A missing folder is created owner-only first.</summary>
    public static string? EnsurePrivate(string path)
    {
        var me = CurrentUserSid();
        var attributes = GetFileAttributesW(path);
        if (attributes == InvalidFileAttributes)
        {
            CreateOwnerOnly(path, me);
            attributes = GetFileAttributesW(path);
            if (attributes == InvalidFileAttributes) return $"'{path}' could not be created ({LastError()})";
        }
        return Problem(path, (FileAttributes)attributes, ReadSddl(path), me);
    }

    private static void CreateOwnerOnly(string path, string me)
    {
        if (!ConvertStringSecurityDescriptorToSecurityDescriptorW($"O:{me}D:P(A;OICI;FA;;;{me})", 1, out var descriptor, out _))
            throw new IOException("the owner-only security descriptor could not be made: " + LastError());
        try
        {
            var attributes = new SECURITY_ATTRIBUTES { nLength = Marshal.SizeOf(typeof(SECURITY_ATTRIBUTES)), lpSecurityDescriptor = descriptor };
            // Fails harmlessly when another process made it meanwhile: what is there is checked next either way.
            CreateDirectoryW(path, ref attributes);
        }
        finally { LocalFree(descriptor); }
    }

    /// <summary>The owner and DACL of <paramref name="path"/> as SDDL (not following a reparse point: the attributes say).</summary>
    private static string ReadSddl(string path)
    {
        const int OwnerAndDacl = 0x1 | 0x4, FileObject = 1;
        var error = GetNamedSecurityInfoW(path, FileObject, OwnerAndDacl, out _, out _, out _, out _, out var descriptor);
        if (error != 0) throw new IOException("its security descriptor could not be read: " + new Win32Exception(error).Message);
        try
        {
            if (!ConvertSecurityDescriptorToStringSecurityDescriptorW(descriptor, 1, OwnerAndDacl, out var text, out _))
                throw new IOException("its security descriptor could not be read: " + LastError());
            try { return Marshal.PtrToStringUni(text) ?? ""; }
            finally { LocalFree(text); }
        }
        finally { LocalFree(descriptor); }
    }

    /// <summary>The SID of the user this process runs as ("S-1-5-21-...").</summary>
    private static string CurrentUserSid()
    {
        const int TokenQuery = 0x8, TokenUser = 1;
        if (!OpenProcessToken(GetCurrentProcess(), TokenQuery, out var token)) throw new IOException("the process token could not be read: " + LastError());
        try
        {
            GetTokenInformation(token, TokenUser, IntPtr.Zero, 0, out var size);
            var buffer = Marshal.AllocHGlobal(size);
            try
            {
                if (!GetTokenInformation(token, TokenUser, buffer, size, out _)) throw new IOException("the process's user could not be read: " + LastError());
                // TOKEN_USER starts with SID_AND_ATTRIBUTES, whose first field is the SID pointer.
                if (!ConvertSidToStringSidW(Marshal.ReadIntPtr(buffer), out var text)) throw new IOException("the user's SID could not be read: " + LastError());
                try { return Marshal.PtrToStringUni(text) ?? ""; }
                finally { LocalFree(text); }
            }
            finally { Marshal.FreeHGlobal(buffer); }
        }
        finally { CloseHandle(token); }
    }

    private static string LastError() => new Win32Exception(Marshal.GetLastWin32Error()).Message;

    private const uint InvalidFileAttributes = 0xFFFFFFFF;

    [StructLayout(LayoutKind.Sequential)]
    private struct SECURITY_ATTRIBUTES
    {
        public int nLength;
        public IntPtr lpSecurityDescriptor;
        public int bInheritHandle;
    }

    [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern uint GetFileAttributesW(string path);

    [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern bool CreateDirectoryW(string path, ref SECURITY_ATTRIBUTES attributes);

    [DllImport("kernel32.dll")]
    private static extern IntPtr GetCurrentProcess();

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern bool CloseHandle(IntPtr handle);

    [DllImport("kernel32.dll")]
    private static extern IntPtr LocalFree(IntPtr memory);

    [DllImport("advapi32.dll", SetLastError = true)]
    private static extern bool OpenProcessToken(IntPtr process, int access, out IntPtr token);

    [DllImport("advapi32.dll", SetLastError = true)]
    private static extern bool GetTokenInformation(IntPtr token, int informationClass, IntPtr information, int length, out int returnLength);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern bool ConvertSidToStringSidW(IntPtr sid, out IntPtr text);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode)]
    private static extern int GetNamedSecurityInfoW(string name, int objectType, int information, out IntPtr owner, out IntPtr group,
        out IntPtr dacl, out IntPtr sacl, out IntPtr descriptor);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern bool ConvertSecurityDescriptorToStringSecurityDescriptorW(IntPtr descriptor, int revision, int information,
        out IntPtr text, out int length);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern bool ConvertStringSecurityDescriptorToSecurityDescriptorW(string text, int revision, out IntPtr descriptor, out int size);
}
