namespace PixArt.Plugins.T5.Tokenization;

/// <summary>
/// A minimal protobuf wire-format reader: enough for SentencePiece's <c>ModelProto</c> (varint, fixed32, fixed64 and
/// length-delimited fields). Unknown fields are skipped, so newer model files with extra fields still load.
/// </summary>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    public ProtoReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _pos = 0;
    }

    public bool AtEnd => _pos >= _data.Length;

    /// <summary>Reads the next field key; returns the field number and wire type.</summary>
    public (int Field, int WireType) ReadKey()
    {
        var key = ReadVarint();
        return ((int)(key >> 3), (int)(key & 7));
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_pos >= _data.Length) throw new FormatException("truncated varint");
            var b = _data[_pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new FormatException("varint longer than 10 bytes");
    }

    public float ReadFixed32AsFloat()
    {
        if (_pos + 4 > _data.Length) throw new FormatException("truncated fixed32");
        var value = BitConverter.ToSingle(_data.Slice(_pos, 4));
        _pos += 4;
        return value;
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = checked((int)ReadVarint());
        if (length < 0 || _pos + length > _data.Length) throw new FormatException("length-delimited field runs past the end");
        var slice = _data.Slice(_pos, length);
        _pos += length;
        return slice;
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0: ReadVarint(); break;
            case 1: _pos += 8; break;
            case 2: ReadBytes(); break;
            case 5: _pos += 4; break;
            default: throw new FormatException($"unsupported wire type {wireType}");
        }
        if (_pos > _data.Length) throw new FormatException("field runs past the end");
    }
}
