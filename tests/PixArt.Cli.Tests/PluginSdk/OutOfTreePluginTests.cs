using System.IO.Compression;

namespace PixArt.Cli.Tests.PluginSdk;

/// <summary>
/// A plugin made outside the repository, the way a third-party author makes one: <c>scripts/pack.sh</c> packs the
/// author packages and the templates into a folder feed (checked: assembly, XML docs, README, dependencies), the
/// template is installed (in a private template hive), <c>dotnet new pixart-sampler</c> creates a plugin in a temporary
/// folder, it builds against the feed (not a project reference), is dropped into a plugin folder, and <c>pixart generate</c>
/// runs with it through configuration alone; the template's own test project (the sampler conformance kit, from the
/// packed testing package) passes. The template's sampler is a DDIM: its image equals the built-in <c>ddim</c>'s to one
/// grey level. The text encoder and codec templates go through the same feed to their kits.
/// </summary>
[Collection("cli")]
public sealed class OutOfTreePluginTests
{
    [Fact]
    public async Task A_plugin_from_the_template_builds_against_the_packed_feed_and_generates_by_configuration_alone()
    {
        var root = Path.Combine(Path.GetTempPath(), $"pixart-sdk-{Guid.NewGuid():N}");
        try
        {
            var (feed, hive) = await PackAndInstallAsync(root, checkPackages: true);
            await Run("dotnet", ["new", "pixart-sampler", "-n", "Acme.Ddim", "--id", "acme-ddim", "--pixartVersion", Version, "-o", "src", "--debug:custom-hive", hive], root);
            var source = Path.Combine(root, "src");
            WriteNuGetConfig(source, feed);
            var output = Path.Combine(root, "plugins", "Acme.Ddim");
            await Run("dotnet", ["build", Path.Combine(source, "Acme.Ddim", "Acme.Ddim.csproj"), "-c", "Release", "-o", output, "--nologo", "-v", "q"], source);
            Assert.True(File.Exists(Path.Combine(output, "Acme.Ddim.dll")));
            Assert.False(File.Exists(Path.Combine(output, "TorchSharp.dll")), "the plugin carries its own TorchSharp: the host's must be the only one");
            Assert.False(File.Exists(Path.Combine(output, "PixArt.Abstractions.dll")), "the plugin carries its own contracts: the host's must be the only one");
            // The template's test project: the sampler conformance kit from the packed PixArt.Abstractions.Testing.
            await Run("dotnet", ["test", Path.Combine(source, "Acme.Ddim.Tests", "Acme.Ddim.Tests.csproj"), "--nologo"], source);

            var image = Path.Combine(root, "acme.png");
            var builtIn = Path.Combine(root, "ddim.png");
            var plugins = $"PixArt:Plugins:Paths:0={Path.Combine(root, "plugins")}";
            var (code, stdout, stderr) = PixArtCli.Run("generate", "--prompt", "a smiling cat face", "--seed", "1", "--steps", "4", "--out", image,
                "--set", plugins, "--set", "PixArt:Sampler:Type=acme-ddim");
            Assert.True(code == 0, $"{stdout}\n{stderr}");
            Assert.Contains("acme-ddim 4 steps", stdout);
            Assert.Equal(0, PixArtCli.Run("generate", "--prompt", "a smiling cat face", "--seed", "1", "--steps", "4", "--out", builtIn,
                "--set", "PixArt:Sampler:Type=ddim").ExitCode);
            var largest = EndToEnd.PngPixels.Rgb(image).Zip(EndToEnd.PngPixels.Rgb(builtIn), (a, b) => Math.Abs(a - b)).Max();
            Assert.True(largest <= 1, $"the template's DDIM differs from the built-in ddim by {largest} grey levels");
        }
        finally
        {
            CleanUp(root);
        }
    }

    /// <summary>
    /// The text encoder and codec templates: each plugin builds against the feed, its test project (the kit of its kind, plus
    /// the template's own check) passes, and the host lists the built plugin's component from a plugin folder.
    /// </summary>
    [Fact]
    public async Task The_text_encoder_and_codec_templates_build_against_the_packed_feed_and_pass_their_kits()
    {
        var root = Path.Combine(Path.GetTempPath(), $"pixart-sdk-{Guid.NewGuid():N}");
        try
        {
            var (feed, hive) = await PackAndInstallAsync(root, checkPackages: false);
            var source = Path.Combine(root, "src");
            WriteNuGetConfig(source, feed);
            foreach (var (template, name, id) in new[] { ("pixart-text-encoder", "Acme.Hashed", "acme-hashed"), ("pixart-codec", "Acme.SpaceToDepth", "acme-s2d") })
            {
                await Run("dotnet", ["new", template, "-n", name, "--id", id, "--pixartVersion", Version, "-o", Path.Combine(source, name), "--debug:custom-hive", hive], root);
                var project = Path.Combine(source, name);
                await Run("dotnet", ["build", Path.Combine(project, name, $"{name}.csproj"), "-c", "Release", "-o", Path.Combine(root, "plugins", name), "--nologo", "-v", "q"], project);
                await Run("dotnet", ["test", Path.Combine(project, $"{name}.Tests", $"{name}.Tests.csproj"), "--nologo"], project);
            }
            var (code, stdout, stderr) = PixArtCli.Run("plugins", "list", "--set", $"PixArt:Plugins:Paths:0={Path.Combine(root, "plugins")}");
            Assert.True(code == 0, $"{stdout}\n{stderr}");
            Assert.Contains("acme-hashed", stdout);
            Assert.Contains("acme-s2d", stdout);
        }
        finally
        {
            CleanUp(root);
        }
    }

