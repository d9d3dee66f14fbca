using System.Collections.Concurrent;
using PdfSharp.Drawing;
using PdfSharp.Fonts;

namespace IpExchange.Contract.Agreements.Documents;

/// <summary>A font face in a file on disk: a .ttf/.otf (face 0) or one face of a .ttc collection.</summary>
/// <param name="Path">Absolute path of the font file.</param>
/// <param name="FaceIndex">Index of the face in a .ttc collection; 0 for a plain font file.</param>
public sealed record FontFaceFile(string Path, int FaceIndex = 0)
{
    /// <summary>Unique, stable key handed to PDFsharp as face name (it caches glyph typefaces by it).</summary>
    public string Key => $"{System.IO.Path.GetFileName(Path)}#{FaceIndex}";
}

/// <summary>
/// PDFsharp 6 (Core build) has no platform font lookup on Linux: an <see cref="IFontResolver"/> must be set via
/// <see cref="GlobalFontSettings.FontResolver"/> once per process, before the first <see cref="XFont"/> is created.
/// This resolver maps logical family names to CJK faces with TrueType outlines, cutting single faces out of .ttc
/// collections (PDFsharp rejects .ttc data). There are no bold faces in the Debian TrueType CJK packages,
/// so bold is simulated (PDF text render mode 2, fill + stroke).
/// </summary>
public sealed class CjkFontResolver : IFontResolver
{
    /// <summary>The logical family the contract renderer asks for.</summary>
    public const string DefaultFamily = "IpxCjk";

    /// <summary>
    /// Debian candidates, best first. All have TrueType ('glyf') outlines and therefore get subset-embedded.
    /// fonts-noto-cjk is deliberately absent: it only ships .ttc files with CFF outlines, which PDFsharp 6.2.4
    /// can neither subset nor embed correctly (see the service's README). fonts-droid-fallback is absent too:
    /// it has no Latin letters or digits, so amounts and the content hash would come out blank.
    /// </summary>
    public static IReadOnlyList<FontFaceFile> DebianCandidates { get; } =
    [
        new("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),           // fonts-wqy-microhei: WenQuanYi Micro Hei
        new("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),             // fonts-wqy-zenhei: WenQuanYi Zen Hei
        new("/usr/share/fonts/truetype/arphic/uming.ttc", 0),               // fonts-arphic-uming: AR PL UMing CN
    ];

    readonly Dictionary<string, FontFaceFile> _families;
    readonly ConcurrentDictionary<string, byte[]> _faceBytes = new(StringComparer.Ordinal);
    readonly Dictionary<string, FontFaceFile> _facesByKey;

    /// <param name="families">Logical family name → face. Names are matched case-insensitively.</param>
    /// <param name="fallbackFamily">Family used for any other requested name (e.g. "Arial"); null to reject them.</param>
    public CjkFontResolver(IReadOnlyDictionary<string, FontFaceFile> families, string? fallbackFamily = DefaultFamily)
    {
        ArgumentNullException.ThrowIfNull(families);
        _families = new Dictionary<string, FontFaceFile>(families, StringComparer.OrdinalIgnoreCase);
        _facesByKey = _families.Values.DistinctBy(f => f.Key).ToDictionary(f => f.Key, StringComparer.Ordinal);
        FallbackFamily = fallbackFamily;
    }

    /// <summary>Family used when an unknown family is requested.</summary>
    public string? FallbackFamily { get; }

    /// <summary>Resolver whose <see cref="DefaultFamily"/> is the first installed TrueType candidate.</summary>
    public static CjkFontResolver CreateDefault(IEnumerable<FontFaceFile>? candidates = null)
    {
        foreach (var face in candidates ?? DebianCandidates)
        {
            if (!File.Exists(face.Path))
                continue;
            var bytes = File.ReadAllBytes(face.Path);
            if (SfntFont.GetOutlines(bytes, face.FaceIndex) != SfntOutlines.TrueType)
                continue;
            return new CjkFontResolver(new Dictionary<string, FontFaceFile> { [DefaultFamily] = face });
        }
        throw new InvalidOperationException(
            "No CJK font with TrueType outlines found. Install the Debian package fonts-wqy-microhei.");
    }

    /// <inheritdoc />
    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        if (!_families.TryGetValue(familyName, out var face))
        {
            if (FallbackFamily is null || !_families.TryGetValue(FallbackFamily, out face))
                return null;
        }
        // CJK faces have no italic; the contract does not use it, so italic requests get the upright face.
        return new FontResolverInfo(face.Key, bold ? XStyleSimulations.BoldSimulation : XStyleSimulations.None);
    }

    /// <summary>Characters of <paramref name="text"/> the face behind <paramref name="familyName"/> has no glyph for.</summary>
    public IReadOnlyList<System.Text.Rune> FindMissing(string familyName, string text)
    {
        var info = ResolveTypeface(familyName, bold: false, italic: false)
            ?? throw new ArgumentException($"Unknown font family '{familyName}'.", nameof(familyName));
        return SfntFont.FindMissing(GetFont(info.FaceName)!, 0, text);
    }

    /// <inheritdoc />
    public byte[]? GetFont(string faceName)
    {
        if (!_facesByKey.TryGetValue(faceName, out var face))
            return null;
        return _faceBytes.GetOrAdd(faceName, _ => SfntFont.ExtractFace(File.ReadAllBytes(face.Path), face.FaceIndex));
    }
}
