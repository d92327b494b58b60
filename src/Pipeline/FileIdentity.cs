using System.Runtime.InteropServices;

namespace WeightSpace.Pipeline;

/// <summary>
/// Which file a path names (device and inode, from stat(2)): a file replaced by another of the same
/// size and modification time (a copy with `cp -p`, `rsync -t`, a moved-in download) is a new
/// inode, so the stat cache re-hashes it. Only linux-x64 is shipped (Directory.Build.props); on
/// other systems the identity is 0 and the cache falls back to size and time.
/// </summary>
internal static class FileIdentity
{
    // struct stat on x86-64 Linux: st_dev at byte 0, st_ino at byte 8, 144 bytes in all.
    private const int StatSize = 144;

    public static (ulong Device, ulong Inode) Of(string fullPath)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return (0, 0);
        var buffer = new byte[StatSize];
        if (Stat(fullPath, buffer) != 0) return (0, 0); // the caller's FileInfo has already seen the file; a race only costs a re-hash
        return (BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8));
    }

    [DllImport("libc.so.6", EntryPoint = "stat", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Stat(string path, byte[] buffer);
}
