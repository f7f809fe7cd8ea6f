using Faro.Assessments;
using Faro.Audit;
using Faro.Data;
using Faro.Notifications;
using Faro.People;
using Microsoft.EntityFrameworkCore;

namespace Faro.Workflow;

public sealed record ReviewPointView(int Id, string? IndicatorCode, string? FindingEn, string? FindingEs, int? RaisedById, DateTime RaisedAt,
    string? Reply, string? ReplyReason, string? ProposedChange, int? RepliedById, DateTime? RepliedAt,
    string? Resolution, string? ResolutionReason, int? ResolvedById, DateTime? ResolvedAt, bool IsOpen);

/// The change a "changed" resolution carries to the point's answer: status and both narratives as
/// they will be published, and the answer revision they replace (stale saves are refused).
public sealed record ReviewChange(string? Status, string? NarrativeEn, string? NarrativeEs, int Revision);

/// The right of reply of government review: the team puts findings to the government, the focal
/// points of the institutions concerned agree or disagree (with a reason and a proposed change),
/// and a coordinator resolves each point (changed, or kept with a reason). Open points block
/// approval (see the gate in `StageMachine`).
public sealed class ReviewService(FaroDb db, Access access, AssessmentWriter writer, AnswerService answers, AuditLog audit, Notifier notifier, TimeProvider clock)
{
    public async Task<IReadOnlyList<ReviewPointView>> ListAsync(Actor actor, int assessmentId, CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        standing.Require(Permission.Comment);
        var points = await db.ReviewPoints.AsNoTracking().Where(p => p.AssessmentId == assessmentId).OrderBy(p => p.Id)
            .Select(p => new { Point = p, Code = db.Indicators.Where(i => i.Id == p.IndicatorId).Select(i => i.Code).FirstOrDefault() })
            .ToListAsync(ct);
        return points.Select(p => ToView(p.Point, p.Code)).ToList();
    }

