using PixArt.Nn.Layers;

namespace PixArt.Plugins.Transformer;

/// <summary>The host's services plus the <see cref="ConditioningHints"/> of the checkpoint being built, for the child components.</summary>
internal sealed class HintedServiceProvider : IServiceProvider
{
    private readonly IServiceProvider? _inner;
    private readonly ConditioningHints _hints;

    public HintedServiceProvider(IServiceProvider? inner, ConditioningHints hints)
    {
        _inner = inner;
        _hints = hints;
    }

    public object? GetService(Type serviceType) =>
        serviceType == typeof(ConditioningHints) ? _hints : _inner?.GetService(serviceType);
}
