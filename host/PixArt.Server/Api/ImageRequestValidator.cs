using System.Globalization;
using Microsoft.Extensions.Options;
using PixArt.Abstractions.Plugins;
using PixArt.Hosting.Generation;
using PixArt.Hosting.Model;
using PixArt.Hosting.Plugins;
using PixArt.Server.Api.Contracts;
using PixArt.Server.Options;

namespace PixArt.Server.Api;

/// <summary>A request that passed every check: its plan and what the response should look like.</summary>
/// <param name="Plan">What to generate.</param>
/// <param name="PreviewEvery">Preview interval for jobs (0: none).</param>
/// <param name="ReturnUrls">True for <c>response_format: url</c>.</param>
public sealed record ValidatedRequest(GenerationPlan Plan, int PreviewEvery, bool ReturnUrls);

/// <summary>
/// Checks a request body against the server's limits and the model, then plans it (<see cref="GenerationPlanner"/>): every
/// problem is reported together, each under the field's JSON name with the allowed range (RFC 7807 validation problem).
/// Runs on the request thread and touches no tensor.
/// </summary>
public sealed class ImageRequestValidator(GenerationPlanner planner, ModelDescription model, PluginCatalog plugins, IOptions<ServerOptions> options)
{
    /// <summary>Largest seed: JavaScript clients read integers exactly up to 2^53 − 1.</summary>
    public const long MaxSeed = 9_007_199_254_740_991;

    private static readonly IReadOnlyDictionary<string, string> Fields = new Dictionary<string, string>
    {
        [nameof(GenerationRequest.Prompts)] = "prompt",
        [nameof(GenerationRequest.NegativePrompt)] = "negative_prompt",
        [nameof(GenerationRequest.Width)] = "size",
        [nameof(GenerationRequest.Height)] = "size",
        [nameof(GenerationRequest.ImagesPerPrompt)] = "n",
        [nameof(GenerationRequest.Steps)] = "steps",
        [nameof(GenerationRequest.GuidanceScale)] = "guidance_scale",
        [nameof(GenerationRequest.Seed)] = "seed",
        [nameof(GenerationRequest.Sampler)] = "sampler",
        [nameof(GenerationRequest.SamplerOptions)] = "sampler",
        [nameof(GenerationRequest.Unconditional)] = "negative_prompt",
    };

    /// <summary>The plan of <paramref name="body"/>, or the problems by field.</summary>
    public (ValidatedRequest? Request, Dictionary<string, string[]> Errors) Validate(ImageGenerationBody body, bool job)
    {
        ArgumentNullException.ThrowIfNull(body);
        var limits = options.Value;
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }

        if (body.Prompt is null) Add("prompt", "is required: the text to generate from");
        else if (body.Prompt.Length > limits.MaxPromptLength) Add("prompt", $"must be at most {limits.MaxPromptLength} characters (got {body.Prompt.Length})");
        if (body.NegativePrompt is { } negative && negative.Length > limits.MaxPromptLength)
            Add("negative_prompt", $"must be at most {limits.MaxPromptLength} characters (got {negative.Length})");
        if (body.N is { } n && (n < 1 || n > limits.MaxImagesPerRequest))
            Add("n", $"must be between 1 and {limits.MaxImagesPerRequest} (got {n})");
        var (width, height) = Size(body.Size, limits, Add);
        if (body.Steps is { } steps && (steps < 1 || steps > limits.MaxSteps))
            Add("steps", $"must be between 1 and {limits.MaxSteps} (got {steps})");
        if (body.GuidanceScale is { } guidance && (!double.IsFinite(guidance) || guidance < 0 || guidance > limits.MaxGuidanceScale))
            Add("guidance_scale", $"must be between 0 and {limits.MaxGuidanceScale.ToString(CultureInfo.InvariantCulture)}; 1 or less turns guidance off (got {guidance.ToString(CultureInfo.InvariantCulture)})");
        var count = body.N ?? 1;
        if (body.Seed is { } seed && seed != -1 && (seed < 0 || seed > MaxSeed - count))
            Add("seed", $"must be -1 (random) or between 0 and {MaxSeed - count} (got {seed})");
        if (body.Model is { } id && id != model.Name)
            Add("model", $"unknown model '{id}'; available: {model.Name}");
        var urls = false;
        if (!job && body.ResponseFormat is { } format)
        {
            if (format == "url")
            {
                if (limits.ServesUrls) urls = true;
                else Add("response_format", "\"url\" needs an image store (PixArt:Server:ImageStore = jobs); use \"b64_json\"");
            }
            else if (format != "b64_json") Add("response_format", $"must be \"b64_json\" or \"url\" (got \"{format}\")");
        }
        var maxSteps = body.Steps ?? limits.MaxSteps;
        if (body.PreviewEvery is { } every && (every < 0 || every > maxSteps))
            Add("preview_every", $"must be between 0 (no previews) and the steps, {maxSteps} (got {every})");
        if (body.Sampler is { } sampler && plugins.Find(ComponentKind.Sampler, sampler) is null)
            Add("sampler", $"unknown sampler '{sampler}'; available: {string.Join(", ", plugins.TypeIds(ComponentKind.Sampler))}");
        if (errors.Count > 0) return (null, Freeze(errors));

        try
        {
            var plan = planner.Plan(new GenerationRequest
            {
                Prompts = [body.Prompt!],
                NegativePrompt = body.NegativePrompt,
                ImagesPerPrompt = body.N,
                Width = width,
                Height = height,
                Steps = body.Steps,
                GuidanceScale = body.GuidanceScale,
                Seed = body.Seed is -1 ? null : body.Seed,
                Sampler = body.Sampler,
            });
            if (plan.Steps > limits.MaxSteps)
                Add("steps", $"the configured default ({plan.Steps}) is above the server's limit; ask for at most {limits.MaxSteps}");
            return errors.Count > 0 ? (null, Freeze(errors)) : (new ValidatedRequest(plan, body.PreviewEvery ?? limits.PreviewEvery, urls), []);
        }
        catch (GenerationRequestException e)
        {
            foreach (var problem in e.Problems) Add(FieldOf(problem.Field), problem.Message);
            return (null, Freeze(errors));
        }
    }

    private (int? Width, int? Height) Size(string? size, ServerOptions limits, Action<string, string> add)
    {
        if (size is null || size == "auto") return (null, null);
        var multiple = model.SizeMultiple;
        var max = Math.Min(limits.MaxImageSide, GenerationPlanner.MaxSide) / multiple * multiple;
        var parts = size.Split('x');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var w)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            && w >= multiple && h >= multiple && w <= max && h <= max && w % multiple == 0 && h % multiple == 0)
            return (w, h);
        add("size", $"must be \"WxH\" with W and H multiples of {multiple} from {multiple} to {max} (e.g. \"{model.NativeSize}x{model.NativeSize}\"), or \"auto\" for the model's native {model.NativeSize}x{model.NativeSize} (got \"{size}\")");
        return (null, null);
    }

    private static string FieldOf(string field)
    {
        var name = field.Split('[', ':')[0];
        return Fields.TryGetValue(name, out var json) ? json : name.ToLowerInvariant();
    }

    private static Dictionary<string, string[]> Freeze(Dictionary<string, List<string>> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.Distinct().ToArray(), StringComparer.Ordinal);
}