    /// <summary>
    /// samples/Acme.EulerAncestral, built against the packed feed (a copy of samples/ with a nuget.config naming this run's
    /// feed): its tests pass (the sampler kit, and diffusers' Euler ancestral trajectories with their recorded noise), and
    /// the host generates with it through configuration alone.
    /// </summary>
    [Fact]
    public async Task The_Euler_ancestral_sample_builds_against_the_packed_feed_passes_its_tests_and_generates()
    {
        var root = Path.Combine(Path.GetTempPath(), $"pixart-sdk-{Guid.NewGuid():N}");
        try
        {
            var (feed, _) = await PackAndInstallAsync(root, checkPackages: false);
            var samples = Path.Combine(root, "samples");
            CopyWithoutBuildOutput(Path.Combine(Checkout.Root, "samples"), samples);
            WriteNuGetConfig(samples, feed);
            var version = $"-p:PixArtPackageVersion={Version}";
            await Run("dotnet", ["test", Path.Combine(samples, "Acme.EulerAncestral.Tests", "Acme.EulerAncestral.Tests.csproj"), version, "--nologo"], samples);
            var plugins = Path.Combine(root, "plugins");
            await Run("dotnet", ["build", Path.Combine(samples, "Acme.EulerAncestral", "Acme.EulerAncestral.csproj"), version, "-c", "Release",
                "-o", Path.Combine(plugins, "Acme.EulerAncestral"), "--nologo", "-v", "q"], samples);

            var image = Path.Combine(root, "euler-a.png");
            var (code, stdout, stderr) = PixArtCli.Run("generate", "--prompt", "a smiling cat face", "--seed", "1", "--steps", "8", "--out", image,
                "--set", $"PixArt:Plugins:Paths:0={plugins}", "--set", "PixArt:Sampler:Type=acme-euler-ancestral");
            Assert.True(code == 0, $"{stdout}\n{stderr}");
            Assert.Contains("acme-euler-ancestral 8 steps", stdout);
            Assert.True(File.Exists(image));
        }
        finally
        {
            CleanUp(root);
        }
    }

    private static void CopyWithoutBuildOutput(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }

    private static readonly string Version = $"0.1.0-sdktest.{Guid.NewGuid():N}"[..28];

    // Packs the feed with scripts/pack.sh from the Debug build the suite already made (--no-build: no second build racing
    // the suite's own), with a version of its own, so NuGet's global package cache cannot hand back an earlier run's
    // packages; installs the templates into a private hive.
    private static async Task<(string Feed, string Hive)> PackAndInstallAsync(string root, bool checkPackages)
    {
        var feed = Path.Combine(root, "feed");
        await Run("bash", [Path.Combine(Checkout.Root, "scripts", "pack.sh"), feed, "-c", "Debug", "--no-build", $"-p:PackageVersion={Version}"], root);
        if (checkPackages)
            foreach (var id in new[] { "PixArt.Abstractions", "PixArt.Nn", "PixArt.Abstractions.Testing" }) CheckLibraryPackage(feed, id);
        var templates = Assert.Single(Directory.GetFiles(feed, "PixArt.Templates.*.nupkg"));
        var hive = Path.Combine(root, "hive");
        await Run("dotnet", ["new", "install", templates, "--debug:custom-hive", hive], root);
        return (feed, hive);
    }

    private static void WriteNuGetConfig(string folder, string feed)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="pixart-local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
    }

    private static void CleanUp(string root)
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "pixart.abstractions", "pixart.nn", "pixart.abstractions.testing" })
            if (Directory.Exists(Path.Combine(cache, id, Version))) Directory.Delete(Path.Combine(cache, id, Version), recursive: true);
    }

    private static void CheckLibraryPackage(string feed, string id)
    {
        var package = Assert.Single(Directory.GetFiles(feed, "*.nupkg"), f => Path.GetFileName(f) == $"{id}.{Version}.nupkg");
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains($"lib/net10.0/{id}.dll", entries);
        Assert.Contains($"lib/net10.0/{id}.xml", entries);
        Assert.Contains("README.md", entries);
        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        var text = nuspec.ReadToEnd();
        Assert.Contains("<description>", text);
        if (id == "PixArt.Abstractions.Testing")
        {
            Assert.Contains("<dependency id=\"PixArt.Abstractions\"", text);
            Assert.Contains("<dependency id=\"PixArt.Nn\"", text);
        }
    }

    // Runs a process to its end (5 minutes at most) and fails with its output when it exits non-zero.
    private static async Task Run(string program, string[] args, string folder)
    {
        Directory.CreateDirectory(folder);
        var (code, output) = await ChildProcess.RunAsync(program, folder, args, TimeSpan.FromMinutes(5));
        Assert.True(code == 0, $"{program} {string.Join(' ', args)} exited {code}\n{output}");
    }
}
