using System;

namespace GoToolchain.Build.Building;

public enum GoBuildMode { CShared, Exe, CArchive, None }

public static class GoBuildModes
{
    public static bool TryParse(string? text, out GoBuildMode mode)
    {
        switch ((text ?? "").Trim().ToLowerInvariant())
        {
            case "":
            case "c-shared": mode = GoBuildMode.CShared; return true;
            case "exe": mode = GoBuildMode.Exe; return true;
            case "c-archive": mode = GoBuildMode.CArchive; return true;
            case "none": mode = GoBuildMode.None; return true;
            default: mode = GoBuildMode.None; return false;
        }
    }

    public static string ToGoFlag(GoBuildMode mode) => mode switch
    {
        GoBuildMode.CShared => "c-shared",
        GoBuildMode.CArchive => "c-archive",
        GoBuildMode.Exe => "exe",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "no go build for BuildMode=none"),
    };

    /// <summary>cgo is required for c-shared and c-archive; without it go reports "build constraints exclude all Go files".</summary>
    public static bool NeedsCgo(GoBuildMode mode) => mode is GoBuildMode.CShared or GoBuildMode.CArchive;

    /// <summary>The file name go build writes for this mode and OS: lib{name}.so, {name}.dll, lib{name}.dylib, {name}.exe, ...</summary>
    public static string OutputFileName(GoBuildMode mode, string goos, string name) => mode switch
    {
        GoBuildMode.CShared => goos switch
        {
            "windows" => name + ".dll",
            "darwin" or "ios" => "lib" + name + ".dylib",
            _ => "lib" + name + ".so",
        },
        GoBuildMode.CArchive => goos == "windows" ? name + ".lib" : "lib" + name + ".a",
        GoBuildMode.Exe => goos == "windows" ? name + ".exe" : goos is "js" or "wasip1" ? name + ".wasm" : name,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "no output for BuildMode=none"),
    };

    /// <summary>c-shared and c-archive write a C header beside the output: same name, .h.</summary>
    public static string? HeaderFileName(GoBuildMode mode, string outputFileName)
    {
        if (!NeedsCgo(mode)) return null;
        var dot = outputFileName.LastIndexOf('.');
        return (dot > 0 ? outputFileName.Substring(0, dot) : outputFileName) + ".h";
    }
}
