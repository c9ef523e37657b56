using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace GoToolchain.Build.Tests.Proxy;

/// <summary>What a <see cref="LoopbackServer"/> does with each request.</summary>
public enum ServerBehaviour
{
    /// <summary>Accepts, reads the request, never answers (until the server stops).</summary>
    Hang,
    /// <summary>302 to the very same URL.</summary>
    RedirectToSelf,
    /// <summary>Answers with <see cref="LoopbackServer.Status"/> after <see cref="LoopbackServer.Delay"/>.</summary>
    Status,
    /// <summary>A forward proxy: records the request line, answers 200 to GET and 502 to CONNECT.</summary>
    ForwardProxy,
    /// <summary>Writes a plain-text HTTP answer as soon as a client connects: a TLS client's handshake fails.</summary>
    PlainTextOnConnect,
}

/// <summary>
/// A raw-socket HTTP server on 127.0.0.1 with one misbehaviour. It counts requests, records request lines, and
/// stops by itself after <c>lifetime</c> (default 60 s) even if a test forgets to dispose it.
/// </summary>
public sealed class LoopbackServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop;
    private readonly List<TcpClient> _clients = new();
    private readonly List<string> _requestLines = new();
    private int _requests;

    public LoopbackServer(ServerBehaviour behaviour, int status = 200, TimeSpan? delay = null, TimeSpan? lifetime = null)
    {
        Behaviour = behaviour;
        Status = status;
        Delay = delay ?? TimeSpan.Zero;
        _stop = new CancellationTokenSource(lifetime ?? TimeSpan.FromSeconds(60));
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _stop.Token.Register(() => { try { _listener.Stop(); } catch (SocketException) { } lock (_clients) foreach (var c in _clients) c.Dispose(); });
        _ = Task.Run(AcceptLoop);
    }

    public ServerBehaviour Behaviour { get; }
    public int Status { get; }
    public TimeSpan Delay { get; }
    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public int Requests => Volatile.Read(ref _requests);
    public IReadOnlyList<string> RequestLines { get { lock (_requestLines) return _requestLines.ToList(); } }

    /// <summary>A port nothing listens on: bound, then released.</summary>
    public static int RefusedPort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private Task AcceptLoop() => AcceptLoop(_listener, _clients, Serve, _stop.Token);

    /// <summary>Accepts until stopped; each client is remembered (so stopping closes it) and served on its own task.</summary>
    internal static async Task AcceptLoop(TcpListener listener, List<TcpClient> clients, Func<TcpClient, Task> serve, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop);
            }
            catch (Exception)
            {
                return;
            }
            lock (clients) clients.Add(client);
            _ = Task.Run(() => serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            if (Behaviour == ServerBehaviour.PlainTextOnConnect)
            {
                Interlocked.Increment(ref _requests);
                await Write(stream, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                await Task.Delay(200);
                return;
            }
            while (!_stop.IsCancellationRequested)
            {
                var head = await ReadHead(stream);
                if (head is null) return;
                var requestLine = head.Split("\r\n")[0];
                lock (_requestLines) _requestLines.Add(requestLine);
                Interlocked.Increment(ref _requests);
                var target = requestLine.Split(' ').ElementAtOrDefault(1) ?? "/";
                switch (Behaviour)
                {
                    case ServerBehaviour.Hang:
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                        return;
                    case ServerBehaviour.RedirectToSelf:
                        await Write(stream, $"HTTP/1.1 302 Found\r\nLocation: {BaseUrl}{target}\r\nContent-Length: 0\r\n\r\n");
                        break;
                    case ServerBehaviour.ForwardProxy:
                        if (requestLine.StartsWith("CONNECT", StringComparison.Ordinal))
                        {
                            await Write(stream, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                            return;
                        }
                        await Write(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{\"Version\":\"v1.0.0\"}");
                        break;
                    default:
                        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, _stop.Token);
                        var body = Status == 200 ? "{\"Version\":\"v1.0.0\"}" : "";
                        await Write(stream, $"HTTP/1.1 {Status} {Reason(Status)}\r\nContent-Length: {body.Length}\r\n\r\n{body}");
                        break;
                }
            }
        }
        catch (Exception)
        {
            // The client went away or the server stopped.
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>The request line and headers, up to the empty line; null when the client closed.</summary>
    internal static async Task<string?> ReadHead(Stream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            var n = await stream.ReadAsync(one.AsMemory(0, 1));
            if (n == 0) return null;
            buffer.Add(one[0]);
            if (buffer.Count >= 4 && buffer[^1] == '\n' && buffer[^2] == '\r' && buffer[^3] == '\n' && buffer[^4] == '\r')
                return Encoding.ASCII.GetString(buffer.ToArray());
        }
    }

    private static Task Write(NetworkStream stream, string text) => stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

    private static string Reason(int status) => status switch
    {
        200 => "OK", 403 => "Forbidden", 401 => "Unauthorized", 404 => "Not Found", 410 => "Gone", 500 => "Internal Server Error", _ => "Status",
    };

    public void Dispose() => _stop.Cancel();
}

/// <summary>
/// A module proxy over HTTPS on 127.0.0.1 that serves a <see cref="FileProxy"/> directory and demands basic auth: 401
/// with `WWW-Authenticate: Basic` unless the request carries exactly the expected user and password. Its certificate is
/// self-signed for 127.0.0.1; <see cref="WriteCertificatePem"/> writes it for SSL_CERT_FILE (how go, and .NET on Linux,
/// trust it). HTTP/1.1 with keep-alive; stops by itself after <c>lifetime</c> (default 120 s).
/// </summary>
public sealed class HttpsModuleProxy : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop;
    private readonly string _directory;
    private readonly string _expected;
    private readonly string _prefix;
    private readonly X509Certificate2 _certificate;
    private readonly List<TcpClient> _clients = new();
    private readonly List<string> _log = new();

    /// <param name="pathPrefix">Served under this path (e.g. "/mod": GOPROXY=https://127.0.0.1:port/mod); other paths are 404.</param>
    public HttpsModuleProxy(string proxyDirectory, string user, string password, TimeSpan? lifetime = null, string pathPrefix = "")
    {
        _directory = proxyDirectory;
        _prefix = pathPrefix.TrimEnd('/');
        _expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
        _certificate = TestCertificate.Create();
        _stop = new CancellationTokenSource(lifetime ?? TimeSpan.FromSeconds(120));
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _stop.Token.Register(() => { try { _listener.Stop(); } catch (SocketException) { } lock (_clients) foreach (var c in _clients) c.Dispose(); });
        _ = Task.Run(AcceptLoop);
    }

    public int Port { get; }
    public string BaseUrl => $"https://127.0.0.1:{Port}{_prefix}";

    /// <summary>"GET /path -> 200 (authorized)" per request; the Authorization value itself is never recorded.</summary>
    public IReadOnlyList<string> Log { get { lock (_log) return _log.ToList(); } }

    public int AuthorizedRequests => Log.Count(l => l.EndsWith("(authorized)", StringComparison.Ordinal));
    public int RefusedRequests => Log.Count(l => l.Contains(" -> 401", StringComparison.Ordinal));

    public void WriteCertificatePem(string path) => File.WriteAllText(path, _certificate.ExportCertificatePem() + "\n");

    /// <summary>For a .NET client in the test process: accept exactly this server's certificate.</summary>
    public bool Trusts(X509Certificate2? certificate) => certificate is not null && certificate.Thumbprint == _certificate.Thumbprint;

    private Task AcceptLoop() => LoopbackServer.AcceptLoop(_listener, _clients, Serve, _stop.Token);

    private async Task Serve(TcpClient client)
    {
        try
        {
            using var tls = new SslStream(client.GetStream(), false);
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _certificate,
                ApplicationProtocols = new List<SslApplicationProtocol> { SslApplicationProtocol.Http11 },
            }, _stop.Token);
            while (!_stop.IsCancellationRequested)
            {
                var head = await LoopbackServer.ReadHead(tls);
                if (head is null) return;
                var lines = head.Split("\r\n");
                var target = lines[0].Split(' ').ElementAtOrDefault(1) ?? "/";
                var authorized = lines.Any(l => l.StartsWith("Authorization:", StringComparison.OrdinalIgnoreCase)
                                                && l.Substring("Authorization:".Length).Trim() == _expected);
                byte[] body;
                string status;
                var extra = "";
                var path = target.Split('?')[0];
                var file = path.StartsWith(_prefix + "/", StringComparison.Ordinal)
                    ? Path.Combine(_directory, Uri.UnescapeDataString(path.Substring(_prefix.Length)).TrimStart('/').Replace('/', Path.DirectorySeparatorChar))
                    : "";
                if (!authorized)
                {
                    status = "401 Unauthorized";
                    extra = "WWW-Authenticate: Basic realm=\"gotb\"\r\n";
                    body = Encoding.ASCII.GetBytes("unauthorized\n");
                }
                else if (File.Exists(file))
                {
                    status = "200 OK";
                    body = File.ReadAllBytes(file);
                }
                else
                {
                    status = "404 Not Found";
                    body = Encoding.ASCII.GetBytes("not found\n");
                }
                lock (_log) _log.Add($"GET {target} -> {status.Substring(0, 3)}{(authorized ? " (authorized)" : "")}");
                await tls.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\n{extra}Content-Length: {body.Length}\r\n\r\n"), _stop.Token);
                await tls.WriteAsync(body, _stop.Token);
                await tls.FlushAsync(_stop.Token);
            }
        }
        catch (Exception)
        {
            // The client went away, the handshake failed, or the server stopped.
        }
        finally
        {
            client.Dispose();
        }
    }

    public void Dispose() => _stop.Cancel();
}

