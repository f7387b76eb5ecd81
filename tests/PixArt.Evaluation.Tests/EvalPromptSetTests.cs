using PixArt.Hosting.Evaluation;

namespace PixArt.Evaluation.Tests;

/// <summary>The prompt set built from the fixture's two splits (5 classes; 24 train and 12 eval images).</summary>
public sealed class EvalPromptSetTests
{
    [Fact]
    public void OneTrainingEmojiPerClassThenHeldOutRoundRobin()
    {
        using var host = EmojiMini.Host();
        using var data = EvalData.Open(host.Services);
        var set = EvalPromptSet.Build(data.Train, data.HeldOut);
        var prompts = set.Prompts;

        // The first training image of each class, in class order.
        Assert.Equal(["images/twemoji/1f603.png", "images/twemoji/1f91a.png", "images/twemoji/1f435.png", "images/twemoji/1f348.png", "images/twemoji/1f682.png"],
            prompts.Where(p => !p.HeldOut).Select(p => p.Key));
        Assert.Equal([0, 1, 2, 3, 4], prompts.Where(p => !p.HeldOut).Select(p => p.ClassLabel));
        Assert.Equal("smiling face with open mouth, twemoji style, smiley, face smiling, smileys and emotion", prompts[0].Text);
        Assert.Equal("face-smiling", prompts[0].ClassName);

        // Every held-out image (12, under the cap), the first of each class before the second of any.
        Assert.Equal(12, set.HeldOutCount);
        Assert.Equal([0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 1, 1], prompts.Where(p => p.HeldOut).Select(p => p.ClassLabel));
        Assert.Equal("images/twemoji/1f600.png", prompts[5].Key);
        Assert.Equal("images/noto/1f600.png", prompts[10].Key);
        Assert.Equal("images/noto/1f44b-1f3fb.png", prompts[^1].Key);
        Assert.All(prompts.Where(p => p.HeldOut), p => Assert.Equal(data.HeldOut.ClassNames[p.ClassLabel], p.ClassName));
    }

    [Fact]
    public void TheCapLimitsOnlyTheHeldOutPrompts()
    {
        using var host = EmojiMini.Host();
        using var data = EvalData.Open(host.Services);
        var capped = EvalPromptSet.Build(data.Train, data.HeldOut, heldOutCap: 6);
        Assert.Equal(11, capped.Prompts.Count);
        Assert.Equal([0, 1, 2, 3, 4, 0], capped.Prompts.Where(p => p.HeldOut).Select(p => p.ClassLabel));
        var none = EvalPromptSet.Build(data.Train, data.HeldOut, heldOutCap: 0);
        Assert.Equal(5, none.Prompts.Count);
        Assert.Equal(0, none.HeldOutCount);
        // Built twice, the set is the same.
        Assert.Equal(capped.Prompts, EvalPromptSet.Build(data.Train, data.HeldOut, heldOutCap: 6).Prompts);
    }
}
