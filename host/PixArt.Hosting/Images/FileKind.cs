using System.Runtime.InteropServices;

namespace PixArt.Hosting.Images;

/// <summary>
/// Whether an existing path is a regular file. .NET reports devices (<c>/dev/full</c>), pipes and sockets as ordinary files
/// (<see cref="FileAttributes.Normal"/>, length 0); replacing one by an image, or writing into a pipe nobody reads, must be
/// refused. The runtime's own <c>stat</c> (System.Native, present in every .NET on Unix) gives the file type.
/// </summary>
internal static class FileKind
{
    private const int TypeMask = 0xF000;
    private const int Regular = 0x8000;

    /// <summary>True for a regular file (symbolic links followed); false for devices, pipes, sockets and folders.</summary>
    public static bool IsRegularFile(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return File.Exists(path);
        try
        {
            var status = new byte[256]; // FileStatus: int Flags, int Mode (type bits included), ... (fewer than 256 bytes)
            if (Stat(path, status) != 0) return File.Exists(path);
            var mode = BitConverter.ToInt32(status, 4);
            return (mode & TypeMask) == Regular;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Without the runtime's stat, a zero-length file under /dev is taken for a device.
            return File.Exists(path) && !(path.StartsWith("/dev/", StringComparison.Ordinal) && new FileInfo(path).Length == 0);
        }
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in this assembly for one call
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] status);
#pragma warning restore SYSLIB1054
}
