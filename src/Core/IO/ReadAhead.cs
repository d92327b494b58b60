using System.Collections.Concurrent;

namespace WeightSpace.Core.IO;

/// <summary>
/// Enumerates a source on a thread of its own, one item ahead of the consumer: reading the next
/// row group overlaps the work on this one (the second core's share of a streamed stage). Items
/// come in the source's order; an error of the source is rethrown to the consumer as it was thrown.
/// </summary>
public static class ReadAhead
{
    /// <summary>
    /// The source's items, produced ahead. While the consumer holds one item, one more waits in the
    /// queue and the source may be producing a third: a source that reuses buffers needs three.
    /// </summary>
    public static IEnumerable<T> Of<T>(IEnumerable<T> source, CancellationToken cancellationToken = default)
    {
        using var queue = new BlockingCollection<T>(boundedCapacity: 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Factory.StartNew(() =>
        {
            try
            {
                foreach (var item in source) queue.Add(item, stop.Token);
            }
            finally
            {
                queue.CompleteAdding();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            foreach (var item in queue.GetConsumingEnumerable(cancellationToken)) yield return item;
            producer.GetAwaiter().GetResult(); // the source's own exception, if it failed
        }
        finally
        {
            // A consumer that stops early (or fails) stops the producer and waits for it, so the
            // source's files are closed when this returns; the producer's cancellation is expected.
            stop.Cancel();
            try { producer.Wait(); }
            catch (AggregateException) { }
        }
    }
}
