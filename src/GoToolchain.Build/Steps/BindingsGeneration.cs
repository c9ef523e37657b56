using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using GoToolchain.Build.Bindings;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Settings;

namespace GoToolchain.Build.Steps;

/// <summary>
/// GenerateGoBindings' work after go build: writes the C# bindings of every c-shared GoModule with GenerateBindings="true" from the
/// header go wrote (rewriting a file only when its text changes), and checks the project's hand-written [DllImport]/[LibraryImport]
/// declarations against every c-shared library of the build. Starts no process.
/// </summary>
public static class BindingsGeneration
{
    /// <param name="builds">Each planned build's metadata (ModuleDirectory, BuildMode, Package, OutputFileName, HeaderPath, GoOS, GoArch).</param>
    /// <param name="sourceFiles">The project's C# files (full paths).</param>
    /// <returns>The generated files.</returns>
    public static IReadOnlyList<string> Run(ProjectSettings settings, IEnumerable<Func<string, string>> builds, string outputDirectory,
        IEnumerable<string> sourceFiles, DiagnosticBag diagnostics, BuildLog log)
    {
        var generated = new List<string>();
        var libraries = new List<ExportedLibrary>();
        foreach (var build in builds)
        {
            var module = settings.Module(build("ModuleDirectory"));
            var wanted = module?.GenerateBindings == true;
            var headerPath = build("HeaderPath");
            if (!string.Equals(build("BuildMode"), "c-shared", StringComparison.OrdinalIgnoreCase) || headerPath.Length == 0 || !File.Exists(headerPath))
            {
                if (wanted)
                {
                    diagnostics.Add(Diagnostic.Error(Codes.BindingsNeedHeader,
                        $"GoModule '{module!.ItemSpec}' has GenerateBindings=\"true\", but " +
                        (headerPath.Length == 0 ? $"its BuildMode is '{build("BuildMode")}'" : $"go build wrote no header '{headerPath}'") +
                        ": bindings are generated from the C header of a c-shared build. " +
                        "Fix: set BuildMode=\"c-shared\" (the default), or remove GenerateBindings.",
                        settings.ProjectFile));
                }
                continue;
            }
            var libraryName = BindingNames.LibraryName(build("OutputFileName"), build("GoOS"));
            // Read and parsed once per header version in this process: every project that uses the library checks against
            // it, and the generator gets the very text that was parsed.
            var header = Execution.FileStampMemo.Get("cgo-header", headerPath, path =>
            {
                var text = File.ReadAllText(path);
                return Tuple.Create(text, CgoHeaderParser.Parse(text));
            });
            libraries.Add(new ExportedLibrary(libraryName, header.Item2, build("GoArch"), build("GoOS")));
            if (!wanted) continue;

            var request = Request(settings, module!, build("ModuleDirectory"), build("Package"), libraryName, build("GoOS"), build("GoArch"));
            request.HeaderPath = headerPath;
            request.HeaderText = header.Item1;
            Generate(request, module!, settings.ProjectFile, outputDirectory, generated, diagnostics, log);
        }

        DeleteStale(outputDirectory, generated);
        if (settings.CheckDeclarations && libraries.Count > 0)
        {
            // Only files that declare native imports are checked; which those are is remembered per file (size and time),
            // so a no-op build of a project with many C# files reads only those few.
            var declaring = SourceFactCache.Open(Path.Combine(outputDirectory, "native-import-files.tsv"));
            foreach (var file in sourceFiles)
            {
                if (generated.Contains(file, StringComparer.OrdinalIgnoreCase)) continue;
                if (declaring.Get(file, path => HandWrittenDeclarationCheck.MayDeclare(File.ReadAllText(path)) ? "yes" : "no") != "yes") continue;
                HandWrittenDeclarationCheck.Check(file, File.ReadAllText(file), libraries, diagnostics);
            }
            declaring.Save();
        }
        return generated;
    }

