using Xunit.Abstractions;

namespace PixArt.Plugins.MiniLM.Tests.Embeddings;

/// <summary>Sanity of meaning: captions about the same thing are nearer each other than unrelated ones.</summary>
[Collection(MiniLMCollection.Name)]
public sealed class SemanticSimilarityTests(MiniLMFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData("a smiling cat face", "grinning cat with smiling eyes", "red apple")]
    [InlineData("face with tears of joy", "laughing face with tears", "blue car")]
    [InlineData("red heart", "a heart symbol in red", "grinning cat with smiling eyes")]
    [InlineData("a photograph of a dog running on the beach", "a puppy playing by the sea", "a bowl of soup on a table")]
    public void RelatedCaptionsAreNearerThanUnrelatedOnes(string anchor, string related, string unrelated)
    {
        using var embedding = fixture.Encoder.Encode([anchor, related, unrelated]);
        var v = TestSupport.SentenceVectors(embedding);
        var near = TestSupport.Cosine(v[0], v[1]);
        var far = TestSupport.Cosine(v[0], v[2]);
        output.WriteLine($"cos('{anchor}', '{related}') = {near:F4}; cos('{anchor}', '{unrelated}') = {far:F4}");
        Assert.True(near > far + 0.1, $"related {near:F4} should exceed unrelated {far:F4} clearly");
    }
}
