using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace GoToolchain.Build.Execution;

/// <summary>
/// Turns an argv list into the single string <see cref="System.Diagnostics.ProcessStartInfo.Arguments"/> wants.
/// netstandard2.0 has no <c>ArgumentList</c>, so we must quote ourselves. The rules are those of
/// CommandLineToArgvW / the MSVC runtime, which is also what .NET uses to split <c>Arguments</c> back into argv on
/// Unix (and what Go's own Windows runtime uses), so the child sees exactly the strings we were given. No shell is
/// involved anywhere: <c>;</c>, <c>$</c>, <c>'</c>, <c>*</c> are plain characters.
/// </summary>
public static class CommandLineQuoting
{
    /// <summary>Joins <paramref name="argv"/> with single spaces, each element quoted by <see cref="Quote"/>.</summary>
    /// <exception cref="ArgumentNullException">The list or one of its elements is null.</exception>
    /// <exception cref="ArgumentException">An element contains a NUL character (no OS can pass one).</exception>
    public static string Join(IEnumerable<string> argv)
    {
        if (argv is null) throw new ArgumentNullException(nameof(argv));
        var builder = new StringBuilder();
        foreach (var argument in argv)
        {
            if (builder.Length > 0) builder.Append(' ');
            AppendQuoted(builder, argument);
        }
        return builder.ToString();
    }

    /// <summary>One argument, quoted only when it has to be (same algorithm as .NET's PasteArguments).</summary>
    public static string Quote(string argument)
    {
        var builder = new StringBuilder();
        AppendQuoted(builder, argument);
        return builder.ToString();
    }

    private static void AppendQuoted(StringBuilder builder, string argument)
    {
        if (argument is null) throw new ArgumentNullException(nameof(argument), "An argv element is null.");
        if (argument.IndexOf('\0') >= 0) throw new ArgumentException("An argument contains a NUL character.", nameof(argument));

        // Nothing to protect: leave it bare so logs stay readable. Backslashes are literal unless they precede a quote.
        if (argument.Length > 0 && !NeedsQuotes(argument))
        {
            builder.Append(argument);
            return;
        }

        builder.Append('"');
        int i = 0;
        while (i < argument.Length)
        {
            // Backslashes are literal except in front of a '"', where they pair up; so count the run first.
            int backslashes = 0;
            while (i < argument.Length && argument[i] == '\\')
            {
                backslashes++;
                i++;
            }

            if (i == argument.Length)
            {
                // The run is followed by our closing quote: double it so it stays literal.
                builder.Append('\\', backslashes * 2);
            }
            else if (argument[i] == '"')
            {
                // Double the run and escape the quote itself.
                builder.Append('\\', backslashes * 2 + 1).Append('"');
                i++;
            }
            else
            {
                builder.Append('\\', backslashes).Append(argument[i]);
                i++;
            }
        }
        builder.Append('"');
    }

    /// <summary>
    /// The command line for cmd.exe that runs the batch file <paramref name="batchFile"/> (.cmd, .bat) with exactly
    /// <paramref name="argv"/>: CreateProcess starts a batch file through cmd.exe, which reads `&amp;`, `|`, `&lt;`, `^`
    /// and `%VAR%` in the line, so `R&amp;D\obj` split into two commands (exit 9009) and `%PATH%` expanded. As Rust's
    /// std does (CVE-2024-24576): `/d /e:ON /v:OFF /c "..."` (no AutoRun, no delayed `!` expansion); every argument
    /// with a character cmd or the argv parser reads is quoted, and `%` becomes `%%cd:~,%`, which cmd expands to a lone
    /// `%` (an empty substring of %cd% follows it), so no `%NAME%` is ever formed. Null with <paramref name="refused"/>
    /// set when an argument cannot be made safe: a line break ends a cmd line whatever the quoting, and a `"` has no
    /// spelling that both cmd.exe and go.exe read as one quote: cmd toggles its quoting at every `"` (so `\"` exposes
    /// what follows to `&amp;` and `|`), and go's own argv parser (os/exec_windows.go, the "prior to 2008" rule) ends the
    /// quoted span after the `""` that Rust's std writes for MSVC programs, splitting the argument (a go list -f
    /// template with `"%q"` arrived in two pieces, seen under Wine).
    /// </summary>
    public static string? ForBatchFile(string batchFile, IEnumerable<string> argv, out string? refused)
    {
        refused = null;
        var builder = new StringBuilder(BatchPrefix);
        foreach (var argument in new[] { batchFile }.Concat(argv))
        {
            if (BatchRefusal(argument) is { } why)
            {
                refused = $"the argument '{argument.Replace("\r", "\\r").Replace("\n", "\\n").Replace("\0", "\\0")}' holds {why}, " +
                    $"so it cannot be passed to the batch file '{batchFile}' safely. Fix: point GoExecutable/GoRoot at go.exe itself instead of a .cmd/.bat wrapper, or remove it.";
                return null;
            }
            if (builder.Length > BatchPrefix.Length) builder.Append(' ');
            AppendForBatch(builder, argument);
        }
        return builder.Append('"').ToString();
    }

    /// <summary>Why <paramref name="argument"/> cannot be passed to a batch file (ForBatchFile), or null.</summary>
    public static string? BatchRefusal(string argument)
        => argument.IndexOfAny(new[] { '\r', '\n', '\0' }) >= 0 ? "a line break, which ends a cmd.exe command line however it is quoted"
            : argument.IndexOf('"') >= 0 ? "a double quote, which cmd.exe and go's own argument parser read differently however it is written"
            : null;

    private static void AppendForBatch(StringBuilder builder, string argument)
    {
        var quote = argument.Length == 0 || argument.IndexOfAny(BatchSpecial) >= 0;
        if (quote) builder.Append('"');
        var backslashes = 0;
        foreach (var c in argument)
        {
            if (c == '\\') { backslashes++; builder.Append(c); continue; }
            backslashes = 0;
            if (c == '%') builder.Append("%%cd:~,");
            builder.Append(c);
        }
        if (quote) builder.Append('\\', backslashes).Append('"');
    }

    private const string BatchPrefix = "/d /e:ON /v:OFF /c \"";

    // What cmd.exe or the argv parser would read: spaces, cmd's operators and separators, quotes, %.
    private static readonly char[] BatchSpecial = " \t&()[]{}^=;!'+,`~%|<>\"".ToCharArray();

    // Parsers split on space and tab only, but quoting any whitespace (newlines too) costs nothing and matches .NET.
    private static bool NeedsQuotes(string argument)
    {
        foreach (char c in argument)
        {
            if (char.IsWhiteSpace(c) || c == '"') return true;
        }
        return false;
    }
}
