using System;
using System.Collections.Generic;

namespace GoToolchain.Build.Proxy;

/// <summary>
/// One complete netrc entry as go keeps it (machine, login and password all non-empty). Login and password are
/// secrets (a token is often the login): never log, store or format them; <see cref="ToString"/> shows only the machine.
/// </summary>
public sealed class NetrcEntry
{
    internal NetrcEntry(string machine, string login, string password, int line)
    {
        Machine = machine;
        Login = login;
        Password = password;
        Line = line;
    }

    public string Machine { get; }
    internal string Login { get; }
    internal string Password { get; }

    /// <summary>The 1-based line of its `machine` token (for messages that point at it).</summary>
    public int Line { get; }

    /// <summary>The Authorization header value go sends (http.Request.SetBasicAuth). Secret.</summary>
    internal string BasicAuthorization => "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Login + ":" + Password));

    public override string ToString() => $"machine {Machine} (line {Line})";
}

/// <summary>
/// go's .netrc reader (cmd/go/internal/auth/netrc.go, the same in 1.19–1.27), token for token, including its quirks:
/// lines split on '\n' only; tokens are taken in pairs per line; an entry is kept once machine, login and password are
/// all set; `macdef` skips the following lines up to an empty one; a `default` token as a line's last odd token ends
/// the file, while `default login x password y` on one line is read pairwise and gives nothing.
/// </summary>
public static class Netrc
{
    public static IReadOnlyList<NetrcEntry> Parse(string data)
    {
        var entries = new List<NetrcEntry>();
        string machine = "", login = "", password = "";
        var machineLine = 0;
        var inMacro = false;
        var lines = data.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            if (inMacro)
            {
                if (line.Length == 0) inMacro = false;
                continue;
            }
            var f = Fields(line);
            var i = 0;
            for (; i < f.Count - 1; i += 2)
            {
                switch (f[i])
                {
                    case "machine":
                        machine = f[i + 1];
                        machineLine = n + 1;
                        login = "";
                        password = "";
                        break;
                    case "login":
                        login = f[i + 1];
                        break;
                    case "password":
                        password = f[i + 1];
                        break;
                    case "macdef":
                        inMacro = true;
                        break;
                }
                if (machine.Length > 0 && login.Length > 0 && password.Length > 0)
                {
                    entries.Add(new NetrcEntry(machine, login, password, machineLine));
                    machine = login = password = "";
                }
            }
            if (i < f.Count && f[i] == "default") break;
        }
        return entries;
    }

    // strings.Fields: split on Unicode white space (\r included, so CRLF files read as LF ones).
    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var start = -1;
        for (var i = 0; i <= line.Length; i++)
        {
            var space = i == line.Length || char.IsWhiteSpace(line[i]);
            if (space && start >= 0)
            {
                fields.Add(line.Substring(start, i - start));
                start = -1;
            }
            else if (!space && start < 0)
            {
                start = i;
            }
        }
        return fields;
    }
}
