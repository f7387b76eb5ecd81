using System.Security.Cryptography;
using System.Text;

namespace PixArt.Server.Security;

/// <summary>
/// The accepted API keys, compared in constant time: each presented token and each key are hashed (SHA-256) to equal
/// lengths and compared with <see cref="CryptographicOperations.FixedTimeEquals"/> against every key, without stopping at
/// a match, so neither the length nor the content of a key, nor which key matched, shows in the timing.
/// </summary>
public sealed class ApiKeySet
{
    private readonly byte[][] _hashes;

    /// <summary>The set of <paramref name="keys"/> (blank entries ignored).</summary>
    public ApiKeySet(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _hashes = keys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => Hash(k.Trim())).ToArray();
    }

    /// <summary>True when at least one key is configured (requests must then present one).</summary>
    public bool Enabled => _hashes.Length > 0;

    /// <summary>True when <paramref name="token"/> is one of the keys.</summary>
    public bool Accepts(ReadOnlySpan<char> token)
    {
        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(token.ToArray());
        SHA256.HashData(bytes, presented);
        var match = false;
        foreach (var hash in _hashes) match |= CryptographicOperations.FixedTimeEquals(presented, hash);
        return match;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
