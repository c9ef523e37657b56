using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;

namespace GoToolchain.Build.Proxy;

/// <summary>
/// HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case, upper first) as go reads them, after
/// golang.org/x/net/http/httpproxy: https URLs use HTTPS_PROXY, http URLs HTTP_PROXY; localhost and loopback
/// addresses never go through a proxy; NO_PROXY holds "*", host names ("example.com" matches it and its
/// subdomains, ".example.com" and "*.example.com" only subdomains), IPs and CIDR ranges, each optionally with ":port".
/// </summary>
public sealed class EnvironmentWebProxy : IWebProxy
{
    private readonly Uri? _httpProxy;
    private readonly Uri? _httpsProxy;
    private readonly List<(string Host, string Port, bool MatchHost)> _domains = new();
    private readonly List<(IPAddress Address, int PrefixBits, string Port)> _ips = new();
    private readonly bool _bypassAll;

    public EnvironmentWebProxy(Func<string, string?> getEnvironmentVariable)
    {
        string? Any(params string[] names) => names.Select(getEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        _httpProxy = ParseProxy(Any("HTTP_PROXY", "http_proxy"));
        _httpsProxy = ParseProxy(Any("HTTPS_PROXY", "https_proxy"));
        foreach (var raw in (Any("NO_PROXY", "no_proxy") ?? "").Split(','))
        {
            var entry = raw.Trim().ToLowerInvariant();
            if (entry.Length == 0) continue;
            if (entry == "*") { _bypassAll = true; break; }
            var slash = entry.IndexOf('/');
            if (slash > 0 && IPAddress.TryParse(entry.Substring(0, slash), out var network) && int.TryParse(entry.Substring(slash + 1), out var bits))
            {
                _ips.Add((network, bits, ""));
                continue;
            }
            var (host, port) = SplitHostPort(entry);
            if (IPAddress.TryParse(host.Trim('[', ']'), out var ip))
            {
                _ips.Add((ip, ip.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32, port));
                continue;
            }
            if (host.StartsWith("*.", StringComparison.Ordinal)) host = host.Substring(1);
            if (host.StartsWith(".", StringComparison.Ordinal)) _domains.Add((host, port, false));
            else _domains.Add(("." + host, port, true));
        }
    }

    public ICredentials? Credentials { get; set; }

    /// <summary>The proxy go would use for this URL, or null for a direct connection.</summary>
    public Uri? ProxyFor(Uri destination)
    {
        var proxy = destination.Scheme == "https" ? _httpsProxy : destination.Scheme == "http" ? _httpProxy : null;
        if (proxy is null || !UseProxy(destination.Host.ToLowerInvariant().Trim('[', ']'), destination.Port.ToString())) return null;
        return proxy;
    }

    public Uri GetProxy(Uri destination) => ProxyFor(destination) ?? destination;

    public bool IsBypassed(Uri host) => ProxyFor(host) is null;

    private bool UseProxy(string host, string port)
    {
        if (host == "localhost") return false;
        if (IPAddress.TryParse(host, out var ip))
        {
            if (IPAddress.IsLoopback(ip)) return false;
            if (_bypassAll) return false;
            foreach (var (network, bits, p) in _ips)
            {
                if (p.Length > 0 && p != port) continue;
                if (InNetwork(ip, network, bits)) return false;
            }
            return true;
        }
        if (_bypassAll) return false;
        foreach (var (suffix, p, matchHost) in _domains)
        {
            if (p.Length > 0 && p != port) continue;
            if (host.EndsWith(suffix, StringComparison.Ordinal) || (matchHost && host == suffix.Substring(1))) return false;
        }
        return true;
    }

    private static bool InNetwork(IPAddress ip, IPAddress network, int bits)
    {
        var a = ip.GetAddressBytes();
        var b = network.GetAddressBytes();
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((a[i] & mask) != (b[i] & mask)) return false;
        }
        return true;
    }

    private static (string Host, string Port) SplitHostPort(string entry)
    {
        if (entry.StartsWith("[", StringComparison.Ordinal))
        {
            var close = entry.IndexOf(']');
            if (close > 0) return (entry.Substring(1, close - 1), close + 2 <= entry.Length && entry.Length > close + 1 && entry[close + 1] == ':'
                ? entry.Substring(close + 2) : "");
        }
        var colon = entry.LastIndexOf(':');
        if (colon > 0 && entry.IndexOf(':') == colon) return (entry.Substring(0, colon), entry.Substring(colon + 1));
        return (entry, "");
    }

    // httpproxy: a value without a scheme means http://.
    private static Uri? ParseProxy(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var v = value!.Trim();
        if (!v.Contains("://")) v = "http://" + v;
        return Uri.TryCreate(v, UriKind.Absolute, out var uri) ? uri : null;
    }
}
