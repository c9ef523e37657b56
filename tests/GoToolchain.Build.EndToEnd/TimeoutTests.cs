using System;
using System.Collections.Generic;
using System.IO;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>Every go process obeys GoProcessTimeoutSeconds, the `go env` probe included (it had a fixed 60 s).</summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class TimeoutTests
{
    [TestMethod]
    public void AHangingGoEnvIsKilledAfterGoProcessTimeoutSeconds()
    {
        var fixture = Fixture.Create("probe-timeout").WithGoModule("go/lib", "module example.com/lib\n\ngo 1.22\n");
        var marker = Guid.NewGuid().ToString("N");
        var go = Hostile.Script(Path.Combine(fixture.Directory, "fake go", "bin", "go"),
            $"if [ \"$1\" = env ]; then exec sleep 7401; fi\nexec '{PackagedBuild.GoRoot(Toolchains.Newest)}/bin/go' \"$@\"");
        fixture.WithProperty("GoExecutable", go).WithProperty("GoProcessTimeoutSeconds", "5");

        var result = fixture.Build(new Dictionary<string, string?> { [Hostile.MarkerVariable] = marker });

        var error = BuildAssert.FailedWith(result, "GOTB011");
        BuildAssert.Mentions(error, "did not finish within 5 s");
        Assert.IsNull(Hostile.Survivors(marker, TimeSpan.FromSeconds(5)), "the hanging go env must be killed");
    }
}
