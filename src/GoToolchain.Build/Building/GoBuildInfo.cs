using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Building;

/// <summary>
/// The build information Go's linker embeds in every executable and shared library it links (what `go version`
/// and `go version -m` print), read from the file itself: no go process. The blob starts with the 14-byte magic
/// "\xff Go buildinf:", then one byte pointer size and one byte of flags; from Go 1.18 on (flag bit 2, "inline")
/// the Go version and the module/build-settings text follow the 32-byte header as two uvarint-length-prefixed
/// strings. The version string is runtime.buildVersion, which carries the effective experiments, e.g.
/// "go1.21.13 X:loopvar", or "go1.27.4-X:loopvar" from Go 1.26 on (`go version` prints exactly it).
/// Where the blob lives: ELF section .go.buildinfo; Mach-O section __go_buildinfo; PE: near the start of the first
/// initialized, writable data section. We look there first, at 16-byte alignment as Go's debug/buildinfo does,
/// and fall back to scanning the whole file, accepting only a blob whose header and strings parse.
/// </summary>
public sealed class GoBuildInfo
{
    private static readonly byte[] Magic = { 0xff, (byte)' ', (byte)'G', (byte)'o', (byte)' ', (byte)'b', (byte)'u', (byte)'i', (byte)'l',
        (byte)'d', (byte)'i', (byte)'n', (byte)'f', (byte)':' };
    private const int HeaderSize = 32;
    private const int Alignment = 16;
    private const byte FlagInline = 0x2;

    /// <summary>The Go version with the effective experiments, e.g. "go1.23.5" or "go1.21.13 X:loopvar".</summary>
    public string GoVersion { get; }

    /// <summary>The `go version -m` text: path, mod, dep and build lines (without the binary sentinels).</summary>
    public string ModuleInfo { get; }

    private GoBuildInfo(string goVersion, string moduleInfo)
    {
        GoVersion = goVersion;
        ModuleInfo = moduleInfo;
    }

    /// <summary>The experiments in the version string, sorted as go prints them; empty when none.</summary>
    public IReadOnlyList<string> Experiments => ExperimentsOf(GoVersion);

