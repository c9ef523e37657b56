using System;
using System.Collections.Generic;
using System.Threading;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Toolchain;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// What every task of this package shares: cancellation (Ctrl+C kills the running go process tree), diagnostics
/// logged with their code, file and line, and no MSB4018: an unexpected exception becomes GOTB900.
/// </summary>
public abstract class GoTaskBase : Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>The project being built; diagnostics about properties point at it.</summary>
    public string? ProjectFile { get; set; }

    protected CancellationToken CancellationToken => _cancellation.Token;

    public void Cancel() => _cancellation.Cancel();

    public sealed override bool Execute()
    {
        try
        {
            ExecuteCore();
        }
        catch (Exception e) when (_cancellation.IsCancellationRequested || e.GetType().FullName == "Microsoft.Build.Exceptions.BuildAbortedException")
        {
            // Cancelled (Ctrl+C): MSBuild reports that itself, and logging after it throws BuildAbortedException,
            // which is no bug of ours to report as GOTB900.
        }
        catch (Exception e)
        {
            Log.LogError(null, Codes.InternalError, null, ProjectFile, 0, 0, 0, 0,
                "{0} failed unexpectedly: {1}: {2}. This is a bug in GoToolchain.Build; please report it with this message and the build log (the stack trace is logged with -v:d).",
                GetType().Name, e.GetType().FullName, e.Message);
            Log.LogMessage(MessageImportance.Low, e.ToString());
        }
        return !Log.HasLoggedErrors;
    }

    protected abstract void ExecuteCore();

    protected void Report(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics) Report(diagnostic);
    }

    protected void Report(Diagnostic d)
    {
        switch (d.Severity)
        {
            case Severity.Error:
                Log.LogError(null, d.Code, null, d.File, d.Line, d.Column, 0, 0, "{0}", d.Message);
                break;
            case Severity.Warning:
                Log.LogWarning(null, d.Code, null, d.File, d.Line, d.Column, 0, 0, "{0}", d.Message);
                break;
            default:
                // With a file, the console logger prints "file : message GOTBnnn: text"; without one it shows only the
                // text, so the code goes into the text there.
                if (d.File is null) Log.LogMessage(MessageImportance.High, "{0}: {1}", d.Code, d.Message);
                else Log.LogMessage(null, d.Code, null, d.File, d.Line, d.Column, 0, 0, MessageImportance.High, "{0}", d.Message);
                break;
        }
    }

    /// <summary>
    /// The build's go env probe: every task that asks it shares one memory cache per build and one disk cache under
    /// obj/.../go/probe/, so only the first ask of a toolchain and environment can start a go process.
    /// <paramref name="timeoutSeconds"/> is GoProcessTimeoutSeconds: the probe obeys it like every other go process.
    /// </summary>
    protected GoEnvProbe SharedGoEnvProbe(string intermediateDirectory, int timeoutSeconds)
        => new(SystemPlatform.Instance, TimeSpan.FromSeconds(Math.Max(1, timeoutSeconds)), CancellationToken,
            System.IO.Path.Combine(intermediateDirectory, "probe"), BuildScopedCache.Get(BuildEngine4));

    protected static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
