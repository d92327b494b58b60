using Parquet;
using Parquet.Schema;

namespace WeightSpace.Core.Tetris;

/// <summary>The image set as Parquet: id, label, piece, rotation, row, column and 16 pixel columns p0..p15.</summary>
public static class TetrisImageFile
{
    private static readonly DataField<int> Id = new("image_id"), Label = new("label"), Rotation = new("rotation"), Row = new("row"), Column = new("column");
    private static readonly DataField<string> Piece = new("piece");
    private static readonly DataField<float>[] PixelFields = Enumerable.Range(0, TetrisImages.Pixels).Select(i => new DataField<float>($"p{i}")).ToArray();
    private static readonly ParquetSchema Schema = new([Id, Label, Piece, Rotation, Row, Column, .. PixelFields]);

    public static void Write(string path, IReadOnlyList<TetrisImage> images) => WriteAsync(path, images).GetAwaiter().GetResult();

    public static IReadOnlyList<TetrisImage> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"tetris image set '{path}' not found; run the tetris-images stage", path);
        return ReadAsync(path).GetAwaiter().GetResult();
    }

    private static async Task WriteAsync(string path, IReadOnlyList<TetrisImage> images)
    {
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(Schema, stream);
        using var group = writer.CreateRowGroup();
        async Task Ints(DataField<int> field, Func<TetrisImage, int> get) => await group.WriteAsync<int>(field, images.Select(get).ToArray(), null, null, default);
        await Ints(Id, i => i.Id);
        await Ints(Label, i => i.Label);
        await group.WriteAsync(Piece, images.Select(i => i.Piece).ToArray(), null);
        await Ints(Rotation, i => i.Rotation);
        await Ints(Row, i => i.Row);
        await Ints(Column, i => i.Column);
        for (var p = 0; p < PixelFields.Length; p++)
            await group.WriteAsync<float>(PixelFields[p], images.Select(i => i.Pixels[p]).ToArray(), null, null, default);
    }

    private static async Task<IReadOnlyList<TetrisImage>> ReadAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream);
        if (reader.RowGroupCount != 1) throw new InvalidDataException($"{path}: expected one row group, found {reader.RowGroupCount}");
        using var group = reader.OpenRowGroupReader(0);
        var n = checked((int)group.RowCount);
        async Task<int[]> Ints(DataField<int> field) { var a = new int[n]; await group.ReadAsync<int>(field, a, null, default); return a; }
        var (ids, labels, rotations, rows, columns) = (await Ints(Id), await Ints(Label), await Ints(Rotation), await Ints(Row), await Ints(Column));
        var pieces = new string[n];
        await group.ReadAsync(Piece, pieces, null, default);
        var pixels = new float[PixelFields.Length][];
        for (var p = 0; p < PixelFields.Length; p++)
        {
            pixels[p] = new float[n];
            await group.ReadAsync<float>(PixelFields[p], pixels[p], null, default);
        }
        return Enumerable.Range(0, n)
            .Select(i => new TetrisImage(ids[i], labels[i], pieces[i], rotations[i], rows[i], columns[i], pixels.Select(column => column[i]).ToArray()))
            .ToList();
    }
}
