using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoToolchain.Build.Toolchain;

namespace GoToolchain.Build.Proxy;

public enum ProbeOutcome
{
    /// <summary>2xx (or the file exists): go gets it here.</summary>
    Ok,

    /// <summary>404/410 or a missing file: "not found"; go tries the next entry after `,` too.</summary>
    NotFound,
    Unauthorized,
    ServerError,
    OtherStatus,
    DnsFailure,
    ConnectionRefused,

    /// <summary>No answer within the budget: go itself would wait 90 s and more.</summary>
    Timeout,
    TlsFailure,

    /// <summary>A redirect back to a URL already visited, or more than 10 redirects (go stops after 10).</summary>
    RedirectLoop,

    /// <summary>Credentials in an http:// URL: go refuses to send the request.</summary>
    InsecureCredentials,
    ConnectionFailed,

    /// <summary>GOPROXY entry `off`.</summary>
    Disabled,

    /// <summary>`direct`: the origin answered something, so go might get it there (we do not run the VCS); or a 401/403
    /// where GOAUTH has a `git DIR` or command entry that go would run and the check does not.</summary>
    Unverified,

    /// <summary>GOAUTH is invalid: go stops at its first https request with its own message.</summary>
    AuthInvalid,
}

/// <summary>What one request (one GOPROXY entry, the checksum database or the origin) did.</summary>
public sealed class ProbeResult
{
    public ProbeResult(string target, ProbeOutcome outcome, string detail, TimeSpan elapsed, int? status = null)
    {
        Target = target;
        Outcome = outcome;
        Detail = detail;
        Elapsed = elapsed;
        Status = status;
    }

    /// <summary>The URL (credentials redacted) or file path asked.</summary>
    public string Target { get; }
    public ProbeOutcome Outcome { get; }

    /// <summary>What happened, in words (no credentials).</summary>
    public string Detail { get; }
    public TimeSpan Elapsed { get; }
    public int? Status { get; }

    /// <summary>The request carried the credentials go would send (never the credentials themselves).</summary>
    public bool CredentialsSent { get; set; }

    /// <summary>Where go gets credentials for this request, or why it has none; null when not an https request. Safe to show.</summary>
    public string? Credentials { get; set; }

    public bool Succeeded => Outcome == ProbeOutcome.Ok;

    /// <summary>go's errors.Is(err, fs.ErrNotExist): the only failures a `,` falls through.</summary>
    public bool IsNotExist => Outcome == ProbeOutcome.NotFound;

    /// <summary>go would certainly fail here too (Unverified is not a certain failure).</summary>
    public bool CertainFailure => Outcome is not (ProbeOutcome.Ok or ProbeOutcome.Unverified);

    public override string ToString() => $"{Target}: {Detail}";
}

/// <summary>
/// Makes the requests go would make, with our own deadline (go has none for a server that accepts and never
/// answers), HTTPS_PROXY/HTTP_PROXY/NO_PROXY as go honours them, and redirects followed by hand so a loop is
/// seen at once. Never throws for network trouble: every failure becomes a classified <see cref="ProbeResult"/>.
/// </summary>
public sealed class ProxyProber : IDisposable
{
    private const int MaxRedirects = 10; // net/http stops after 10
    private readonly HttpClient _client;
    private readonly GoAuth? _auth;

