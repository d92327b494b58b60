using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using WeightSpace.Pipeline;

namespace WeightSpace.Remote;

/// <summary>
/// A cache remote in an S3 bucket (or an S3-compatible store at <c>endpoint</c>). A PutObject
/// stores the whole object or nothing, so two machines pushing the same key leave one whole
/// object. Credentials come from the SDK's default chain only (AWS_ACCESS_KEY_ID and
/// AWS_SECRET_ACCESS_KEY, AWS_PROFILE, the shared credentials file), never from params, and no
/// message names them.
/// </summary>
public sealed class S3Remote : ICacheRemote, IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly string _bucket;
    private readonly string _prefix;

    public S3Remote(string bucket, string prefix, string endpoint, bool pathStyle)
    {
        _bucket = bucket;
        _prefix = prefix.Length == 0 ? "" : prefix.TrimEnd('/') + "/";
        Name = $"s3://{bucket}/{prefix}" + (endpoint.Length > 0 ? $" at {endpoint}" : "");
        var config = new AmazonS3Config
        {
            ForcePathStyle = pathStyle,
            MaxErrorRetry = 1,
            Timeout = TimeSpan.FromMinutes(5),
            // Plain requests that S3-compatible stores understand; every object is hashed on arrival anyway.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (endpoint.Length > 0)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion ??= Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1";
        }
        try
        {
            _client = new AmazonS3Client(config);
        }
        catch (AmazonClientException e)
        {
            throw new CacheRemoteException($"cache remote {Name}: {e.Message} (credentials come from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE)", e);
        }
    }

    public string Name { get; }

    public bool Exists(string path) => Call("checking", path, async () =>
    {
        try
        {
            await _client.GetObjectMetadataAsync(_bucket, _prefix + path);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    });

    public bool TryGet(string path, string file) => Call("reading", path, async () =>
    {
        try
        {
            using var response = await _client.GetObjectAsync(_bucket, _prefix + path);
            await using var output = File.Create(file);
            try
            {
                await response.ResponseStream.CopyToAsync(output);
            }
            // The SDK's own check of the bytes against the store's checksum: they arrived damaged.
            // The caller's content-hash check refuses them (and says so); the remote itself answered.
            catch (AmazonClientException e) when (e.Message.Contains("hash", StringComparison.OrdinalIgnoreCase))
            {
            }
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    });

    public void Put(string file, string path) => Call("writing", path, async () =>
    {
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = _prefix + path, FilePath = file, UseChunkEncoding = false });
        return true;
    });

    public void Delete(string path) => Call("deleting", path, async () =>
    {
        await _client.DeleteObjectAsync(_bucket, _prefix + path);
        return true;
    });

    public void Dispose() => _client.Dispose();

    /// <summary>Every failure but "no such object" means the remote cannot be used now: a <see cref="CacheRemoteException"/> naming it.</summary>
    private T Call<T>(string doing, string path, Func<Task<T>> request)
    {
        try
        {
            return request().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or TaskCanceledException)
        {
            var reason = e is AmazonS3Exception s3 ? $"{(int)s3.StatusCode} {s3.ErrorCode}: {s3.Message}" : Innermost(e).Message;
            throw new CacheRemoteException($"cache remote {Name} is not reachable ({doing} {path}: {reason})", e);
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