    public async Task<ReviewPointView> RaiseAsync(Actor actor, int assessmentId, string? indicatorCode, string? findingEn, string? findingEs,
        CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        standing.Require(Permission.RaiseFinding);
        (int Id, string Code)? indicator = indicatorCode is null ? null : await answers.IndicatorAsync(assessmentId, indicatorCode, ct);
        if (string.IsNullOrWhiteSpace(findingEn) && string.IsNullOrWhiteSpace(findingEs))
        {
            throw Invalid("findingEs", "review.finding_missing");
        }

        RequireLength("findingEn", findingEn);
        RequireLength("findingEs", findingEs);
        return await writer.WriteAsync(standing, Edit.Review, async _ =>
        {
            var point = new ReviewPoint
            {
                AssessmentId = assessmentId,
                IndicatorId = indicator?.Id,
                Finding = new LocalizedText(findingEn?.Trim(), findingEs?.Trim()),
                RaisedById = actor.UserId,
                RaisedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.ReviewPoints.Add(point);
            await db.SaveChangesAsync(ct);
            var view = ToView(point, indicator?.Code);
            audit.Record(actor, "review.raised", "review_point", point.Id, assessmentId, after: view, indicatorId: indicator?.Id);
            var institutions = indicator is null ? null : await ConcernedInstitutionsAsync(assessmentId, indicator.Value.Id, ct);
            await NotifyAsync(Notifier.ReviewRaised, assessmentId, point, indicator?.Code, null, await notifier.FocalPointsAsync(assessmentId, institutions, ct), actor, ct);
            await db.SaveChangesAsync(ct);
            return view;
        }, ct);
    }

    /// The focal point's reply; it may be changed until the point is resolved.
    public async Task<ReviewPointView> ReplyAsync(Actor actor, int assessmentId, int pointId, string? reply, string? reason, string? proposedChange,
        CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        var point = await PointAsync(assessmentId, pointId, ct);
        standing.Require(Permission.ReplyFinding);
        if (!standing.IsAdmin && point.IndicatorId is { } indicatorId
            && !(await ConcernedInstitutionsAsync(assessmentId, indicatorId, ct)).Overlaps(standing.FocalPointInstitutions))
        {
            throw RefusedException.Forbidden("review.not_your_institution");
        }

        var kind = reply?.ToLowerInvariant() switch
        {
            "agree" => ReplyKind.Agree,
            "disagree" => ReplyKind.Disagree,
            _ => throw Invalid("reply", "review.bad_reply"),
        };
        if (kind == ReplyKind.Disagree && (string.IsNullOrWhiteSpace(reason) || string.IsNullOrWhiteSpace(proposedChange)))
        {
            throw new InputRejectedException("review.disagree_incomplete", new[] { ("reason", reason), ("proposedChange", proposedChange) }
                .Where(x => string.IsNullOrWhiteSpace(x.Item2))
                .Select(x => new InputError(x.Item1, "review.disagree_incomplete"))
                .ToList());
        }

        RequireLength("reason", reason);
        RequireLength("proposedChange", proposedChange);
        return await writer.WriteAsync(standing, Edit.Review, async _ =>
        {
            // Read again under the lock: a resolution committed meanwhile closes the point.
            await db.Entry(point).ReloadAsync(ct);
            RequireOpen(point);
            var code = await CodeAsync(point.IndicatorId, ct);
            var before = ToView(point, code);
            point.Reply = kind;
            point.ReplyReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
            point.ProposedChange = string.IsNullOrWhiteSpace(proposedChange) ? null : proposedChange.Trim();
            point.RepliedById = actor.UserId;
            point.RepliedAt = clock.GetUtcNow().UtcDateTime;
            var view = ToView(point, code);
            audit.Record(actor, "review.replied", "review_point", point.Id, assessmentId, before, view, point.IndicatorId);
            await NotifyAsync(Notifier.ReviewReplied, assessmentId, point, code, null, await notifier.CoordinatorsAsync(standing.CountryId, ct), actor, ct);
            return view;
        }, ct);
    }

    /// Resolves a point. "changed" on a point about an indicator must carry the change (`change`):
    /// answers are locked in government review, so the resolution is the only way the published
    /// answer can follow the finding; both are written in one guarded transaction.
    public async Task<ReviewPointView> ResolveAsync(Actor actor, int assessmentId, int pointId, string? resolution, string? reason,
        ReviewChange? change = null, CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        var point = await PointAsync(assessmentId, pointId, ct);
        standing.Require(Permission.ResolveFinding);
        var kind = resolution?.ToLowerInvariant() switch
        {
            "changed" => ResolutionKind.Changed,
            "kept" => ResolutionKind.Kept,
            _ => throw Invalid("resolution", "review.bad_resolution"),
        };
        if (kind == ResolutionKind.Kept && string.IsNullOrWhiteSpace(reason))
        {
            throw Invalid("reason", "review.reason_required");
        }

        RequireLength("reason", reason);
        return await writer.WriteAsync(standing, Edit.Review, async fresh =>
        {
            await db.Entry(point).ReloadAsync(ct);
            RequireOpen(point);
            var code = await CodeAsync(point.IndicatorId, ct);
            var before = ToView(point, code);
            AnswerView? changed = null;
            if (kind == ResolutionKind.Changed && point.IndicatorId is { } indicatorId && code is not null)
            {
                changed = change is null ? null
                    : await answers.ApplyReviewChangeAsync(actor, fresh, (indicatorId, code), change.Status, change.NarrativeEn, change.NarrativeEs,
                        change.Revision, point.Id, ct);
                if (changed is null)
                {
                    throw Invalid("change", "review.change_missing", code);
                }
            }

            point.Resolution = kind;
            point.ResolutionReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
            point.ResolvedById = actor.UserId;
            point.ResolvedAt = clock.GetUtcNow().UtcDateTime;
            var view = ToView(point, code);
            audit.Record(actor, "review.resolved", "review_point", point.Id, assessmentId, before,
                changed is null ? view : new { Point = view, AnswerRevision = changed.Revision }, point.IndicatorId);
            var recipients = await notifier.FocalPointsAsync(assessmentId, point.IndicatorId is { } iid ? await ConcernedInstitutionsAsync(assessmentId, iid, ct) : null, ct);
            if (point.RaisedById is { } raiser)
            {
                recipients.Add(raiser);
            }

            await NotifyAsync(Notifier.ReviewResolved, assessmentId, point, code, kind == ResolutionKind.Changed ? "changed" : "kept: " + point.ResolutionReason,
            recipients, actor, ct);
            return view;
        }, ct);
    }

    /// The institutions that answer for an indicator: the one responsible for the answer and those
    /// it is assigned to.
    private async Task<HashSet<int>> ConcernedInstitutionsAsync(int assessmentId, int indicatorId, CancellationToken ct)
    {
        var assigned = await db.Assignments.Where(a => a.AssessmentId == assessmentId && a.IndicatorId == indicatorId).Select(a => a.InstitutionId).ToListAsync(ct);
        var responsible = await db.Answers.Where(a => a.AssessmentId == assessmentId && a.IndicatorId == indicatorId && a.ResponsibleInstitutionId != null)
            .Select(a => a.ResponsibleInstitutionId!.Value).ToListAsync(ct);
        return [.. assigned, .. responsible];
    }

    private async Task NotifyAsync(string kind, int assessmentId, ReviewPoint point, string? code, string? reason, List<int> recipients, Actor actor,
        CancellationToken ct)
    {
        var title = await db.Assessments.Where(a => a.Id == assessmentId).Select(a => a.Title).FirstAsync(ct);
        notifier.Notify(recipients, kind, assessmentId, new NotificationData(title.Copy(), Reason: reason, Indicator: code, Finding: point.Finding.Copy(),
            By: actor.Name), except: actor);
    }

    private async Task<ReviewPoint> PointAsync(int assessmentId, int pointId, CancellationToken ct) =>
        await db.ReviewPoints.FirstOrDefaultAsync(p => p.Id == pointId && p.AssessmentId == assessmentId, ct)
            ?? throw RefusedException.NotFound("review_point");

    private async Task<string?> CodeAsync(int? indicatorId, CancellationToken ct) =>
        indicatorId is null ? null : await db.Indicators.Where(i => i.Id == indicatorId).Select(i => i.Code).FirstOrDefaultAsync(ct);

    private static void RequireOpen(ReviewPoint point)
    {
        if (!point.IsOpen)
        {
            throw RefusedException.Conflict("review.resolved");
        }
    }

    private static void RequireLength(string field, string? text)
    {
        if (text is { Length: > 10_000 })
        {
            throw Invalid(field, "review.too_long");
        }
    }

    private static InputRejectedException Invalid(string field, string code, params object?[] args) =>
        new(code, new InputError(field, code, args));

    private static ReviewPointView ToView(ReviewPoint p, string? code) => new(p.Id, code, p.Finding.En, p.Finding.Es, p.RaisedById, p.RaisedAt,
        p.Reply?.ToCode(), p.ReplyReason, p.ProposedChange, p.RepliedById, p.RepliedAt,
        p.Resolution?.ToCode(), p.ResolutionReason, p.ResolvedById, p.ResolvedAt, p.IsOpen);
}
