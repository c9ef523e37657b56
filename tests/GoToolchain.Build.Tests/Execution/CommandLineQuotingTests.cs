using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using GoToolchain.Build.Execution;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Execution;

[TestClass]

[TestCategory("unit")]
public class CommandLineQuotingTests
{
    [TestMethod]
    [DataRow("plain", "plain")]
    [DataRow("", "\"\"")]
    [DataRow("two words", "\"two words\"")]
    [DataRow("tab\there", "\"tab\there\"")]
    [DataRow("new\nline", "\"new\nline\"")]
    [DataRow("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [DataRow("\"", "\"\\\"\"")]
    [DataRow(@"C:\dir\file", @"C:\dir\file")]
    [DataRow(@"C:\my dir\", "\"C:\\my dir\\\\\"")]
    [DataRow(@"a\\""b", "\"a\\\\\\\\\\\"b\"")]
    [DataRow(@"trail\\", @"trail\\")]
    [DataRow("a;b$c'd*e", "a;b$c'd*e")]
    [DataRow("空 格", "\"空 格\"")]
    [DataRow("Grüße", "Grüße")]
    public void Quote_table(string argument, string expected)
    {
        Assert.AreEqual(expected, CommandLineQuoting.Quote(argument));
    }

    [TestMethod]
    public void Join_separates_with_single_spaces_and_keeps_empty_arguments()
    {
        Assert.AreEqual("build \"\" -o \"out dir/lib.so\" ./...", CommandLineQuoting.Join(new[] { "build", "", "-o", "out dir/lib.so", "./..." }));
        Assert.AreEqual("", CommandLineQuoting.Join(Array.Empty<string>()));
    }

    [TestMethod]
    public void Join_rejects_null_elements_and_NUL_characters()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => CommandLineQuoting.Join(null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => CommandLineQuoting.Join(new[] { "a", null! }));
        Assert.ThrowsExactly<ArgumentException>(() => CommandLineQuoting.Join(new[] { "a\0b" }));
    }

    /// <summary>The tricky cases, and many random ones, must survive Join → .NET's own argv splitting → execve.</summary>
    public static IEnumerable<string> TrickyArguments() => new[]
    {
        "", " ", "plain", "two words", "tab\there", "new\nline", "cr\r\nlf", "\"", "\"\"", "say \"hi\"", "\\", "\\\\",
        "trail\\", "trail\\\\", "C:\\my dir\\", "\\\"", "a\\\\\"b", "\\\\\\\" x", "quote at end\"", "\"start",
        "a;b", "$HOME", "${PATH}", "'single'", "*", "?", "`id`", "$(id)", "a|b&c>d<e", "%PATH%", "^", "!", "#",
        "空 格", "Grüße", "emoji 🙂", "-o", "--", "=", "\u00a0nbsp", "\v\f",
    };

    [TestMethod]
    public void Round_trip_through_a_real_child_process()
    {
        AssertRoundTrip(TrickyArguments().ToArray());
    }

    [TestMethod]
    public void Random_round_trip_through_a_real_child_process()
    {
        // Built from the characters that matter to the parser, plus a few ordinary and non-ASCII ones.
        const string alphabet = "\\\"  \t\nab;$'*é空";
        var random = new Random(20240601);
        var argv = Enumerable.Range(0, 300).Select(_ =>
        {
            var builder = new StringBuilder();
            int length = random.Next(0, 9);
            for (int i = 0; i < length; i++) builder.Append(alphabet[random.Next(alphabet.Length)]);
            return builder.ToString();
        }).ToArray();
        AssertRoundTrip(argv);
    }

    private static void AssertRoundTrip(string[] argv)
    {
        // sh receives the argv through ProcessRunner (which uses Join); it prints each one followed by NUL.
        var arguments = new[] { "-c", "for a; do printf '%s\\0' \"$a\"; done", "sh" }.Concat(argv);
        var result = ProcessRunner.Run(new ProcessSpec("/bin/sh", arguments, TimeSpan.FromSeconds(30)), CancellationToken.None);
        Assert.IsTrue(result.Succeeded, result.ToString() + result.StandardErrorText);

        var received = result.StandardOutputText.Split('\0');
        Assert.AreEqual("", received[received.Length - 1], "output ends with NUL");
        CollectionAssert.AreEqual(argv, received.Take(received.Length - 1).ToArray());
    }
}
