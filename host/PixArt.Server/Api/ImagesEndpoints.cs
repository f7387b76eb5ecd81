using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PixArt.Server.Api.Contracts;
using PixArt.Server.Jobs;
using PixArt.Server.Options;
using PixArt.Server.Queue;

namespace PixArt.Server.Api;

/// <summary><c>POST /v1/images/generations</c>: OpenAI's image endpoint, answered when the job is done.</summary>
public static class ImagesEndpoints
{
    /// <summary>Maps the endpoint on the <c>/v1</c> group.</summary>
    public static RouteGroupBuilder MapImagesEndpoints(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        v1.MapPost("/images/generations", GenerateAsync)
            .WithName("CreateImage")
            .WithSummary("Generate images (OpenAI-compatible); waits for the job")
            .Accepts<ImageGenerationBody>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return v1;
    }

    /// <summary>Validates, queues, waits for the job and answers with every image; cancels the job if the client goes away.</summary>
    public static async Task<Results<Ok<ImagesResponse>, ValidationProblem, ProblemHttpResult>> GenerateAsync(
        HttpContext context, ImageRequestValidator validator, JobSubmitter submitter, IJobQueue queue, IOptions<ServerOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = options.Value;
        var body = await JsonBody.ReadAsync<ImageGenerationBody>(context.Request, settings.MaxRequestBodyBytes, context.RequestAborted);
        if (body.Value is null)
        {
            if (body.Status == StatusCodes.Status400BadRequest) return TypedResults.ValidationProblem(body.Errors, title: Problems.InvalidRequest);
            return Problems.BodyRejected(body);
        }
        var (request, errors) = validator.Validate(body.Value, job: false);
        if (request is null) return TypedResults.ValidationProblem(errors, title: Problems.InvalidRequest);

        var (result, job) = await submitter.SubmitAsync(request, body.Value, 0, context.RequestAborted);
        if (job is null) return Problems.Refused(context, result, settings.QueueCapacity, submitter.RetryAfterSeconds(request.Plan));
        JobState state;
        try
        {
            state = await job.Finished.WaitAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            await queue.CancelLeavingAsync(job, "the client went away");
            throw;
        }
        try
        {
            return state switch
            {
                JobState.Completed => TypedResults.Ok(Response(context, job, request.ReturnUrls, time)),
                JobState.Failed => TypedResults.Problem(title: "Generation failed", detail: job.Message, statusCode: StatusCodes.Status500InternalServerError),
                _ => TypedResults.Problem(title: "The job was cancelled", detail: job.Message, statusCode: StatusCodes.Status503ServiceUnavailable),
            };
        }
        finally
        {
            // Base64 answers carry the images: nothing left to fetch later, so the job leaves the store at once.
            if (!request.ReturnUrls) await queue.RemoveAsync(job, CancellationToken.None);
        }
    }

    private static ImagesResponse Response(HttpContext context, Job job, bool urls, TimeProvider time)
    {
        var origin = $"{context.Request.Scheme}://{context.Request.Host}{JobViews.ApiBase(context.Request)}";
        var data = job.Images.Select(image => new ImageData
        {
            B64Json = urls ? null : Convert.ToBase64String(image.Png),
            Url = urls ? $"{origin}/v1/jobs/{job.Id}/images/{image.Index}" : null,
            Seed = image.Parameters.Seed,
            JobId = job.Id,
        }).ToList();
        return new ImagesResponse(time.GetUtcNow().ToUnixTimeSeconds(), data);
    }
}
