using WeightSpace.Core.IO;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Tests.IO;

public sealed class ReadAheadTests
{
    [Fact]
    public void Read_ahead_keeps_the_order_and_rethrows_the_source_error_itself()
    {
        Assert.Equal(Enumerable.Range(0, 100), ReadAhead.Of(Enumerable.Range(0, 100)));

        static IEnumerable<int> Failing()
        {
            yield return 1;
            throw new ZooFormatException("zoo.parquet: row group 1 is broken");
        }
        var seen = new List<int>();
        var error = Assert.Throws<ZooFormatException>(() => { foreach (var i in ReadAhead.Of(Failing())) seen.Add(i); });
        Assert.Equal([1], seen);
        Assert.Contains("row group 1", error.Message);
    }

    [Fact]
    public void A_consumer_that_stops_early_stops_the_reader()
    {
        var produced = 0;
        IEnumerable<int> Endless()
        {
            for (var i = 0; ; i++) { produced++; yield return i; }
        }
        // Without the stop, the reader would wait forever to queue its next item and this would hang.
        Assert.Equal([0, 1, 2], ReadAhead.Of(Endless()).Take(3));
        Assert.InRange(produced, 3, 5); // the three taken, at most one queued and one waiting to be
    }
}
