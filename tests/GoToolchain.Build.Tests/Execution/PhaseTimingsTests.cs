using System;
using System.Linq;
using GoToolchain.Build.Execution;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Execution;

[TestClass]

[TestCategory("unit")]
public sealed class PhaseTimingsTests
{
    [TestMethod]
    public void PhasesAddUpInFirstUseOrderAndTheSummaryNamesTheRest()
    {
        var timings = new PhaseTimings();
        timings.Add("stamp", TimeSpan.FromMilliseconds(12));
        timings.Add("go build", TimeSpan.FromMilliseconds(880.4));
        timings.Add("stamp", TimeSpan.FromMilliseconds(0.25));
        Assert.AreEqual(7, timings.Measure("publish", () => 7));

        CollectionAssert.AreEqual(new[] { "stamp", "go build", "publish" }, timings.Phases.Select(p => p.Phase).ToList());
        Assert.AreEqual(12.25, timings.Phases[0].Elapsed.TotalMilliseconds, 0.001);
        // The phases were added, not timed, so they exceed the real total: no "other" then.
        StringAssert.Matches(timings.Summary(), new System.Text.RegularExpressions.Regex(
            @"^total \d+(\.\d)? ms: stamp 12 ms, go build 880 ms, publish \d+(\.\d)? ms$"));
    }

    [TestMethod]
    public void TimeNoPhaseCoveredIsOther()
    {
        var timings = new PhaseTimings();
        System.Threading.Thread.Sleep(30);
        timings.Measure("quick", () => { });
        StringAssert.Matches(timings.Summary(), new System.Text.RegularExpressions.Regex(@"^total \d+ ms: quick \d+\.\d ms, other \d+ ms$"));
    }

    [TestMethod]
    public void AFailingPhaseIsStillCounted()
    {
        var timings = new PhaseTimings();
        Assert.ThrowsExactly<InvalidOperationException>(() => timings.Measure("broken", () => throw new InvalidOperationException()));
        Assert.AreEqual("broken", timings.Phases.Single().Phase);
    }
}
