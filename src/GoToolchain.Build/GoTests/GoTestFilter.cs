using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace GoToolchain.Build.GoTests;

/// <summary>
/// The test platform's filter (`dotnet test --filter`, the same syntax on VSTest and MTP's VSTest-style filter):
/// conditions <c>Property=Value</c>, <c>!=</c>, <c>~</c> (contains), <c>!~</c>, joined with <c>&amp;</c> and <c>|</c>, in
/// parentheses, with <c>\</c> escaping; a bare value means FullyQualifiedName~value. Properties: FullyQualifiedName, Name
/// and DisplayName (the go test name); comparisons ignore case, as the platform's do. Any other property matches no Go test.
/// </summary>
public sealed class GoTestFilter
{
    private readonly Node _root;

    private GoTestFilter(Node root, string text)
    {
        _root = root;
        Text = text;
    }

    public string Text { get; }

    /// <summary>The filter, or null with <paramref name="error"/> for text that is not one.</summary>
    public static GoTestFilter? Parse(string text, out string? error)
    {
        try
        {
            var parser = new Parser(text ?? "");
            var root = parser.ParseOr();
            parser.ExpectEnd();
            error = null;
            return new GoTestFilter(root, text ?? "");
        }
        catch (FormatException e)
        {
            error = $"the filter '{text}' is not valid: {e.Message}";
            return null;
        }
    }

    public bool Matches(string fullyQualifiedName, string name) => _root.Matches(fullyQualifiedName, name);

    public bool Matches(GoTestCase test) => Matches(test.FullyQualifiedName, test.DisplayName);

    /// <summary>The subtest names a condition names below <paramref name="topLevel"/> (Name=TestTable/wrong for TestTable):
    /// the filter may select a subtest of a test it does not select itself.</summary>
    public IEnumerable<string> SubtestsNamedUnder(string topLevel)
        => _root.Values().Select(v => v.Contains(".") && GoTestNames.Split(v).TestName is { Length: > 0 } t ? t : v)
            .Where(v => v.StartsWith(topLevel + "/", StringComparison.OrdinalIgnoreCase));

    private abstract class Node
    {
        public abstract bool Matches(string fqn, string name);
        public abstract IEnumerable<string> Values();
    }

    private sealed class Condition : Node
    {
        public string Property = "", Operator = "", Value = "";

        public override bool Matches(string fqn, string name)
        {
            string? actual = Property.ToLowerInvariant() switch
            {
                "fullyqualifiedname" => fqn,
                "name" or "displayname" => name,
                _ => null,
            };
            if (actual is null) return Operator.StartsWith("!", StringComparison.Ordinal);
            return Operator switch
            {
                "=" => string.Equals(actual, Value, StringComparison.OrdinalIgnoreCase),
                "!=" => !string.Equals(actual, Value, StringComparison.OrdinalIgnoreCase),
                "~" => actual.IndexOf(Value, StringComparison.OrdinalIgnoreCase) >= 0,
                _ => actual.IndexOf(Value, StringComparison.OrdinalIgnoreCase) < 0,
            };
        }

        public override IEnumerable<string> Values() { yield return Value; }
    }

    private sealed class Both : Node
    {
        public Node Left = null!, Right = null!;
        public bool And;
        public override bool Matches(string fqn, string name) => And ? Left.Matches(fqn, name) && Right.Matches(fqn, name) : Left.Matches(fqn, name) || Right.Matches(fqn, name);
        public override IEnumerable<string> Values() => Left.Values().Concat(Right.Values());
    }

    private sealed class Parser
    {
        private readonly string _s;
        private int _i;

        public Parser(string s) => _s = s;

        public Node ParseOr()
        {
            var left = ParseAnd();
            while (Peek() == '|')
            {
                _i++;
                left = new Both { Left = left, Right = ParseAnd(), And = false };
            }
            return left;
        }

        private Node ParseAnd()
        {
            var left = ParsePrimary();
            while (Peek() == '&')
            {
                _i++;
                left = new Both { Left = left, Right = ParsePrimary(), And = true };
            }
            return left;
        }

        private Node ParsePrimary()
        {
            SkipSpace();
            if (Peek() == '(')
            {
                _i++;
                var inner = ParseOr();
                SkipSpace();
                if (Peek() != ')') throw new FormatException($"a ')' is missing at character {_i}");
                _i++;
                SkipSpace();
                return inner;
            }
            var left = Word(stopAtOperator: true).Trim();
            string op;
            if (At("!=")) op = "!=";
            else if (At("!~")) op = "!~";
            else if (At("=")) op = "=";
            else if (At("~")) op = "~";
            else
            {
                if (left.Length == 0) throw new FormatException($"a condition is missing at character {_i}");
                return new Condition { Property = "FullyQualifiedName", Operator = "~", Value = left };
            }
            _i += op.Length;
            if (left.Length == 0) throw new FormatException($"a property name is missing before '{op}'");
            var value = Word(stopAtOperator: false).Trim();
            if (value.Length == 0) throw new FormatException($"the value after '{left}{op}' is missing");
            return new Condition { Property = left, Operator = op, Value = value };
        }

