using PixArt.Cli;

return CliApplication.Run(args);
