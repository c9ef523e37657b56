using System;
using System.Linq;
using GoToolchain.Build.Versions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Toolchain;

[TestClass]

[TestCategory("unit")]
public sealed class GoVersionTests
{
    // Ascending, as gover.Compare orders them; each line strictly greater than the one before.
    private static readonly string[] Ascending =
    {
        "1", "1.0.1", "1.2", "1.9.7", "1.10", "1.19.8", "1.20", "1.20.14",
        "1.21", "1.21alpha1", "1.21beta1", "1.21beta2", "1.21rc1", "1.21rc2", "1.21rc10", "1.21.0", "1.21.1", "1.21.13",
        "1.22", "1.22rc1", "1.22.0", "1.22.9", "1.22.12", "1.23", "1.23.0", "1.23.5", "1.23.9", "1.23.10", "1.100", "2", "99999999999.1",
    };

    [TestMethod]
    public void OrderingFollowsGover()
    {
        var versions = Ascending.Select(GoVersion.Parse).ToArray();
        for (var i = 0; i < versions.Length; i++)
        {
            for (var j = 0; j < versions.Length; j++)
            {
                Assert.AreEqual(Math.Sign(i.CompareTo(j)), Math.Sign(versions[i].CompareTo(versions[j])), $"{Ascending[i]} vs {Ascending[j]}");
            }
        }
    }

    [TestMethod]
    [DataRow("1.20", "1.20.0")]
    [DataRow("1.0", "1")]
    [DataRow("1.0.0", "1")]
    [DataRow("1.19", "1.19.0")]
    public void MissingPatchBefore121MeansZero(string a, string b)
    {
        var x = GoVersion.Parse(a);
        var y = GoVersion.Parse(b);
        Assert.AreEqual(x, y);
        Assert.IsTrue(x == y);
        Assert.AreEqual(x.GetHashCode(), y.GetHashCode());
        Assert.AreEqual(x.ToString(), y.ToString());
    }

    [TestMethod]
    public void LanguageVersionSortsBeforeItsPrereleasesAndRelease()
    {
        var language = GoVersion.Parse("1.21");
        Assert.IsTrue(language < GoVersion.Parse("1.21rc1"));
        Assert.IsTrue(GoVersion.Parse("1.21rc1") < GoVersion.Parse("1.21.0"));
        Assert.IsTrue(GoVersion.Parse("1.21.0") < GoVersion.Parse("1.21.1"));
        Assert.AreNotEqual(language, GoVersion.Parse("1.21.0"));
    }

    [TestMethod]
    [DataRow("1.21", true)]
    [DataRow("1.23", true)]
    [DataRow("1.21.0", false)]
    [DataRow("1.21rc2", false)]
    [DataRow("1.20", false)] // before 1.21 a two-part version is the .0 release
    [DataRow("1", false)]
    public void IsLanguageVersion(string text, bool expected)
        => Assert.AreEqual(expected, GoVersion.Parse(text).IsLanguageVersion);

    [TestMethod]
    [DataRow("1.22.12", "1.22.12")]
    [DataRow("1.20.0", "1.20")]
    [DataRow("1.21.0", "1.21.0")]
    [DataRow("1.21", "1.21")]
    [DataRow("1.21rc2", "1.21rc2")]
    [DataRow("1.0.0", "1")]
    [DataRow("1.0.3", "1.0.3")]
    public void ToStringIsCanonical(string text, string expected)
        => Assert.AreEqual(expected, GoVersion.Parse(text).ToString());

    [TestMethod]
    [DataRow("")]
    [DataRow("go1.21")]
    [DataRow("v1.21")]
    [DataRow("1.")]
    [DataRow(".1")]
    [DataRow("01.21")]
    [DataRow("1.021")]
    [DataRow("1.21.01")]
    [DataRow("1.21.0rc1")]   // no prereleases of patch releases
    [DataRow("1.21RC1")]
    [DataRow("1.21rc01")]
    [DataRow("1.21-rc1")]
    [DataRow("1.21.0.1")]
    [DataRow(" 1.21")]
    [DataRow("1.21 ")]
    [DataRow("1rc1")]
    public void RejectsWhatGoverRejects(string text)
    {
        Assert.IsFalse(GoVersion.TryParse(text, out var version), text);
        Assert.IsNull(version);
        Assert.ThrowsExactly<FormatException>(() => GoVersion.Parse(text));
    }

    [TestMethod]
    public void TryParseOfNullIsFalse() => Assert.IsFalse(GoVersion.TryParse(null, out _));

