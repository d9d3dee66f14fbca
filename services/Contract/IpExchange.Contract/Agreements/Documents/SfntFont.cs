using System.Buffers.Binary;

namespace IpExchange.Contract.Agreements.Documents;

/// <summary>Outline technology of an sfnt (OpenType) face.</summary>
public enum SfntOutlines
{
    /// <summary>TrueType quadratic outlines ('glyf'/'loca'): PDFsharp can subset these.</summary>
    TrueType,

    /// <summary>PostScript/CFF outlines ('OTTO', 'CFF '/'CFF2'): PDFsharp 6.2 cannot subset and embeds them wrongly.</summary>
    Cff,
}

/// <summary>
/// Minimal sfnt reader. PDFsharp 6.2.4 throws "TrueType collection fonts are not yet supported" for
/// .ttc data, so a face is cut out of the collection and handed to PDFsharp as a standalone .ttf/.otf.
/// </summary>
public static class SfntFont
{
    const uint TtcTag = 0x74746366;     // 'ttcf'
    const uint OttoTag = 0x4F54544F;    // 'OTTO'
    const uint TrueTag = 0x74727565;    // 'true'
    const uint Version1 = 0x00010000;

    /// <summary>Number of faces in a font file (1 for a plain .ttf/.otf).</summary>
    public static int CountFaces(ReadOnlySpan<byte> file)
    {
        if (file.Length < 12)
            throw new InvalidDataException("Not an sfnt font file.");
        return BinaryPrimitives.ReadUInt32BigEndian(file) == TtcTag
            ? checked((int)BinaryPrimitives.ReadUInt32BigEndian(file[8..]))
            : 1;
    }

    /// <summary>Outline type of the face at <paramref name="faceIndex"/>.</summary>
    public static SfntOutlines GetOutlines(ReadOnlySpan<byte> file, int faceIndex)
    {
        int offset = FaceOffset(file, faceIndex);
        uint version = BinaryPrimitives.ReadUInt32BigEndian(file[offset..]);
        return version switch
        {
            OttoTag => SfntOutlines.Cff,
            Version1 or TrueTag => SfntOutlines.TrueType,
            _ => throw new InvalidDataException($"Unknown sfnt version 0x{version:X8}."),
        };
    }

    /// <summary>
    /// Returns a standalone sfnt for one face. For a plain font file the input is returned as is;
    /// for a collection the face's table directory and tables are copied into a new file
    /// (tables shared between faces are simply duplicated).
    /// </summary>
    public static byte[] ExtractFace(byte[] file, int faceIndex)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (BinaryPrimitives.ReadUInt32BigEndian(file) != TtcTag)
        {
            ArgumentOutOfRangeException.ThrowIfNotEqual(faceIndex, 0);
            return file;
        }

        ReadOnlySpan<byte> src = file;
        int dir = FaceOffset(src, faceIndex);
        int numTables = BinaryPrimitives.ReadUInt16BigEndian(src[(dir + 4)..]);
        int headerLength = 12 + (16 * numTables);

        var records = new (int Offset, int Length)[numTables];
        long total = headerLength;
        for (int i = 0; i < numTables; i++)
        {
            var rec = src.Slice(dir + 12 + (16 * i), 16);
            int off = checked((int)BinaryPrimitives.ReadUInt32BigEndian(rec[8..]));
            int len = checked((int)BinaryPrimitives.ReadUInt32BigEndian(rec[12..]));
            if (off < 0 || len < 0 || (long)off + len > src.Length)
                throw new InvalidDataException("Table record points outside the font file.");
            records[i] = (off, len);
            total += Pad4(len);
        }

