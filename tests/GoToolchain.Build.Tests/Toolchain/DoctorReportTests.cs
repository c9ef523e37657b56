using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Tests.Fakes;
using GoToolchain.Build.Toolchain;
using GoToolchain.Build.Versions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Toolchain;

[TestClass]

[TestCategory("unit")]
public sealed class DoctorReportTests
{
    private static (List<string> Lines, ValidationResult Result) Doctor(FakePlatform platform, FakeGoEnvSource source, ValidationRequest request)
    {
        var result = new ToolchainValidator(platform, source).Validate(request);
        return (DoctorReport.Render(result, request).ToList(), result);
    }

    [TestMethod]
    public void CleanToolchainSaysNoProblemsFound()
    {
        var (platform, source) = ToolchainValidatorTests.Debian("/usr/lib/go-1.23/bin");
        var (lines, _) = Doctor(platform, source, ToolchainValidatorTests.Request(platform));

        Assert.AreEqual("GoToolchain.Build doctor", lines[0]);
        CollectionAssert.Contains(lines, "  [ok] go: /usr/lib/go-1.23/bin/go (chosen because it is the first 'go' on PATH)");
        CollectionAssert.Contains(lines, "  version: go1.23.5");
        CollectionAssert.Contains(lines, "  GoVersionRange: (any)");
        CollectionAssert.Contains(lines, "  GoToolchainMode (GOTOOLCHAIN for builds): local");
        CollectionAssert.Contains(lines, "  GOROOT=/usr/lib/go-1.23");
        CollectionAssert.Contains(lines, "  GOTOOLDIR=/usr/lib/go-1.23/pkg/tool/linux_amd64");
        CollectionAssert.Contains(lines, "  (no GoModule items)");
        Assert.AreEqual("No problems found.", lines[^1]);
        Assert.IsFalse(lines.Any(l => l.Contains("GOTB006")), "the selection message is not a problem");
    }

    [TestMethod]
    public void EveryProblemIsListedWithItsCode()
    {
        var (platform, source) = ToolchainValidatorTests.Debian("/usr/lib/go-1.23/bin:/usr/lib/go-1.21/bin");
        var env = platform.GoEnvFor("/usr/lib/go-1.23", "go1.23.5");
        env["GOCACHE"] = "off";
        source.Answers["/usr/lib/go-1.23/bin/go"] = env;
        var request = ToolchainValidatorTests.Request(platform);
        request.GoVersionRange = GoToolchain.Build.Settings.VersionRangeSetting.Read("[1.21,1.23)", ToolchainValidatorTests.Project);
        var (lines, result) = Doctor(platform, source, request);

        CollectionAssert.Contains(lines, "  [!] also on PATH: /usr/lib/go-1.21/bin/go");
        CollectionAssert.Contains(lines, "  GoVersionRange: [1.21,1.23)");
        CollectionAssert.Contains(lines, "  GOCACHE=off");
        CollectionAssert.Contains(lines, $"  (this build uses GOCACHE={ToolchainValidatorTests.Fallback}/cache)");
        var problems = lines.IndexOf("Problems (2):");
        Assert.IsGreaterThan(0, problems, string.Join("\n", lines));
        var listed = lines.Skip(problems + 1).ToList();
        var expected = result.Diagnostics.Items.Where(d => d.Severity != Severity.Message)
            .Select(d => $"  {d.Severity.ToString().ToLowerInvariant()} {d.Code}: {d.Message}").ToList();
        CollectionAssert.AreEqual(expected, listed);
        StringAssert.StartsWith(listed[0], "  warning GOTB007: PATH holds more than one go");
        StringAssert.StartsWith(listed[1], "  error GOTB100: Go 1.23.5");
        Assert.AreEqual(2, listed.Count, "the cache fallback is a message, shown in the environment, not a problem");
        Assert.IsFalse(lines.Contains("No problems found."));
    }

    [TestMethod]
    public void WithoutGoTheReportSaysSoAndStillListsModules()
    {
        var (platform, source) = ToolchainValidatorTests.Debian("/usr/bin");
        var request = ToolchainValidatorTests.Request(platform, null, "/src/App/go/missing");
        var (lines, _) = Doctor(platform, source, request);

        CollectionAssert.Contains(lines, "  [x] no usable go binary (see the errors below)");
        Assert.IsFalse(lines.Any(l => l.StartsWith("  GOROOT=", StringComparison.Ordinal)), "no environment without go env");
        CollectionAssert.Contains(lines, "  /src/App/go/missing");
        CollectionAssert.Contains(lines, "    go.mod: (none)");
        CollectionAssert.Contains(lines, "Problems (2):");
        StringAssert.StartsWith(lines[^2], "  error GOTB005: No go binary found");
        StringAssert.StartsWith(lines[^1], "  error GOTB512: GoModule '/src/App/go/missing' does not exist.");
    }

