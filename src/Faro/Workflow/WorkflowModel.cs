using Faro.People;

namespace Faro.Workflow;

public enum StageEventKind
{
    Forward,
    Back,
    Reopen,
    Created,
}

/// One move of an assessment between stages: who, when, why. Kept forever.
public class StageEvent
{
    public int Id { get; set; }
    public int AssessmentId { get; set; }
    public Stage? From { get; set; }
    public Stage To { get; set; }
    public StageEventKind Kind { get; set; }
    public string? Reason { get; set; }
    public int? ById { get; set; }
    public User? By { get; set; }
    public DateTime At { get; set; }
}

public enum ReplyKind
{
    Agree,
    Disagree,
}

public enum ResolutionKind
{
    Changed,
    Kept,
}

/// A finding put to the government in `government-review`, with the focal point's right of reply
/// and the coordinator's resolution. Open points block approval.
public class ReviewPoint
{
    public int Id { get; set; }
    public int AssessmentId { get; set; }
    public int? IndicatorId { get; set; }
    public LocalizedText Finding { get; set; } = new();
    public int? RaisedById { get; set; }
    public DateTime RaisedAt { get; set; }
    public ReplyKind? Reply { get; set; }
    public string? ReplyReason { get; set; }
    public string? ProposedChange { get; set; }
    public int? RepliedById { get; set; }
    public DateTime? RepliedAt { get; set; }
    public ResolutionKind? Resolution { get; set; }
    public string? ResolutionReason { get; set; }
    public int? ResolvedById { get; set; }
    public DateTime? ResolvedAt { get; set; }

    public bool IsOpen => Resolution is null;
}
