using System.Text;

namespace PixArt.Cli.Tests.Battery;

/// <summary>Safetensors files whose header says what the case needs (shapes, offsets, dtypes), with <c>dataBytes</c> zero bytes of data.</summary>
internal static class CraftedSafetensors
{
    public static void Write(string path, string headerJson, int dataBytes = 16, long? headerLength = null)
    {
        var header = Encoding.UTF8.GetBytes(headerJson);
        using var file = File.Create(path);
        file.Write(BitConverter.GetBytes(headerLength ?? header.Length));
        file.Write(header);
        file.Write(new byte[dataBytes]);
    }
}
