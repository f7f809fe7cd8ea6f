using Faro.Assessments;
using Faro.Data;
using Faro.People;
using Faro.Web.Localization;
using Faro.Workflow;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Review;

/// Government review: the findings put to the government, the focal points' right of reply (agree,
/// or disagree with a reason and a proposed change) and the coordinators' resolution.
public sealed class IndexModel(FaroDb db, CurrentAssessment current, UiLanguage lang, ReviewService review) : PageModel
{
    public sealed record Point(ReviewPoint Data, string? Code, LocalizedText? IndicatorText, string? RaisedBy, string? RepliedBy, string? ResolvedBy,
        bool MayReply, CurrentAnswer? Answer, int? ChangedRevision);

    /// The point's answer as it stands, for the "changed" resolution to edit (and the revision it replaces).
    public sealed record CurrentAnswer(AnswerStatus? Status, string? NarrativeEn, string? NarrativeEs, int Revision);

    public CurrentAssessment Current => current;
    public List<Point> Points { get; private set; } = [];
    public List<(string Code, LocalizedText Text)> Indicators { get; private set; } = [];
    public bool InReview => current.Stage == Stage.GovernmentReview;
    public bool MayRaise => current.Standing.May(Permission.RaiseFinding) && StageMachine.IsEditable(current.Stage, Edit.Review);
    public bool MayResolve => current.Standing.May(Permission.ResolveFinding) && InReview;

