using PixArt.Server.Security;

namespace PixArt.Server.Tests.Units;

public sealed class SecurityUnitTests
{
    [Theory]
    [InlineData("http://127.0.0.1:7860", true)]
    [InlineData("http://127.1.2.3:80", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:7860", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("http://0.0.0.0:7860", false)]
    [InlineData("http://*:7860", false)]
    [InlineData("http://+:7860", false)]
    [InlineData("http://[::]:7860", false)]
    [InlineData("http://192.168.1.4:7860", false)]
    [InlineData("https://example.org", false)]
    public void LoopbackAddressesAreRecognised(string address, bool loopback) => Assert.Equal(loopback, BindAddresses.IsLoopback(address));

    [Fact]
    public void KeysAreComparedWhole()
    {
        var keys = new ApiKeySet(["first-key-0123456789", " second-key-0123456789 ", ""]);
        Assert.True(keys.Enabled);
        Assert.True(keys.Accepts("first-key-0123456789"));
        Assert.True(keys.Accepts("second-key-0123456789"));
        Assert.False(keys.Accepts("first-key-012345678"));
        Assert.False(keys.Accepts("first-key-0123456789x"));
        Assert.False(keys.Accepts(""));
        Assert.False(new ApiKeySet([" "]).Enabled);
    }
}
