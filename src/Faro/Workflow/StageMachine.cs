using Faro.Assessments;
using Faro.Audit;
using Faro.Data;
using Faro.Notifications;
using Faro.People;
using Microsoft.EntityFrameworkCore;

namespace Faro.Workflow;

/// Called inside the transaction that moves an assessment to `published`, so that the profile
/// snapshot is frozen with the move or not at all. Implemented by the profile feature; the stage
/// machine works without it.
public interface IPublicationHook
{
    Task OnPublishedAsync(int assessmentId, CancellationToken ct);
}

/// One thing that stops a move forward: the item (an indicator code, `workshop:induction`,
/// `context:es`, `review-point:12`), a stable code, and the message in both languages.
public sealed record Blocker(string Item, string Code, Phrase Message)
{
    public Blocker(string item, string code, params object?[] args) : this(item, code, new Phrase("refusal." + code, args)) { }
}

/// A move the table allows. Forward moves go one stage at a time; `Back` ("return for revision")
/// and `Reopen` (from approved or published) need a reason.
public sealed record Transition(Stage From, Stage To, StageEventKind Kind, bool ResearcherMay = false)
{
    public bool NeedsReason => Kind != StageEventKind.Forward;
}

/// What a write changes, for the locks of each stage.
public enum Edit
{
    /// Status, responsible institution, evidence links, validated flag.
    Answer,
    Narrative,
    Evidence,
    Context,
    /// Workshops, focal points, indicator assignments.
    Setup,
    Comment,
    /// Findings, replies and resolutions of the government review.
    Review,
}

public sealed class TransitionBlockedException(IReadOnlyList<Blocker> blockers)
    : RefusedException(RefusalKind.Conflict, "assessment.gate_blocked", blockers.Count)
{
    public IReadOnlyList<Blocker> Blockers { get; } = blockers;

    public override IReadOnlyDictionary<string, object?> Details(string lang) => new Dictionary<string, object?>
    {
        ["blockers"] = Blockers,
    };
}

