using Faro.Audit;
using Faro.Data;
using Faro.People;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Assessments;

public sealed record MoveView(string To, string Kind, bool NeedsReason);

public sealed record AssessmentView(int Id, string? TitleEn, string? TitleEs, string Level, int Round, string Country, string? Jurisdiction,
    string Stage, int Version, int Answered, int Total, string? ContextEn, string? ContextEs, bool IsFictional,
    string? NextStage, IReadOnlyList<Blocker> Blockers, IReadOnlyList<MoveView> Moves, int CarriedOver = 0, int? PreviousRoundId = null,
    DateTime? WithdrawnAt = null, string? WithdrawnReason = null);

public sealed record AssessmentListItem(int Id, string? TitleEn, string? TitleEs, string Level, int Round, string Country, string? Jurisdiction,
    string Stage, bool IsFictional, bool IsWithdrawn = false);

/// An assessment as a whole: what the caller may see of it, where it stands and what blocks its
/// next move, and its context text.
public sealed class AssessmentService(FaroDb db, Access access, AssessmentWriter writer, StageMachine stages, AuditLog audit)
{
    /// Withdrawn assessments are left out unless asked for (`includeWithdrawn`).
    public async Task<IReadOnlyList<AssessmentListItem>> ListAsync(Actor actor, bool includeWithdrawn = false, CancellationToken ct = default)
    {
        var rows = await access.VisibleAssessments(actor).AsNoTracking().Where(a => includeWithdrawn || a.WithdrawnAt == null).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.Title.En, a.Title.Es, a.Level, a.Round, a.Country!.Iso2, Jurisdiction = a.Jurisdiction != null ? a.Jurisdiction.Name : null, a.Stage, a.IsFictional, Withdrawn = a.WithdrawnAt != null })
            .ToListAsync(ct);
        return rows.Select(r => new AssessmentListItem(r.Id, r.En, r.Es, r.Level.ToCode(), r.Round, r.Iso2, r.Jurisdiction,
            r.Stage.ToCode(), r.IsFictional, r.Withdrawn)).ToList();
    }

    public async Task<AssessmentView> GetAsync(Actor actor, int assessmentId, CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        var a = await db.Assessments.AsNoTracking().Where(x => x.Id == assessmentId)
            .Select(x => new
            {
                x.Id,
                x.Title,
                x.Level,
                x.Round,
                x.Country!.Iso2,
                Jurisdiction = x.Jurisdiction != null ? x.Jurisdiction.Name : null,
                x.Stage,
                x.Version,
                x.Context,
                x.IsFictional,
                Answered = x.Answers.Count(y => y.Status != null && !y.IsCarriedOver),
                CarriedOver = x.Answers.Count(y => y.IsCarriedOver),
                x.PreviousRoundId,
                x.WithdrawnAt,
                x.WithdrawnReason,
                Total = db.Indicators.Count(i => i.CatalogueId == x.CatalogueId),
            })
            .FirstAsync(ct);
        var (next, blockers) = standing.IsPublicReader ? (null, []) : await stages.NextMoveAsync(assessmentId, a.Stage, ct);
        var moves = StageMachine.MovesFrom(a.Stage).Where(t => StageMachine.MayMake(t, standing))
            .Select(t => new MoveView(t.To.ToCode(), t.Kind.ToCode(), t.NeedsReason)).ToList();
        return new AssessmentView(a.Id, a.Title.En, a.Title.Es, a.Level.ToCode(), a.Round, a.Iso2, a.Jurisdiction,
            a.Stage.ToCode(), a.Version, a.Answered, a.Total, a.Context.En, a.Context.Es, a.IsFictional, next?.ToCode(), blockers, moves,
            a.CarriedOver, a.PreviousRoundId, a.WithdrawnAt, standing.IsTeam ? a.WithdrawnReason : null);
    }

    /// The profile's Context section, in both languages; written until drafting ends.
    public async Task SetContextAsync(Actor actor, int assessmentId, string? en, string? es, CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        standing.Require(Permission.WriteContent);
        var errors = new[] { ("contextEn", en), ("contextEs", es) }.Where(x => x.Item2 is { Length: > 50_000 })
            .Select(x => new InputError(x.Item1, "context.too_long"))
            .ToList();
        if (errors.Count > 0)
        {
            throw new InputRejectedException("context.invalid", errors);
        }

        await writer.WriteAsync(standing, Edit.Context, async _ =>
        {
            var assessment = await db.Assessments.FirstAsync(a => a.Id == assessmentId, ct);
            var before = new { en = assessment.Context.En, es = assessment.Context.Es };
            assessment.Context = new LocalizedText(string.IsNullOrWhiteSpace(en) ? null : en.Trim(), string.IsNullOrWhiteSpace(es) ? null : es.Trim());
            audit.Record(actor, "assessment.context_updated", "assessment", assessmentId, assessmentId, before,
                new { en = assessment.Context.En, es = assessment.Context.Es });
        }, ct);
    }
}
