using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace PixArt.Hosting.Configuration;

/// <summary>A host configuration section whose problems can be listed with their key paths.</summary>
public interface ISectionCheck
{
    /// <summary>The section path, e.g. <c>PixArt:Runtime</c>.</summary>
    string SectionPath { get; }

    /// <summary>Every problem of the section: unknown keys, values of the wrong type, failed validation rules.</summary>
    IReadOnlyList<ConfigProblem> Problems();
}

/// <summary>
/// Binds <typeparamref name="T"/> from one configuration section for <c>IOptions&lt;T&gt;</c> and validates it, with the
/// framework's binder: unlike the default binder it never throws half-way, and reports every unknown key, every bad value
/// and every failed rule with its full key path (<see cref="OptionsBinder"/>). The same checks feed the start-up report.
/// Keys in <c>ignoredKeys</c> are sub-sections bound elsewhere (e.g. the training stages).
/// </summary>
public sealed class SectionOptions<T>(IConfiguration configuration, string sectionPath, IReadOnlyList<string>? ignoredKeys = null) : IConfigureOptions<T>, IValidateOptions<T>, ISectionCheck
    where T : class, new()
{
    /// <inheritdoc />
    public string SectionPath => sectionPath;

    /// <inheritdoc />
    public void Configure(T options) => OptionsBinder.BindInto(options, configuration.GetSection(sectionPath), new List<ConfigProblem>(), ignoredKeys);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var problems = Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => p.ToString()));
    }

    /// <inheritdoc />
    public IReadOnlyList<ConfigProblem> Problems()
    {
        var problems = new List<ConfigProblem>();
        OptionsBinder.Bind(typeof(T), configuration.GetSection(sectionPath), problems, ignoredKeys);
        return problems;
    }
}
