using PixArt.Plugins.Datasets.Emoji.Sources;

namespace PixArt.Plugins.Datasets.Emoji.Tests.Sources;

/// <summary>npm handling without the network: a missing npm, and a fake npm script standing in for the real one.</summary>
public sealed class NpmPackageCacheTests
{
    private static EmojiDatasetBuildOptions Options(string cache, string npm) => new() { CacheDirectory = cache, NpmCommand = npm };

    [Fact]
    public async Task MissingNpmGivesOneLineNamingNpmAndWhatToDo()
    {
        var builder = new EmojiDatasetBuilder(Options(TestSupport.TempFolder(), "pixart-test-no-such-npm"));
        var e = await Assert.ThrowsAsync<EmojiDataException>(() => builder.EnsurePackagesAsync());
        Assert.StartsWith("npm was not found (tried to run 'pixart-test-no-such-npm')", e.Message);
        Assert.Contains("install Node.js with npm", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task NpmGivenAsAMissingPathIsReportedTheSameWay()
    {
        var builder = new EmojiDatasetBuilder(Options(TestSupport.TempFolder(), "/nonexistent/bin/npm"));
        var e = await Assert.ThrowsAsync<EmojiDataException>(() => builder.EnsurePackagesAsync());
        Assert.StartsWith("npm was not found", e.Message);
    }

    [SkippableFact]
    public async Task UnreachableRegistryIsReportedAsSuch()
    {
        Skip.If(OperatingSystem.IsWindows(), "the fake npm is a bash script");
        var work = TestSupport.TempFolder();
        var npm = TestSupport.FakeNpm(work, work, failWith:
            "npm error code ENOTFOUND\nnpm error syscall getaddrinfo\nnpm error errno ENOTFOUND\n" +
            "npm error network request to https://registry.npmjs.org/emoji-datasource-twitter failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org");
        var e = await Assert.ThrowsAsync<EmojiDataException>(() => new EmojiDatasetBuilder(Options(Path.Combine(work, "cache"), npm)).EnsurePackagesAsync());
        Assert.StartsWith("npm could not reach the package registry to download emoji-datasource-twitter@16.0.0 (ENOTFOUND)", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Empty(Directory.GetDirectories(Path.Combine(work, "cache", "npm")));   // the staging folder is gone
    }

    [Theory]
    [InlineData("npm error code E404\nnpm error 404 Not Found - GET https://registry.npmjs.org/x - Not found", "could not get x@1 from the configured registry (E404)")]
    [InlineData("npm ERR! code ETIMEDOUT\nnpm ERR! network timeout", "could not reach the package registry to download x@1 (ETIMEDOUT)")]
    [InlineData("npm error code EACCES\nnpm error syscall mkdir\nnpm error path /root/x", "npm install x@1 failed (exit code 1, EACCES): syscall mkdir")]
    [InlineData("", "npm install x@1 failed (exit code 1): no output")]
    public void FailuresAreDescribedInOneLine(string output, string expected)
    {
        var message = NpmPackageCache.DescribeFailure("x@1", 1, output);
        Assert.Contains(expected, message);
        Assert.DoesNotContain('\n', message);
    }

    [SkippableFact]
    public async Task InstallsOnceThenReusesTheCache()
    {
        Skip.If(OperatingSystem.IsWindows(), "the fake npm is a bash script");
        var work = TestSupport.TempFolder();
        var templates = TestSupport.WritePackages(Path.Combine(work, "templates"));
        var cache = Path.Combine(work, "cache");
        var npm = TestSupport.FakeNpm(work, templates);

        var packages = await new EmojiDatasetBuilder(Options(cache, npm)).EnsurePackagesAsync();
        Assert.Equal(2, TestSupport.NpmCalls(work));
        Assert.Equal(new[] { "twemoji", "noto" }, packages.Select(p => p.Style.Id));
        Assert.Equal(Path.Combine(cache, "npm", "emoji-datasource-twitter@16.0.0", "node_modules", "emoji-datasource-twitter"), packages[0].Directory);
        Assert.Contains("install --prefix", File.ReadAllLines(Path.Combine(work, "calls.log"))[0]);
        Assert.Contains("--ignore-scripts", File.ReadAllLines(Path.Combine(work, "calls.log"))[0]);

        // Second run: nothing to install, npm is not even started (a failing npm proves it).
        var failing = TestSupport.FakeNpm(TestSupport.TempFolder(), templates, failWith: "npm error code ENOTFOUND");
        var again = await new EmojiDatasetBuilder(Options(cache, failing)).EnsurePackagesAsync();
        Assert.Equal(packages.Select(p => p.Directory), again.Select(p => p.Directory));

        // A package at another version is replaced.
        var pkgJson = Path.Combine(packages[1].Directory, "package.json");
        File.WriteAllText(pkgJson, File.ReadAllText(pkgJson).Replace("16.0.0", "15.1.2"));
        await new EmojiDatasetBuilder(Options(cache, npm)).EnsurePackagesAsync();
        Assert.Equal(3, TestSupport.NpmCalls(work));
        Assert.Equal("16.0.0", EmojiPackage.InstalledVersion(packages[1].Directory));
    }

    [SkippableFact]
    public async Task AnIncompleteInstallIsNotAccepted()
    {
        Skip.If(OperatingSystem.IsWindows(), "the fake npm is a bash script");
        var work = TestSupport.TempFolder();
        var npm = TestSupport.FakeNpm(work, work, installNothing: true);
        var e = await Assert.ThrowsAsync<EmojiDataException>(() => new EmojiDatasetBuilder(Options(Path.Combine(work, "cache"), npm)).EnsurePackagesAsync());
        Assert.Contains("is not a complete emoji-datasource-twitter@16.0.0", e.Message);
        Assert.False(Directory.Exists(Path.Combine(work, "cache", "npm", "emoji-datasource-twitter@16.0.0")));
    }

    [Fact]
    public void DefaultCacheFollowsXdg()
    {
        var saved = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        try
        {
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", "/tmp/xdg-test");
            Assert.Equal(Path.Combine("/tmp/xdg-test", "pixart", "emoji"), NpmPackageCache.DefaultDirectory());
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", "relative/path");
            Assert.EndsWith(Path.Combine(".cache", "pixart", "emoji"), NpmPackageCache.DefaultDirectory());
        }
        finally
        {
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", saved);
        }
    }

    [Fact]
    public void APackageWhoseReadmeNoLongerStatesTheLicenceIsRefused()
    {
        var root = TestSupport.WritePackages(TestSupport.TempFolder());
        var dir = Path.Combine(root, EmojiStyles.Twemoji.PackageName);
        File.WriteAllText(Path.Combine(dir, "README.md"), "images: all rights reserved");
        var e = Assert.Throws<EmojiDataException>(() => EmojiPackage.Open(dir, EmojiStyles.Twemoji));
        Assert.Contains("no longer states 'Creative Commons Attribution 4.0'", e.Message);
        Assert.Throws<EmojiDataException>(() => EmojiPackage.Open(Path.Combine(root, EmojiStyles.Noto.PackageName), EmojiStyles.Twemoji));
    }
}
