namespace WeightSpace.Pipeline;

/// <summary>
/// A shared copy of the cache (a folder on a shared filesystem, an S3 bucket): the same layout as
/// the local one, under repo-independent paths (<see cref="ProjectPaths.RemoteRun"/>,
/// <see cref="ProjectPaths.RemoteObject"/>). Nothing read from it is trusted: the runner verifies
/// every object's content hash before it enters the local cache. A transport failure (no such
/// folder, connection refused) is a <see cref="CacheRemoteException"/>.
/// </summary>
public interface ICacheRemote
{
    /// <summary>What the remote is, for messages (a folder, s3://bucket/prefix; never credentials).</summary>
    string Name { get; }

    bool Exists(string path);

    /// <summary>Copies the remote file at <paramref name="path"/> to <paramref name="file"/>; false when the remote has none.</summary>
    bool TryGet(string path, string file);

    /// <summary>Uploads <paramref name="file"/> as <paramref name="path"/>, whole or not at all (a reader never sees part of it).</summary>
    void Put(string file, string path);

    /// <summary>Removes <paramref name="path"/> (an object found damaged), if it is there.</summary>
    void Delete(string path);
}

/// <summary>The remote cannot be reached or answered with an error: the run goes on locally.</summary>
public sealed class CacheRemoteException(string message, Exception? inner = null) : IOException(message, inner);
