using System;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Steps;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// After go build: writes the C# bindings of every c-shared GoModule with GenerateBindings="true" and checks the project's
/// hand-written [DllImport]/[LibraryImport] declarations against every c-shared library of the build (<see cref="BindingsGeneration"/>).
/// </summary>
public class GenerateGoBindings : GoTaskBase
{
    /// <summary>@(_GoModuleBuild) from PlanGoBuilds: ModuleDirectory, BuildMode, Package, OutputFileName, HeaderPath, GoOS, GoArch.</summary>
    public ITaskItem[] Builds { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Where the .g.cs files go (obj/.../go/bindings/); files there that are no longer generated are deleted.</summary>
    [Required] public string OutputDirectory { get; set; } = "";

    /// <summary>@(Compile): checked for hand-written declarations against the Go libraries (the generated files are skipped).</summary>
    public ITaskItem[] SourceFiles { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>A design-time build: the bindings come from the Go sources (no header, no go process, no diagnostics).</summary>
    public bool FromSources { get; set; }

    [Output] public ITaskItem[] GeneratedFiles { get; private set; } = Array.Empty<ITaskItem>();

    protected override void ExecuteCore()
    {
        if (FromSources)
        {
            GeneratedFiles = BindingsGeneration.RunFromSources(ReadSettings(), OutputDirectory, LogLine)
                .Select(p => (ITaskItem)new TaskItem(p)).ToArray();
            return;
        }
        var diagnostics = new DiagnosticBag();
        var generated = BindingsGeneration.Run(ReadSettings(), Builds.Select(b => (Func<string, string>)b.GetMetadata), OutputDirectory,
            SourceFiles.Select(f => f.GetMetadata("FullPath")), diagnostics, LogLine);
        Report(diagnostics.Items);
        GeneratedFiles = generated.Select(p => (ITaskItem)new TaskItem(p)).ToArray();
    }
}
