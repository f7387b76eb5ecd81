namespace PixArt.Cli.Tests;

[CollectionDefinition("cli", DisableParallelization = true)]
public sealed class CliCollection { }
