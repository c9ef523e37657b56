using System;
using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Tasks;
using Microsoft.Build.Framework;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Tasks;

[TestClass]

[TestCategory("unit")]
public sealed class GoTaskBaseTests
{
    private const string Project = "/src/app/app.csproj";

    private sealed class ThrowingTask : GoTaskBase
    {
        public Exception ToThrow { get; set; } = new InvalidOperationException("the {0} logic broke");
        protected override void ExecuteCore() => throw ToThrow;
    }

    private sealed class CancelledTask : GoTaskBase
    {
        protected override void ExecuteCore()
        {
            Cancel();
            CancellationToken.ThrowIfCancellationRequested();
        }
    }

    private sealed class ReportingTask : GoTaskBase
    {
        public List<Diagnostic> ToReport { get; } = new();
        protected override void ExecuteCore() => Report(ToReport);
    }

    [TestMethod]
    public void AnExceptionBecomesExactlyOneGotb900()
    {
        var engine = new FakeBuildEngine();
        var task = new ThrowingTask { BuildEngine = engine, ProjectFile = Project };

        Assert.IsFalse(task.Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("GOTB900", error.Code);
        Assert.AreEqual(Project, error.File);
        StringAssert.StartsWith(error.Message, "ThrowingTask failed unexpectedly: System.InvalidOperationException: the {0} logic broke. This is a bug in GoToolchain.Build");
        Assert.IsEmpty(engine.Warnings);
        // The stack trace goes to the detailed log, not into the error.
        Assert.IsTrue(engine.Messages.Any(m => m.Importance == MessageImportance.Low && (m.Message ?? "").Contains("at GoToolchain.Build.Tests.Tasks.GoTaskBaseTests.ThrowingTask.ExecuteCore")), engine.Transcript);
    }

    [TestMethod]
    public void OperationCanceledWithoutCancellationIsStillABug()
    {
        var engine = new FakeBuildEngine();
        var task = new ThrowingTask { BuildEngine = engine, ProjectFile = Project, ToThrow = new OperationCanceledException("stray") };

        Assert.IsFalse(task.Execute());

        Assert.AreEqual("GOTB900", engine.Errors.Single().Code);
        StringAssert.Contains(engine.Errors.Single().Message, "System.OperationCanceledException: stray");
    }

    [TestMethod]
    public void CancellationIsNotAnError()
    {
        var engine = new FakeBuildEngine();

        new CancelledTask { BuildEngine = engine, ProjectFile = Project }.Execute();

        Assert.IsEmpty(engine.Errors, engine.Transcript);
    }

    [TestMethod]
    public void ErrorsAndWarningsKeepCodeFileLineAndColumn()
    {
        var engine = new FakeBuildEngine();
        var task = new ReportingTask { BuildEngine = engine, ProjectFile = Project };
        task.ToReport.Add(Diagnostic.Error("GOTB113", "go.mod requires go >= 1.23 {0} {x}", "/src/go/greeter/go.mod", 3, 7));
        task.ToReport.Add(Diagnostic.Warning("GOTB007", "PATH holds more than one go", "/src/app/app.csproj", 12, 0));

        Assert.IsFalse(task.Execute(), "an error makes the task fail");

        var error = engine.Errors.Single();
        Assert.AreEqual("GOTB113", error.Code);
        Assert.AreEqual("/src/go/greeter/go.mod", error.File);
        Assert.AreEqual(3, error.LineNumber);
        Assert.AreEqual(7, error.ColumnNumber);
        Assert.AreEqual("go.mod requires go >= 1.23 {0} {x}", error.Message, "the text is data, never a format string");
        var warning = engine.Warnings.Single();
        Assert.AreEqual("GOTB007", warning.Code);
        Assert.AreEqual("/src/app/app.csproj", warning.File);
        Assert.AreEqual(12, warning.LineNumber);
        Assert.AreEqual("PATH holds more than one go", warning.Message);
    }

    [TestMethod]
    public void WarningsAloneLetTheTaskSucceed()
    {
        var engine = new FakeBuildEngine();
        var task = new ReportingTask { BuildEngine = engine };
        task.ToReport.Add(Diagnostic.Warning("GOTB007", "w"));

        Assert.IsTrue(task.Execute());
        Assert.AreEqual("GOTB007", engine.Warnings.Single().Code);
    }

    [TestMethod]
    public void MessagesWithAFileCarryCodeAndLine()
    {
        var engine = new FakeBuildEngine();
        var task = new ReportingTask { BuildEngine = engine };
        task.ToReport.Add(Diagnostic.Info("GOTB030", "using a fallback GOCACHE", "/src/go/greeter/go.mod", 5, 2));

        Assert.IsTrue(task.Execute());

        var message = engine.Messages.Single(m => m.Code == "GOTB030");
        Assert.AreEqual("/src/go/greeter/go.mod", message.File);
        Assert.AreEqual(5, message.LineNumber);
        Assert.AreEqual(2, message.ColumnNumber);
        Assert.AreEqual(MessageImportance.Normal, message.Importance, "informational lines stay out of -v:minimal");
        Assert.AreEqual("using a fallback GOCACHE", message.Message);
    }

    [TestMethod]
    public void MessagesWithoutAFileCarryTheCodeInTheirText()
    {
        // The console logger prints no code for a message without a file: the text must carry it.
        var engine = new FakeBuildEngine();
        var task = new ReportingTask { BuildEngine = engine };
        task.ToReport.Add(Diagnostic.Info("GOTB006", "Using go '/usr/lib/go-1.23/bin/go' {0}"));

        Assert.IsTrue(task.Execute());

        var message = engine.Messages.Single();
        Assert.AreEqual("GOTB006: Using go '/usr/lib/go-1.23/bin/go' {0}", message.Message);
        Assert.AreEqual(MessageImportance.Normal, message.Importance, "informational lines stay out of -v:minimal");
        Assert.IsTrue(string.IsNullOrEmpty(message.File));
    }

    private sealed class RunningTask : GoTaskBase
    {
        protected override void ExecuteCore()
            => GoToolchain.Build.Execution.ProcessRunner.Run(
                new GoToolchain.Build.Execution.ProcessSpec("/bin/sh", new[] { "-c", "exit 0", "two words" }, TimeSpan.FromSeconds(30)),
                CancellationToken);
    }

    [TestMethod]
    public void ErrorsAndWarningsCarryTheHelpLinkOfTheirCode()
    {
        var engine = new FakeBuildEngine();
        var task = new ReportingTask { BuildEngine = engine, ProjectFile = Project };
        task.ToReport.Add(Diagnostic.Error("GOTB113", "too new"));
        task.ToReport.Add(Diagnostic.Warning("GOTB007", "two go"));

        task.Execute();

        const string document = "https://github.com/gotoolchain-build/GoToolchain.Build/blob/main/docs/diagnostics.md";
        Assert.AreEqual(document + "#gotb113", engine.Errors.Single().HelpLink);
        Assert.AreEqual(document + "#gotb007", engine.Warnings.Single().HelpLink);
        // Visual Studio's F1 looks the keyword up; issue 26 found it empty.
        Assert.AreEqual("GOTB113", engine.Errors.Single().HelpKeyword);
        Assert.AreEqual("GOTB007", engine.Warnings.Single().HelpKeyword);
    }

    [TestMethod]
    public void TheInternalErrorCarriesAHelpLinkToo()
    {
        var engine = new FakeBuildEngine();

        new ThrowingTask { BuildEngine = engine, ProjectFile = Project }.Execute();

        StringAssert.EndsWith(engine.Errors.Single().HelpLink, "docs/diagnostics.md#gotb900");
    }

    [TestMethod]
    public void EveryChildProcessIsLoggedAsACommandLine()
    {
        // TaskCommandLineEventArgs: binlog viewers show it as the task's command, not as a plain message.
        var engine = new FakeBuildEngine();

        Assert.IsTrue(new RunningTask { BuildEngine = engine, ProjectFile = Project }.Execute(), engine.Transcript);

        var command = engine.Messages.OfType<TaskCommandLineEventArgs>().Single();
        Assert.AreEqual("/bin/sh -c \"exit 0\" \"two words\"", command.CommandLine);
    }

    [TestMethod]
    public void ProcessesOutsideATaskLogNoCommandLineAnywhere()
    {
        var engine = new FakeBuildEngine();
        new RunningTask { BuildEngine = engine }.Execute();
        engine.Messages.Clear();

        // The sink belongs to the task's call only: after Execute returns, nothing reaches that engine.
        GoToolchain.Build.Execution.ProcessRunner.Run(
            new GoToolchain.Build.Execution.ProcessSpec("/bin/sh", new[] { "-c", "exit 0" }, TimeSpan.FromSeconds(30)), default);

        Assert.IsEmpty(engine.Messages);
    }
}