    [BindProperty] public int PointId { get; set; }
    [BindProperty] public string? Reply { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? ProposedChange { get; set; }
    [BindProperty] public string? Resolution { get; set; }
    [BindProperty] public string? IndicatorCode { get; set; }
    [BindProperty] public string? FindingEs { get; set; }
    [BindProperty] public string? FindingEn { get; set; }
    [BindProperty] public string? ChangeStatus { get; set; }
    [BindProperty] public string? ChangeNarrativeEs { get; set; }
    [BindProperty] public string? ChangeNarrativeEn { get; set; }
    [BindProperty] public int? ChangeRevision { get; set; }

    /// The posted values stand in the form of the point they were posted for, after a refusal.
    public bool Posted(int pointId) => Request.HasFormContentType && PointId == pointId;

    /// The point a refused post belonged to, named above the error summary.
    public Point? Failed { get; private set; }

    public string Excerpt(Point point, string language)
    {
        ArgumentNullException.ThrowIfNull(point);
        var text = point.Data.Finding.Resolve(language)?.Text ?? "";
        return text.Length <= 80 ? text : text[..80] + "…";
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostReplyAsync(CancellationToken ct) => WriteAsync(
        () => review.ReplyAsync(current.Actor, current.Id, PointId, Reply, Reason, ProposedChange, ct),
        new() { ["reply"] = ($"reply-{PointId}", "review.reply"), ["reason"] = ($"reason-{PointId}", "review.reason"), ["proposedChange"] = ($"change-{PointId}", "review.proposed_change") },
        "review.replied", ct);

    public Task<IActionResult> OnPostResolveAsync(CancellationToken ct) => WriteAsync(
        () => review.ResolveAsync(current.Actor, current.Id, PointId, Resolution, Reason,
            ChangeRevision is { } revision ? new ReviewChange(StatusCode(ChangeStatus), ChangeNarrativeEn, ChangeNarrativeEs, revision) : null, ct),
        new()
        {
            ["resolution"] = ($"resolution-{PointId}", "review.resolution"),
            ["reason"] = ($"rreason-{PointId}", "review.resolution_reason"),
            ["change"] = ($"cstatus-{PointId}", "review.change_title"),
            ["status"] = ($"cstatus-{PointId}", "review.change_status"),
            ["narrativeEs"] = ($"cnes-{PointId}", "review.change_narrative_es"),
            ["narrativeEn"] = ($"cnen-{PointId}", "review.change_narrative_en"),
        },
        "review.resolved_saved", ct);

    public Task<IActionResult> OnPostRaiseAsync(CancellationToken ct) => WriteAsync(
        () => review.RaiseAsync(current.Actor, current.Id, string.IsNullOrEmpty(IndicatorCode) ? null : IndicatorCode, FindingEn, FindingEs, ct),
        new() { ["indicatorCode"] = ("IndicatorCode", "review.indicator"), ["findingEs"] = ("FindingEs", "review.finding_es"), ["findingEn"] = ("FindingEn", "review.finding_en"), ["finding"] = ("FindingEs", "review.finding_es") },
        "review.raised", ct);

    /// The form posts the status code, as the API does; empty means "no status".
    private static string? StatusCode(string? posted) => string.IsNullOrEmpty(posted) ? null : posted;

    /// One write through the ReviewService; its refusals land in the error summary, linked to the
    /// point's own fields.
    private Task<IActionResult> WriteAsync(Func<Task<ReviewPointView>> write, Dictionary<string, (string, string)> fields, string saved,
        CancellationToken ct) => this.WriteOrReshowAsync(lang, async () =>
        {
            var view = await write();
            TempData["Saved"] = saved;
            return Redirect($"/assessments/{current.Id}/review#point-{view.Id}");
        }, async () =>
        {
            await LoadAsync(ct);
            Failed = Points.FirstOrDefault(p => p.Data.Id == PointId);
            return Page();
        }, fields);

    private async Task LoadAsync(CancellationToken ct)
    {
        var a = current.Assessment;
        var standing = current.Standing;
        var rows = await db.ReviewPoints.AsNoTracking().Where(p => p.AssessmentId == a.Id).OrderBy(p => p.Id)
            .Select(p => new
            {
                Point = p,
                Indicator = db.Indicators.Where(i => i.Id == p.IndicatorId).Select(i => new { i.Code, i.Text }).FirstOrDefault(),
                RaisedBy = db.Users.Where(u => u.Id == p.RaisedById).Select(u => u.DisplayName).FirstOrDefault(),
                RepliedBy = db.Users.Where(u => u.Id == p.RepliedById).Select(u => u.DisplayName).FirstOrDefault(),
                ResolvedBy = db.Users.Where(u => u.Id == p.ResolvedById).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var institutions = standing.FocalPointInstitutions.ToList();
        var concerned = institutions.Count == 0
            ? []
            : (await db.Assignments.AsNoTracking().Where(x => x.AssessmentId == a.Id && institutions.Contains(x.InstitutionId))
                .Select(x => x.IndicatorId).ToListAsync(ct)).ToHashSet();
        var mayReply = standing.May(Permission.ReplyFinding) && InReview;
        var indicatorIds = rows.Where(r => r.Point.IndicatorId is not null).Select(r => r.Point.IndicatorId!.Value).Distinct().ToList();
        var answers = await db.Answers.AsNoTracking().Where(x => x.AssessmentId == a.Id && indicatorIds.Contains(x.IndicatorId))
            .Select(x => new { x.Id, x.IndicatorId, x.Status, x.Narrative, x.Revision }).ToListAsync(ct);
        var answerIds = answers.Select(x => x.Id).ToList();
        // The revision a "changed" resolution wrote is the one whose source names the point.
        var changes = (await db.AnswerRevisions.AsNoTracking().Where(r => answerIds.Contains(r.AnswerId) && r.Source != null && r.Source.StartsWith("review:"))
                .Select(r => new { r.Source, r.Revision }).ToListAsync(ct))
            .GroupBy(r => r.Source!).ToDictionary(g => g.Key, g => g.Max(r => r.Revision));
        Points = rows.Select(r =>
            {
                var answer = answers.FirstOrDefault(x => x.IndicatorId == r.Point.IndicatorId);
                var standingAnswer = r.Point.IndicatorId is null ? null
                    : new CurrentAnswer(answer?.Status, answer?.Narrative.En, answer?.Narrative.Es, answer?.Revision ?? 0);
                return new Point(r.Point, r.Indicator?.Code, r.Indicator?.Text, r.RaisedBy, r.RepliedBy, r.ResolvedBy,
                    mayReply && r.Point.IsOpen && (standing.IsAdmin || r.Point.IndicatorId is null || concerned.Contains(r.Point.IndicatorId.Value)),
                    standingAnswer, changes.TryGetValue($"review:{r.Point.Id}", out var rev) ? rev : null);
            })
            .ToList();
        if (MayRaise)
        {
            Indicators = (await db.Indicators.AsNoTracking().Where(i => i.CatalogueId == a.CatalogueId)
                    .OrderBy(i => i.Area!.Domain!.Order).ThenBy(i => i.Area!.Order).ThenBy(i => i.Order)
                    .Select(i => new { i.Code, i.Text }).ToListAsync(ct))
                .Select(i => (i.Code, i.Text)).ToList();
        }
    }
}
