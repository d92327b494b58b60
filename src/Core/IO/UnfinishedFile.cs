namespace WeightSpace.Core.IO;

/// <summary>
/// What a writer does with a file it did not finish (an exception is on its way out): close it and
/// delete it, never throwing — a flush or delete failing again on a full disk would replace the
/// error that is already propagating.
/// </summary>
public static class UnfinishedFile
{
    public static void Discard(Stream stream, string path)
    {
        try
        {
            stream.Dispose();
        }
        catch (IOException)
        {
            // The flush failed (a full disk): the exception already propagating says why.
        }
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