    /// <summary>
    /// The experiments of a Go version string as the linker embeds it and `go version` prints it: "go1.21.13 X:loopvar" up to
    /// Go 1.25, "go1.26.11-X:fieldtrack,loopvar" from Go 1.26 on (a '-' where there was a space). Empty when it lists none.
    /// </summary>
    public static IReadOnlyList<string> ExperimentsOf(string versionLine)
    {
        var at = versionLine.IndexOf(" X:", StringComparison.Ordinal);
        if (at < 0) at = versionLine.IndexOf("-X:", StringComparison.Ordinal);
        if (at < 0) return Array.Empty<string>();
        var list = versionLine.Substring(at + 3).Trim().Split(' ')[0];
        return list.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The value of a `build KEY=VALUE` line of the module info (e.g. GOEXPERIMENT, CGO_ENABLED), or null.</summary>
    public string? BuildSetting(string key)
    {
        foreach (var raw in ModuleInfo.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (!line.StartsWith("build\t", StringComparison.Ordinal)) continue;
            var setting = line.Substring(6);
            if (setting.StartsWith(key + "=", StringComparison.Ordinal)) return setting.Substring(key.Length + 1);
        }
        return null;
    }

    /// <summary>
    /// The `path` line's package ("golang.org/x/tools/cmd/stringer") or the `mod` line's module and version
    /// ("golang.org/x/tools v0.30.0"); null when absent (a binary built outside module mode has a path line only).
    /// </summary>
    public string? ModuleLine(string kind)
        => Fields(kind).FirstOrDefault() is { } fields ? string.Join(" ", fields.Take(2)) : null;

    /// <summary>The version of a `dep` line for <paramref name="modulePath"/> (after a `=>` replacement line, the replacement's); null when absent.</summary>
    public string? Dependency(string modulePath)
    {
        string? version = null;
        var lines = ModuleInfo.Split('\n').Select(l => l.TrimEnd('\r').Split('\t')).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Length < 3 || lines[i][0] != "dep" || lines[i][1] != modulePath) continue;
            version = lines[i][2];
            if (i + 1 < lines.Count && lines[i + 1].Length >= 3 && lines[i + 1][0] == "=>") version += " => " + string.Join(" ",
                lines[i + 1].Skip(1).Take(2));
        }
        return version;
    }

    private IEnumerable<string[]> Fields(string kind)
        => ModuleInfo.Split('\n').Select(l => l.TrimEnd('\r').Split('\t')).Where(f => f.Length >= 2 && f[0] == kind).Select(f => f.Skip(1).ToArray());

    /// <summary>Reads the build information of a Go-linked file, or null when the file has none we can read
    /// (not a Go binary, a c-archive, or the pre-1.18 pointer format).</summary>
    public static GoBuildInfo? Read(string path)
    {
        byte[] data;
        try { data = File.ReadAllBytes(path); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        return Parse(data);
    }

    public static GoBuildInfo? Parse(byte[] data)
    {
        foreach (var (start, length) in CandidateRanges(data))
        {
            var found = ScanAligned(data, start, length);
            if (found is not null) return found;
        }
        return ScanAnywhere(data);
    }

    // ---------- where the blob should be, per executable format ----------

    private static IEnumerable<(long Start, long Length)> CandidateRanges(byte[] data)
    {
        var ranges = new List<(long, long)>();
        try
        {
            if (data.Length >= 64 && data[0] == 0x7f && data[1] == (byte)'E' && data[2] == (byte)'L' && data[3] == (byte)'F') AddElf(data, ranges);
            else if (data.Length >= 64 && data[0] == (byte)'M' && data[1] == (byte)'Z') AddPe(data, ranges);
            else if (data.Length >= 32 && IsMachO(data)) AddMachO(data, ranges);
        }
        catch (IndexOutOfRangeException) { ranges.Clear(); }
        catch (ArgumentOutOfRangeException) { ranges.Clear(); }
        return ranges;
    }

    private static void AddElf(byte[] d, List<(long, long)> ranges)
    {
        bool is64 = d[4] == 2, bigEndian = d[5] == 2;
        long shoff = is64 ? (long)U64(d, 0x28, bigEndian) : U32(d, 0x20, bigEndian);
        int shentsize = U16(d, is64 ? 0x3a : 0x2e, bigEndian);
        int shnum = U16(d, is64 ? 0x3c : 0x30, bigEndian);
        int shstrndx = U16(d, is64 ? 0x3e : 0x32, bigEndian);
        if (shoff <= 0 || shnum == 0 || shstrndx >= shnum) return;
        (long Offset, long Size, uint Name, ulong Flags) Section(int i)
        {
            long at = shoff + (long)i * shentsize;
            uint name = U32(d, (int)at, bigEndian);
            return is64
                ? ((long)U64(d, (int)at + 0x18, bigEndian), (long)U64(d, (int)at + 0x20, bigEndian), name, U64(d, (int)at + 0x08, bigEndian))
                : (U32(d, (int)at + 0x10, bigEndian), U32(d, (int)at + 0x14, bigEndian), name, U32(d, (int)at + 0x08, bigEndian));
        }
        var names = Section(shstrndx);
        const ulong alloc = 0x2, write = 0x1;
        (long, long)? firstData = null;
        for (int i = 0; i < shnum; i++)
        {
            var s = Section(i);
            var name = CString(d, names.Offset + s.Name);
            if (name == ".go.buildinfo") { ranges.Insert(0, (s.Offset, s.Size)); return; }
            if (firstData is null && (s.Flags & (alloc | write)) == (alloc | write) && s.Size > 0 && name != ".bss"
                && name != ".tbss") firstData = (s.Offset, s.Size);
        }
        if (firstData is not null) ranges.Add(firstData.Value);
    }

    private static void AddPe(byte[] d, List<(long, long)> ranges)
    {
        int pe = (int)U32(d, 0x3c, false);
        if (pe + 24 > d.Length || d[pe] != 'P' || d[pe + 1] != 'E' || d[pe + 2] != 0 || d[pe + 3] != 0) return;
        int sections = U16(d, pe + 6, false);
        int optionalHeaderSize = U16(d, pe + 20, false);
        int table = pe + 24 + optionalHeaderSize;
        const uint initializedData = 0x40, read = 0x40000000, write = 0x80000000, align32 = 0x00600000;
        for (int i = 0; i < sections; i++)
        {
            int at = table + i * 40;
            uint virtualAddress = U32(d, at + 12, false), rawSize = U32(d, at + 16, false), rawPointer = U32(d, at + 20, false);
            uint characteristics = U32(d, at + 36, false);
            // Go's debug/buildinfo: the blob is near the start of the first initialized, writable data section.
            if (virtualAddress != 0 && rawSize != 0 && (characteristics & ~align32) == (initializedData | read | write))
            {
                ranges.Add((rawPointer, rawSize));
                return;
            }
        }
    }

    private static bool IsMachO(byte[] d)
    {
        uint m = U32(d, 0, false);
        return m == 0xfeedfacf || m == 0xfeedface || m == 0xcffaedfe || m == 0xcefaedfe;
    }

    private static void AddMachO(byte[] d, List<(long, long)> ranges)
    {
        uint m = U32(d, 0, false);
        bool bigEndian = m == 0xcffaedfe || m == 0xcefaedfe;
        bool is64 = m == 0xfeedfacf || m == 0xcffaedfe;
        int commands = (int)U32(d, 16, bigEndian);
        int at = is64 ? 32 : 28;
        for (int c = 0; c < commands && at + 8 <= d.Length; c++)
        {
            uint cmd = U32(d, at, bigEndian), size = U32(d, at + 4, bigEndian);
            if (size == 0) return;
            if (cmd == 0x19 || cmd == 0x1) // LC_SEGMENT_64 / LC_SEGMENT
            {
                int sectionCount = (int)U32(d, at + (is64 ? 64 : 48), bigEndian);
                int s = at + (is64 ? 72 : 56);
                for (int i = 0; i < sectionCount; i++, s += is64 ? 80 : 68)
                {
                    if (CString(d, s, 16) != "__go_buildinfo") continue;
                    long sectionSize = is64 ? (long)U64(d, s + 40, bigEndian) : U32(d, s + 36, bigEndian);
                    long offset = U32(d, s + (is64 ? 48 : 40), bigEndian);
                    ranges.Add((offset, sectionSize));
                    return;
                }
            }
            at += (int)size;
        }
    }

    // ---------- the blob ----------

    private static GoBuildInfo? ScanAligned(byte[] data, long start, long length)
    {
        long end = Math.Min(data.Length, start + length);
        for (long i = start; i >= 0 && i + HeaderSize <= end; i += Alignment)
        {
            if (MagicAt(data, i) && TryParseBlob(data, i) is { } info) return info;
        }
        return null;
    }

    private static GoBuildInfo? ScanAnywhere(byte[] data)
    {
        for (long i = 0; i + HeaderSize <= data.Length; i++)
        {
            if (data[i] == Magic[0] && MagicAt(data, i) && TryParseBlob(data, i) is { } info) return info;
        }
        return null;
    }

    private static bool MagicAt(byte[] data, long at)
    {
        for (int k = 0; k < Magic.Length; k++) if (data[at + k] != Magic[k]) return false;
        return true;
    }

    private static GoBuildInfo? TryParseBlob(byte[] data, long at)
    {
        byte pointerSize = data[at + 14], flags = data[at + 15];
        if ((pointerSize != 4 && pointerSize != 8) || (flags & FlagInline) == 0) return null;
        long position = at + HeaderSize;
        var versionBytes = ReadBytes(data, ref position);
        if (versionBytes is null) return null;
        var version = Encoding.UTF8.GetString(versionBytes);
        if (!(version.StartsWith("go", StringComparison.Ordinal) || version.StartsWith("devel", StringComparison.Ordinal))) return null;
        var module = ReadBytes(data, ref position) ?? Array.Empty<byte>();
        // The module info is framed by two 16-byte binary sentinels (cmd/go/internal/modload), which `go version -m`
        // strips the same way: only when the text before the end sentinel ends in a newline.
        var moduleText = module.Length >= 33 && module[module.Length - 17] == (byte)'\n'
            ? Encoding.UTF8.GetString(module, 16, module.Length - 32)
            : "";
        return new GoBuildInfo(version, moduleText);
    }

    private static byte[]? ReadBytes(byte[] data, ref long position)
    {
        ulong length = 0;
        int shift = 0;
        while (true)
        {
            if (position >= data.Length || shift > 63) return null;
            byte b = data[position++];
            length |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) break;
            shift += 7;
        }
        if (length > 1 << 20 || position + (long)length > data.Length) return null;
        var bytes = new byte[length];
        Array.Copy(data, position, bytes, 0, (long)length);
        position += (long)length;
        return bytes;
    }

    // ---------- little helpers ----------

    private static ushort U16(byte[] d, int at, bool bigEndian) =>
        bigEndian ? (ushort)(d[at] << 8 | d[at + 1]) : (ushort)(d[at] | d[at + 1] << 8);

    private static uint U32(byte[] d, int at, bool bigEndian) =>
        bigEndian ? (uint)(d[at] << 24 | d[at + 1] << 16 | d[at + 2] << 8 | d[at + 3])
            : (uint)(d[at] | d[at + 1] << 8 | d[at + 2] << 16 | d[at + 3] << 24);

    private static ulong U64(byte[] d, int at, bool bigEndian) =>
        bigEndian ? (ulong)U32(d, at, true) << 32 | U32(d, at + 4, true) : U32(d, at, false) | (ulong)U32(d, at + 4, false) << 32;

    private static string CString(byte[] d, long at, int max = 256)
    {
        var sb = new StringBuilder();
        for (long i = at; i < d.Length && i < at + max && d[i] != 0; i++) sb.Append((char)d[i]);
        return sb.ToString();
    }
}
