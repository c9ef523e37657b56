using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Proxy;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Proxy;

/// <summary>The GoDoctor proxy section, as CheckGoProxy logs it line by line.</summary>
[TestClass]
[TestCategory("unit")]
public sealed class ProxyDoctorSectionTests
{
    [TestMethod]
    public void HeadingNamesModeAndBudgetAndIndentsTheReport()
    {
        var lines = ProxyDoctorSection.Render(ProxyCheckMode.Network, 2.5, new[] { "Module /m", "  needs x@v1" }).ToList();

        CollectionAssert.AreEqual(new[] { "", "Module proxy (GoProxyCheck=Network, GoProxyTimeoutSeconds=2.5)", "  Module /m", "    needs x@v1" }, lines);
    }

    [TestMethod]
    public void ProblemsListWarningsAndErrorsButNotMessages()
    {
        var lines = ProxyDoctorSection.Problems(new[]
        {
            Diagnostic.Info("GOTB200", "fine"),
            Diagnostic.Warning("GOTB201", "slow {proxy}"),
        }).ToList();

        CollectionAssert.AreEqual(new[] { "  Proxy problems (1):", "    warning GOTB201: slow {proxy}" }, lines);
        CollectionAssert.AreEqual(new[] { "  No proxy problems found." }, ProxyDoctorSection.Problems(new[] { Diagnostic.Info("GOTB200", "fine") }).ToList());
    }
}