    [TestMethod]
    [DataRow("1.21rc", "1.21rc")]   // a kind without number is valid in gover
    [DataRow("1.21foo3", "1.21foo3")]
    [DataRow("1.2x", "1.2x")]       // kind "x": valid for gover, though go.mod's syntax wants digits after it
    public void AcceptsWhatGoverAccepts(string text, string canonical)
    {
        Assert.IsTrue(GoVersion.TryParse(text, out var version));
        Assert.AreEqual(canonical, version!.ToString());
    }

    [TestMethod]
    [DataRow("go1.22.12", "1.22.12")]
    [DataRow("go1.23.5-bigcorp", "1.23.5")]
    [DataRow("go1.21rc2", "1.21rc2")]
    [DataRow("go1.21.13 X:loopvar", "1.21.13")]
    [DataRow("go1.19", "1.19")]
    [DataRow("go1.23", "1.23")]
    public void FromToolchainName(string name, string expected)
        => Assert.AreEqual(GoVersion.Parse(expected), GoVersion.FromToolchainName(name));

    [TestMethod]
    [DataRow("local")]
    [DataRow("auto")]
    [DataRow("path")]
    [DataRow("go1.23.5+auto")]
    [DataRow("gccgo-go1.20")]
    [DataRow("go/1.22.1")]
    [DataRow("go1.22\\1")]
    [DataRow("gox")]
    [DataRow("go")]
    [DataRow("1.22.1")]
    [DataRow("")]
    [DataRow(null)]
    public void FromToolchainNameRejectsNonToolchains(string? name)
        => Assert.IsNull(GoVersion.FromToolchainName(name));

    [TestMethod]
    [DataRow("go1.22.12", "1.22.12")]
    [DataRow("go1.21rc2", "1.21rc2")]
    [DataRow("go1.19.8", "1.19.8")]
    [DataRow(" go1.23.5\n", "1.23.5")]
    public void FromGoEnvVersion(string goVersion, string expected)
        => Assert.AreEqual(GoVersion.Parse(expected), GoVersion.FromGoEnvVersion(goVersion));

    [TestMethod]
    [DataRow("devel go1.24-abc123 Tue Jan 7 10:00:00 2025 +0000")]
    [DataRow("garbage")]
    [DataRow("")]
    public void FromGoEnvVersionRejectsDevelAndGarbage(string goVersion)
        => Assert.IsNull(GoVersion.FromGoEnvVersion(goVersion));

    [TestMethod]
    [DataRow("1.22.12", "1.22.12")]
    [DataRow("1.21rc2", "1.21.0-rc.2")]
    [DataRow("1.19", "1.19.0")]
    [DataRow("1.21beta1", "1.21.0-beta.1")]
    [DataRow("1.21", "1.21.0")]
    [DataRow("1", "1.0.0")]
    [DataRow("1.21rc", "1.21.0-rc")]
    public void ToNuGetVersion(string text, string expected)
        => Assert.AreEqual(expected, NuGet(text)?.ToNormalizedString());

    [TestMethod]
    public void ReleaseCandidateSortsBeforeReleaseInNuGetToo()
        => Assert.IsTrue(NuGet("1.21rc2")!.CompareTo(NuGet("1.21.0")) < 0);

    [TestMethod]
    public void ToNuGetVersionIsNullWhenNumbersOverflow()
        => Assert.IsNull(NuGet("1.99999999999"));

    private static NuGet.Versioning.NuGetVersion? NuGet(string text) => GoVersion.Parse(text).ToNuGetVersion();

    [TestMethod]
    [DataRow("1.23", "go1.23.0")]
    [DataRow("1.21", "go1.21.0")]
    [DataRow("1.22.0", "go1.22.0")]
    [DataRow("1.23.9", "go1.23.9")]
    [DataRow("1.21rc2", "go1.21rc2")]
    [DataRow("1.20", "go1.20")]
    public void ToolchainNameForGoLine(string goLine, string expected)
        => Assert.AreEqual(expected, GoVersion.Parse(goLine).ToolchainNameForGoLine());

    [TestMethod]
    [DataRow("1.22.12", "1.22")]
    [DataRow("1.21rc2", "1.21")]
    [DataRow("1.19.8", "1.19")]
    [DataRow("1.0.3", "1")]
    public void LanguageVersion(string text, string expected)
        => Assert.AreEqual(expected, GoVersion.Parse(text).LanguageVersion.ToString());

    [TestMethod]
    public void OperatorsHandleNull()
    {
        GoVersion? none = null;
        var some = GoVersion.Parse("1.22");
        Assert.IsTrue(none < some);
        Assert.IsTrue(some > none);
        Assert.IsTrue(none == null);
        Assert.IsFalse(some.Equals(null));
        Assert.AreEqual(1, some.CompareTo(null));
    }
}
