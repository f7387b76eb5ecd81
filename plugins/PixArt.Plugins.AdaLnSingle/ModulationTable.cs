using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.AdaLnSingle;

/// <summary>One learned table <c>scale_shift_table [rows, C]</c> added to the shared projection (one per block).</summary>
internal sealed class ModulationTable : nn.Module
{
    private readonly Parameter scale_shift_table;

    public ModulationTable(long rows, long hiddenSize) : base("table")
    {
        // randn/√C as the official initialisation (reference 1.11).
        scale_shift_table = nn.Parameter(randn(rows, hiddenSize) / Math.Sqrt(hiddenSize));
        RegisterComponents();
    }

    public Parameter Table => scale_shift_table;
}
