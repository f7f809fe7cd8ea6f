namespace Faro.Audit;

/// One append-only line of the audit trail: who did what, when, from where, with the state before
/// and after as JSON. The application never updates or deletes these rows (see `FaroDb`).
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public int? UserId { get; set; }
    public string? Actor { get; set; }
    /// A stable code such as `answer.updated` or `assessment.transition`.
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public string? EntityId { get; set; }
    public int? AssessmentId { get; set; }
    /// The indicator the change concerns (an answer, a comment, a review point), for its history.
    public int? IndicatorId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public string? FromAddress { get; set; }
}