    /// <summary>
    /// A design-time build's bindings (IntelliSense before the first build, and after an edit of the Go exports): from the Go
    /// sources alone (<see cref="SourceHeader"/>), with no go process and no header, for the target a build would have
    /// (GoOS/GoArch, else the RuntimeIdentifier, else the SDK's host RID). Diagnostics are the real build's business: none
    /// is reported here, and a module whose settings are wrong is skipped.
    /// </summary>
    public static IReadOnlyList<string> RunFromSources(ProjectSettings settings, string outputDirectory, BuildLog log)
    {
        var generated = new List<string>();
        var host = Building.RuntimeIdentifierMap.TryMap(settings.HostRuntimeIdentifier ?? "");
        var target = settings.ResolveTarget(host?.GoOS, host?.GoArch, out _);
        var quiet = new DiagnosticBag();
        foreach (var module in settings.Modules)
        {
            if (target is null || !module.GenerateBindings || module.BuildMode != Building.GoBuildMode.CShared) continue;
            var name = Building.GoBuildPlanner.OutputNameOf(module.Spec);
            var fileName = Building.GoBuildModes.OutputFileName(Building.GoBuildMode.CShared, target.GoOS, name);
            var request = Request(settings, module, module.Directory, module.Package, BindingNames.LibraryName(fileName, target.GoOS),
                target.GoOS, target.GoArch);
            var packageDirectory = Path.GetFullPath(Path.Combine(module.Directory, module.Package));
            request.FromSources = true;
            request.HeaderText = SourceHeader.Write(packageDirectory, request.GoExports);
            Generate(request, module, settings.ProjectFile, outputDirectory, generated, quiet, log);
        }
        DeleteStale(outputDirectory, generated);
        return generated;
    }

    private static BindingsRequest Request(ProjectSettings settings, ModuleSettings module, string moduleDirectory, string package,
        string libraryName, string goos, string goarch) => new()
    {
        GoExports = GoExportScanner.ScanDirectory(Path.GetFullPath(Path.Combine(moduleDirectory, package))),
        Namespace = module.BindingsNamespace ?? settings.RootNamespace ?? "",
        ClassName = module.BindingsClassName ?? BindingNames.PascalCase(libraryName),
        LibraryName = libraryName,
        FreeFunction = module.BindingsFreeFunction,
        GoOS = goos,
        GoArch = goarch,
        ModuleFile = Path.Combine(moduleDirectory, "go.mod"),
        SignalFix = module.BindingsSignalFix,
        Visibility = module.BindingsPublic ? "public" : "internal",
    };

    private static void Generate(BindingsRequest request, ModuleSettings module, string? projectFile, string outputDirectory, List<string> generated,
        DiagnosticBag diagnostics, BuildLog log)
    {
        if (!ValidNames(request, module, projectFile, diagnostics)) return;
        var result = BindingsGenerator.Generate(request, diagnostics);
        var path = Path.Combine(outputDirectory, request.ClassName + ".g.cs");
        if (generated.Contains(path, StringComparer.OrdinalIgnoreCase))
        {
            diagnostics.Add(Diagnostic.Error(Codes.BindingsMetadataInvalid,
                $"Two GoModules would generate the class {request.ClassName}. Fix: set BindingsClassName on one of them.", projectFile));
            return;
        }
        generated.Add(path);
        WriteIfChanged(path, result.Text, request, log);
    }

    private static void WriteIfChanged(string path, string text, BindingsRequest request, BuildLog log)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text)
        {
            log(LogImportance.Low, $"{Codes.BindingsWritten}: C# bindings {request.Namespace}.{request.ClassName} unchanged ({path}).");
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
        File.WriteAllText(temporary, text, new UTF8Encoding(false));
        if (File.Exists(path)) File.Delete(path);
        File.Move(temporary, path);
        log(LogImportance.Normal, $"{Codes.BindingsWritten}: wrote the C# bindings {request.Namespace}.{request.ClassName} of " +
            $"{(request.FromSources ? "the Go sources' exports" : Path.GetFileName(request.HeaderPath))} to {path}.");
    }

    private static void DeleteStale(string outputDirectory, List<string> generated)
    {
        if (!Directory.Exists(outputDirectory)) return;
        foreach (var file in Directory.EnumerateFiles(outputDirectory, "*.g.cs"))
        {
            if (!generated.Contains(file, StringComparer.OrdinalIgnoreCase)) File.Delete(file);
        }
    }

    private static bool ValidNames(BindingsRequest request, ModuleSettings module, string? projectFile, DiagnosticBag diagnostics)
    {
        var badNamespace = request.Namespace.Length > 0 && !request.Namespace.Split('.').All(BindingNames.IsIdentifier);
        if (!BindingNames.IsIdentifier(request.ClassName) || badNamespace)
        {
            diagnostics.Add(Diagnostic.Error(Codes.BindingsMetadataInvalid,
                $"GoModule '{module.ItemSpec}': {(badNamespace ? $"namespace '{request.Namespace}'" : $"class name '{request.ClassName}'")} is " +
                    $"not a C# identifier. Fix: set BindingsNamespace / BindingsClassName (e.g. BindingsClassName=\"Greeter\").",
                projectFile));
            return false;
        }
        return true;
    }
}
