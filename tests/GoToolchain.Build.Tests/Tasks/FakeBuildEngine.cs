using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Build.Framework;

namespace GoToolchain.Build.Tests.Tasks;

/// <summary>
/// Stands in for MSBuild: records every event with its code, file and line, keeps registered task objects in a
/// dictionary (as MSBuild does for one build), and counts Yield/Reacquire.
/// </summary>
internal sealed class FakeBuildEngine : IBuildEngine4
{
    private readonly Dictionary<(object Key, RegisteredTaskObjectLifetime Lifetime), object> _objects = new();

    public FakeBuildEngine() { }

    /// <summary>Another project of the same build in the same node: the registered task objects (the build session) are shared.</summary>
    public FakeBuildEngine(FakeBuildEngine sameBuild) => _objects = sameBuild._objects;

    public List<BuildErrorEventArgs> Errors { get; } = new();
    public List<BuildWarningEventArgs> Warnings { get; } = new();
    public List<BuildMessageEventArgs> Messages { get; } = new();
    public int Yields { get; private set; }
    public int Reacquires { get; private set; }

    public string ProjectFileOfTaskNode => "/fake/project.csproj";
    public bool ContinueOnError => false;
    public int LineNumberOfTaskNode => 0;
    public int ColumnNumberOfTaskNode => 0;
    public bool IsRunningMultipleNodes => false;

    public void LogErrorEvent(BuildErrorEventArgs e) { lock (Errors) Errors.Add(e); }
    public void LogWarningEvent(BuildWarningEventArgs e) { lock (Warnings) Warnings.Add(e); }
    public void LogMessageEvent(BuildMessageEventArgs e) { lock (Messages) Messages.Add(e); }
    public void LogCustomEvent(CustomBuildEventArgs e) { }

    public void Yield() => Yields++;
    public void Reacquire() => Reacquires++;

    public void RegisterTaskObject(object key, object obj, RegisteredTaskObjectLifetime lifetime, bool allowEarlyCollection)
        => _objects[(key, lifetime)] = obj;

    public object? GetRegisteredTaskObject(object key, RegisteredTaskObjectLifetime lifetime)
        => _objects.TryGetValue((key, lifetime), out var obj) ? obj : null;

    public object? UnregisterTaskObject(object key, RegisteredTaskObjectLifetime lifetime)
    {
        if (!_objects.TryGetValue((key, lifetime), out var obj)) return null;
        _objects.Remove((key, lifetime));
        return obj;
    }

    public IReadOnlyCollection<object> RegisteredKeys => _objects.Keys.Select(k => k.Key).ToList();

    /// <summary>Everything logged, one line each, for assertion messages.</summary>
    public string Transcript =>
        string.Join("\n", Errors.Select(e => $"error {e.Code} {e.File}({e.LineNumber},{e.ColumnNumber}): {e.Message}")
            .Concat(Warnings.Select(w => $"warning {w.Code} {w.File}({w.LineNumber},{w.ColumnNumber}): {w.Message}"))
            .Concat(Messages.Select(m => $"message {m.Code} {m.File}({m.LineNumber}): {m.Message}")));

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs)
        => throw new NotSupportedException();

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs, string toolsVersion)
        => throw new NotSupportedException();

    public bool BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties,
        IDictionary[] targetOutputsPerProject, string[] toolsVersion, bool useResultsCache, bool unloadProjectsOnCompletion)
        => throw new NotSupportedException();

    public BuildEngineResult BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties,
        IList<string>[] removeGlobalProperties, string[] toolsVersion, bool returnTargetOutputs)
        => throw new NotSupportedException();
}
