
namespace WeightSpace.Core.Tetris;

/// <summary>One 4x4 image: 16 pixels in row-major order, 1 where the piece is, 0 elsewhere.</summary>
public sealed record TetrisImage(int Id, int Label, string Piece, int Rotation, int Row, int Column, float[] Pixels);