/// <summary>A self-signed certificate for 127.0.0.1 and localhost, valid for an hour.</summary>
public static class TestCertificate
{
    public static X509Certificate2 Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}

/// <summary>A file:// module proxy built on disk (the GOPROXY protocol layout): list, .info, .mod, .zip with `mod@ver/` entries.</summary>
public static class FileProxy
{
    /// <summary>Adds <paramref name="modulePath"/>@<paramref name="version"/> with one package exporting Hello(), or with
    /// <paramref name="files"/> (module-relative path -> text) instead when given.</summary>
    public static void AddModule(string proxyDirectory, string modulePath, string version, string goLine = "1.19",
        IReadOnlyDictionary<string, string>? files = null)
    {
        // The module cache's case escaping (upper-case letter -> '!' + lower case); kept here so the end-to-end tests can share this file.
        var escaped = string.Concat(modulePath.Select(c => char.IsUpper(c) ? "!" + char.ToLowerInvariant(c) : c.ToString()));
        var v = Path.Combine(proxyDirectory, escaped.Replace('/', Path.DirectorySeparatorChar), "@v");
        Directory.CreateDirectory(v);
        File.AppendAllText(Path.Combine(v, "list"), version + "\n");
        File.WriteAllText(Path.Combine(v, version + ".info"), $"{{\"Version\":\"{version}\",\"Time\":\"2024-01-01T00:00:00Z\"}}");
        var goMod = $"module {modulePath}\n\ngo {goLine}\n";
        File.WriteAllText(Path.Combine(v, version + ".mod"), goMod);
        var name = modulePath.Split('/').Last();
        using var zip = ZipFile.Open(Path.Combine(v, version + ".zip"), ZipArchiveMode.Create);
        void Add(string entry, string text)
        {
            using var w = new StreamWriter(zip.CreateEntry($"{modulePath}@{version}/{entry}").Open());
            w.Write(text);
        }
        Add("go.mod", goMod);
        if (files is not null)
        {
            foreach (var file in files) Add(file.Key, file.Value);
            return;
        }
        Add(name + ".go", $"package {name}\n\nfunc Hello() string {{ return \"hello from {modulePath} {version}\" }}\n");
    }

    public static string Url(string proxyDirectory) => "file://" + proxyDirectory.Replace('\\', '/');
}
