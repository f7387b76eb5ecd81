using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PixArt.Hosting.Configuration;

namespace PixArt.Server.Options;

/// <summary>
/// Binds and checks <c>PixArt:Server:Queue</c> like every other section (<see cref="SectionOptions{T}"/>), plus its
/// <c>Type</c> key (which the framework's binder leaves to component choice) and the server role it must agree with:
/// <c>api</c> and <c>worker</c> processes only make sense around a shared queue.
/// </summary>
public sealed class QueueSection(IConfiguration configuration) : IConfigureOptions<QueueOptions>, IValidateOptions<QueueOptions>, ISectionCheck
{
    private readonly SectionOptions<QueueOptions> _section = new(configuration, QueueOptions.SectionPath);

    /// <inheritdoc />
    public string SectionPath => QueueOptions.SectionPath;

    /// <inheritdoc />
    public void Configure(QueueOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _section.Configure(options);
        if (TypeKey is { Length: > 0 } type) options.Type = type.Trim().ToLowerInvariant();
    }

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, QueueOptions options)
    {
        var problems = Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => p.ToString()));
    }

    /// <inheritdoc />
    public IReadOnlyList<ConfigProblem> Problems()
    {
        var problems = new List<ConfigProblem>(_section.Problems());
        var type = (TypeKey ?? QueueOptions.InProcess).Trim().ToLowerInvariant();
        if (!QueueOptions.Types.Contains(type))
            problems.Add(new ConfigProblem($"{QueueOptions.SectionPath}:Type", TypeKey, $"allowed: {string.Join(", ", QueueOptions.Types)}"));
        else if (type == QueueOptions.InProcess && configuration[$"{ServerOptions.SectionPath}:{nameof(ServerOptions.Role)}"] is { } role
                 && !string.Equals(role.Trim(), ServerOptions.BothRoles, StringComparison.OrdinalIgnoreCase))
            problems.Add(new ConfigProblem($"{ServerOptions.SectionPath}:{nameof(ServerOptions.Role)}", role,
                $"a separate '{role.Trim()}' process needs a shared queue: set {QueueOptions.SectionPath}:Type = {QueueOptions.Redis} (docs/deployment.md)"));
        return problems;
    }

    private string? TypeKey => configuration[$"{QueueOptions.SectionPath}:Type"];
}
