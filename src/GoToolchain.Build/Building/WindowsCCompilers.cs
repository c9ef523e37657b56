using System;
using System.Collections.Generic;
using System.Linq;

namespace GoToolchain.Build.Building;

/// <summary>
/// Where a cgo build on a Windows host finds gcc when it is not on PATH (Windows has none of its own, and go's
/// default is `gcc` on PATH). Searched in this order, after GoCC and CC (docs/design.md, "C compiler on a Windows host"):
/// gcc on PATH; MSYS2 ucrt64, then mingw64; llvm-mingw; TDM-GCC; w64devkit; scoop's gcc, mingw, mingw-winlibs and
/// w64devkit; chocolatey's mingw; winget's WinLibs and llvm-mingw packages; last `zig cc` (zig on PATH). The first
/// found is used; none found is GOTB050, naming every place searched and the shortest way to get one.
/// </summary>
public static class WindowsCCompilers
{
    /// <summary>The shortest way to a gcc on a clean Windows machine (the fix of GOTB050).</summary>
    public const string InstallHint =
        "winget install MSYS2.MSYS2, then in its UCRT64 shell: pacman -S mingw-w64-ucrt-x86_64-gcc (gcc is C:\\msys64\\ucrt64\\bin\\gcc.exe)";

    /// <summary>One place to look: a description for the message, and the candidate files (wildcards already expanded).</summary>
    public sealed class Place
    {
        public Place(string description, IReadOnlyList<string> files) { Description = description; Files = files; }
        public string Description { get; }
        public IReadOnlyList<string> Files { get; }
    }

    /// <param name="environment">The build's environment (USERPROFILE, LOCALAPPDATA, ProgramData, SystemDrive, SCOOP).</param>
    /// <param name="subdirectories">The folders directly inside a folder (winget's versioned package folders); empty when it is absent.</param>
    public static IReadOnlyList<Place> Places(Func<string, string?> environment, Func<string, IEnumerable<string>> subdirectories)
    {
        var drive = (environment("SystemDrive") ?? "C:").TrimEnd('\\');
        var profile = environment("USERPROFILE") ?? drive + "\\Users\\Default";
        var local = environment("LOCALAPPDATA") ?? profile + "\\AppData\\Local";
        var programData = environment("ProgramData") ?? drive + "\\ProgramData";
        var scoop = environment("SCOOP") ?? profile + "\\scoop";
        var winget = local + "\\Microsoft\\WinGet\\Packages";

        IReadOnlyList<string> WingetPackage(string prefix, Func<string, IEnumerable<string>> inside)
            => subdirectories(winget).Where(d => Name(d).StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).SelectMany(inside).ToList();

        return new[]
        {
            new Place("MSYS2 ucrt64", new[] { drive + "\\msys64\\ucrt64\\bin\\gcc.exe" }),
            new Place("MSYS2 mingw64", new[] { drive + "\\msys64\\mingw64\\bin\\gcc.exe" }),
            new Place("llvm-mingw", new[] { drive + "\\llvm-mingw\\bin\\x86_64-w64-mingw32-gcc.exe" }),
            new Place("TDM-GCC", new[] { drive + "\\TDM-GCC-64\\bin\\gcc.exe" }),
            new Place("w64devkit", new[] { drive + "\\w64devkit\\bin\\gcc.exe" }),
            new Place("scoop (gcc, mingw, mingw-winlibs, w64devkit)", new[] { "gcc", "mingw", "mingw-winlibs", "w64devkit" }
                .Select(app => scoop + "\\apps\\" + app + "\\current\\bin\\gcc.exe").ToList()),
            new Place("chocolatey (mingw)", new[]
            {
                programData + "\\mingw64\\mingw64\\bin\\gcc.exe", programData + "\\chocolatey\\lib\\mingw\\tools\\install\\mingw64\\bin\\gcc.exe",
            }),
            new Place("winget (BrechtSanders.WinLibs, MartinStorsjo.LLVM-MinGW)",
                WingetPackage("BrechtSanders.WinLibs", d => new[] { d + "\\mingw64\\bin\\gcc.exe" })
                    .Concat(WingetPackage("MartinStorsjo.LLVM-MinGW", d => subdirectories(d).Select(v => v + "\\bin\\x86_64-w64-mingw32-gcc.exe")))
                    .ToList()),
        };
    }

    /// <summary>What <see cref="Find"/> found.</summary>
    public sealed class Result
    {
        public Result(bool gccOnPath, string? compiler, string? place, string searched)
        {
            GccOnPath = gccOnPath; Compiler = compiler; Place = place; Searched = searched;
        }

        /// <summary>gcc is on PATH: go's own default finds it, nothing to set.</summary>
        public bool GccOnPath { get; }

        /// <summary>CC to set (quoted when its path has a space); null when gcc is on PATH or nothing was found.</summary>
        public string? Compiler { get; }
        public string? Place { get; }

        /// <summary>Every place searched, in order, for the message.</summary>
        public string Searched { get; }
    }

    /// <summary>The C compiler for a cgo build on a Windows host, searched in the order described above.</summary>
    public static Result Find(Func<string, string?> lookPath, Func<string, bool> fileExists, Func<string, string?> environment,
        Func<string, IEnumerable<string>> subdirectories)
    {
        var places = Places(environment, subdirectories);
        var searched = "gcc on PATH, " + string.Join(", ", places.Select(p => p.Description + (p.Files.Count == 0 ? "" : " (" + string.Join(", ", p.Files) + ")"))) +
            ", zig on PATH (zig cc)";
        if (lookPath("gcc") is not null) return new Result(true, null, "PATH", searched);
        foreach (var place in places)
            foreach (var file in place.Files)
                if (fileExists(file)) return new Result(false, Quote(file), place.Description, searched);
        if (lookPath("zig") is { } zig) return new Result(false, Quote(zig) + " cc -target x86_64-windows-gnu", "zig on PATH", searched);
        return new Result(false, null, null, searched);
    }

    // go splits CC into words and honours quotes (cmd/internal/quoted): a path with a space must be quoted.
    private static string Quote(string file) => file.IndexOf(' ') >= 0 ? "\"" + file + "\"" : file;

    private static string Name(string folder) => folder.Substring(folder.LastIndexOfAny(new[] { '\\', '/' }) + 1);
}
