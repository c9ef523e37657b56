using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// tests/fixtures/maintainer-generators: a c-shared DLL built from one package of a module whose other packages hold
/// maintainer-only //go:generate directives (one needs golang.org/x/text, one golang.org/x/sys: both fail offline)
/// over committed generated files. By default only the build's packages generate, and nothing in the tree changes.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class MaintainerGeneratorsTests
{
    private static readonly Dictionary<string, string?> Offline = new() { ["GOPROXY"] = "off", ["GOFLAGS"] = null };

    private static Fixture Copy(string name, string? goVersion = null)
        => Fixture.FromTree(name, Path.Combine("tests", "fixtures", "maintainer-generators"), "TunnelApp/TunnelApp")
            .WithProperty("GoRoot", PackagedBuild.GoRoot(goVersion ?? Toolchains.Newest));

    /// <summary>Every file of the Go module with its content hash and time: equal means untouched.</summary>
    private static string TreeOf(Fixture fixture)
    {
        var root = Path.Combine(fixture.Directory, "go");
        var sb = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            sb.Append(Path.GetRelativePath(root, file)).Append(' ').Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))))
              .Append(' ').Append(File.GetLastWriteTimeUtc(file).Ticks).Append('\n');
        }
        return sb.ToString();
    }

    // The fixture's generators all run with `go run` from its vendor tree (go 1.21 module): 1.21 and the newest.
    public static IEnumerable<object[]> NewestRow => Toolchains.Rows(new[] { Toolchains.Newest });

    [TestMethod]
    [DataRow("1.21")]
    [DynamicData(nameof(NewestRow))]
    public void TheDefaultRunsOnlyTheBuildsDirectivesChangesNoFileAndTheAppCallsTheDll(string goVersion)
    {
        var fixture = Copy("maintainer-default-" + goVersion, goVersion);
        var before = TreeOf(fixture);

        var build = fixture.Dotnet(Offline, "build", "TunnelApp/TunnelApp.csproj", "-v:n");

        BuildAssert.Succeeded(build);
        Assert.AreEqual(before, TreeOf(fixture), "go generate changed the committed files");
        StringAssert.Contains(build.Output, "go run ../internal/mkversion -o zversion.go", "the build's own directive ran");
        Assert.IsFalse(build.Output.Contains("go run golang.org/x/text/cmd/gotext"), "a maintainer directive ran:\n" + build);
        Assert.IsFalse(build.Output.Contains("go run golang.org/x/sys/windows/mkwinsyscall"), "a maintainer directive ran:\n" + build);
        var run = PackagedBuild.Run(Path.Combine(fixture.Directory, "TunnelApp", "bin", "Debug", "net10.0", "TunnelApp"), Array.Empty<string>(), fixture.Directory,
            new Dictionary<string, string?>(), TimeSpan.FromMinutes(1));
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Output, "tunnel 0.5.3 (linux)");

        // CI (Verify): the committed output is current, the tree is left as it was.
        var verify = fixture.Dotnet(Offline, "build", "TunnelApp/TunnelApp.csproj", "-v:n", "-p:ContinuousIntegrationBuild=true");
        BuildAssert.Succeeded(verify);
        Assert.AreEqual(before, TreeOf(fixture));
    }

    [TestMethod]
    public void TheWholeModuleSettingRunsTheMaintainerDirectivesWhichFailOfflineNamingGenerateOff()
    {
        var fixture = Copy("maintainer-whole-module");
        var before = TreeOf(fixture);

        var build = fixture.Dotnet(Offline, "build", "TunnelApp/TunnelApp.csproj", "-v:n", "-p:GoGeneratePackages=./...");

        var error = BuildAssert.FailedWith(build, "GOTB402");
        var failing = build.Errors.Where(e => e.Code == "GOTB402").Select(e => (Path.GetRelativePath(fixture.Directory, e.File), e.Line)).OrderBy(e => e.Item1).ToList();
        CollectionAssert.AreEqual(new[] { (Path.Combine("go", "l18n", "l18n.go"), 4), (Path.Combine("go", "updater", "winhttp", "mksyscall.go"), 4) }, failing, build.ToString());
        BuildAssert.Mentions(error, "Generate=\"Off\"");
        Assert.AreEqual(before, TreeOf(fixture), "no committed file changed");
    }

    [TestMethod]
    public void TheDoctorShowsWhichDirectivesTheBuildRuns()
    {
        var fixture = Copy("maintainer-doctor");
        var doctor = fixture.Dotnet(Offline, "build", "TunnelApp/TunnelApp.csproj", "-t:GoDoctor", "-v:n");
        BuildAssert.Succeeded(doctor);
        StringAssert.Contains(doctor.Output, "[ok] tunnel/tunnel.go:4: go");
        StringAssert.Contains(doctor.Output, "[--] l18n/l18n.go:4: go (not in a package the build compiles: not run)");
        StringAssert.Contains(doctor.Output, "[--] updater/winhttp/mksyscall.go:4: go (not in a package the build compiles: not run)");
    }
}
