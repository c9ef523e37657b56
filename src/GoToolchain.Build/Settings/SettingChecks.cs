using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GoToolchain.Build.Diagnostics;

namespace GoToolchain.Build.Settings;

/// <summary>
/// Checks the values of the package's properties and GoModule metadata before any of them is used, so a wrong
/// value fails at the user's file with the property, the value and what is allowed, instead of MSBuild's
/// MSB4030 inside our .targets, a silent clamp, or go's error much later. Tasks take every value as a string
/// and parse it with the same rules (<see cref="ParseBoolean"/>, <see cref="ParseSeconds"/>).
/// </summary>
public static class SettingChecks
{
    public const int MaxProcessTimeoutSeconds = 86400;

    /// <summary>true/false, any case (MSBuild's conditions compare case-insensitively); empty gives the default.</summary>
    public static bool? ParseBoolean(string? value)
    {
        var text = (value ?? "").Trim();
        if (text.Length == 0) return null;
        if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase)) return true;
        if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase)) return false;
        return null;
    }

    /// <summary>A whole number of seconds in [1, max]; null otherwise.</summary>
    public static int? ParseSeconds(string? value, int max = MaxProcessTimeoutSeconds)
        => int.TryParse((value ?? "").Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds >= 1 && seconds <= max
            ? seconds : null;

    /// <summary>For tasks: the parsed value, or the default when it is empty or invalid (ValidateGoSettings has reported it then).</summary>
    public static bool BooleanOr(string? value, bool fallback) => ParseBoolean(value) ?? fallback;

    public static TimeSpan SecondsOr(string? value, int fallback) => TimeSpan.FromSeconds(ParseSeconds(value) ?? fallback);

    public static Diagnostic? Boolean(string property, string? value, (string? File, int Line) at)
        => ParseBoolean(value) is not null || (value ?? "").Trim().Length == 0 ? null
            : Invalid(property, value, "true or false", at);

    public static Diagnostic? Seconds(string property, string? value, (string? File, int Line) at)
        => ParseSeconds(value) is not null || (value ?? "").Trim().Length == 0 ? null
            : Invalid(property, value, $"a whole number of seconds from 1 to {MaxProcessTimeoutSeconds}", at);

    /// <summary>A whole number in [min, max]; null otherwise.</summary>
    public static int? ParseWholeNumber(string? value, int min, int max)
        => int.TryParse((value ?? "").Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number : null;

    public static Diagnostic? WholeNumber(string property, string? value, int min, int max, (string? File, int Line) at)
        => ParseWholeNumber(value, min, max) is not null || (value ?? "").Trim().Length == 0 ? null
            : Invalid(property, value, $"a whole number from {min} to {max}", at);

    private static Diagnostic Invalid(string property, string? value, string allowed, (string? File, int Line) at)
        => Invalid(Codes.PropertyValueInvalid, property, value, allowed, at);

    /// <summary>The error for a property value that is not allowed, under its own code: names the property, the value and what is allowed.</summary>
    public static Diagnostic Invalid(string code, string property, string? value, string allowed, (string? File, int Line) at)
        => Diagnostic.Error(code,
            $"Property {property} is '{value}', which is not allowed. Fix: set {property} to {allowed}, or remove it to use the default.",
            at.File, at.Line);

    private static Diagnostic InvalidMetadata(string module, string name, string value, string allowed, (string? File, int Line) at)
        => Diagnostic.Error(Codes.MetadataValueInvalid,
            $"GoModule '{module}' has {name}='{value}', which is not allowed. Fix: {allowed}.", at.File, at.Line);

    /// <summary>
    /// OutputName names the file go build writes under obj/ (lib&lt;name&gt;.so, &lt;name&gt;.exe): a file name,
    /// never a path, or the output (and dotnet clean's reach) would leave the build's folders.
    /// </summary>
    public static Diagnostic? OutputName(string module, string? value, (string? File, int Line) at)
    {
        var name = (value ?? "").Trim();
        if (name.Length == 0 || IsFileName(name)) return null;
        return Diagnostic.Error(Codes.OutputNameNotFileName,
            $"GoModule '{module}' has OutputName='{value}', which is not a file name: the output would be written outside the build's folders. " +
            "Fix: use a plain name such as 'greeter' (letters, digits, '.', '-', '_'; no '/', '\\', '..', ':' or wildcards); the package adds " +
                "lib/.so/.dll/.exe itself.",
            at.File, at.Line);
    }

    private static bool IsFileName(string name)
        => name != "." && name != ".." && !name.EndsWith(".", StringComparison.Ordinal)
           && name.All(c => c >= 0x20 && c != 0x7f && "/\\:*?\"<>|".IndexOf(c) < 0);

    /// <summary>The GoModule metadata the package passes to go: each checked for what go and the package accept.</summary>
    public static IEnumerable<Diagnostic> Metadata(string module, Func<string, string> get, Func<string, (string? File, int Line)> at)
    {
        // at() reads the project files: asked only for a value that fails its check.
        if (OutputName(module, get("OutputName"), (null, 0)) is not null) yield return OutputName(module, get("OutputName"), at("OutputName"))!;

        var package = get("Package").Trim();
        if (package.StartsWith("-", StringComparison.Ordinal) || package.Any(char.IsWhiteSpace))
            yield return InvalidMetadata(module, "Package", get("Package"),
                "use one package path or pattern relative to the module, such as '.' (the default) or './cmd/tool'; it must not start with '-' or " +
                    "hold spaces", at("Package"));

        var cgo = get("CgoEnabled").Trim();
        if (cgo.Length > 0 && cgo != "0" && cgo != "1")
            yield return InvalidMetadata(module, "CgoEnabled", get("CgoEnabled"),
                "use 1 (cgo on), 0 (cgo off), or remove it (on for c-shared and c-archive, go's default for exe)", at("CgoEnabled"));

        var tags = get("Tags");
        if (tags.Any(c => !(char.IsLetterOrDigit(c) || c is '_' or '.' or ',' or ' ')))
            yield return InvalidMetadata(module, "Tags", tags,
                "list build tags separated by ',' (letters, digits, '_' and '.'), e.g. 'netgo,osusergo'", at("Tags"));

        foreach (var name in new[] { "LdFlags", "GcFlags" })
        {
            var owned = OwnedToolFlag(get(name));
            if (owned is not null)
                yield return Diagnostic.Error(Codes.ReservedBuildArgument,
                    $"GoModule '{module}' has {name}='{get(name)}', which passes '{owned}' to the {(name == "LdFlags" ? "linker" : "compiler")}: " +
                        $"GoToolchain.Build decides where go build writes and how it links. " +
                    $"Fix: remove '{owned}' from {name}; set OutputName for the file name and BuildMode for the kind of output.",
                    at(name).File, at(name).Line);
        }
    }

    /// <summary>
    /// go build flags the package sets itself, and the setting that controls each. go's flag package accepts -name,
    /// --name, -name=value and --name=value alike.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> OwnedFlags = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["o"] = "the GoModule metadata OutputName (the output goes under obj/ and is copied next to the app)",
        ["buildmode"] = "the GoModule metadata BuildMode",
        ["trimpath"] = "the property GoTrimPath",
        ["tags"] = "the GoModule metadata Tags",
        ["ldflags"] = "the GoModule metadata LdFlags",
        ["gcflags"] = "the GoModule metadata GcFlags",
        ["C"] = "the GoModule Include (go runs in the module's folder)",
        ["pkgdir"] = "nothing: go must not write packages outside its own cache",
    };

    /// <summary>go build flags that take the next argument as their value when written without '='.</summary>
    private static readonly HashSet<string> ValueFlags = new(StringComparer.Ordinal)
    {
        "p", "asmflags", "compiler", "gccgoflags", "installsuffix", "mod", "modfile", "overlay", "pgo", "toolexec",
        "covermode", "coverpkg", "buildvcs", "o", "buildmode", "tags", "ldflags", "gcflags", "C", "pkgdir",
    };

    /// <summary>GoBuildArguments: one error per argument the package owns, naming what controls it.</summary>
    public static IEnumerable<Diagnostic> BuildArguments(IReadOnlyList<string> arguments, (string? File, int Line) at)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            var name = FlagName(arguments[i]);
            if (name is null) continue;
            if (OwnedFlags.TryGetValue(name, out var owner))
            {
                yield return Diagnostic.Error(Codes.ReservedBuildArgument,
                    $"GoBuildArguments holds '{arguments[i]}': GoToolchain.Build sets -{name} itself, from {owner}. " +
                    $"Fix: remove it from " +
                        $"GoBuildArguments{(owner.StartsWith("nothing", StringComparison.Ordinal) ? "" : " and use that setting instead")}.",
                    at.File, at.Line);
            }
            if (ValueFlags.Contains(name) && arguments[i].IndexOf('=') < 0) i++; // the next element is this flag's value
        }
    }

    /// <summary>"-o", "--o", "-o=x" give "o"; anything that is not a flag gives null.</summary>
    private static string? FlagName(string argument)
    {
        var text = argument.Trim();
        if (text.Length < 2 || text[0] != '-' || text == "--") return null;
        text = text.StartsWith("--", StringComparison.Ordinal) ? text.Substring(2) : text.Substring(1);
        var eq = text.IndexOf('=');
        return eq < 0 ? text : text.Substring(0, eq);
    }

    /// <summary>-o or -buildmode inside -ldflags/-gcflags (go splits them on spaces, honouring quotes; a leading "pattern=" is dropped).</summary>
    private static string? OwnedToolFlag(string flags)
    {
        var text = flags.Trim();
        if (text.Length > 0 && text[0] != '-' && text.IndexOf('=') is var eq and > 0 && text.IndexOf(' ') is var sp && (sp < 0 || eq < sp))
            text = text.Substring(eq + 1);
        foreach (var token in text.Split(new[] { ' ', '\t', '\'', '"' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var name = FlagName(token);
            if (name is "o" or "buildmode") return token;
        }
        return null;
    }
}