    [TestMethod]
    public void ModulesAreDescribedWithTheirDecision()
    {
        var root = Path.Combine(Path.GetTempPath(), "gotb-doctor-" + Guid.NewGuid().ToString("N"));
        try
        {
            var directory = Path.Combine(root, "greeter");
            Directory.CreateDirectory(directory);
            var goMod = Path.Combine(directory, "go.mod");
            const string text = "module example.com/greeter\n\ngo 1.23\n\ntoolchain go1.23.5\n";
            File.WriteAllText(goMod, text);
            var (platform, source) = ToolchainValidatorTests.Debian("/usr/lib/go-1.22/bin");
            platform.AddFile(goMod, text);
            var (lines, _) = Doctor(platform, source, ToolchainValidatorTests.Request(platform, null, directory));

            var at = lines.IndexOf("  " + directory);
            Assert.IsGreaterThan(0, at, string.Join("\n", lines));
            Assert.AreEqual("    go.mod: " + goMod, lines[at + 1]);
            Assert.AreEqual("    module: example.com/greeter", lines[at + 2]);
            Assert.AreEqual("    go line: 1.23 (line 3)", lines[at + 3]);
            Assert.AreEqual("    toolchain line: go1.23.5 (line 5)", lines[at + 4]);
            StringAssert.StartsWith(lines[at + 5], "    toolchain decision: LocalTooOld");
            StringAssert.Contains(lines[at + 5], "(go would say: go: go.mod requires go >= 1.23 (running go 1.22.12; GOTOOLCHAIN=local))");
            StringAssert.StartsWith(lines[^1], "  error GOTB113:");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [TestMethod]
    public void ProxyPasswordsNeverAppearInTheReport()
    {
        var (platform, source) = ToolchainValidatorTests.Debian("/usr/lib/go-1.23/bin");
        var env = platform.GoEnvFor("/usr/lib/go-1.23", "go1.23.5");
        env["GOPROXY"] = "https://alice:s3cr3t@proxy.corp.example/x,https://bob:hunter2@mirror.example|direct";
        env["GONOPROXY"] = "https://carol:pa55word@internal.example";
        env["GOSUMDB"] = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8 https://dave:letmein@sumdb.corp.example";
        source.Answers["/usr/lib/go-1.23/bin/go"] = env;
        var (lines, _) = Doctor(platform, source, ToolchainValidatorTests.Request(platform));
        var report = string.Join("\n", lines);

        foreach (var secret in new[] { "s3cr3t", "hunter2", "pa55word", "letmein" }) Assert.IsFalse(report.Contains(secret), secret + " is in the report");
        CollectionAssert.Contains(lines, "  GOPROXY=https://alice:xxxxx@proxy.corp.example/x,https://bob:xxxxx@mirror.example|direct");
        CollectionAssert.Contains(lines, "  GONOPROXY=https://carol:xxxxx@internal.example");
        CollectionAssert.Contains(lines, "  GOSUMDB=sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8 https://dave:xxxxx@sumdb.corp.example");
    }

    [TestMethod]
    [DataRow("https://alice:s3cr3t@host/x,direct", "https://alice:xxxxx@host/x,direct")]
    [DataRow("https://alice:s3cr3t@host", "https://alice:xxxxx@host")]
    [DataRow("https://ghp_token@host/x|off", "https://xxxxx@host/x|off")]
    [DataRow("direct", "direct")]
    [DataRow("off", "off")]
    [DataRow("", "")]
    [DataRow("https://proxy.golang.org,direct", "https://proxy.golang.org,direct")]
    [DataRow("https://host/path@v1", "https://host/path@v1")]                       // '@' in the path is not user info
    [DataRow("file:///srv/goproxy", "file:///srv/goproxy")]
    [DataRow("https://", "https://")]
    [DataRow("https://@host", "https://xxxxx@host")]
    [DataRow("http://u:p@a.example,http://u:p@a.example/y", "http://u:xxxxx@a.example,http://u:xxxxx@a.example/y")]
    public void RedactCredentialsHidesPasswordsInProxyLists(string list, string expected)
        => Assert.AreEqual(expected, DoctorReport.RedactCredentials(list));

    [TestMethod]
    [DataRow("https://alice:p@ss@proxy.example/x,direct", "https://alice:xxxxx@proxy.example/x,direct")]
    [DataRow("https://alice:p@ss@proxy.example", "https://alice:xxxxx@proxy.example")]
    public void RedactCredentialsHidesPasswordsContainingAnAtSign(string list, string expected)
    {
        // Go's url.Parse splits user info at the LAST '@' of the authority, so "p@ss" is the password go uses.
        var redacted = DoctorReport.RedactCredentials(list);
        Assert.AreEqual(expected, redacted);
        Assert.IsFalse(redacted.Contains("ss@"), "no part of the password may remain");
    }
}
