namespace Faro.Learning;

public enum ExchangeStatus
{
    Requested,
    Accepted,
    Declined,
    Done,
    /// Taken back by the requester before an answer.
    Withdrawn,
}

/// A request from one jurisdiction to learn from a peer's practice on an indicator, routed through
/// the coordinators of both countries.
public class ExchangeRequest
{
    public int Id { get; set; }
    public int FromAssessmentId { get; set; }
    public int ToAssessmentId { get; set; }
    public int? IndicatorId { get; set; }
    public string Message { get; set; } = "";
    public ExchangeStatus Status { get; set; }
    public int? RequestedById { get; set; }
    public DateTime RequestedAt { get; set; }
    public DateTime? AnsweredAt { get; set; }
    public int? AnsweredById { get; set; }
    /// Why a request was declined (required then), or the note sent with an acceptance.
    public string? AnswerNote { get; set; }
}