        var dst = new byte[checked((int)total)];
        // Offset table (sfnt version, numTables, searchRange, entrySelector, rangeShift) is copied verbatim.
        src.Slice(dir, 12).CopyTo(dst);
        int cursor = headerLength;
        for (int i = 0; i < numTables; i++)
        {
            var recSrc = src.Slice(dir + 12 + (16 * i), 16);
            var recDst = dst.AsSpan(12 + (16 * i), 16);
            recSrc.CopyTo(recDst); // tag + checksum stay valid: table bytes are unchanged
            BinaryPrimitives.WriteUInt32BigEndian(recDst[8..], (uint)cursor);
            src.Slice(records[i].Offset, records[i].Length).CopyTo(dst.AsSpan(cursor));
            cursor += Pad4(records[i].Length);
        }
        return dst;
    }

    /// <summary>Full font name (name ID 4, Windows/Unicode record) of a face, or null.</summary>
    public static string? GetFullName(ReadOnlySpan<byte> file, int faceIndex)
    {
        int dir = FaceOffset(file, faceIndex);
        int numTables = BinaryPrimitives.ReadUInt16BigEndian(file[(dir + 4)..]);
        for (int i = 0; i < numTables; i++)
        {
            var rec = file.Slice(dir + 12 + (16 * i), 16);
            if (BinaryPrimitives.ReadUInt32BigEndian(rec) != 0x6E616D65) // 'name'
                continue;
            var table = file[checked((int)BinaryPrimitives.ReadUInt32BigEndian(rec[8..]))..];
            int count = BinaryPrimitives.ReadUInt16BigEndian(table[2..]);
            int strings = BinaryPrimitives.ReadUInt16BigEndian(table[4..]);
            for (int n = 0; n < count; n++)
            {
                var nr = table.Slice(6 + (12 * n), 12);
                ushort platform = BinaryPrimitives.ReadUInt16BigEndian(nr);
                ushort nameId = BinaryPrimitives.ReadUInt16BigEndian(nr[6..]);
                ushort language = BinaryPrimitives.ReadUInt16BigEndian(nr[4..]);
                if (platform != 3 || nameId != 4 || language != 0x0409)
                    continue;
                int len = BinaryPrimitives.ReadUInt16BigEndian(nr[8..]);
                int off = BinaryPrimitives.ReadUInt16BigEndian(nr[10..]);
                return System.Text.Encoding.BigEndianUnicode.GetString(table.Slice(strings + off, len));
            }
        }
        return null;
    }

    /// <summary>
    /// Characters of <paramref name="text"/> (white space excepted) that the face's Unicode cmap does not map to a glyph.
    /// PDFsharp draws such characters with glyph 0 (.notdef) without any error, so check names before rendering.
    /// </summary>
    public static IReadOnlyList<System.Text.Rune> FindMissing(ReadOnlySpan<byte> file, int faceIndex, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cmap = FindTable(file, faceIndex, 0x636D6170); // 'cmap'
        int numSubtables = BinaryPrimitives.ReadUInt16BigEndian(cmap[2..]);
        int format4 = -1, format12 = -1;
        for (int i = 0; i < numSubtables; i++)
        {
            var rec = cmap.Slice(4 + (8 * i), 8);
            ushort platform = BinaryPrimitives.ReadUInt16BigEndian(rec);
            ushort encoding = BinaryPrimitives.ReadUInt16BigEndian(rec[2..]);
            int offset = checked((int)BinaryPrimitives.ReadUInt32BigEndian(rec[4..]));
            ushort format = BinaryPrimitives.ReadUInt16BigEndian(cmap[offset..]);
            if (format == 12 && (platform == 0 || (platform == 3 && encoding == 10)))
                format12 = offset;
            else if (format == 4 && (platform == 0 || (platform == 3 && encoding == 1)))
                format4 = offset;
        }

        var missing = new List<System.Text.Rune>();
        var seen = new HashSet<System.Text.Rune>();
        foreach (var rune in text.EnumerateRunes())
        {
            if (System.Text.Rune.IsWhiteSpace(rune) || !seen.Add(rune))
                continue;
            bool found = format12 >= 0 ? HasGlyph12(cmap[format12..], rune.Value)
                : format4 >= 0 && rune.Value <= 0xFFFF && HasGlyph4(cmap[format4..], rune.Value);
            if (!found)
                missing.Add(rune);
        }
        return missing;
    }

    static bool HasGlyph12(ReadOnlySpan<byte> sub, int cp)
    {
        uint groups = BinaryPrimitives.ReadUInt32BigEndian(sub[12..]);
        for (int g = 0; g < groups; g++)
        {
            var grp = sub.Slice(16 + (12 * g), 12);
            uint start = BinaryPrimitives.ReadUInt32BigEndian(grp), end = BinaryPrimitives.ReadUInt32BigEndian(grp[4..]);
            if (cp >= start && cp <= end)
                return BinaryPrimitives.ReadUInt32BigEndian(grp[8..]) + (uint)cp - start != 0;
        }
        return false;
    }

    static bool HasGlyph4(ReadOnlySpan<byte> sub, int cp)
    {
        int segX2 = BinaryPrimitives.ReadUInt16BigEndian(sub[6..]);
        int ends = 14, starts = ends + segX2 + 2, deltas = starts + segX2, rangeOffsets = deltas + segX2;
        for (int i = 0; i < segX2; i += 2)
        {
            int end = BinaryPrimitives.ReadUInt16BigEndian(sub[(ends + i)..]);
            if (cp > end)
                continue;
            int start = BinaryPrimitives.ReadUInt16BigEndian(sub[(starts + i)..]);
            if (cp < start)
                return false;
            int delta = BinaryPrimitives.ReadInt16BigEndian(sub[(deltas + i)..]);
            int ro = BinaryPrimitives.ReadUInt16BigEndian(sub[(rangeOffsets + i)..]);
            if (ro == 0)
                return ((cp + delta) & 0xFFFF) != 0;
            int glyph = BinaryPrimitives.ReadUInt16BigEndian(sub[(rangeOffsets + i + ro + (2 * (cp - start)))..]);
            return glyph != 0;
        }
        return false;
    }

    static ReadOnlySpan<byte> FindTable(ReadOnlySpan<byte> file, int faceIndex, uint tag)
    {
        int dir = FaceOffset(file, faceIndex);
        int numTables = BinaryPrimitives.ReadUInt16BigEndian(file[(dir + 4)..]);
        for (int i = 0; i < numTables; i++)
        {
            var rec = file.Slice(dir + 12 + (16 * i), 16);
            if (BinaryPrimitives.ReadUInt32BigEndian(rec) == tag)
                return file.Slice(checked((int)BinaryPrimitives.ReadUInt32BigEndian(rec[8..])),
                    checked((int)BinaryPrimitives.ReadUInt32BigEndian(rec[12..])));
        }
        throw new InvalidDataException($"Font has no '{(char)(tag >> 24)}{(char)((tag >> 16) & 0xFF)}{(char)((tag >> 8) & 0xFF)}{(char)(tag & 0xFF)}' table.");
    }

    static int FaceOffset(ReadOnlySpan<byte> file, int faceIndex)
    {
        if (BinaryPrimitives.ReadUInt32BigEndian(file) != TtcTag)
        {
            ArgumentOutOfRangeException.ThrowIfNotEqual(faceIndex, 0);
            return 0;
        }
        int count = CountFaces(file);
        if ((uint)faceIndex >= (uint)count)
            throw new ArgumentOutOfRangeException(nameof(faceIndex), $"Collection has {count} faces.");
        return checked((int)BinaryPrimitives.ReadUInt32BigEndian(file[(12 + (4 * faceIndex))..]));
    }

    static int Pad4(int length) => (length + 3) & ~3;
}