/// The assessment workflow of product.md: the transition table, who may make each move, the gates
/// and the locks, all in this file (docs/workflow.md mirrors it). Moves are recorded as a
/// `StageEvent` with an audit line and notifications, in one transaction.
public sealed class StageMachine(FaroDb db, Access access, AuditLog audit, Notifier notifier, TimeProvider clock,
    IEnumerable<IPublicationHook> publicationHooks)
{
    public static readonly IReadOnlyList<Transition> Table =
    [
        new(Stage.Requested, Stage.Induction, StageEventKind.Forward),
        new(Stage.Induction, Stage.DataCollection, StageEventKind.Forward),
        // The researcher who filled the matrix may hand it to validation; every other move is the
        // coordinator's (or an admin's) decision.
        new(Stage.DataCollection, Stage.Validation, StageEventKind.Forward, ResearcherMay: true),
        new(Stage.Validation, Stage.Drafting, StageEventKind.Forward),
        new(Stage.Drafting, Stage.GovernmentReview, StageEventKind.Forward),
        new(Stage.GovernmentReview, Stage.Approved, StageEventKind.Forward),
        new(Stage.Approved, Stage.Published, StageEventKind.Forward),
        new(Stage.Published, Stage.FollowUp, StageEventKind.Forward),

        // Return for revision: to any earlier working stage, with a reason.
        new(Stage.Induction, Stage.Requested, StageEventKind.Back),
        new(Stage.DataCollection, Stage.Induction, StageEventKind.Back),
        new(Stage.Validation, Stage.DataCollection, StageEventKind.Back),
        new(Stage.Drafting, Stage.DataCollection, StageEventKind.Back),
        new(Stage.Drafting, Stage.Validation, StageEventKind.Back),
        new(Stage.GovernmentReview, Stage.DataCollection, StageEventKind.Back),
        new(Stage.GovernmentReview, Stage.Validation, StageEventKind.Back),
        new(Stage.GovernmentReview, Stage.Drafting, StageEventKind.Back),

        // Re-open a locked assessment, with a reason. A published profile's frozen snapshot stays
        // as it was published; publishing again freezes a new one.
        new(Stage.Approved, Stage.DataCollection, StageEventKind.Reopen),
        new(Stage.Approved, Stage.Drafting, StageEventKind.Reopen),
        new(Stage.Approved, Stage.GovernmentReview, StageEventKind.Reopen),
        new(Stage.Published, Stage.DataCollection, StageEventKind.Reopen),
        new(Stage.Published, Stage.Drafting, StageEventKind.Reopen),
        new(Stage.Published, Stage.GovernmentReview, StageEventKind.Reopen),
    ];

    public static Transition? Find(Stage from, Stage to) => Table.FirstOrDefault(t => t.From == from && t.To == to);

    public static Transition? Forward(Stage from) => Table.FirstOrDefault(t => t.From == from && t.Kind == StageEventKind.Forward);

    public static IEnumerable<Transition> MovesFrom(Stage from) => Table.Where(t => t.From == from);

    /// Coordinators of the country and admins make every move; a researcher only those marked so.
    public static bool MayMake(Transition transition, AssessmentAccess standing)
    {
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentNullException.ThrowIfNull(standing);
        return standing.IsManager || (transition.ResearcherMay && standing.IsResearcher);
    }

    /// The locks: answers in data collection and validation; narratives and evidence also in
    /// drafting; from approved on, everything.
    public static bool IsEditable(Stage stage, Edit edit) => edit switch
    {
        Edit.Answer => stage is Stage.DataCollection or Stage.Validation,
        Edit.Narrative or Edit.Evidence => stage is Stage.DataCollection or Stage.Validation or Stage.Drafting,
        Edit.Context => stage is Stage.Requested or Stage.Induction or Stage.DataCollection or Stage.Validation or Stage.Drafting,
        Edit.Setup or Edit.Comment => !IsLocked(stage),
        Edit.Review => stage == Stage.GovernmentReview,
    };

    public static bool IsLocked(Stage stage) => stage switch
    {
        Stage.Requested or Stage.Induction or Stage.DataCollection or Stage.Validation or Stage.Drafting or Stage.GovernmentReview => false,
        Stage.Approved or Stage.Published or Stage.FollowUp => true,
    };

    public static void RequireEditable(Stage stage, Edit edit)
    {
        if (!IsEditable(stage, edit))
        {
            throw RefusedException.Conflict("assessment.locked", Phrase.Stage(stage));
        }
    }

    /// What blocks the next forward move (none for the last stage).
    public async Task<(Stage? Next, IReadOnlyList<Blocker> Blockers)> NextMoveAsync(int assessmentId, Stage from, CancellationToken ct = default)
    {
        var next = Forward(from);
        return next is null ? (null, []) : (next.To, await GateAsync(assessmentId, next.To, ct));
    }

    /// Moves the assessment, or refuses: not found (outside scope), forbidden (role), conflict
    /// (no such move, a gate, a concurrent move), input (missing reason).
    public async Task<StageEvent> MoveAsync(Actor actor, int assessmentId, Stage to, string? reason, int? expectedVersion = null,
        CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        if (!standing.May(Permission.MoveStage))
        {
            throw MoveForbidden();
        }

        var from = standing.Stage;
        var transition = Find(from, to) ?? throw RefusedException.Conflict("assessment.invalid_transition",
            Phrase.Stage(from), Phrase.Stage(to), MovesFrom(from).Select(t => Phrase.Stage(t.To)).ToList());
        if (!MayMake(transition, standing))
        {
            throw MoveForbidden();
        }

        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (transition.NeedsReason && reason is null)
        {
            throw new InputRejectedException("transition.reason_required", new InputError("reason", "transition.reason_required"));
        }

        if (reason is { Length: > 4000 })
        {
            throw new InputRejectedException("transition.reason_too_long", new InputError("reason", "transition.reason_too_long"));
        }

        if (expectedVersion is { } v && v != standing.Version)
        {
            throw Changed();
        }

        await using var tx = await db.BeginWriteAsync(ct);
        await AssessmentLock.ExclusiveAsync(db, assessmentId, ct);
        var assessment = await db.Assessments.FirstAsync(a => a.Id == assessmentId, ct);
        if (assessment.Stage != from)
        {
            throw Changed();
        }

        // A withdrawn assessment stays where it stopped: it is never moved on, and never published.
        if (assessment.WithdrawnAt is not null)
        {
            throw RefusedException.Conflict("assessment.withdrawn");
        }

        if (transition.Kind == StageEventKind.Forward && await GateAsync(assessmentId, to, ct) is { Count: > 0 } blockers)
        {
            throw new TransitionBlockedException(blockers);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var before = new { stage = from.ToCode(), version = assessment.Version };
        assessment.Stage = to;
        assessment.Version++;
        assessment.UpdatedAt = now;
        var move = new StageEvent { AssessmentId = assessmentId, From = from, To = to, Kind = transition.Kind, Reason = reason, ById = actor.UserId, At = now };
        db.StageEvents.Add(move);
        audit.Record(actor, "assessment.transition", "assessment", assessmentId, assessmentId, before,
            new { stage = to.ToCode(), version = assessment.Version, kind = transition.Kind, reason });
        notifier.Notify(await notifier.PeopleOfAsync(assessmentId, assessment.CountryId, ct),
            transition.Kind == StageEventKind.Forward ? Notifier.StageChanged : Notifier.Returned, assessmentId,
            new NotificationData(assessment.Title.Copy(), from.ToCode(), to.ToCode(), reason), except: actor);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Changed();
        }

        // Entering follow-up freezes the profile again: the same findings, now with the follow-up
        // annex (the action plan), which the action plan's writes keep current from then on.
        if (Access.IsPublicStage(to))
        {
            foreach (var hook in publicationHooks)
            {
                await hook.OnPublishedAsync(assessmentId, ct);
            }

            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);
        return move;
    }

    public async Task<IReadOnlyList<StageEvent>> HistoryAsync(Actor actor, int assessmentId, CancellationToken ct = default)
    {
        // The reasons of back-moves are working notes: not for readers of the published profile.
        (await access.AssessmentAsync(actor, assessmentId, ct)).Require(Permission.Comment);
        return await db.StageEvents.AsNoTracking().Include(e => e.By).Where(e => e.AssessmentId == assessmentId)
            .OrderBy(e => e.Id).ToListAsync(ct);
    }

    /// The gate of the forward move into `to`. A switch over every stage, so a new stage cannot be
    /// added without deciding its gate.
    private Task<List<Blocker>> GateAsync(int assessmentId, Stage to, CancellationToken ct) => to switch
    {
        Stage.Requested or Stage.Induction or Stage.Published or Stage.FollowUp => Task.FromResult(new List<Blocker>()),
        Stage.DataCollection => WorkshopHeldAsync(assessmentId, WorkshopKind.Induction, ct),
        Stage.Validation => MatrixCompleteAsync(assessmentId, ct),
        Stage.Drafting => WorkshopHeldAsync(assessmentId, WorkshopKind.Validation, ct),
        Stage.GovernmentReview => ContextWrittenAsync(assessmentId, ct),
        Stage.Approved => ReviewClosedAsync(assessmentId, ct),
    };

    private async Task<List<Blocker>> WorkshopHeldAsync(int assessmentId, WorkshopKind kind, CancellationToken ct)
    {
        if (await db.Workshops.AnyAsync(w => w.AssessmentId == assessmentId && w.Kind == kind && w.Status == WorkshopStatus.Held, ct))
        {
            return [];
        }

        return kind == WorkshopKind.Induction
            ? [new("workshop:induction", "workshop.induction_missing")]
            : [new("workshop:validation", "workshop.validation_missing")];
    }

    /// Every indicator answered, every Yes/Partial answer backed by evidence, focal points named.
    private async Task<List<Blocker>> MatrixCompleteAsync(int assessmentId, CancellationToken ct)
    {
        var catalogueId = await db.Assessments.Where(a => a.Id == assessmentId).Select(a => a.CatalogueId).FirstAsync(ct);
        var indicators = await db.Indicators.AsNoTracking().Where(i => i.CatalogueId == catalogueId)
            .Select(i => new { i.Id, i.Code }).ToListAsync(ct);
        var answers = (await db.Answers.AsNoTracking().Where(a => a.AssessmentId == assessmentId)
            .Select(a => new { a.IndicatorId, a.Status, a.IsCarriedOver, HasEvidence = a.Evidence.Any() }).ToListAsync(ct))
            .ToDictionary(a => a.IndicatorId);
        var blockers = new List<Blocker>();
        foreach (var indicator in indicators.OrderBy(i => i.Code, StringComparer.Ordinal))
        {
            if (!answers.TryGetValue(indicator.Id, out var answer) || answer.Status is null)
            {
                blockers.Add(new(indicator.Code, "answer.missing", indicator.Code));
            }
            else if (answer.IsCarriedOver)
            {
                // Carried over from the round before: a draft until someone confirms or changes it.
                blockers.Add(new(indicator.Code, "answer.carried_over", indicator.Code));
            }
            else if (answer.Status is AnswerStatus.Yes or AnswerStatus.Partial && !answer.HasEvidence)
            {
                blockers.Add(new(indicator.Code, "evidence.missing", indicator.Code));
            }
        }

        if (!await db.FocalPoints.AnyAsync(f => f.AssessmentId == assessmentId, ct))
        {
            blockers.Add(new("focal-points", "focal_points.missing"));
        }

        return blockers;
    }

    private async Task<List<Blocker>> ContextWrittenAsync(int assessmentId, CancellationToken ct)
    {
        var context = await db.Assessments.Where(a => a.Id == assessmentId).Select(a => new { a.Context.En, a.Context.Es }).FirstAsync(ct);
        var blockers = new List<Blocker>();
        if (string.IsNullOrWhiteSpace(context.En))
        {
            blockers.Add(new("context:en", "context.missing", Phrase.Language(Languages.English)));
        }

        if (string.IsNullOrWhiteSpace(context.Es))
        {
            blockers.Add(new("context:es", "context.missing", Phrase.Language(Languages.Spanish)));
        }

        return blockers;
    }

    private async Task<List<Blocker>> ReviewClosedAsync(int assessmentId, CancellationToken ct)
    {
        var open = await db.ReviewPoints.AsNoTracking().Where(p => p.AssessmentId == assessmentId && p.Resolution == null)
            .Select(p => new { p.Id, Code = db.Indicators.Where(i => i.Id == p.IndicatorId).Select(i => i.Code).FirstOrDefault() })
            .OrderBy(p => p.Id).ToListAsync(ct);
        return open.Select(p => new Blocker(p.Code ?? $"review-point:{p.Id}", "review.open",
            p.Code is null ? new Phrase("refusal.review.open.general", p.Id) : new Phrase("refusal.review.open", p.Id, p.Code))).ToList();
    }

    private static RefusedException MoveForbidden() => RefusedException.Forbidden("assessment.move_forbidden");

    private static RefusedException Changed() => RefusedException.Conflict("assessment.changed");
}
