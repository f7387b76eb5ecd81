using PixArt.Abstractions.Plugins;

namespace PixArt.Abstractions.Tests;

public sealed class PluginManifestTests
{
    [Theory]
    [InlineData("dpm-solver", true)]
    [InlineData("t5", true)]
    [InlineData("xl2-1024-ms", true)]
    [InlineData("DPM", false)]
    [InlineData("dpm--solver", false)]
    [InlineData("-dpm", false)]
    [InlineData("2dpm", false)]
    [InlineData("dpm_solver", false)]
    [InlineData("", false)]
    public void IdsMustBeKebabCase(string id, bool valid)
    {
        Assert.Equal(valid, PluginManifest.IsValidId(id));
        if (!valid) Assert.Throws<ArgumentException>(() => new PluginManifest(id, new Version(1, 0), Array.Empty<ComponentKind>(), ""));
    }

    [Fact]
    public void ComponentRegistrationChecksKindAgainstFactoryContract()
    {
        var manifest = new PluginManifest("p", new Version(1, 0), new[] { ComponentKind.Sampler }, "");
        var context = new PluginRegistrationContext(new Microsoft.Extensions.DependencyInjection.ServiceCollection(),
            new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), "/tmp", manifest);
        var e = Assert.Throws<ArgumentException>(() =>
            context.AddComponent<Text.ITextEncoderFactory, FakeEncoderFactory, object>(ComponentKind.Sampler, "x", ""));
        Assert.Contains("ISamplerFactory", e.Message);
    }

    private sealed class FakeEncoderFactory : Text.ITextEncoderFactory
    {
        public Text.TextEncoderInfo Describe(Runtime.ComponentContext context) => throw new NotSupportedException();

        public Text.ITextEncoder Create(Runtime.ComponentContext context) => throw new NotSupportedException();
    }
}
