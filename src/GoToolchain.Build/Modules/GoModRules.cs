using System.Text.RegularExpressions;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Modules;

/// <summary>
/// What a given go release accepts in go.mod and go.work, and the exact words it uses to reject the rest
/// (golang.org/x/mod/modfile as vendored in 1.19 and 1.21 to 1.27, each checked against the real toolchain). Go reads these
/// files strictly: a directive it does not know is an error, so a newer file breaks an older go.
/// </summary>
public sealed class GoModRules
{
    private static readonly GoVersion Go121 = GoVersion.Parse("1.21");
    private static readonly GoVersion Go122 = GoVersion.Parse("1.22");
    private static readonly GoVersion Go123 = GoVersion.Parse("1.23");
    private static readonly GoVersion Go124 = GoVersion.Parse("1.24");
    private static readonly GoVersion Go125 = GoVersion.Parse("1.25");

    // Before 1.21 only "1.N"; from 1.21 on also 1.N.P and prereleases such as 1.21rc1.
    private static readonly Regex TwoPartGoVersion = new(@"^([1-9][0-9]*)\.(0|[1-9][0-9]*)\z",
        RegexOptions.CultureInvariant);
    private static readonly Regex GoVersionSyntax = new(@"^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?\z",
        RegexOptions.CultureInvariant);
    private static readonly Regex ToolchainSyntax = new(@"^(default\z|go1(\z|\.))", RegexOptions.CultureInvariant);

    private GoModRules(GoVersion? toolchain) => Toolchain = toolchain;

    /// <summary>The newest rules this package knows (go 1.25 to 1.27: toolchain, godebug, tool and ignore directives).</summary>
    public static GoModRules Newest { get; } = new(null);

    /// <summary>The rules of the go release <paramref name="toolchain"/>; null means <see cref="Newest"/>.</summary>
    public static GoModRules For(GoVersion? toolchain) => toolchain is null ? Newest : new GoModRules(toolchain);

    /// <summary>The go release whose rules these are; null for the newest.</summary>
    public GoVersion? Toolchain { get; }

    private bool AtLeast(GoVersion version) => Toolchain is null || Toolchain >= version;

    /// <summary>The toolchain directive and three-part go lines arrived with GOTOOLCHAIN in Go 1.21.</summary>
    public bool KnowsToolchainLines => AtLeast(Go121);

    public bool IsDirective(string verb, bool workspace) => verb switch
    {
        "go" or "replace" => true,
        "toolchain" => AtLeast(Go121),
        "godebug" => AtLeast(Go123),
        "use" => workspace,
        "module" or "require" or "exclude" or "retract" => !workspace,
        "tool" => !workspace && AtLeast(Go124),
        "ignore" => !workspace && AtLeast(Go125),
        _ => false,
    };

    /// <summary>
    /// Go 1.24 and later, finding a go line newer than itself in a file it cannot parse, say "go.mod requires go >= N"
    /// instead of the parse errors (modload.ReadModFile retries with modfile.ParseLax); 1.21 to 1.23 print the parse
    /// errors. Checked: `go 1.99` and an unknown directive, GOTOOLCHAIN=local, on each toolchain. go.work's parse errors are
    /// printed by every version (checked on 1.23, 1.24 and 1.27).
    /// </summary>
    public bool ReportsTooNewBeforeParseErrors => AtLeast(Go124);

    /// <summary>go's complaint about a `tool` or `ignore` line without exactly one argument (the same words on 1.24 to 1.27).</summary>
    public static string OneArgumentError(string verb) => $"{verb} directive expects exactly one argument";

    /// <summary>Directives that may also be written as a ( … ) block.</summary>
    public bool IsBlockDirective(string verb, bool workspace)
        => verb is not ("go" or "toolchain") && IsDirective(verb, workspace);

    /// <summary>go's complaint about a go line's value, or null when this go accepts it.</summary>
    public string? GoVersionError(string value, bool workspace)
    {
        var valid = KnowsToolchainLines ? GoVersionSyntax.IsMatch(value) : TwoPartGoVersion.IsMatch(value);
        if (valid) return null;
        // go.mod said "format 1.23" until 1.22, go.work until 1.23.
        var format = AtLeast(workspace ? Go123 : Go122) ? "1.23.0" : "1.23";
        return $"invalid go version '{value}': must match format {format}";
    }

    /// <summary>go's complaint about a toolchain line's value, or null when this go accepts it.</summary>
    public string? ToolchainError(string value, bool workspace)
    {
        if (ToolchainSyntax.IsMatch(value)) return null;
        var format = AtLeast(Go123) ? "go1.23.0 or default"
            : AtLeast(Go122) && !workspace ? "go1.23.0 or local"
            : "go1.23 or local";
        return $"invalid toolchain version '{value}': must match format {format}";
    }

    /// <summary>Whether `replace x => .` and `=> ..` name directories (x/mod's IsDirectoryPath from go 1.22 on).</summary>
    public bool BareDotIsDirectory => AtLeast(Go122);

    /// <summary>go's complaint about `replace a => b` where b is neither a directory nor has a version.</summary>
    public string ReplacementWithoutVersionError(string target)
    {
        // 1.21 added the path@version hint; 1.22 reworded "./ or ../" to ". or ..".
        if (target.Contains("@") && AtLeast(Go121)) return "replacement module must match format 'path version', not 'path@version'";
        return AtLeast(Go122)
            ? "replacement module without version must be directory path (rooted or starting with . or ..)"
            : "replacement module without version must be directory path (rooted or starting with ./ or ../)";
    }

    /// <summary>What go says about a go.mod without a module line (1.19 worded it differently).</summary>
    public string MissingModuleError(string goModPath)
        => AtLeast(Go121)
            ? $"error reading {goModPath}: missing module declaration. To specify the module path:\n\tgo mod edit -module=example.com/mod"
            : "no module declaration in go.mod. To specify the module path:\n\tgo mod edit -module=example.com/mod";

    public override string ToString() => Toolchain is null ? "newest Go" : $"Go {Toolchain}";
}
