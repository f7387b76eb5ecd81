using PixArt.Abstractions.Weights;

namespace PixArt.Abstractions.Tests;

public sealed class WeightKeyMapTests
{
    private static WeightKeyMap Map() => new WeightKeyMap()
        .Fuse("blocks.{i}.attn.qkv.weight", "tb.{i}.to_q.weight", "tb.{i}.to_k.weight", "tb.{i}.to_v.weight")
        .Rename("tb.{i}.to_out.0.weight", "blocks.{i}.attn.proj.weight")
        .Ignore("pos_embed");

    [Fact]
    public void PlansFusedAndRenamedKeysAndReportsUnmatched()
    {
        var keys = new[] { "tb.0.to_q.weight", "tb.0.to_k.weight", "tb.0.to_v.weight", "tb.12.to_out.0.weight", "pos_embed", "extra" };
        var plan = Map().PlanLoad(keys, out var unmatched);
        Assert.Equal(new[] { "tb.0.to_q.weight", "tb.0.to_k.weight", "tb.0.to_v.weight" }, plan["blocks.0.attn.qkv.weight"]);
        Assert.Equal(new[] { "tb.12.to_out.0.weight" }, plan["blocks.12.attn.proj.weight"]);
        Assert.Equal(new[] { "extra" }, unmatched);
    }

    [Fact]
    public void IncompleteFuseGroupIsNotMatched()
    {
        var plan = Map().PlanLoad(new[] { "tb.3.to_q.weight", "tb.3.to_k.weight" }, out var unmatched);
        Assert.Empty(plan);
        Assert.Equal(new[] { "tb.3.to_k.weight", "tb.3.to_q.weight" }, unmatched);
    }

    [Fact]
    public void SavePlanInvertsTheRules()
    {
        var plan = Map().Include(new WeightKeyMap().Rename("y", "x"), "prefix.")
            .PlanSave(new[] { "blocks.4.attn.qkv.weight", "prefix.x", "nobody" }, out var unmatched);
        Assert.Equal(new[] { "tb.4.to_q.weight", "tb.4.to_k.weight", "tb.4.to_v.weight" }, plan["blocks.4.attn.qkv.weight"]);
        Assert.Equal(new[] { "y" }, plan["prefix.x"]);
        Assert.Equal(new[] { "nobody" }, unmatched);
    }
}