    /// <param name="auth">Where the go that downloads gets credentials (GOAUTH, .netrc); null sends only a URL's user:password.</param>
    /// <param name="serverCertificateValidation">Tests only: trust a loopback test certificate without touching the process's roots.</param>
    public ProxyProber(Func<string, string?> getEnvironmentVariable, GoAuth? auth = null,
        Func<HttpRequestMessage, System.Security.Cryptography.X509Certificates.X509Certificate2?,
            System.Security.Cryptography.X509Certificates.X509Chain?, System.Net.Security.SslPolicyErrors, bool>? serverCertificateValidation = null)
    {
        _auth = auth;
        var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            UseProxy = true,
            Proxy = new EnvironmentWebProxy(getEnvironmentVariable),
            UseCookies = false,
        };
        if (serverCertificateValidation is not null) handler.ServerCertificateCustomValidationCallback = serverCertificateValidation;
        _client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("GoToolchain.Build-CheckGoProxy");
    }

    public void Dispose() => _client.Dispose();

    /// <summary>`&lt;proxy&gt;/&lt;escaped module&gt;/@v/&lt;escaped version&gt;.info`, the first request `go mod download` makes.</summary>
    public static string ModuleInfoUrl(string proxyBase, string modulePath, string version)
        => proxyBase.TrimEnd('/') + "/" + ModulePaths.Escape(modulePath) + "/@v/" + ModulePaths.Escape(version) + ".info";

    /// <summary>
    /// A file:// proxy: go reads the same layout from disk (.info for a download; .mod and .zip for a build).
    /// </summary>
    public static ProbeResult ProbeFile(string directory, string modulePath, string version)
    {
        var watch = Stopwatch.StartNew();
        var baseDir = Path.Combine(directory, ModulePaths.Escape(modulePath).Replace('/', Path.DirectorySeparatorChar), "@v");
        var escaped = ModulePaths.Escape(version);
        var missing = new[] { ".info", ".mod", ".zip" }.Select(e => Path.Combine(baseDir, escaped + e)).Where(f => !File.Exists(f)).ToList();
        var target = Path.Combine(baseDir, escaped + ".{info,mod,zip}");
        if (missing.Count == 0) return new ProbeResult(target, ProbeOutcome.Ok, "the .info, .mod and .zip files are there", watch.Elapsed);
        var detail = !Directory.Exists(directory)
            ? $"the proxy directory '{directory}' does not exist"
            : $"missing {string.Join(", ", missing.Select(Path.GetFileName))} (go reports it as not found)";
        return new ProbeResult(target, ProbeOutcome.NotFound, detail, watch.Elapsed);
    }

    /// <summary>GET <paramref name="url"/> as go would, until <paramref name="deadline"/> fires.</summary>
    /// <param name="notFoundIsSuccess">The origin (`direct`) probe: any HTTP answer means the host is there.</param>
    public async Task<ProbeResult> ProbeAsync(string url, CancellationToken deadline, bool notFoundIsSuccess = false)
    {
        var watch = Stopwatch.StartNew();
        var shown = DoctorReport.RedactCredentials(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return new ProbeResult(shown, ProbeOutcome.ConnectionFailed, "not a valid URL", watch.Elapsed);
        }
        string? authorization = null;
        string? credentials = null;
        var uncheckedCredentials = false;
        if (uri.UserInfo.Length > 0)
        {
            if (uri.Scheme == "http")
            {
                return new ProbeResult(shown, ProbeOutcome.InsecureCredentials,
                    "go refuses to pass credentials to an insecure (http://) URL and sends no request", watch.Elapsed);
            }
            authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(uri.UserInfo)));
            credentials = "the user:password in the URL";
            uri = new UriBuilder(uri) { UserName = "", Password = "" }.Uri;
        }
        if (_auth is not null && uri.Scheme == "https")
        {
            if (_auth.Error is not null)
            {
                return new ProbeResult(shown, ProbeOutcome.AuthInvalid, $"go stops before any request: {_auth.Error}", watch.Elapsed)
                    { Credentials = $"none: {_auth.Error}" };
            }
            // Before 1.24 a matching .netrc line wins over the URL's user:password (net/http uses URL.User only without an
            // Authorization header); from 1.24 on the lookup key carries the userinfo, so the URL's credentials are used.
            if (authorization is null || !_auth.UsesGoAuth)
            {
                var lookup = _auth.Lookup(StripUserInfo(url));
                uncheckedCredentials = lookup.Unchecked;
                if (lookup.Sent || authorization is null)
                {
                    authorization = lookup.Authorization ?? authorization;
                    credentials = lookup.Source;
                }
            }
        }
        else if (_auth is not null && uri.Scheme == "http")
        {
            credentials = "none: go sends .netrc and GOAUTH credentials only over https://";
        }

        var visited = new HashSet<string>(StringComparer.Ordinal) { uri.AbsoluteUri };
        var current = uri;
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                if (authorization is not null && current.Host == uri.Host) request.Headers.TryAddWithoutValidation("Authorization", authorization);
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                    if (!visited.Add(next.AbsoluteUri))
                    {
                        return new ProbeResult(shown, ProbeOutcome.RedirectLoop,
                            $"redirect loop: {status} back to {DoctorReport.RedactCredentials(next.AbsoluteUri)} after {redirects + 1} " +
                                $"redirect(s) (go follows it until \"stopped after 10 redirects\")",
                            watch.Elapsed, status);
                    }
                    if (redirects + 1 >= MaxRedirects)
                    {
                        return new ProbeResult(shown, ProbeOutcome.RedirectLoop, $"stopped after {MaxRedirects} redirects (as go does)",
                            watch.Elapsed, status);
                    }
                    current = next;
                    continue;
                }
                var reason = $"{status} {response.ReasonPhrase}".Trim();
                if (notFoundIsSuccess && status < 500)
                {
                    return new ProbeResult(shown, ProbeOutcome.Unverified,
                        $"the origin answers ({reason}); go would continue with version control there", watch.Elapsed, status);
                }
                var outcome = status switch
                {
                    >= 200 and < 300 => ProbeOutcome.Ok,
                    404 or 410 => ProbeOutcome.NotFound,
                    401 or 403 when uncheckedCredentials => ProbeOutcome.Unverified,
                    401 or 403 => ProbeOutcome.Unauthorized,
                    >= 500 => ProbeOutcome.ServerError,
                    _ => ProbeOutcome.OtherStatus,
                };
                var sent = authorization is not null;
                var detail = outcome switch
                {
                    ProbeOutcome.Ok => $"reachable ({reason})",
                    ProbeOutcome.NotFound => $"{reason}: not found here (go falls through to the next entry after ',' or '|')",
                    ProbeOutcome.Unverified =>
                        $"{reason}; go would then run its GOAUTH commands for this URL, which this check does not run: it may get credentials " +
                        $"there (credentials: {credentials})",
                    ProbeOutcome.Unauthorized when sent =>
                        $"{reason}: the proxy refuses the credentials go sends (from {credentials})",
                    ProbeOutcome.Unauthorized when credentials is not null => $"{reason}: go sends no credentials ({credentials})",
                    ProbeOutcome.Unauthorized =>
                        $"{reason}: the proxy refuses this request (credentials missing or not accepted; .netrc or https://user:token@ in GOPROXY)",
                    _ => $"{reason}",
                };
                return new ProbeResult(shown, outcome, detail, watch.Elapsed, status) { CredentialsSent = sent, Credentials = credentials };
            }
        }
        catch (Exception e) when (deadline.IsCancellationRequested && e is OperationCanceledException or HttpRequestException or IOException or
            ObjectDisposedException)
        {
            return new ProbeResult(shown, ProbeOutcome.Timeout,
                $"no answer within {watch.Elapsed.TotalSeconds:0.0} s (the connection hangs; go itself would wait 90 s and more)", watch.Elapsed);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException or OperationCanceledException or
            AuthenticationException)
        {
            return Classify(shown, e, watch.Elapsed);
        }
    }

    private static string StripUserInfo(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        if (start < 0) return url;
        var end = url.IndexOfAny(new[] { '/', '?', '#' }, start + 3);
        var at = url.LastIndexOf('@', end < 0 ? url.Length - 1 : end - 1);
        return at > start ? url.Substring(0, start + 3) + url.Substring(at + 1) : url;
    }

    private static ProbeResult Classify(string shown, Exception e, TimeSpan elapsed)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                switch (socket.SocketErrorCode)
                {
                    case SocketError.HostNotFound:
                    case SocketError.NoData:
                    case SocketError.TryAgain:
                        return new ProbeResult(shown, ProbeOutcome.DnsFailure,
                            $"DNS lookup failed ({socket.Message}): the host name does not resolve here", elapsed);
                    case SocketError.ConnectionRefused:
                        return new ProbeResult(shown, ProbeOutcome.ConnectionRefused,
                            "connection refused: nothing listens at that address and port", elapsed);
                    case SocketError.TimedOut:
                        return new ProbeResult(shown, ProbeOutcome.Timeout, "connecting timed out", elapsed);
                    default:
                        return new ProbeResult(shown, ProbeOutcome.ConnectionFailed,
                            $"connection failed: {socket.SocketErrorCode} ({socket.Message})", elapsed);
                }
            }
            if (inner is AuthenticationException tls)
            {
                return new ProbeResult(shown, ProbeOutcome.TlsFailure, $"TLS handshake failed: {tls.Message}", elapsed);
            }
        }
        var message = e.Message;
        if (message.IndexOf("SSL", StringComparison.OrdinalIgnoreCase) >= 0 || message.IndexOf("TLS", StringComparison.Ordinal) >= 0)
        {
            return new ProbeResult(shown, ProbeOutcome.TlsFailure, $"TLS failure: {message}", elapsed);
        }
        if (message.IndexOf("Name or service not known", StringComparison.OrdinalIgnoreCase) >= 0
            || message.IndexOf("No such host", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return new ProbeResult(shown, ProbeOutcome.DnsFailure, $"DNS lookup failed ({message})", elapsed);
        }
        return new ProbeResult(shown, ProbeOutcome.ConnectionFailed, $"request failed: {message}", elapsed);
    }
}
