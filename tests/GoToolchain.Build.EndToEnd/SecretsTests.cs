using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// A proxy password given the recommended way (the environment) leaves no trace in anything the package writes, in
/// the build log at any verbosity, or in a -bl binlog; given in GoEnvironment it still never reaches obj/ or the
/// state root (MSBuild itself records properties in binlogs: docs/security.md).
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public class SecretsTests
{
    private const string GoMod = "module example.com/greeter\n\ngo 1.22\n";

    private static IEnumerable<string> FilesHolding(string directory, string secret)
        => !Directory.Exists(directory) ? Enumerable.Empty<string>()
            : Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Where(f => File.ReadAllBytes(f).AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) >= 0);

    [TestMethod]
    public void PasswordInTheEnvironmentIsNowhereInObjTheStateRootTheLogOrTheBinlog()
    {
        const string password = "pw-env-7f3a9c";
        var fixture = Fixture.Create("secret-env");
        fixture.WithGoModule("go/greeter", GoMod).WithProperty("GoRoot", PackagedBuild.GoRoot(Toolchains.Newest));
        var temp = Path.Combine(fixture.Directory, "..", "tmp-" + Guid.NewGuid().ToString("N").Substring(0, 6));
        Directory.CreateDirectory(temp);
        var environment = new Dictionary<string, string?>
        {
            ["TMPDIR"] = temp,
            ["GOPROXY"] = $"https://gotbuser:{password}@127.0.0.1:9/mod",
            ["GONOSUMDB"] = "corp.example",
            ["GOFLAGS"] = "-modcacherw",
        };
        var binlog = Path.Combine(fixture.Directory, "build.binlog");

        var build = fixture.Build(environment, "-bl:" + binlog, "-v:diag");
        BuildAssert.Succeeded(build);
        var noOp = fixture.Build(environment, "-v:diag"); // the cached probe answers with the real value, and writes nothing new
        BuildAssert.Succeeded(noOp);
        // The record the next build compares with (obj/.../go/last-build) is among the files searched below.
        Assert.IsTrue(build.Output.Contains("Recorded this build for reuse") || noOp.Output.Contains("Recorded this build for reuse"),
            "neither build was recorded for reuse:\n" + noOp);

        Assert.IsFalse(build.Output.Contains(password) || noOp.Output.Contains(password), "the build log shows the password");
        CollectionAssert.AreEqual(Array.Empty<string>(), FilesHolding(Path.Combine(fixture.Directory, "obj"), password).ToList(), "obj/ holds the password");
        CollectionAssert.AreEqual(Array.Empty<string>(), FilesHolding(temp, password).ToList(), "the state root or temp holds the password");
        Assert.IsTrue(Directory.EnumerateFiles(Path.Combine(fixture.Directory, "obj"), "goenv-*.json", SearchOption.AllDirectories).Any(), "the probe cache was written");
        Assert.IsTrue(Directory.Exists(Path.Combine(temp, "GoToolchain.Build-" + Environment.UserName, "builds")), "the shared store was used");

        var replay = PackagedBuild.Run(PackagedBuild.Dotnet, new[] { "build", binlog, "-v:diag", "-nr:false" }, fixture.Directory,
            new Dictionary<string, string?>(), TimeSpan.FromMinutes(5));
        Assert.AreEqual(0, replay.ExitCode, replay.ToString());
        StringAssert.Contains(replay.Output, "GoBuild", "the replay is the build's log");
        Assert.IsFalse(replay.Output.Contains(password), "the binlog records the password");
    }

    [TestMethod]
    public void PasswordInGoEnvironmentNeverReachesObjOrTheStateRoot()
    {
        const string password = "pw-prop-1b2c3d";
        var fixture = Fixture.Create("secret-property");
        fixture.WithGoModule("go/greeter", GoMod, null, $"Environment=\"GONOSUMDB=corp.example/{password}\"")
            .WithProperty("GoRoot", PackagedBuild.GoRoot(Toolchains.Newest))
            .WithProperty("GoEnvironment", $"GOPROXY=https://gotbuser:{password}@127.0.0.1:9/mod;MY_TOKEN={password}");
        var temp = Path.Combine(fixture.Directory, "..", "tmp-" + Guid.NewGuid().ToString("N").Substring(0, 6));
        Directory.CreateDirectory(temp);

        BuildAssert.Succeeded(fixture.Build(new Dictionary<string, string?> { ["TMPDIR"] = temp }));
        BuildAssert.Succeeded(fixture.Build(new Dictionary<string, string?> { ["TMPDIR"] = temp }));

        CollectionAssert.AreEqual(Array.Empty<string>(), FilesHolding(Path.Combine(fixture.Directory, "obj"), password).ToList(), "obj/ holds the password");
        CollectionAssert.AreEqual(Array.Empty<string>(), FilesHolding(temp, password).ToList(), "the state root holds the password");
    }
}
