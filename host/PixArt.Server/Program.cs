namespace PixArt.Server;

/// <summary>
/// The server executable: configuration from appsettings.json, the environment and <c>--Key=Value</c> arguments. Also the
/// entry point <c>WebApplicationFactory&lt;Program&gt;</c> starts in the tests; <c>pixart serve</c> runs the same application
/// (<see cref="PixArtServerApplication"/>) in-process with the CLI's configuration.
/// </summary>
public sealed class Program
{
    private Program()
    {
    }

    /// <summary>Runs the server until it is stopped (Ctrl+C, SIGTERM).</summary>
    public static void Main(string[] args) => PixArtServerApplication.Create(args).Run();
}
