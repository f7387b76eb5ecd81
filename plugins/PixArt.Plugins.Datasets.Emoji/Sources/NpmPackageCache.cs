using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PixArt.Plugins.Datasets.Emoji.Sources;

/// <summary>
/// A folder of npm packages installed with <c>npm install --prefix</c>, one prefix per <c>name@version</c>
/// (<c>&lt;cache&gt;/npm/&lt;name&gt;@&lt;version&gt;/node_modules/&lt;name&gt;</c>), so installing one never prunes another.
/// A package already there at the right version is reused without running npm. Installation goes to a temporary
/// sibling folder that is renamed into place only after it checked out, so an interrupted install leaves nothing that
/// looks complete.
/// </summary>
public sealed partial class NpmPackageCache
{
    private readonly string _npm;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;

    /// <summary>Creates the cache.</summary>
    /// <param name="directory">Cache folder; null: <see cref="DefaultDirectory"/>.</param>
    /// <param name="npmCommand">The npm executable: a name looked up on PATH or a path.</param>
    /// <param name="timeout">Longest an npm run may take (default 10 minutes).</param>
    /// <param name="logger">Progress messages.</param>
    public NpmPackageCache(string? directory = null, string npmCommand = "npm", TimeSpan? timeout = null, ILogger? logger = null)
    {
        Directory = Path.GetFullPath(string.IsNullOrWhiteSpace(directory) ? DefaultDirectory() : directory);
        _npm = string.IsNullOrWhiteSpace(npmCommand) ? "npm" : npmCommand;
        _timeout = timeout ?? TimeSpan.FromMinutes(10);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The cache folder.</summary>
    public string Directory { get; }

    /// <summary><c>$XDG_CACHE_HOME/pixart/emoji</c> when XDG_CACHE_HOME is an absolute path, else <c>~/.cache/pixart/emoji</c>.</summary>
    public static string DefaultDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "pixart", "emoji");
    }

    /// <summary>Where package <paramref name="name"/> at <paramref name="version"/> is (or will be) installed.</summary>
    public string PackageDirectory(string name, string version) => Path.Combine(PrefixDirectory(name, version), "node_modules", name);

    private string PrefixDirectory(string name, string version) => Path.Combine(Directory, "npm", $"{name}@{version}");

    /// <summary>
    /// Returns the folder of the installed package, running npm only when it is missing or incomplete
    /// (<paramref name="isComplete"/> decides; it gets the package folder).
    /// </summary>
    /// <exception cref="EmojiDataException">npm is missing, cannot reach the registry, fails, or installs something unexpected.</exception>
    public async Task<string> EnsureAsync(string name, string version, Func<string, bool> isComplete, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(isComplete);
        var target = PackageDirectory(name, version);
        if (isComplete(target))
        {
            _logger.LogInformation("Using cached {Package}@{Version} in {Folder}", name, version, target);
            return target;
        }
        var prefix = PrefixDirectory(name, version);
        var staging = $"{prefix}.partial-{Environment.ProcessId}-{Guid.NewGuid():N}";
        System.IO.Directory.CreateDirectory(staging);
        try
        {
            _logger.LogInformation("Installing {Package}@{Version} with npm into {Folder}", name, version, prefix);
            await RunNpmAsync(name, version, staging, cancellationToken).ConfigureAwait(false);
            var installed = Path.Combine(staging, "node_modules", name);
            if (!isComplete(installed))
                throw new EmojiDataException($"npm reported success but {installed} is not a complete {name}@{version}; delete {Directory} and run again");
            if (System.IO.Directory.Exists(prefix)) System.IO.Directory.Delete(prefix, recursive: true);
            System.IO.Directory.Move(staging, prefix);
            return target;
        }
        finally
        {
            if (System.IO.Directory.Exists(staging))
            {
                try { System.IO.Directory.Delete(staging, recursive: true); }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }
    }

    private async Task RunNpmAsync(string name, string version, string prefix, CancellationToken cancellationToken)
    {
        var spec = $"{name}@{version}";
        var start = new ProcessStartInfo(_npm)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // --ignore-scripts: nothing from the package runs; --no-save/--no-package-lock: nothing written but node_modules.
        foreach (var arg in new[] { "install", "--prefix", prefix, "--no-save", "--no-package-lock", "--ignore-scripts",
                     "--no-audit", "--no-fund", "--loglevel=error", spec })
            start.ArgumentList.Add(arg);
        start.Environment["NO_UPDATE_NOTIFIER"] = "1";
        start.Environment["npm_config_update_notifier"] = "false";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new EmojiDataException(NpmMissing());
        }
        catch (Win32Exception e)
        {
            throw new EmojiDataException(NpmMissing(), e);
        }
        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                try { process.Kill(entireProcessTree: true); }
                catch (InvalidOperationException) { }
                cancellationToken.ThrowIfCancellationRequested();
                throw new EmojiDataException($"npm did not finish installing {spec} within {_timeout.TotalMinutes:0.#} minutes; check the network connection and npm's registry setting (npm config get registry)");
            }
            var output = await stdout.ConfigureAwait(false) + "\n" + await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
                throw new EmojiDataException(DescribeFailure(spec, process.ExitCode, output));
        }
    }

    private string NpmMissing() =>
        $"npm was not found (tried to run '{_npm}'): install Node.js with npm (e.g. apt-get install npm) or give the path of the npm executable, then run again";

    /// <summary>One line saying why <c>npm install</c> failed and what to do, from its exit code and output.</summary>
    internal static string DescribeFailure(string spec, int exitCode, string output)
    {
        var code = ErrorCode().Match(output) is { Success: true } m ? m.Groups[1].Value : null;
        if ((code is not null && NetworkCodes.Contains(code)) || NetworkText().IsMatch(output))
            return $"npm could not reach the package registry to download {spec} ({code ?? "network error"}): check the network connection or proxy and npm's registry setting (npm config get registry), or use a cache folder that already holds the packages";
        if (code is "E404" or "ETARGET" or "E403" or "E401")
            return $"npm could not get {spec} from the configured registry ({code}): check npm's registry setting and credentials (npm config get registry)";
        var detail = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => ErrorPrefix().Replace(l, ""))
            .FirstOrDefault(l => l.Length > 0 && !l.StartsWith("code ", StringComparison.Ordinal) && !l.StartsWith("A complete log", StringComparison.Ordinal)) ?? "no output";
        if (detail.Length > 200) detail = detail[..200] + "…";
        return $"npm install {spec} failed (exit code {exitCode}{(code is null ? "" : $", {code}")}): {detail}";
    }

    private static readonly HashSet<string> NetworkCodes = new(StringComparer.Ordinal)
    {
        "ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENETUNREACH", "EHOSTUNREACH", "ENETDOWN",
        "ESOCKETTIMEDOUT", "ERR_SOCKET_TIMEOUT", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "SELF_SIGNED_CERT_IN_CHAIN", "CERT_HAS_EXPIRED",
    };

    [GeneratedRegex(@"npm (?:error|ERR!) code (\S+)")]
    private static partial Regex ErrorCode();

    [GeneratedRegex(@"getaddrinfo|network request to .* failed|request to .* failed, reason", RegexOptions.IgnoreCase)]
    private static partial Regex NetworkText();

    [GeneratedRegex(@"^npm (?:error|ERR!|warn|WARN)\s*")]
    private static partial Regex ErrorPrefix();
}
