using Faro.Catalogue;
using Faro.People;
using Faro.Places;
using Faro.Workflow;

namespace Faro.Assessments;

public enum AssessmentLevel
{
    Local,
    National,
}

/// One round of the assessment of one jurisdiction (or, for `National`, of a country), pinned to a
/// catalogue version.
public class Assessment
{
    public int Id { get; set; }
    public AssessmentLevel Level { get; set; }
    public int CountryId { get; set; }
    public Country? Country { get; set; }
    /// Null for a national assessment.
    public int? JurisdictionId { get; set; }
    public Jurisdiction? Jurisdiction { get; set; }
    public int Round { get; set; } = 1;
    public int CatalogueId { get; set; }
    public IndicatorCatalogue? Catalogue { get; set; }
    public Stage Stage { get; set; }
    public LocalizedText Title { get; set; } = new();
    /// The local migration situation and which competences are local, shared or national; the
    /// profile's Context section.
    public LocalizedText Context { get; set; } = new();
    public int? PreviousRoundId { get; set; }
    public Assessment? PreviousRound { get; set; }
    /// The national assessment of the same country, for the dialogue view.
    public int? NationalCounterpartId { get; set; }
    public Assessment? NationalCounterpart { get; set; }
    /// A national profile published outside Faro (Panama's of 2019), recorded as a reference only:
    /// Faro never invents its answers.
    public LocalizedText NationalReferenceTitle { get; set; } = new();
    public int? NationalReferenceYear { get; set; }
    public string? NationalReferenceUrl { get; set; }
    /// An assessment that stopped is withdrawn with a reason: kept, read-only, out of the lists.
    public DateTime? WithdrawnAt { get; set; }
    public string? WithdrawnReason { get; set; }
    public int? WithdrawnById { get; set; }
    public DateOnly? StartedOn { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public bool IsFictional { get; set; }
    /// Concurrency token: two coordinators moving the same assessment at once cannot both win.
    public int Version { get; set; }

    public List<Answer> Answers { get; set; } = [];
    public List<Workshop> Workshops { get; set; } = [];
    public List<FocalPoint> FocalPoints { get; set; } = [];
}

/// An institution taking part in an assessment, with the person it named as focal point.
public class FocalPoint
{
    public int Id { get; set; }
    public int AssessmentId { get; set; }
    public int InstitutionId { get; set; }
    public Institution? Institution { get; set; }
    public int? UserId { get; set; }
    public User? User { get; set; }
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    public DateTime AssignedAt { get; set; }
}

/// Which institution is asked to answer which indicator in an assessment.
public class IndicatorAssignment
{
    public int Id { get; set; }
    public int AssessmentId { get; set; }
    public int IndicatorId { get; set; }
    public Indicator? Indicator { get; set; }
    public int InstitutionId { get; set; }
    public Institution? Institution { get; set; }
    public DateTime AssignedAt { get; set; }
    public int? AssignedById { get; set; }
}

public enum WorkshopKind
{
    Induction,
    Validation,
    Launch,
    Other,
}

public enum WorkshopStatus
{
    Planned,
    Held,
    Cancelled,
}

public class Workshop
{
    public int Id { get; set; }
    public int AssessmentId { get; set; }
    public WorkshopKind Kind { get; set; }
    public WorkshopStatus Status { get; set; }
    public DateOnly Date { get; set; }
    public string? Place { get; set; }
    public int? Attendance { get; set; }
    public LocalizedText Minutes { get; set; } = new();
    /// A public page that documents the workshop, for demo data about real places.
    public string? SourceUrl { get; set; }
    /// Why a planned workshop was cancelled (kept with the row: a cancelled workshop is never deleted).
    public string? CancelledReason { get; set; }
    /// The minutes as a file, in the same content-addressed store as evidence files
    /// (`EvidenceFiles`): only the server's own check of the upload sets these.
    public string? MinutesFileName { get; set; }
    public string? MinutesFileContentType { get; set; }
    public string? MinutesFileSha256 { get; set; }
    public long? MinutesFileSize { get; set; }
    public List<WorkshopInstitution> Institutions { get; set; } = [];
    public List<WorkshopAttendee> Attendees { get; set; } = [];
    public List<WorkshopDecision> Decisions { get; set; } = [];
}

public class WorkshopInstitution
{
    public int Id { get; set; }
    public int WorkshopId { get; set; }
    public int InstitutionId { get; set; }
    public Institution? Institution { get; set; }
}

/// One person on a workshop's attendance list: the person, their institution (one of the country's,
/// or a name when it is not in Faro) and their role there.
public class WorkshopAttendee
{
    public int Id { get; set; }
    public int WorkshopId { get; set; }
    public int Order { get; set; }
    public string Name { get; set; } = "";
    public int? InstitutionId { get; set; }
    public Institution? Institution { get; set; }
    public string? InstitutionName { get; set; }
    public string? Role { get; set; }
}

/// What a (validation) workshop decided about one indicator.
public class WorkshopDecision
{
    public int Id { get; set; }
    public int WorkshopId { get; set; }
    public int IndicatorId { get; set; }
    public string Text { get; set; } = "";
    public DateTime RecordedAt { get; set; }
    public int? RecordedById { get; set; }
}

public enum AnswerStatus
{
    Yes,
    Partial,
    No,
    NotApplicable,
    NationalCompetence,
    Unknown,
}

public class Answer
{
    public int Id { get; set; }
    public int AssessmentId { get; set; }
    public Assessment? Assessment { get; set; }
    public int IndicatorId { get; set; }
    public Indicator? Indicator { get; set; }
    /// Null until someone answers; `Unknown` is an answer ("not yet known"), null is not.
    public AnswerStatus? Status { get; set; }
    public LocalizedText Narrative { get; set; } = new();
    public int? ResponsibleInstitutionId { get; set; }
    public Institution? ResponsibleInstitution { get; set; }
    /// Confirmed with the institutions (validation workshop or review).
    public bool IsValidated { get; set; }
    /// Carried over from an earlier round and not yet confirmed.
    public bool IsCarriedOver { get; set; }
    /// Starts at 1 and grows with every save; the API's ETag and the concurrency token.
    public int Revision { get; set; } = 1;
    public DateTime UpdatedAt { get; set; }
    public int? UpdatedById { get; set; }
    public List<AnswerEvidence> Evidence { get; set; } = [];
}

/// The answer as it was after each save, for the revision history.
public class AnswerRevision
{
    public int Id { get; set; }
    public int AnswerId { get; set; }
    public int Revision { get; set; }
    public AnswerStatus? Status { get; set; }
    public LocalizedText Narrative { get; set; } = new();
    public int? ResponsibleInstitutionId { get; set; }
    public bool IsValidated { get; set; }
    /// Evidence ids attached at this revision, comma-separated.
    public string EvidenceIds { get; set; } = "";
    public DateTime At { get; set; }
    public int? ById { get; set; }
    public string? Source { get; set; }

