namespace PixArt.TestPlugins.NoEntryPoint;

public static class Helper
{
    public static int Answer => 42;
}
