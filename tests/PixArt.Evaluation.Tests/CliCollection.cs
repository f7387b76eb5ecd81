namespace PixArt.Evaluation.Tests;

[CollectionDefinition("cli", DisableParallelization = true)]
public sealed class CliCollection { }
