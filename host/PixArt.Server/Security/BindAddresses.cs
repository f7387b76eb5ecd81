using System.Net;

namespace PixArt.Server.Security;

/// <summary>Whether the addresses a server listens on are all loopback (only this machine can connect).</summary>
public static class BindAddresses
{
    /// <summary>
    /// True when <paramref name="address"/> (a URL such as <c>http://127.0.0.1:7860</c> or a bare host) is loopback:
    /// <c>localhost</c>, <c>127.0.0.0/8</c> or <c>::1</c>. Wildcards (<c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>) and
    /// every other name or address are not.
    /// </summary>
    public static bool IsLoopback(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var host = address.Trim();
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) host = host[(scheme + 3)..];
        var slash = host.IndexOf('/');
        if (slash >= 0) host = host[..slash];
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']');
            host = close > 0 ? host[1..close] : host;
        }
        else if (host.Count(c => c == ':') == 1)
        {
            host = host[..host.IndexOf(':')];
        }
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }

    /// <summary>The configured addresses among <paramref name="addresses"/> that are not loopback.</summary>
    public static IReadOnlyList<string> NonLoopback(IEnumerable<string> addresses) => addresses.Where(a => !IsLoopback(a)).ToList();
}
