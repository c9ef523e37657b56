using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>What a native file is, from its headers: "ELF x86-64", "ELF aarch64", "PE x86-64 DLL", "PE x86-64 EXE", ...</summary>
public static class NativeFormat
{
    /// <summary>The format of <paramref name="file"/>; a missing file fails the test, naming what its folder holds.</summary>
    public static string Of(string file)
    {
        Assert.IsTrue(File.Exists(file), $"{file} does not exist; the folder has: "
            + string.Join(", ", Directory.GetFiles(Path.GetDirectoryName(file)!).Select(Path.GetFileName)));
        return Describe(File.ReadAllBytes(file));
    }

    public static string Describe(byte[] bytes)
    {
        if (bytes.Length >= 20 && bytes[0] == 0x7F && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F')
        {
            var machine = bytes[18] | bytes[19] << 8;
            return machine switch { 0x3E => "ELF x86-64", 0xB7 => "ELF aarch64", _ => $"ELF machine 0x{machine:x}" };
        }
        if (bytes.Length >= 0x40 && bytes[0] == 'M' && bytes[1] == 'Z')
        {
            var pe = BitConverter.ToInt32(bytes, 0x3C);
            if (pe > 0 && pe + 24 <= bytes.Length && bytes[pe] == 'P' && bytes[pe + 1] == 'E' && bytes[pe + 2] == 0 && bytes[pe + 3] == 0)
            {
                var machine = BitConverter.ToUInt16(bytes, pe + 4);
                var characteristics = BitConverter.ToUInt16(bytes, pe + 22);
                var arch = machine switch { 0x8664 => "x86-64", 0xAA64 => "arm64", 0x14C => "x86", _ => $"machine 0x{machine:x}" };
                return $"PE {arch} {((characteristics & 0x2000) != 0 ? "DLL" : "EXE")}";
            }
        }
        return bytes.Length >= 4 ? "unknown " + BitConverter.ToString(bytes, 0, 4) : "too short";
    }
}
