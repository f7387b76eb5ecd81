using System.ComponentModel.DataAnnotations;

namespace PixArt.Server.Options;

/// <summary>
/// Settings of <c>PixArt:Server</c>: binding, keys, the queue and batching, limits, retention, shutdown, metrics. Bound and
/// checked at host start with the other PixArt sections (every problem with its key path).
/// </summary>
public sealed class ServerOptions : IValidatableObject
{
    /// <summary>Configuration section path.</summary>
    public const string SectionPath = "PixArt:Server";

    /// <summary>
    /// What this process does: <c>both</c> (default: accepts and generates), <c>api</c> (accepts, validates, enqueues, serves
    /// status, events and images; no model weights are loaded) or <c>worker</c> (takes jobs from the shared queue and
    /// generates; only health probes and metrics over HTTP). <c>api</c> and <c>worker</c> need <c>Queue:Type = redis</c>.
    /// </summary>
    public string Role { get; set; } = BothRoles;

    /// <summary>Address <c>pixart serve</c> binds (default loopback). Any other address requires <see cref="ApiKeys"/>.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port <c>pixart serve</c> binds; 0 picks a free one (printed at start).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 7860;

    /// <summary>
    /// Keys accepted in <c>Authorization: Bearer KEY</c>. When any is set, every <c>/v1</c> endpoint and <c>/metrics</c>
    /// requires one; when none is set the server refuses to start on a non-loopback address.
    /// </summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>
    /// Jobs that may wait in the queue; a request finding it full gets 429 with <c>Retry-After</c>. With a Redis queue it is
    /// the stream's length limit: queued and running jobs of every worker together.
    /// </summary>
    [Range(1, 100000)]
    public int QueueCapacity { get; set; } = 64;

    /// <summary>Most images in one denoising pass when compatible jobs (same size, sampler, steps, guidance) are batched; 1 turns batching off.</summary>
    [Range(1, 64)]
    public int MaxBatchSize { get; set; } = 4;

    /// <summary>How long the worker waits for compatible jobs to join a batch that is not full, in milliseconds (0: only jobs already queued join).</summary>
    [Range(0, 10000)]
    public int BatchWindowMs { get; set; } = 50;

    /// <summary>How long a finished job (and its images) stays retrievable, in seconds.</summary>
    [Range(1, 604800)]
    public int RetentionSeconds { get; set; } = 600;

    /// <summary>Most finished jobs kept; the oldest finished are evicted first.</summary>
    [Range(1, 100000)]
    public int MaxRetainedJobs { get; set; } = 256;

    /// <summary>Largest request body, in bytes (413 beyond).</summary>
    [Range(1024, 16777216)]
    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Longest prompt and negative prompt, in characters.</summary>
    [Range(1, 100000)]
    public int MaxPromptLength { get; set; } = 2000;

    /// <summary>Most images one request may ask for (<c>n</c>).</summary>
    [Range(1, 64)]
    public int MaxImagesPerRequest { get; set; } = 4;

    /// <summary>Most inference steps a request may ask for.</summary>
    [Range(1, 1000)]
    public int MaxSteps { get; set; } = 100;

    /// <summary>Largest image side a request may ask for, in pixels.</summary>
    [Range(8, 8192)]
    public int MaxImageSide { get; set; } = 2048;

    /// <summary>Largest classifier-free guidance scale a request may ask for.</summary>
    [Range(1, 1000)]
    public double MaxGuidanceScale { get; set; } = 30;

    /// <summary>Default preview interval of jobs that do not ask (0: no previews): every N steps a low-resolution preview rides on the progress event.</summary>
    [Range(0, 1000)]
    public int PreviewEvery { get; set; }

    /// <summary>What happens to running jobs at shutdown: <c>finish</c> (default) or <c>cancel</c> (stop between steps). Queued jobs are cancelled either way.</summary>
    public string ShutdownMode { get; set; } = "finish";

    /// <summary>
    /// Where <c>response_format: "url"</c> images live: <c>none</c> (default: such requests get 400) or <c>jobs</c>
    /// (the URL of the image in the job store, valid for <see cref="RetentionSeconds"/>).
    /// </summary>
    public string ImageStore { get; set; } = "none";

    /// <summary>Run a one-step warm-up generation at start (<c>/readyz</c> reports ready after it).</summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>Serve the web page at <c>/</c>.</summary>
    public bool WebUi { get; set; } = true;

    /// <summary>Expose the meters in Prometheus text format at <c>/metrics</c>.</summary>
    public bool Prometheus { get; set; }

    /// <summary>The default <see cref="Role"/>: API and worker in one process.</summary>
    public const string BothRoles = "both";

    /// <summary>Allowed values of <see cref="Role"/>.</summary>
    public static readonly IReadOnlyList<string> Roles = [BothRoles, "api", "worker"];

    /// <summary>Allowed values of <see cref="ShutdownMode"/>.</summary>
    public static readonly IReadOnlyList<string> ShutdownModes = ["finish", "cancel"];

    /// <summary>Allowed values of <see cref="ImageStore"/>.</summary>
    public static readonly IReadOnlyList<string> ImageStores = ["none", "jobs"];

    /// <summary>True when running jobs are cancelled at shutdown.</summary>
    public bool CancelRunningAtShutdown => ShutdownMode == "cancel";

    /// <summary>True when <c>response_format: "url"</c> is served.</summary>
    public bool ServesUrls => ImageStore == "jobs";

    /// <summary>How long a finished job is kept.</summary>
    public TimeSpan Retention => TimeSpan.FromSeconds(RetentionSeconds);

    /// <summary>How long a batch waits for compatible jobs.</summary>
    public TimeSpan BatchWindow => TimeSpan.FromMilliseconds(BatchWindowMs);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Roles.Contains(Role))
            yield return new ValidationResult($"allowed: {string.Join(", ", Roles)}", [nameof(Role)]);
        if (!ShutdownModes.Contains(ShutdownMode))
            yield return new ValidationResult($"allowed: {string.Join(", ", ShutdownModes)}", [nameof(ShutdownMode)]);
        if (!ImageStores.Contains(ImageStore))
            yield return new ValidationResult($"allowed: {string.Join(", ", ImageStores)}", [nameof(ImageStore)]);
        if (string.IsNullOrWhiteSpace(Host))
            yield return new ValidationResult("an address or host name is required (default 127.0.0.1)", [nameof(Host)]);
        for (var i = 0; i < ApiKeys.Count; i++)
            if (string.IsNullOrWhiteSpace(ApiKeys[i]) || ApiKeys[i].Trim().Length < MinKeyLength)
                // No member name: the binder would print the member's value, and a key is a secret even when too short.
                yield return new ValidationResult($"{nameof(ApiKeys)}:{i}: a key must have at least {MinKeyLength} characters");
    }

    /// <summary>Shortest API key accepted.</summary>
    public const int MinKeyLength = 16;
}
