using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using PixArt.Hosting.Model;
using PixArt.Server.Api;
using PixArt.Server.Api.Contracts;
using PixArt.Server.Jobs;
using PixArt.Server.Queue;

namespace PixArt.Server.AI;

/// <summary>
/// Microsoft.Extensions.AI's <see cref="IImageGenerator"/> on PixArt: code written against the abstraction generates through
/// the same queue, limits and worker as the HTTP API (so it is safe from any thread and batches with HTTP requests).
/// <see cref="ImageGenerationOptions.Count"/>, <see cref="ImageGenerationOptions.ImageSize"/> and
/// <see cref="ImageGenerationOptions.ModelId"/> map onto <c>n</c>, <c>size</c> and <c>model</c>; PixArt's own settings ride
/// in <see cref="ImageGenerationOptions.AdditionalProperties"/> under their API names (<c>negative_prompt</c>, <c>sampler</c>,
/// <c>steps</c>, <c>guidance_scale</c>, <c>seed</c>). Images come back as PNG <see cref="DataContent"/>.
/// </summary>
public sealed class PixArtImageGenerator(ImageRequestValidator validator, JobSubmitter submitter, IJobQueue queue, ModelDescription model)
    : IImageGenerator
{
    /// <inheritdoc />
    /// <exception cref="ArgumentException">A setting is out of range (every problem, named as the HTTP API names it).</exception>
    /// <exception cref="NotSupportedException">Image edits, URI responses or a media type other than PNG.</exception>
    /// <exception cref="InvalidOperationException">The queue is full, the server is shutting down, or generation failed.</exception>
    public async Task<ImageGenerationResponse> GenerateAsync(ImageGenerationRequest request, ImageGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.OriginalImages?.Any() == true) throw new NotSupportedException("PixArt generates from text only: image edits (OriginalImages) are not supported");
        if (options?.ResponseFormat is { } format && format != ImageGenerationResponseFormat.Data)
            throw new NotSupportedException($"PixArt returns image data; response format {format} is not supported");
        if (options?.MediaType is { } media && media != "image/png") throw new NotSupportedException($"PixArt makes image/png, not {media}");

        var body = new ImageGenerationBody
        {
            Prompt = request.Prompt,
            N = options?.Count,
            Size = options?.ImageSize is { } size ? string.Create(CultureInfo.InvariantCulture, $"{size.Width}x{size.Height}") : null,
            Model = options?.ModelId,
            NegativePrompt = Extra<string>(options, "negative_prompt"),
            Sampler = Extra<string>(options, "sampler"),
            Steps = Extra<int?>(options, "steps"),
            GuidanceScale = Extra<double?>(options, "guidance_scale"),
            Seed = Extra<long?>(options, "seed"),
        };
        var (validated, errors) = validator.Validate(body, job: true);
        if (validated is null)
            throw new ArgumentException("invalid image generation request: " + string.Join("; ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))), nameof(request));
        var (result, job) = await submitter.SubmitAsync(validated, body, 0, cancellationToken).ConfigureAwait(false);
        if (job is null)
            throw new InvalidOperationException(result switch
            {
                EnqueueResult.Full => "the PixArt queue is full; retry later",
                EnqueueResult.Unavailable => "the PixArt job queue (Redis) is unreachable; retry later",
                _ => "the PixArt server is shutting down",
            });
        try
        {
            var state = await job.Finished.WaitAsync(cancellationToken).ConfigureAwait(false);
            return state switch
            {
                JobState.Completed => new ImageGenerationResponse(job.Images.Select(i => (AIContent)new DataContent(i.Png, "image/png")
                {
                    AdditionalProperties = new() { ["seed"] = i.Parameters.Seed, ["job_id"] = job.Id },
                }).ToList()) { RawRepresentation = job.Images },
                JobState.Cancelled => throw new OperationCanceledException(job.Message),
                _ => throw new InvalidOperationException(job.Message ?? "generation failed"),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await queue.CancelLeavingAsync(job, "the caller cancelled").ConfigureAwait(false);
            throw;
        }
        finally
        {
            if (job.IsFinished) await queue.RemoveAsync(job, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(ImageGeneratorMetadata)) return new ImageGeneratorMetadata("pixart", null, model.Name);
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The generator owns nothing: the model, queue and worker belong to the host.
    }

    private static T? Extra<T>(ImageGenerationOptions? options, string key)
    {
        if (options?.AdditionalProperties is not { } extra || !extra.TryGetValue(key, out var value) || value is null) return default;
        if (value is T typed) return typed;
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        try
        {
            return value is JsonElement json ? json.Deserialize<T>() : (T)Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException or JsonException)
        {
            throw new ArgumentException($"AdditionalProperties[\"{key}\"] = '{value}' is not a {target.Name}", nameof(options), e);
        }
    }
}