        private string Word(bool stopAtOperator)
        {
            var sb = new StringBuilder();
            while (_i < _s.Length)
            {
                var c = _s[_i];
                if (c == '\\' && _i + 1 < _s.Length)
                {
                    sb.Append(_s[_i + 1]);
                    _i += 2;
                    continue;
                }
                if (c is '&' or '|' or '(' or ')') break;
                if (stopAtOperator && (c is '=' or '~' || (c == '!' && _i + 1 < _s.Length && _s[_i + 1] is '=' or '~'))) break;
                sb.Append(c);
                _i++;
            }
            return sb.ToString();
        }

        private bool At(string token) => string.CompareOrdinal(_s, _i, token, 0, token.Length) == 0;

        private char Peek()
        {
            SkipSpace();
            return _i < _s.Length ? _s[_i] : '\0';
        }

        private void SkipSpace()
        {
            while (_i < _s.Length && char.IsWhiteSpace(_s[_i])) _i++;
        }

        public void ExpectEnd()
        {
            SkipSpace();
            if (_i < _s.Length) throw new FormatException($"unexpected '{_s[_i]}' at character {_i}");
        }
    }
}

/// <summary>Which packages go test runs and with which -run pattern, for the tests a filter or an IDE selected, and which of go's
/// results are reported (go runs every subtest of a selected test).</summary>
public sealed class GoTestSelection
{
    /// <summary>Import paths to test; empty: nothing selected in this module.</summary>
    public IReadOnlyList<string> Packages { get; set; } = Array.Empty<string>();

    /// <summary>go test -run's pattern (^(TestAdd|ExampleAdd)$); null: every test of those packages.</summary>
    public string? RunPattern { get; set; }

    /// <summary>Whether a result is one of the selected (a selected test, or a subtest of one, or a package failure of a selected package).</summary>
    public Func<GoTestResult, bool> Reports { get; set; } = _ => true;

    /// <summary>The selection of <paramref name="discovered"/> for which <paramref name="selects"/> holds (a filter's Matches,
    /// or membership in what an IDE asked to run); <paramref name="subtestsNamed"/> gives the subtests a filter names below a
    /// top-level test, which select that test too.</summary>
    public static GoTestSelection Of(IEnumerable<GoTestCase> discovered, Func<string, string, bool> selects,
        Func<string, IEnumerable<string>>? subtestsNamed = null)
    {
        var chosen = new List<GoTestCase>();
        foreach (var test in discovered)
        {
            var named = subtestsNamed?.Invoke(test.TestName) ?? Enumerable.Empty<string>();
            if (selects(test.FullyQualifiedName, test.DisplayName)
                || (test.TestName.Length > 0 && named.Any(sub => selects(GoTestNames.FullyQualifiedName(test.Package, sub), sub))))
            {
                chosen.Add(test);
            }
        }
        var names = chosen.Where(t => t.TestName.Length > 0).Select(t => t.TestName).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToList();
        var selectedTop = new HashSet<string>(chosen.Where(t => t.TestName.Length > 0).Select(t => t.FullyQualifiedName), StringComparer.Ordinal);
        var selectedPackages = new HashSet<string>(chosen.Select(t => t.Package), StringComparer.Ordinal);
        return new GoTestSelection
        {
            Packages = chosen.Select(t => t.Package).Distinct(StringComparer.Ordinal).ToList(),
            // Test names are Go identifiers: nothing to escape. A package chosen for itself (its build failed) runs every test.
            RunPattern = chosen.Any(t => t.TestName.Length == 0) || names.Count == 0 ? null : "^(" + string.Join("|", names) + ")$",
            Reports = result =>
                result.TestName.Length == 0 ? selectedPackages.Contains(result.Package)
                : selects(result.FullyQualifiedName, result.DisplayName)
                  || (selectedTop.Contains(GoTestNames.FullyQualifiedName(result.Package, GoTestNames.TopLevel(result.TestName)))
                      && selects(GoTestNames.FullyQualifiedName(result.Package, GoTestNames.TopLevel(result.TestName)), GoTestNames.TopLevel(result.TestName))),
        };
    }
}
