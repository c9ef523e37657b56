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

            var request = new BindingsRequest
            {
                HeaderPath = headerPath,
                HeaderText = header.Item1,
                GoExports = GoExportScanner.ScanDirectory(Path.GetFullPath(Path.Combine(build("ModuleDirectory"), build("Package")))),
                Namespace = module!.BindingsNamespace ?? settings.RootNamespace ?? "",
                ClassName = module.BindingsClassName ?? BindingNames.PascalCase(libraryName),
                LibraryName = libraryName,
                FreeFunction = module.BindingsFreeFunction,
                GoOS = build("GoOS"),
                GoArch = build("GoArch"),
                ModuleFile = Path.Combine(build("ModuleDirectory"), "go.mod"),
                SignalFix = module.BindingsSignalFix,
            };
            if (!ValidNames(request, module, settings.ProjectFile, diagnostics)) continue;
            var result = BindingsGenerator.Generate(request, diagnostics);
            var path = Path.Combine(outputDirectory, request.ClassName + ".g.cs");
            if (generated.Contains(path, StringComparer.OrdinalIgnoreCase))
            {
                diagnostics.Add(Diagnostic.Error(Codes.BindingsMetadataInvalid,
                    $"Two GoModules would generate the class {request.ClassName}. Fix: set BindingsClassName on one of them.", settings.ProjectFile));
                continue;
            }
            generated.Add(path);
            WriteIfChanged(path, result.Text, request, log);
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
            $"{Path.GetFileName(request.HeaderPath)} to {path}.");
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
