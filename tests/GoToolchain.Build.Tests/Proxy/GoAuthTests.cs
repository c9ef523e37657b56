using System;
using System.Linq;
using GoToolchain.Build.Proxy;
using GoToolchain.Build.Tests.Fakes;
using GoToolchain.Build.Versions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Proxy;

/// <summary>go's .netrc reader and GOAUTH, per version, as cmd/go/internal/auth of 1.19–1.27 does them.</summary>
[TestClass]
[TestCategory("unit")]
public class GoAuthTests
{
    // cmd/go/internal/auth/netrc_test.go (identical in 1.19–1.27), and what go keeps from it.
    private const string GoTestNetrc = """

        machine incomplete
        password none

        machine api.github.com
          login user
          password pwd

        machine incomlete.host
          login justlogin

        machine test.host
        login user2
        password pwd2

        machine oneline login user3 password pwd3

        machine ignore.host macdef ignore
          login nobody
          password nothing

        machine hasmacro.too macdef ignore-next-lines login user4 password pwd4
          login nobody
          password nothing

        default
        login anonymous
        password gopher@golang.org

        machine after.default
        login oops
        password too-late-in-file

        """;

    [TestMethod]
    public void NetrcIsReadAsGoReadsIt()
    {
        var entries = Netrc.Parse(GoTestNetrc);
        CollectionAssert.AreEqual(new[] { "api.github.com", "test.host", "oneline", "hasmacro.too" }, entries.Select(e => e.Machine).ToArray());
        CollectionAssert.AreEqual(new[] { "user", "user2", "user3", "user4" }, entries.Select(e => e.Login).ToArray());
        CollectionAssert.AreEqual(new[] { "pwd", "pwd2", "pwd3", "pwd4" }, entries.Select(e => e.Password).ToArray());
        Assert.AreEqual(5, entries[0].Line);
        Assert.AreEqual("machine api.github.com (line 5)", entries[0].ToString(), "ToString shows no login or password");
    }

    [TestMethod]
    public void NetrcQuirks()
    {
        // CRLF reads like LF (strings.Fields drops \r), but a macro ends only at a truly empty line, so "\r" does not end it.
        Assert.AreEqual("a", Netrc.Parse("machine a\r\nlogin u\r\npassword p\r\n").Single().Machine);
        Assert.AreEqual(0, Netrc.Parse("macdef m\r\nx\r\n\r\nmachine a login u password p\r\n").Count);
        // `default login x password y` on one line is read pairwise: nothing, and reading goes on.
        Assert.AreEqual("b", Netrc.Parse("default login x password y\nmachine b login u password p\n").Single().Machine);
        // A login/password before any machine is not an entry; a machine token resets login and password.
        Assert.AreEqual(0, Netrc.Parse("login u password p\n").Count);
        Assert.AreEqual(0, Netrc.Parse("machine a login u\nmachine b password p\n").Count);
        // An odd trailing token is ignored; two complete entries on one line are both kept.
        Assert.AreEqual(2, Netrc.Parse("machine a login u password p machine b login v password q extra\n").Count);
    }

    private static GoAuth Resolve(string go, string? goAuth, FakePlatform platform)
        => GoAuth.Resolve(GoVersion.Parse(go), goAuth, platform.GetEnvironmentVariable, platform.IsWindows, platform.DirectoryExists,
            platform.FileExists, platform.ReadAllText);

    private static FakePlatform Home(string netrc) => new FakePlatform().SetEnv("HOME", "/home/u").AddFile("/home/u/.netrc", netrc);

