// Also the entry point WebApplicationFactory<Program> starts; `pixart serve` runs the same application in-process.
PixArt.Server.PixArtServerApplication.Create(args).Run();

/// <summary>The server executable (configuration from appsettings.json, the environment and <c>--Key=Value</c> arguments).</summary>
public partial class Program;
