using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace GoToolchain.Build.Toolchain;

/// <summary>
/// Reads the output of `go env -json`: one JSON object whose values are all strings; also one line of go's other JSON
/// streams (go build -json's BuildEvents, go test -json's TestEvents), whose numbers and booleans are kept as their text.
/// A parser of that flat shape only: shipping System.Text.Json beside the task dll could collide with the copy
/// MSBuild has already loaded, and nothing else here needs JSON.
/// </summary>
public static class GoEnvJson
{
    /// <summary>The variables, or null with <paramref name="error"/> saying where the text stops being that shape.</summary>
    public static IReadOnlyDictionary<string, string>? Parse(string text, out string? error)
    {
        var reader = new Reader(text ?? "");
        try
        {
            var result = reader.ReadObject();
            error = null;
            return result;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>Writes a map in the same shape (used for the validation cache).</summary>
    public static string Write(IReadOnlyDictionary<string, string> values)
    {
        var sb = new StringBuilder("{\n");
        var first = true;
        foreach (var pair in values)
        {
            if (!first) sb.Append(",\n");
            first = false;
            sb.Append('\t').Append(Quote(pair.Key)).Append(": ").Append(Quote(pair.Value));
        }
        return sb.Append("\n}\n").ToString();
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    private sealed class Reader
    {
        private readonly string _s;
        private int _i;

        public Reader(string s) => _s = s;

        public Dictionary<string, string> ReadObject()
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            SkipSpace();
            Expect('{');
            SkipSpace();
            if (Peek() == '}')
            {
                _i++;
                ExpectEnd();
                return map;
            }
            while (true)
            {
                SkipSpace();
                var key = ReadString();
                SkipSpace();
                Expect(':');
                SkipSpace();
                if (Peek() == '"') map[key] = ReadString();
                else if (ReadScalar() is { } scalar) map[key] = scalar; // null: absent, as go's omitempty would have it
                SkipSpace();
                var c = Next();
                if (c == '}') break;
                if (c != ',') throw Fail($"expected ',' or '}}' but found {Describe(c)}");
            }
            ExpectEnd();
            return map;
        }

        private string ReadString()
        {
            Expect('"');
            var sb = new StringBuilder();
            while (true)
            {
                var c = Next();
                if (c == '"') return sb.ToString();
                if (c == '\\')
                {
                    var e = Next();
                    switch (e)
                    {
                        case '"': sb.Append('"'); break;
                        case '\\': sb.Append('\\'); break;
                        case '/': sb.Append('/'); break;
                        case 'b': sb.Append('\b'); break;
                        case 'f': sb.Append('\f'); break;
                        case 'n': sb.Append('\n'); break;
                        case 'r': sb.Append('\r'); break;
                        case 't': sb.Append('\t'); break;
                        case 'u':
                            if (_i + 4 > _s.Length || !int.TryParse(_s.Substring(_i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture,
                                out var code))
                                throw Fail("bad \\u escape");
                            _i += 4;
                            sb.Append((char)code); // surrogate pairs arrive as two escapes and recombine here
                            break;
                        default: throw Fail($"bad escape {Describe(e)}");
                    }
                }
                else if (c < 0x20) throw Fail("control character inside a string");
                else sb.Append(c);
            }
        }

        /// <summary>A number, true or false as written; null for null. Objects and arrays are not this shape.</summary>
        private string? ReadScalar()
        {
            var start = _i;
            while (_i < _s.Length && (char.IsLetterOrDigit(_s[_i]) || _s[_i] is '-' or '+' or '.')) _i++;
            var text = _s.Substring(start, _i - start);
            if (text == "null") return null;
            if (text is "true" or "false"
                || (text.Length > 0 && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))) return text;
            _i = start;
            throw Fail($"expected a string, number, true, false or null but found {Describe(Peek())}");
        }

        private void SkipSpace()
        {
            while (_i < _s.Length && (_s[_i] == ' ' || _s[_i] == '\t' || _s[_i] == '\n' || _s[_i] == '\r' || _s[_i] == '\uFEFF')) _i++;
        }

        private char Peek() => _i < _s.Length ? _s[_i] : '\0';

        private char Next()
        {
            if (_i >= _s.Length) throw Fail("unexpected end of output");
            return _s[_i++];
        }

        private void Expect(char expected)
        {
            var c = _i < _s.Length ? _s[_i] : '\0';
            if (c != expected) throw Fail($"expected '{expected}' but found {Describe(c)}");
            _i++;
        }

        private void ExpectEnd()
        {
            SkipSpace();
            if (_i < _s.Length) throw Fail($"unexpected text after the object: {Describe(_s[_i])}");
        }

        private FormatException Fail(string what) => new($"not go env -json output at character {_i}: {what}");

        private string Describe(char c) => _i > _s.Length || c == '\0' ? "the end" : $"'{c}'";
    }
}