    [TestMethod]
    // 1.19 compares the host without the port (URL.Hostname); 1.21-1.23 compare req.Host, which keeps the port the URL names;
    // 1.24 looks up the whole URL, then what precedes its first '/'; 1.25+ every path prefix.
    [DataRow("1.19", "127.0.0.1", true)]
    [DataRow("1.19", "127.0.0.1:40337", false)]
    [DataRow("1.21", "127.0.0.1", false)]
    [DataRow("1.21", "127.0.0.1:40337", true)]
    [DataRow("1.23", "127.0.0.1:40337", true)]
    [DataRow("1.24", "127.0.0.1", false)]
    [DataRow("1.24", "127.0.0.1:40337", true)]
    [DataRow("1.24", "127.0.0.1:40337/mod", false)]
    [DataRow("1.25", "127.0.0.1:40337/mod", true)]
    [DataRow("1.27", "127.0.0.1:40337/mod/", true)]
    [DataRow("1.27", "127.0.0.1", false)]
    [DataRow("1.27", "127.0.0.1:40337/other", false)]
    public void MachineLineMatchesPerVersion(string go, string machine, bool sent)
    {
        var auth = Resolve(go, null, Home($"machine {machine}\n  login alice\n  password s3cr3t\n"));
        var lookup = auth.Lookup("https://127.0.0.1:40337/mod/example.com/m/@v/v1.0.0.info");
        Assert.AreEqual(sent, lookup.Sent, lookup.Source);
        if (sent)
        {
            Assert.AreEqual("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("alice:s3cr3t")), lookup.Authorization);
            StringAssert.StartsWith(lookup.Source, $"machine {machine} (line 1) of /home/u/.netrc (NETRC unset; ");
        }
        else
        {
            var wanted = go == "1.19" ? "127.0.0.1" : "127.0.0.1:40337";
            StringAssert.StartsWith(lookup.Source, $"no machine line for {wanted} in /home/u/.netrc (1 entry, none for it) (NETRC unset; ");
        }
        Assert.IsFalse(lookup.Source.Contains("alice") || lookup.Source.Contains("s3cr3t"), lookup.Source);
    }

    [TestMethod]
    public void TheFirstLineForAMachineWinsOnEveryVersion()
    {
        foreach (var go in new[] { "1.19", "1.23", "1.24", "1.27" })
        {
            var auth = Resolve(go, null, Home("machine h login first password one\nmachine h login second password two\n"));
            StringAssert.Contains(auth.Lookup("https://h/x").Source, "(line 1)", go);
        }
    }

    [TestMethod]
    public void NetrcVariableAndHome()
    {
        var platform = Home("machine h login u password p\n").SetEnv("NETRC", "/etc/gonetrc").AddFile("/etc/gonetrc", "machine other login u password p\n");
        var auth = Resolve("1.27", null, platform);
        Assert.AreEqual("/etc/gonetrc", auth.NetrcPath);
        StringAssert.StartsWith(auth.Lookup("https://h/x").Source, "no machine line for h in /etc/gonetrc (1 entry, none for it) (NETRC=/etc/gonetrc; GOAUTH=netrc)");

        var noHome = Resolve("1.27", null, new FakePlatform());
        Assert.IsNull(noHome.NetrcPath);
        StringAssert.StartsWith(noHome.Lookup("https://h/x").Source, "no .netrc ($HOME is not defined) (NETRC unset; GOAUTH=netrc)");

        var missing = Resolve("1.23", null, new FakePlatform().SetEnv("HOME", "/home/u"));
        Assert.AreEqual("no /home/u/.netrc (no such file) (NETRC unset; go1.23 reads only .netrc: GOAUTH is Go 1.24+)",
            missing.Lookup("https://h/x").Source);
    }

    [TestMethod]
    // Before 1.24 Windows reads %USERPROFILE%\_netrc only; from 1.24 _netrc when it exists, else .netrc.
    [DataRow("1.23", true, true, @"C:\Users\u\_netrc")]
    [DataRow("1.23", false, true, @"C:\Users\u\_netrc")]
    [DataRow("1.24", true, true, @"C:\Users\u\_netrc")]
    [DataRow("1.27", false, true, @"C:\Users\u\.netrc")]
    [DataRow("1.27", true, false, @"C:\Users\u\_netrc")]
    public void WindowsNetrcFile(string go, bool underscore, bool dot, string expected)
    {
        var platform = new FakePlatform(isWindows: true).SetEnv("USERPROFILE", @"C:\Users\u").SetEnv("HOME", @"C:\elsewhere");
        if (underscore) platform.AddFile(@"C:\Users\u\_netrc", "machine h login u password p\n");
        if (dot) platform.AddFile(@"C:\Users\u\.netrc", "machine h login u password p\n");
        var auth = Resolve(go, null, platform);
        Assert.AreEqual(expected, auth.NetrcPath);
        Assert.AreEqual(platform.FileExists(expected), auth.Lookup("https://h/x").Sent);
    }

    [TestMethod]
    // go's own fatal texts (auth.go runGoAuth), met walking the list in reverse.
    [DataRow("netrc;", "go: GOAUTH encountered an empty command (GOAUTH=netrc;)")]
    [DataRow(" ; netrc", "go: GOAUTH encountered an empty command (GOAUTH= ; netrc)")]
    [DataRow("off;netrc", "go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=off;netrc)")]
    [DataRow("git", "go: GOAUTH=git dir method requires an absolute path to the git working directory")]
    [DataRow("git src", "go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not absolute")]
    [DataRow("git /nope", "go: GOAUTH=git encountered an error; cannot stat /nope: stat /nope: no such file or directory")]
    [DataRow("git /home/u/.netrc", "go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not a directory")]
    [DataRow("netrc", null)]
    [DataRow("", null)]
    [DataRow("off", null)]
    [DataRow("git /src;netrc", null)]
    [DataRow("netrc extra words", null)]
    public void GoAuthIsParsedAsGoDoes(string value, string? error)
    {
        var platform = Home("machine h login u password p\n").AddDirectory("/src");
        var auth = Resolve("1.27", value, platform);
        Assert.AreEqual(error, auth.Error);
        if (error is not null) StringAssert.StartsWith(auth.Lookup("https://h/x").Source, "none: go stops before the request (" + error);
        // Before 1.24 GOAUTH means nothing: go reads .netrc whatever it says.
        Assert.IsNull(Resolve("1.23", value, platform).Error);
        Assert.IsTrue(Resolve("1.23", value, platform).Lookup("https://h/x").Sent);
    }

    [TestMethod]
    public void GoAuthEntries()
    {
        var platform = Home("machine h login u password p\n").AddDirectory("/src");
        var off = Resolve("1.27", "off", platform).Lookup("https://h/x");
        Assert.IsFalse(off.Sent);
        Assert.AreEqual("none: GOAUTH=off disables authentication", off.Source);

        // git and commands are go's to run: the netrc credential is still sent first, and a refusal is not certain.
        var mixed = Resolve("1.27", "git /src;netrc;/usr/bin/cred-helper --token=T0KEN", platform);
        Assert.IsTrue(mixed.HasUncheckedSources);
        Assert.AreEqual("GOAUTH=git /src;netrc;/usr/bin/cred-helper …", mixed.Describe(), "a command's arguments are never shown");
        var lookup = mixed.Lookup("https://h/x");
        Assert.IsTrue(lookup.Sent);
        Assert.IsTrue(lookup.Unchecked);
        Assert.IsFalse(lookup.Source.Contains("T0KEN"), lookup.Source);

        var commandOnly = Resolve("1.27", "/usr/bin/cred-helper", platform).Lookup("https://h/x");
        Assert.IsFalse(commandOnly.Sent, "no netrc in the list: go does not read it");
        Assert.IsTrue(commandOnly.Unchecked);
    }
}
