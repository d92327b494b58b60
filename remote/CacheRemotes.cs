using WeightSpace.Pipeline;
using WeightSpace.Pipeline.Params;
using WeightSpace.Stages;

namespace WeightSpace.Remote;

/// <summary>The remote params (section cache) or --remote name: a folder, or s3://bucket/prefix.</summary>
public static class CacheRemotes
{
    /// <param name="option">--remote's value, which overrides cache.remote; null when absent.</param>
    public static ICacheRemote Open(string? option, CacheSettings settings, string verb)
    {
        var location = option ?? settings.Remote;
        var source = option is null ? "params.json: cache.remote" : "--remote";
        if (location.Trim().Length == 0)
            throw new UsageException($"{verb}: no cache remote: set cache.remote in params.json or pass --remote=DIR or --remote=s3://bucket/prefix");
        if (!location.StartsWith("s3://", StringComparison.Ordinal))
            return new FolderRemote(location);
        var rest = location["s3://".Length..].Trim('/');
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        if (bucket.Length == 0) throw new ParamsException($"{source} = '{location}' names no bucket (expected s3://bucket/prefix)");
        if (settings.S3Endpoint.Length > 0 && !Uri.TryCreate(settings.S3Endpoint, UriKind.Absolute, out _))
            throw new ParamsException($"params.json: cache.s3_endpoint = '{settings.S3Endpoint}' is not a URL (expected e.g. http://127.0.0.1:4568)");
        return new S3Remote(bucket, slash < 0 ? "" : rest[(slash + 1)..], settings.S3Endpoint, settings.S3PathStyle);
    }
}
