using PixArt.Plugins.Datasets.Emoji.Planning;
using PixArt.Plugins.Datasets.Emoji.Sources;

namespace PixArt.Plugins.Datasets.Emoji.Tests.Planning;

public sealed class EmojiSplitTests
{
    [Theory]
    [InlineData("1F600", "1F600")]
    [InlineData("1F44B-1F3FD", "1F44B")]                                  // skin tone → base
    [InlineData("1F9D9-200D-2640-FE0F", "1F9D9")]                         // woman mage → mage
    [InlineData("1F468-200D-1F373", "1F9D1-200D-1F373")]                  // man cook → cook
    [InlineData("1F469-200D-1F9B0", "1F9D1-200D-1F9B0")]                  // woman: red hair → person: red hair
    [InlineData("1F3C3-200D-2642-FE0F-200D-27A1-FE0F", "1F3C3")]          // man running facing right → person running
    [InlineData("1F468-200D-1F9BD-200D-27A1-FE0F", "1F9D1-200D-1F9BD")]   // man in manual wheelchair facing right
    [InlineData("0023-FE0F-20E3", "0023-20E3")]
    [InlineData("1F468-200D-1F469-200D-1F467", "1F468-200D-1F469-200D-1F467")]   // families stay themselves
    public void GroupKeysJoinToneGenderAndDirectionVariants(string unified, string group) =>
        Assert.Equal(group, EmojiSplit.GroupKey(unified));

    [Fact]
    public void TheHashIsPinned()
    {
        // Values from Python: int.from_bytes(sha256(b"pixart-emoji-split-v1:" + key)[:8], "big") >> 11) / 2**53.
        Assert.Equal(0.09789225530861978, EmojiSplit.HashUnit("1F600"), 15);
        Assert.Equal(0.07198584594901736, EmojiSplit.HashUnit("1F44B"), 15);
        Assert.Equal(0.8311952139296614, EmojiSplit.HashUnit("1F9D9"), 15);
    }

    [Fact]
    public void AboutTenPercentOfGroupsAreHeldOut()
    {
        var split = EmojiSplit.Assign(Enumerable.Range(0, 4000).Select(i => ($"K{i}", i % 40)));
        var eval = split.Values.Count(s => s == EmojiSplit.Eval) / 4000.0;
        Assert.InRange(eval, 0.085, 0.115);
    }

    [Fact]
    public void TheSplitDoesNotDependOnOrderOrOnOtherEmoji()
    {
        var members = Enumerable.Range(0, 300).Select(i => ($"K{i}", i % 7)).ToList();
        var a = EmojiSplit.Assign(members);
        var b = EmojiSplit.Assign(Enumerable.Reverse(members).Concat(Enumerable.Range(300, 50).Select(i => ($"K{i}", i % 7))));
        foreach (var (group, _) in members) Assert.Equal(a[group], b[group]);
    }

    [Fact]
    public void AClassEntirelyInEvalGetsItsLargestHashGroupBack()
    {
        // T4, T6 and T7 hash below 0.1 (Python check); T1 does not.
        Assert.All(new[] { "T4", "T6", "T7" }, k => Assert.True(EmojiSplit.HashUnit(k) < 0.1));
        var alone = EmojiSplit.Assign(new[] { ("T4", 0), ("T6", 0), ("T7", 0) });
        var back = new[] { "T4", "T6", "T7" }.OrderByDescending(EmojiSplit.HashUnit).First();
        Assert.Equal(EmojiSplit.Train, alone[back]);
        Assert.Equal(2, alone.Values.Count(s => s == EmojiSplit.Eval));
        var withTrain = EmojiSplit.Assign(new[] { ("T4", 0), ("T1", 0) });
        Assert.Equal(EmojiSplit.Eval, withTrain["T4"]);
    }

    [Fact]
    public void WholeEmojiStayTogetherInThePlan()
    {
        var plan = EmojiDatasetPlanner.Plan(TestSupport.Records(), EmojiStyles.All, SkinToneSelection.Uniform);
        foreach (var group in plan.Images.GroupBy(p => p.Record.Group))
            Assert.Single(group.Select(p => p.Record.Split).Distinct());
        // Both styles and all five tones of the waving hand: one group, one split.
        var hand = plan.Images.Where(p => p.Record.BaseUnified == "1F44B").ToList();
        Assert.Equal(12, hand.Count);
        Assert.Single(hand.Select(p => p.Record.Split).Distinct());
        // Mage and woman mage share a group.
        Assert.Equal(EmojiSplit.GroupKey("1F9D9"), plan.Images.First(p => p.Record.Unified == "1F9D9-200D-2640-FE0F").Record.Group);
    }

    [Fact]
    public void PlanningTwiceGivesTheSameSplit()
    {
        var a = EmojiDatasetPlanner.Plan(TestSupport.Records(), EmojiStyles.All);
        var b = EmojiDatasetPlanner.Plan(TestSupport.Records().Reverse().ToList(), EmojiStyles.All);
        Assert.Equal(a.Images.Select(p => (p.Record.File, p.Record.Split)), b.Images.Select(p => (p.Record.File, p.Record.Split)));
    }
}
