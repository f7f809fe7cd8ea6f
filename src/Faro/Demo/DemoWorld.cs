using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Faro.Assessments;
using Faro.FollowUp;
using Faro.Places;
using Faro.Workflow;

namespace Faro.Demo;

/// The fictional country of the demo (Valdoria), read from the embedded `Data/valdoria.json` and the
/// per-domain narrative files `Data/narratives-d*.json`. Long bilingual texts live there as data, with
/// `{placeholders}` that `TemplateVars` fills per city; the C# only decides which text each city gets.
internal sealed class DemoWorld
{
    private const string ResourcePrefix = "Faro.Demo.Data.";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        // The demo files are internal data written with the enums' member names (the database form).
        Converters = { new JsonStringEnumConverter() },
    };

    // Parsed once per process: the files are embedded and never change, and the synthetic seeder
    // reads the same texts for every generated city.
    private static readonly Lazy<DemoWorld> Embedded = new(Load);

    public static DemoWorld Instance => Embedded.Value;

    public required CountryData Country { get; init; }
    public required List<ProvinceData> Provinces { get; init; }
    public required string[] Unknown { get; init; }
    public required string[] FirstDraft { get; init; }
    public required Dictionary<string, InstitutionData> Institutions { get; init; }
    public required Dictionary<string, InstitutionData> NationalInstitutions { get; init; }
    public required Dictionary<string, EvidenceData> Evidence { get; init; }
    public required Dictionary<string, EvidenceData> NationalEvidence { get; init; }
    public required NationalData National { get; init; }
    public required List<CityData> Cities { get; init; }
    public required SyntheticData Synthetic { get; init; }

    /// Indicator code → its texts, merged from the six narrative files.
    [JsonIgnore]
    public Dictionary<string, IndicatorTexts> Indicators { get; private set; } = [];

    private static DemoWorld Load()
    {
        var assembly = typeof(DemoWorld).Assembly;
        var world = Read<DemoWorld>(assembly, "valdoria.json");
        foreach (var name in assembly.GetManifestResourceNames()
                     .Where(n => n.StartsWith(ResourcePrefix + "narratives-", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            foreach (var (code, texts) in Read<Dictionary<string, IndicatorTexts>>(assembly, name[ResourcePrefix.Length..]))
            {
                world.Indicators.Add(code, texts);
            }
        }

        return world;
    }

    private static T Read<T>(System.Reflection.Assembly assembly, string file)
    {
        using var stream = assembly.GetManifestResourceStream(ResourcePrefix + file)
            ?? throw new InvalidOperationException($"The demo data file {file} is not embedded.");
        return JsonSerializer.Deserialize<T>(stream, JsonOptions)
            ?? throw new InvalidOperationException($"The demo data file {file} is empty.");
    }
}

internal sealed class CountryData
{
    public required string Iso2 { get; init; }
    public required string Iso3 { get; init; }
    public int M49 { get; init; }
    public required string[] Name { get; init; }
}

internal sealed class ProvinceData
{
    public required string Key { get; init; }
    public required string Name { get; init; }
    public required string Code { get; init; }
}

internal sealed class InstitutionData
{
    public required string[] Name { get; init; }
    public InstitutionKind Kind { get; init; } = InstitutionKind.NationalAgency;
}

internal sealed class EvidenceData
{
    public required string[] Title { get; init; }
    public EvidenceType Type { get; init; }
    public required string Issuer { get; init; }
    /// A date template such as "{y1}-05-06"; none for sources without an issue date (a website).
    public string? On { get; init; }
    public bool Url { get; init; }
    public bool Public { get; init; } = true;
}

/// What a fictional city can say about one indicator, per status. Missing texts mean the status is
/// never chosen for the indicator (e.g. no "no" for the unit that every demo city has).
internal sealed class IndicatorTexts
{
    /// Key of the city institution that answers for it (`valdoria.json` → institutions).
    public required string Resp { get; init; }
    public List<string> Evidence { get; init; } = [];
    /// Evidence for a partial answer when it differs from the full one (a draft instead of the plan).
    public List<string>? PartialEvidence { get; init; }
    public string[]? Yes { get; init; }
    public string[]? Partial { get; init; }
    public string[]? No { get; init; }
    /// Outside local competence (national).
    public string[]? Nc { get; init; }
    public string[]? Na { get; init; }
    /// Another indicator this one builds on (a plan's alignment needs the plan).
    public string? Requires { get; init; }
    /// The lowest status the demo allows, for things every demo city has (its migration unit).
    public AnswerStatus? Floor { get; init; }
    public required NationalAnswerData National { get; init; }

    public string[]? TextFor(AnswerStatus status) => status switch
    {
        AnswerStatus.Yes => Yes,
        AnswerStatus.Partial => Partial,
        AnswerStatus.No => No,
        AnswerStatus.NationalCompetence => Nc,
        AnswerStatus.NotApplicable => Na,
        AnswerStatus.Unknown => null,
    };
}

internal sealed class NationalAnswerData
{
    public AnswerStatus Status { get; init; }
    public required string Resp { get; init; }
    public List<string> Evidence { get; init; } = [];
    public required string[] Text { get; init; }
}

internal sealed class NationalData
{
    public required string[] Title { get; init; }
    public required string[] Context { get; init; }
    public required List<EventData> Events { get; init; }
    public required List<WorkshopData> Workshops { get; init; }
}

internal sealed class CityData
{
    public required string Key { get; init; }
    public required string Name { get; init; }
    public required string Province { get; init; }
    public required string Slug { get; init; }
    public required Dictionary<string, JsonElement> Vars { get; init; }
    public required List<RoundData> Rounds { get; init; }
}

internal sealed class RoundData
{
    public int Round { get; init; } = 1;
    public Stage Stage { get; init; }
    public int Seed { get; init; }
    public double Yes { get; init; } = 0.4;
    public double Partial { get; init; } = 0.3;
    public int Unknown { get; init; }
    /// For a later round: the round it follows, and the chance that a gap improved since.
    public int? Previous { get; init; }
    public double Improve { get; init; }
    public List<string> NotApplicable { get; init; } = [];
    public Dictionary<string, AnswerStatus> Statuses { get; init; } = [];
    /// Narratives written for this round only (a regression explained), by indicator code.
    public Dictionary<string, string[]> Texts { get; init; } = [];
    /// Indicators that went through two saves (answered again after a validation session).
    public List<string> Revised { get; init; } = [];
    public DateOnly? RevisedOn { get; init; }
    /// Domains already confirmed with the institutions while the assessment is in validation.
    public List<string> ValidatedDomains { get; init; } = [];
    public List<string> Unanswered { get; init; } = [];
    public Dictionary<string, JsonElement> Vars { get; init; } = [];
    public required string[] Context { get; init; }
    public required List<EventData> Events { get; init; }
    public List<WorkshopData> Workshops { get; init; } = [];
    public List<ReviewPointData> ReviewPoints { get; init; } = [];
    public List<ActionData> Actions { get; init; } = [];
}

internal sealed class EventData
{
    public Stage To { get; init; }
    public DateOnly At { get; init; }
    public string? Reason { get; init; }
}

internal sealed class WorkshopData
{
    public WorkshopKind Kind { get; init; }
    public WorkshopStatus Status { get; init; } = WorkshopStatus.Held;
    public DateOnly? Date { get; init; }
    /// For a planned workshop: days from today, so that it stays in the future whenever the demo is loaded.
    public int? InDays { get; init; }
    public string? Place { get; init; }
    public int? Attendance { get; init; }
    public List<string> Institutions { get; init; } = [];
    public string[]? Minutes { get; init; }
}

internal sealed class ReviewPointData
{
    public required string Indicator { get; init; }
    public required string[] Finding { get; init; }
    public DateTime RaisedAt { get; init; }
    public ReplyKind? Reply { get; init; }
    public DateTime? RepliedAt { get; init; }
    public string? ReplyReason { get; init; }
    public string? ProposedChange { get; init; }
    public ResolutionKind? Resolution { get; init; }
    public DateTime? ResolvedAt { get; init; }
    public string? ResolutionReason { get; init; }
}

internal sealed class ActionData
{
    public required string Indicator { get; init; }
    public required string Owner { get; init; }
    public DateOnly Due { get; init; }
    public ActionStatus Status { get; init; }
    public DateOnly CreatedAt { get; init; }
    public DateOnly UpdatedAt { get; init; }
    public required string[] Text { get; init; }
}

internal sealed class SyntheticData
{
    public required string[] Context { get; init; }
    public required string[] Minutes { get; init; }
    public required Dictionary<string, List<string[]>> Vars { get; init; }
}

/// The values of a city's `{placeholders}` in English and Spanish. A value may itself contain
/// placeholders ("Municipal Agreement {n5} of {y1}"), filled in turn.
internal sealed partial class TemplateVars
{
    private readonly Dictionary<string, (string En, string Es)> values = new(StringComparer.Ordinal);

    public TemplateVars Set(string key, string en, string es)
    {
        values[key] = (en, es);
        return this;
    }

    public TemplateVars Set(string key, string both) => Set(key, both, both);

    /// Reads the `vars` of the JSON: a plain string for both languages, or [en, es].
    public TemplateVars SetAll(Dictionary<string, JsonElement> json)
    {
        foreach (var (key, value) in json)
        {
            if (value.ValueKind == JsonValueKind.Array)
            {
                Set(key, value[0].GetString()!, value[1].GetString()!);
            }
            else
            {
                Set(key, value.GetString()!);
            }
        }

        return this;
    }

    public TemplateVars Copy()
    {
        var copy = new TemplateVars();
        foreach (var (key, value) in values)
        {
            copy.values[key] = value;
        }

        return copy;
    }

    public string this[string key, string lang] => Fill("{" + key + "}", lang);

    public LocalizedText Render(string[] pair) => new(Fill(pair[0], Languages.English), Fill(pair[1], Languages.Spanish));

    public string Fill(string template, string lang, int depth = 0)
    {
        // A value that refers back to itself would loop; three levels cover every real nesting.
        if (depth > 3)
        {
            throw new InvalidOperationException($"Demo template placeholders nest too deeply: {template}");
        }

        return Placeholder().Replace(template, m =>
        {
            var key = m.Groups[1].Value;
            if (!values.TryGetValue(key, out var value))
            {
                throw new InvalidOperationException($"Demo template uses {{{key}}}, which this city does not define: {template}");
            }

            return Fill(lang == Languages.Spanish ? value.Es : value.En, lang, depth + 1);
        });
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();
}
