using PixArt.Hosting.Model;

namespace PixArt.Hosting.Generation;

/// <summary>The one place the unconditional branch of guidance is decided (reference section 4, choice 1).</summary>
public static class UnconditionalBranch
{
    /// <summary>
    /// The branch to run for <paramref name="requested"/>: none without guidance; for <c>auto</c>, the learned null caption when
    /// the model carries one, no negative prompt is given and the caption lengths match, else the negative prompt. An explicit
    /// <c>learned-null</c> that cannot work adds a problem naming the field and what to use instead.
    /// </summary>
    public static UnconditionalMode Resolve(UnconditionalMode requested, double guidanceScale, string negativePrompt, ModelDescription model, ICollection<RequestProblem> problems)
    {
        if (guidanceScale <= 1) return UnconditionalMode.None;
        var text = model.Denoiser.TextConditioning;
        if (text.NumClasses is not null) return UnconditionalMode.LearnedNull; // the null class; the planner refuses a negative prompt
        var learned = text.HasLearnedNullCondition;
        var lengthMatches = model.TextEncoder is null || text.NullConditionTokens is null || text.NullConditionTokens == model.TextEncoder.MaxLength;
        switch (requested)
        {
            case UnconditionalMode.Auto:
                return learned && negativePrompt.Length == 0 && lengthMatches ? UnconditionalMode.LearnedNull : UnconditionalMode.NegativePrompt;
            case UnconditionalMode.LearnedNull:
                const string field = nameof(GenerationRequest.Unconditional);
                if (!learned)
                    problems.Add(new RequestProblem(field, "learned-null", "the model carries no learned null caption (diffusers files have none); use negative-prompt or auto"));
                else if (negativePrompt.Length > 0)
                    problems.Add(new RequestProblem(field, "learned-null", "a negative prompt was given, but learned-null guidance ignores it; use negative-prompt or auto"));
                else if (!lengthMatches)
                    problems.Add(new RequestProblem(field, "learned-null",
                        $"the model's learned null caption has {text.NullConditionTokens} tokens but the text encoder pads to {model.TextEncoder!.MaxLength} (PixArt:TextEncoder:MaxLength); use negative-prompt or auto"));
                return UnconditionalMode.LearnedNull;
            default:
                return requested;
        }
    }
}
