using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;

namespace WeightSpace.Pipeline;

/// <summary>
/// Walks a method body's IL instruction by instruction. Token operands (methods, fields, types,
/// strings, signatures) are handed to the caller; every other byte is kept as it is. Operand sizes
/// come from <see cref="OpCodes"/>, so the table cannot drift from the runtime's.
/// </summary>
internal static class IlOperands
{
    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    /// <summary>Calls <paramref name="opcode"/> for each instruction's opcode and non-token operand
    /// bytes, and <paramref name="token"/> for each metadata token operand.</summary>
    public static void Walk(BlobReader il, Action<int> opcode, Action<int> token)
    {
        while (il.RemainingBytes > 0)
        {
            int code = il.ReadByte();
            if (code == 0xFE) code = unchecked((short)(0xFE00 | il.ReadByte()));
            opcode(code);
            if (!Operands.TryGetValue(unchecked((short)code), out var operand))
                throw new BadImageFormatException($"unknown IL opcode 0x{code:X}");
            switch (operand)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    opcode(il.ReadByte());
                    break;
                case OperandType.InlineVar:
                    opcode(il.ReadUInt16());
                    break;
                case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.ShortInlineR:
                    opcode(il.ReadInt32());
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    var wide = il.ReadInt64();
                    opcode((int)wide);
                    opcode((int)(wide >> 32));
                    break;
                case OperandType.InlineSwitch:
                    var targets = il.ReadInt32();
                    opcode(targets);
                    for (var i = 0; i < targets; i++) opcode(il.ReadInt32());
                    break;
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType
                    or OperandType.InlineString or OperandType.InlineSig:
                    token(il.ReadInt32());
                    break;
                default:
                    throw new BadImageFormatException($"unhandled IL operand type {operand}");
            }
        }
    }
}
