namespace Faro.FollowUp;

public enum ActionStatus
{
    Planned,
    InProgress,
    Done,
    Dropped,
}

/// A line of the follow-up action plan, tied to a gap (an indicator not yet in place).
public class ActionItem
{
    public int Id { get; set; }
    public int AssessmentId { get; set; }
    public int? IndicatorId { get; set; }
    public LocalizedText Action { get; set; } = new();
    public int? OwnerInstitutionId { get; set; }
    public DateOnly? DueOn { get; set; }
    public ActionStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// Progress notes, appended by the team as the action moves; earlier values stay in the audit trail.
    public string ProgressNotes { get; set; } = "";
    public int? CreatedById { get; set; }
    /// A removed action stays in the database (and its history in the audit trail) but leaves the plan.
    public DateTime? RemovedAt { get; set; }
}
