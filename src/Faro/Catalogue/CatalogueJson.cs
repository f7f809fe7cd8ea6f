using System.Text.Json;
using System.Text.Json.Serialization;

namespace Faro.Catalogue;

/// The catalogue file format (import, export, and the seed file in `Catalogue/Seed`).
public sealed class CatalogueFile
{
    public string? Code { get; set; }
    public string? Version { get; set; }
    public string? Status { get; set; }
    public TextPair? Title { get; set; }
    public TextPair? Description { get; set; }
    public string? PreviousVersion { get; set; }
    public List<DomainFile>? Domains { get; set; }
    public List<CrosswalkFile>? Crosswalk { get; set; }

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };
}

public sealed class TextPair
{
    public string? En { get; set; }
    public string? Es { get; set; }

    public static TextPair? From(LocalizedText text) => text.IsEmpty ? null : new TextPair { En = text.En, Es = text.Es };

    public LocalizedText ToText() => new(En?.Trim(), Es?.Trim());
}

public sealed class DomainFile
{
    public string? Code { get; set; }
    public TextPair? Title { get; set; }
    public TextPair? Migof { get; set; }
    public TextPair? Description { get; set; }
    public int? Sdg1072Domain { get; set; }
    public List<AreaFile>? Areas { get; set; }
}

public sealed class AreaFile
{
    public string? Code { get; set; }
    public TextPair? Title { get; set; }
    public List<IndicatorFile>? Indicators { get; set; }
}

public sealed class IndicatorFile
{
    public string? Code { get; set; }
    /// Optional, so that files written before the field existed still import; the profile then
    /// heads the finding with its sub-area's title.
    public TextPair? Topic { get; set; }
    public TextPair? Text { get; set; }
    public TextPair? Guidance { get; set; }
    public LevelsFile? Levels { get; set; }
    public TextPair? Evidence { get; set; }
    public string? Competence { get; set; }
    public List<int>? GcmObjectives { get; set; }
    public int? Sdg1072Domain { get; set; }
    public string? NationalCode { get; set; }
    public TextPair? Routing { get; set; }
}

public sealed class LevelsFile
{
    public TextPair? Yes { get; set; }
    public TextPair? Partial { get; set; }
    public TextPair? No { get; set; }
}

public sealed class CrosswalkFile
{
    public string? From { get; set; }
    public string? To { get; set; }
    public string? Kind { get; set; }
    public string? Note { get; set; }
}