    /// The row that records `answer` as it is now (after its revision was raised), for every
    /// writer: the answer form, the API, imports, review changes and the demo.
    public static AnswerRevision Of(Answer answer, DateTime at, int? byId, string? source)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new AnswerRevision
        {
            AnswerId = answer.Id,
            Revision = answer.Revision,
            Status = answer.Status,
            Narrative = answer.Narrative.Copy(),
            ResponsibleInstitutionId = answer.ResponsibleInstitutionId,
            IsValidated = answer.IsValidated,
            EvidenceIds = string.Join(',', answer.Evidence.Select(l => l.EvidenceId).Order()
                .Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            At = at,
            ById = byId,
            Source = source,
        };
    }
}

public enum EvidenceType
{
    Law,
    Decree,
    /// A ministerial or municipal resolution, or an administrative circular: the instruments that
    /// often carry a practice before any law does.
    Resolution,
    Ordinance,
    Plan,
    Programme,
    Protocol,
    Agreement,
    Website,
    Report,
    Interview,
    Workshop,
    Other,
}

/// A source in an assessment's evidence library, reused across answers.
public class Evidence
{
    public int Id { get; set; }
    public int AssessmentId { get; set; }
    public LocalizedText Title { get; set; } = new();
    public EvidenceType Type { get; set; }
    public string? IssuingBody { get; set; }
    public DateOnly? IssuedOn { get; set; }
    public string? Url { get; set; }
    /// An uploaded file, stored under the data directory by its content hash.
    public string? FileName { get; set; }
    public string? FileContentType { get; set; }
    public string? FileSha256 { get; set; }
    public long? FileSize { get; set; }
    /// Private evidence (an interview, an internal memo) never reaches a public page or export.
    public bool IsPublic { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public int? CreatedById { get; set; }
    /// A retired source is hidden from choice lists but never deleted while an answer (or a frozen
    /// published profile) cites it.
    public DateTime? RetiredAt { get; set; }
    public string? RetiredReason { get; set; }
    public int? RetiredById { get; set; }
    /// The source of the previous round this one was copied from when the round started.
    public int? CarriedFromId { get; set; }
}

public class AnswerEvidence
{
    public int Id { get; set; }
    public int AnswerId { get; set; }
    public int EvidenceId { get; set; }
    public Evidence? Evidence { get; set; }
    /// The article or section of the source that supports this answer.
    public string? Section { get; set; }
}

public enum CommentVisibility
{
    Internal,
    Shared,
}

public class Comment
{
    public int Id { get; set; }
    public int AssessmentId { get; set; }
    public int? IndicatorId { get; set; }
    public int? AuthorId { get; set; }
    public User? Author { get; set; }
    public string Text { get; set; } = "";
    public CommentVisibility Visibility { get; set; }
    public DateTime At { get; set; }
}
