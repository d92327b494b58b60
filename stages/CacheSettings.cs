namespace WeightSpace.Stages;

/// <summary>
/// The shared cache remote (docs/remote.md): no stage reads this section, so it is in no stage's
/// key. Remote: "" (none), a folder on a shared filesystem, or s3://bucket/prefix. S3Endpoint: ""
/// for AWS itself, else the URL of an S3-compatible store; S3PathStyle: bucket in the path rather
/// than the host name (most S3-compatible stores). Credentials come only from the standard AWS
/// environment variables or profile.
/// </summary>
[ParamsSection("cache")]
public sealed record CacheSettings(
    string Remote,
    string S3Endpoint,
    bool S3PathStyle);
