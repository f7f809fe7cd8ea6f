namespace Faro.Notifications;

public class Notification
{
    public int Id { get; set; }
    public int UserId { get; set; }
    /// A stable code (`assignment.created`, `assessment.returned`, `review.raised`, ...); the text is
    /// rendered in the reader's language from it and `Data`.
    public required string Kind { get; set; }
    public int? AssessmentId { get; set; }
    public string? Data { get; set; }
    public DateTime At { get; set; }
    public DateTime? ReadAt { get; set; }
    public DateTime? EmailedAt { get; set; }
}
