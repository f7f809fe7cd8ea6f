using Faro.Assessments;
using Faro.Catalogue;
using Faro.Workflow;

namespace Faro.Exchange;

/// The export formats of an assessment's questionnaire and answers.
public enum ExportFormat
{
    Xlsx,
    Csv,
    Json,
    XForm,
}

public sealed record ExchangeIndicator(int Id, string Code, string DomainCode, LocalizedText Domain, string AreaCode, LocalizedText Area,
    LocalizedText Text, LocalizedText Guidance, Competence Competence);

public sealed record ExchangeAnswer(AnswerStatus? Status, LocalizedText Narrative, IReadOnlyList<int> EvidenceIds, int Revision,
    DateTime? UpdatedAt, bool IsValidated)
{
    public static readonly ExchangeAnswer None = new(null, new(), [], 0, null, false);
}

public sealed record ExchangeRow(ExchangeIndicator Indicator, ExchangeAnswer Answer);

public sealed record ExchangeEvidence(int Id, LocalizedText Title, EvidenceType Type, string? IssuingBody, DateOnly? IssuedOn, string? Url,
    bool IsPublic);

/// Everything an export writes: the assessment, its catalogue version, the rows the caller may
/// see (one institution's when asked or when the caller is a focal point) and the evidence library.
public sealed record QuestionnaireData(int AssessmentId, LocalizedText Title, string CountryCode, LocalizedText CountryName, string? PlaceName,
    string? PlaceCode, bool IsFictional, string CatalogueCode, string CatalogueVersion, Stage Stage, int? InstitutionId, DateTime ExportedAt,
    IReadOnlyList<ExchangeRow> Rows, IReadOnlyList<ExchangeEvidence> Evidence)
{
    public string Catalogue => $"{CatalogueCode}@{CatalogueVersion}";
}

/// One problem in an imported file, placed by sheet (or XML element), row and column so that the
/// person can find it; nothing is applied while any exists.
public sealed record ImportIssue(string Sheet, int? Row, string? Column, string Code, Phrase Message)
{
    public ImportIssue(string sheet, int? row, string? column, string code, params object?[] args)
        : this(sheet, row, column, code, new Phrase("refusal." + code, args)) { }

    public string Location => (Row, Column) switch
    {
        (null, null) => Sheet,
        ({ } r, null) => $"{Sheet}!{r.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        (null, { } c) => $"{Sheet}!{c}",
        ({ } r, { } c) => $"{Sheet}!{c}{r.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
    };

    public InputError ToInputError() => new(Location, Code, Message);
}

/// One indicator's row as read from a file. A field left null was not in the file (a column the
/// export did not write, a language not exported) and keeps its stored value.
public sealed class ImportedRow
{
    public required string Sheet { get; init; }
    public int Row { get; init; }
    public required string Code { get; init; }
    public int? BaseRevision { get; set; }
    public bool HasStatus { get; set; }
    public AnswerStatus? Status { get; set; }
    public Dictionary<string, string?> Narrative { get; } = [];
    public IReadOnlyList<int>? EvidenceIds { get; set; }
    /// Columns for error messages: field name → column letter (or XML element).
    public Dictionary<string, string> Columns { get; } = [];
}

/// A file read into rows, with what it says about where it comes from.
public sealed record ImportedFile(string Format, int? AssessmentId, string? Catalogue, IReadOnlyList<ImportedRow> Rows,
    IReadOnlyList<ImportIssue> Issues, string? FormVersion = null);

public sealed record FieldChange(string Field, string? Old, string? New);

public sealed record RowChange(string Code, string Location, IReadOnlyList<FieldChange> Fields);

/// The answer changed in Faro after the file was exported, and the file says something else: shown,
/// never applied, so that nobody's save is silently overwritten.
public sealed record RowConflict(string Code, string Location, int ExportedRevision, int CurrentRevision, IReadOnlyList<FieldChange> Fields);

public sealed record ImportPreview(string Format, int AssessmentId, IReadOnlyList<RowChange> Changes, IReadOnlyList<string> Unchanged,
    IReadOnlyList<RowConflict> Conflicts, IReadOnlyList<ImportIssue> Errors, bool StageAllows, bool Applied)
{
    public bool CanApply => Errors.Count == 0 && Changes.Count > 0 && StageAllows;
}
