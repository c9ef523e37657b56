using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using GoToolchain.Build.Bindings;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// After go build: writes the C# bindings of every c-shared GoModule with GenerateBindings="true" from the header
/// go wrote (rewriting a file only when its text changes), and checks the project's hand-written
/// [DllImport]/[LibraryImport] declarations against every c-shared library of the build. Starts no process.
/// </summary>
public class GenerateGoBindings : GoTaskBase
{
    /// <summary>@(GoModule): GenerateBindings, BindingsNamespace, BindingsClassName, BindingsFreeFunction, BindingsSignalFix.</summary>
    public ITaskItem[] Modules { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>@(_GoModuleBuild) from PlanGoBuilds: ModuleDirectory, BuildMode, Package, OutputFileName, HeaderPath, GoOS, GoArch.</summary>
    public ITaskItem[] Builds { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>$(RootNamespace): the default namespace of the generated classes.</summary>
    public string? RootNamespace { get; set; }

    /// <summary>Where the .g.cs files go (obj/.../go/bindings/); files there that are no longer generated are deleted.</summary>
    [Required] public string OutputDirectory { get; set; } = "";

    /// <summary>@(Compile): checked for hand-written declarations against the Go libraries (the generated files are skipped).</summary>
    public ITaskItem[] SourceFiles { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>GoCheckDeclarations: false skips the hand-written declaration check.</summary>
    public string? CheckDeclarations { get; set; }

    [Output] public ITaskItem[] GeneratedFiles { get; private set; } = Array.Empty<ITaskItem>();

    protected override void ExecuteCore()
    {
        var diagnostics = new DiagnosticBag();
        var generated = new List<string>();
        var libraries = new List<ExportedLibrary>();
        foreach (var build in Builds)
        {
            var module = Modules.FirstOrDefault(m => SamePath(m.GetMetadata("FullPath"), build.GetMetadata("ModuleDirectory")));
            var wanted = module is not null && string.Equals(module.GetMetadata("GenerateBindings").Trim(), "true",
                StringComparison.OrdinalIgnoreCase);
            var headerPath = build.GetMetadata("HeaderPath");
            var goMod = Path.Combine(build.GetMetadata("ModuleDirectory"), "go.mod");
            if (!string.Equals(build.GetMetadata("BuildMode"), "c-shared", StringComparison.OrdinalIgnoreCase) || headerPath.Length == 0
                || !File.Exists(headerPath))
            {
                if (wanted)
                {
                    diagnostics.Add(Diagnostic.Error(Codes.BindingsNeedHeader,
                        $"GoModule '{module!.ItemSpec}' has GenerateBindings=\"true\", but " +
                        (headerPath.Length == 0
                            ? $"its BuildMode is '{build.GetMetadata("BuildMode")}'"
                            : $"go build wrote no header '{headerPath}'") +
                        ": bindings are generated from the C header of a c-shared build. " +
                        "Fix: set BuildMode=\"c-shared\" (the default), or remove GenerateBindings.",
                        ProjectFile));
                }
                continue;
            }
            var libraryName = LibraryName(build.GetMetadata("OutputFileName"), build.GetMetadata("GoOS"));
            // Read and parsed once per header version in this process: every project that uses the library checks against
            // it, and the generator gets the very text that was parsed.
            var header = Execution.FileStampMemo.Get("cgo-header", headerPath, path =>
            {
                var text = File.ReadAllText(path);
                return Tuple.Create(text, CgoHeaderParser.Parse(text));
            });
            libraries.Add(new ExportedLibrary(libraryName, header.Item2, build.GetMetadata("GoArch"), build.GetMetadata("GoOS")));
            if (!wanted) continue;
            var headerText = header.Item1;

            var request = new BindingsRequest
            {
                HeaderPath = headerPath,
                HeaderText = headerText,
                GoExports = GoExportScanner.ScanDirectory(Path.GetFullPath(Path.Combine(build.GetMetadata("ModuleDirectory"),
                    build.GetMetadata("Package")))),
                Namespace = NullIfEmpty(module!.GetMetadata("BindingsNamespace")) ?? NullIfEmpty(RootNamespace) ?? "",
                ClassName = NullIfEmpty(module.GetMetadata("BindingsClassName")) ?? PascalCase(libraryName),
                LibraryName = libraryName,
                FreeFunction = NullIfEmpty(module.GetMetadata("BindingsFreeFunction")),
                GoOS = build.GetMetadata("GoOS"),
                GoArch = build.GetMetadata("GoArch"),
                ModuleFile = goMod,
                SignalFix = Settings.SettingChecks.BooleanOr(module.GetMetadata("BindingsSignalFix"), true),
            };
            if (!ValidNames(request, module, diagnostics)) continue;
            var result = BindingsGenerator.Generate(request, diagnostics);
            var path = Path.Combine(OutputDirectory, request.ClassName + ".g.cs");
            if (generated.Contains(path, StringComparer.OrdinalIgnoreCase))
            {
                diagnostics.Add(Diagnostic.Error(Codes.BindingsMetadataInvalid,
                    $"Two GoModules would generate the class {request.ClassName}. Fix: set BindingsClassName on one of them.", ProjectFile));
                continue;
            }
            generated.Add(path);
            WriteIfChanged(path, result.Text, request);
        }

        DeleteStale(generated);
        if (!string.Equals(CheckDeclarations, "false", StringComparison.OrdinalIgnoreCase) && libraries.Count > 0)
        {
            // Only files that declare native imports are checked; which those are is remembered per file (size and time),
            // so a no-op build of a project with many C# files reads only those few.
            var declaring = SourceFactCache.Open(Path.Combine(OutputDirectory, "native-import-files.tsv"));
            foreach (var source in SourceFiles)
            {
                var file = source.GetMetadata("FullPath");
                if (generated.Contains(file, StringComparer.OrdinalIgnoreCase)) continue;
                if (declaring.Get(file, path => HandWrittenDeclarationCheck.MayDeclare(File.ReadAllText(path)) ? "yes" : "no") != "yes") continue;
                HandWrittenDeclarationCheck.Check(file, File.ReadAllText(file), libraries, diagnostics);
            }
            declaring.Save();
        }
        Report(diagnostics.Items);
        GeneratedFiles = generated.Select(p => (ITaskItem)new TaskItem(p)).ToArray();
    }

    private void WriteIfChanged(string path, string text, BindingsRequest request)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text)
        {
            Log.LogMessage(MessageImportance.Low, "{0}: C# bindings {1}.{2} unchanged ({3}).", Codes.BindingsWritten, request.Namespace,
                request.ClassName, path);
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
        File.WriteAllText(temporary, text, new UTF8Encoding(false));
        if (File.Exists(path)) File.Delete(path);
        File.Move(temporary, path);
        Log.LogMessage(MessageImportance.Normal, "{0}: wrote the C# bindings {1}.{2} of {3} to {4}.", Codes.BindingsWritten, request.Namespace,
            request.ClassName, Path.GetFileName(request.HeaderPath), path);
    }

    private void DeleteStale(List<string> generated)
    {
        if (!Directory.Exists(OutputDirectory)) return;
        foreach (var file in Directory.EnumerateFiles(OutputDirectory, "*.g.cs"))
        {
            if (!generated.Contains(file, StringComparer.OrdinalIgnoreCase)) File.Delete(file);
        }
    }

    private bool ValidNames(BindingsRequest request, ITaskItem module, DiagnosticBag diagnostics)
    {
        var identifier = new Regex(@"^@?[A-Za-z_][A-Za-z0-9_]*$");
        var badNamespace = request.Namespace.Length > 0 && !request.Namespace.Split('.').All(identifier.IsMatch);
        if (!identifier.IsMatch(request.ClassName) || badNamespace)
        {
            diagnostics.Add(Diagnostic.Error(Codes.BindingsMetadataInvalid,
                $"GoModule '{module.ItemSpec}': {(badNamespace ? $"namespace '{request.Namespace}'" : $"class name '{request.ClassName}'")} is " +
                    $"not a C# identifier. Fix: set BindingsNamespace / BindingsClassName (e.g. BindingsClassName=\"Greeter\").",
                ProjectFile));
            return false;
        }
        return true;
    }

    /// <summary>libgreeter.so, libgreeter.dylib, greeter.dll → greeter: the name DllImport probing expands on every OS.</summary>
    public static string LibraryName(string outputFileName, string goOS)
    {
        var name = Path.GetFileNameWithoutExtension(outputFileName);
        return goOS != "windows" && name.StartsWith("lib", StringComparison.Ordinal) && name.Length > 3 ? name.Substring(3) : name;
    }

    /// <summary>greeter → Greeter, my-lib → MyLib, 7zip → _7zip.</summary>
    public static string PascalCase(string name)
    {
        var parts = Regex.Split(name, "[^A-Za-z0-9]+").Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1));
        var joined = string.Concat(parts);
        return joined.Length == 0 ? "GoLibrary" : char.IsDigit(joined[0]) ? "_" + joined : joined;
    }

    private static bool SamePath(string a, string b)
        => string.Equals(a.TrimEnd('/', '\\'), b.TrimEnd('/', '\\'), StringComparison.Ordinal);
}
