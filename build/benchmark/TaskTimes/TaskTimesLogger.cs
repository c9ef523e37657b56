using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Build.Framework;

namespace TaskTimes;

/// <summary>
/// Writes, to the file named by its parameter, one line per GoBuild task (project, task ms, the go build process's ms
/// as GoModuleBuilder timed it, the go command line it logged) and the total ms and calls of every task and target.
/// Also one "instance" line per run of each of the package's tasks (task, project, ms, ms from its last message to its
/// end). Tab-separated, the kind first.
/// </summary>
public sealed class TaskTimesLogger : ILogger
{
    private static readonly Regex GoBuildRan = new(@"^go build ran (\d+) ms", RegexOptions.Compiled);
    private static readonly Regex GoCommandLine = new(@"^\S.*?> (\S*go\S* build .*)$", RegexOptions.Compiled);

    private readonly Dictionary<(int, int, int), DateTime> _taskStarts = new();
    private readonly Dictionary<(int, int, int), DateTime> _targetStarts = new();
    private readonly Dictionary<(int, int, int), (string Ms, string Command)> _goBuilds = new();
    private readonly Dictionary<(int, int, int), DateTime> _lastMessages = new();
    private readonly Dictionary<string, (int Calls, double Ms)> _taskTotals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Calls, double Ms)> _targetTotals = new(StringComparer.Ordinal);
    private readonly List<string> _goBuildLines = new();
    private readonly List<string> _instanceLines = new();

    private static readonly HashSet<string> PackageTasks = new(StringComparer.Ordinal)
    {
        "ValidateGoSettings", "ValidateGoroot", "EnsureLoopvarExperiment", "CheckGoProxy", "RunGoGenerate", "PlanGoBuilds", "BuildGoModule",
        "GenerateGoBindings",
    };

    public LoggerVerbosity Verbosity { get; set; } = LoggerVerbosity.Diagnostic;
    public string? Parameters { get; set; }

    public void Initialize(IEventSource eventSource)
    {
        eventSource.TaskStarted += (_, e) => _taskStarts[Key(e.BuildEventContext)] = e.Timestamp;
        eventSource.TaskFinished += (_, e) => TaskFinished(e);
        eventSource.TargetStarted += (_, e) => _targetStarts[TargetKey(e.BuildEventContext)] = e.Timestamp;
        eventSource.TargetFinished += (_, e) => TargetFinished(e);
        eventSource.MessageRaised += (_, e) => Message(e);
    }

    private void Message(BuildMessageEventArgs e)
    {
        if (e.BuildEventContext is null || e.Message is null) return;
        // MSBuild's own lines about a task's parameters and outputs ("Task Parameter:", "Output Item(s):") are logged in the
        // task's context too, the outputs after a yielded task got its node back: they are not the task's messages.
        if (e is TaskParameterEventArgs) return;
        var key = Key(e.BuildEventContext);
        _lastMessages[key] = e.Timestamp;
        _goBuilds.TryGetValue(key, out var seen);
        if (GoBuildRan.Match(e.Message) is { Success: true } ran) _goBuilds[key] = (ran.Groups[1].Value, seen.Command ?? "");
        else if (seen.Command is null or "" && GoCommandLine.Match(e.Message) is { Success: true } command)
            _goBuilds[key] = (seen.Ms ?? "", command.Groups[1].Value);
    }

    private void TaskFinished(TaskFinishedEventArgs e)
    {
        var key = Key(e.BuildEventContext);
        if (!_taskStarts.Remove(key, out var start)) return;
        var ms = (e.Timestamp - start).TotalMilliseconds;
        Add(_taskTotals, e.TaskName, ms);
        // After its last message a task has usually only returned; for one that yielded the node, this is the Reacquire.
        var afterLastMessage = _lastMessages.Remove(key, out var last) ? Format((e.Timestamp - last).TotalMilliseconds) : "";
        if (PackageTasks.Contains(e.TaskName))
            _instanceLines.Add(string.Join('\t', "instance", e.TaskName, Path.GetFileNameWithoutExtension(e.ProjectFile), Format(ms),
                afterLastMessage, e.BuildEventContext?.NodeId.ToString(CultureInfo.InvariantCulture) ?? "",
                start.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)));
        if (e.TaskName != "BuildGoModule") return;
        _goBuilds.TryGetValue(key, out var goBuild);
        _goBuildLines.Add(string.Join('\t', "gobuild", Path.GetFileNameWithoutExtension(e.ProjectFile), Format(ms),
            goBuild.Ms ?? "", goBuild.Command ?? ""));
    }

    private void TargetFinished(TargetFinishedEventArgs e)
    {
        if (!_targetStarts.Remove(TargetKey(e.BuildEventContext), out var start)) return;
        Add(_targetTotals, e.TargetName, (e.Timestamp - start).TotalMilliseconds);
    }

    public void Shutdown()
    {
        var text = new StringBuilder();
        foreach (var line in _goBuildLines) text.Append(line).Append('\n');
        foreach (var line in _instanceLines) text.Append(line).Append('\n');
        foreach (var (name, total) in _taskTotals.OrderByDescending(t => t.Value.Ms))
            text.Append("task\t").Append(name).Append('\t').Append(total.Calls).Append('\t').Append(Format(total.Ms)).Append('\n');
        foreach (var (name, total) in _targetTotals.OrderByDescending(t => t.Value.Ms))
            text.Append("target\t").Append(name).Append('\t').Append(total.Calls).Append('\t').Append(Format(total.Ms)).Append('\n');
        File.WriteAllText(Parameters ?? "task-times.tsv", text.ToString());
    }

    private static void Add(Dictionary<string, (int Calls, double Ms)> totals, string name, double ms)
    {
        totals.TryGetValue(name, out var total);
        totals[name] = (total.Calls + 1, total.Ms + ms);
    }

    private static string Format(double ms) => ms.ToString("0", CultureInfo.InvariantCulture);

    private static (int, int, int) Key(BuildEventContext? c) => c is null ? (0, 0, 0) : (c.NodeId, c.ProjectContextId, c.TaskId);

    private static (int, int, int) TargetKey(BuildEventContext? c) => c is null ? (0, 0, 0) : (c.NodeId, c.ProjectContextId, c.TargetId);
}
