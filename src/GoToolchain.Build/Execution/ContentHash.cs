using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace GoToolchain.Build.Execution;

/// <summary>
/// SHA-256 in lower-case hex, the one hash of stamps, cache keys and folder names. The digests are stored on disk
/// (stamps, cached go env answers, shared-build keys): changing what is hashed or how invalidates them.
/// </summary>
public static class ContentHash
{
    /// <summary>The full digest of the UTF-8 text: 64 hex digits.</summary>
    public static string OfText(string text)
    {
        using var sha = SHA256.Create();
        return ToHex(sha.ComputeHash(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The first 16 bytes of the text's digest: 32 hex digits, enough for a cache key.</summary>
    public static string ShortOfText(string text) => OfText(text).Substring(0, 32);

    /// <summary>The full digest of the file's bytes, read while others may write or delete it.</summary>
    public static string OfFile(string path)
    {
        using var sha = SHA256.Create();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return ToHex(sha.ComputeHash(stream));
    }

    private const string HexDigits = "0123456789abcdef";

    private static string ToHex(byte[] bytes)
    {
        var chars = new char[bytes.Length * 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[2 * i] = HexDigits[bytes[i] >> 4];
            chars[2 * i + 1] = HexDigits[bytes[i] & 0xF];
        }
        return new string(chars);
    }
}
