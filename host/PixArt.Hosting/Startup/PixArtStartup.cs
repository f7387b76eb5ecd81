using PixArt.Nn.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PixArt.Abstractions.Runtime;
using PixArt.Hosting.Configuration;

namespace PixArt.Hosting.Startup;

/// <summary>
/// Runs when the host starts, before any work: validates the configuration (every problem in one
/// <see cref="ConfigurationException"/>), loads libtorch (<see cref="Runtime.LibTorchException"/> with the cause), checks
/// the configured components against each other from their descriptions, and logs what start-up decided.
/// </summary>
public sealed class PixArtStartup(StartupValidation validation, IServiceProvider services) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var problems = validation.ConfigurationProblems();
        if (problems.Count > 0) throw new ConfigurationException(problems);
        services.GetRequiredService<IRuntimeContext>();
        StartupReport.Log(services);
        validation.DescribeModel();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
