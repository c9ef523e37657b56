using System;
using System.Collections.Generic;
using GoToolchain.Build.Toolchain;

namespace GoToolchain.Build.Proxy;

public enum ProxyEntryKind
{
    /// <summary>An http:// or https:// module proxy.</summary>
    Http,

    /// <summary>A file:// module proxy: a directory with the proxy layout.</summary>
    File,

    /// <summary>`direct`: the module's origin (VCS) is asked.</summary>
    Direct,

    /// <summary>`off`: every lookup fails with "module lookup disabled by GOPROXY=off".</summary>
    Off,
}

/// <summary>One GOPROXY entry, as cmd/go/internal/modfetch/proxy.go reads it.</summary>
public sealed class ProxyEntry
{
    public ProxyEntry(ProxyEntryKind kind, string url, bool fallBackOnError)
    {
        Kind = kind;
        Url = url;
        FallBackOnError = fallBackOnError;
    }

    public ProxyEntryKind Kind { get; }

    /// <summary>The URL as go uses it ("direct"/"off" for those); may hold credentials: log <see cref="Redacted"/>.</summary>
    public string Url { get; }

    /// <summary>The entry was followed by `|`: go tries the next entry after ANY error; after `,` only after 404/410.</summary>
    public bool FallBackOnError { get; }

    public string Redacted => DoctorReport.RedactCredentials(Url);

    /// <summary>The directory a file:// proxy reads from.</summary>
    public string? FileDirectory => Kind == ProxyEntryKind.File ? FileUrlToPath(Url) : null;

    public override string ToString() => Redacted;

    private static string FileUrlToPath(string url)
    {
        var path = Uri.UnescapeDataString(url.Substring("file://".Length));
        // file:///C:/x is C:/x on Windows.
        if (path.Length >= 3 && path[0] == '/' && path[2] == ':') path = path.Substring(1);
        return path;
    }
}

/// <summary>Parses GOPROXY exactly as go does, with go's own error texts.</summary>
public static class ProxyList
{
    public const string Default = "https://proxy.golang.org,direct";

    /// <returns>The entries go walks, in order; empty with <paramref name="goError"/> set when go rejects the value.</returns>
    public static IReadOnlyList<ProxyEntry> Parse(string? value, out string? goError)
    {
        goError = null;
        var rest = string.IsNullOrEmpty(value) ? Default : value!;
        var list = new List<ProxyEntry>();
        while (rest.Length > 0)
        {
            string url;
            var fallBackOnError = false;
            var separator = rest.IndexOfAny(new[] { ',', '|' });
            if (separator >= 0)
            {
                url = rest.Substring(0, separator);
                fallBackOnError = rest[separator] == '|';
                rest = rest.Substring(separator + 1);
            }
            else
            {
                url = rest;
                rest = "";
            }
            url = url.Trim();
            if (url.Length == 0) continue;
            if (url == "off")
            {
                // "off" always fails hard: go stops reading the list there.
                list.Add(new ProxyEntry(ProxyEntryKind.Off, "off", false));
                break;
            }
            if (url == "direct")
            {
                // go ignores whatever follows "direct".
                list.Add(new ProxyEntry(ProxyEntryKind.Direct, "direct", false));
                break;
            }
            // Single words are reserved; anything with '.', ':' or '/' that is not a URL or an absolute path gets https://.
            if (url.IndexOfAny(new[] { '.', ':', '/' }) >= 0 && !url.Contains(":/") && !IsAbsolutePath(url)) url = "https://" + url;

            var schemeEnd = SchemeEnd(url);
            var scheme = schemeEnd < 0 ? "" : url.Substring(0, schemeEnd).ToLowerInvariant();
            switch (scheme)
            {
                case "http":
                case "https":
                    list.Add(new ProxyEntry(ProxyEntryKind.Http, url, fallBackOnError));
                    break;
                case "file":
                    if (!url.StartsWith("file://", StringComparison.OrdinalIgnoreCase) || url.IndexOfAny(new[] { '?', '#' }) >= 0
                        || (url.Length > 7 && url[7] != '/'))
                    {
                        goError = $"invalid file:// proxy URL with non-path elements: {DoctorReport.RedactCredentials(url)}";
                        return Array.Empty<ProxyEntry>();
                    }
                    list.Add(new ProxyEntry(ProxyEntryKind.File, url, fallBackOnError));
                    break;
                case "":
                    goError = $"invalid proxy URL missing scheme: {DoctorReport.RedactCredentials(url).Replace(" ", "%20")}";
                    return Array.Empty<ProxyEntry>();
                default:
                    goError = $"invalid proxy URL scheme (must be https, http, file): {DoctorReport.RedactCredentials(url)}";
                    return Array.Empty<ProxyEntry>();
            }
        }
        if (list.Count == 0)
        {
            goError = "GOPROXY list is not the empty string, but contains no entries";
            return Array.Empty<ProxyEntry>();
        }
        return list;
    }

    // url.Parse: a scheme is [a-zA-Z][a-zA-Z0-9+.-]* before the first ':'.
    private static int SchemeEnd(string url)
    {
        for (var i = 0; i < url.Length; i++)
        {
            var c = url[i];
            if (char.IsLetter(c) && c < 128) continue;
            if (i > 0 && ((c >= '0' && c <= '9') || c is '+' or '-' or '.')) continue;
            return c == ':' && i > 0 ? i : -1;
        }
        return -1;
    }

    private static bool IsAbsolutePath(string path)
        => path.StartsWith("/", StringComparison.Ordinal)
           || (path.Length >= 3 && char.IsLetter(path[0]) && path[1] == ':' && (path[2] == '\\' || path[2] == '/'));
}
