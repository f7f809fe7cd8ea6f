using Faro.Audit;
using Faro.Data;
using Faro.People;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Assessments;

public sealed record EvidenceLink(int EvidenceId, string? Section);

/// An answer as clients see it. `Revision` 0 means "not answered yet"; the ETag is the revision.
public sealed record AnswerView(string IndicatorCode, int? AnswerId, string? Status, string? NarrativeEn, string? NarrativeEs,
    int? ResponsibleInstitutionId, bool IsValidated, bool IsCarriedOver, int Revision, DateTime? UpdatedAt, int? UpdatedById,
    IReadOnlyList<EvidenceLink> Evidence)
{
    public string ETag => AnswerService.ETagOf(Revision);
}

/// One carried-over answer to confirm as the caller saw it: its code and its revision.
public sealed record AnswerConfirmation(string Code, int Revision);

/// A bulk confirmation: `POST /api/v1/assessments/{id}/answers/confirm`.
public sealed record AnswerConfirmations(IReadOnlyList<AnswerConfirmation> Answers);

/// A whole answer to store (PUT semantics): status, both narratives, responsible institution and
/// evidence links replace the stored ones; `IsValidated` null keeps the stored flag.
public sealed record AnswerInput(string? Status, string? NarrativeEn, string? NarrativeEs, int? ResponsibleInstitutionId,
    IReadOnlyList<EvidenceLink>? Evidence, bool? IsValidated = null);

/// The stored answer moved on since the caller read it: nothing was written, and the current answer
/// goes back so the caller can see the other person's change.
public sealed class StaleAnswerException(AnswerView current)
    : RefusedException(RefusalKind.Stale, "answer.stale", current.IndicatorCode, current.Revision)
{
    public AnswerView Current { get; } = current;

    public override IReadOnlyDictionary<string, object?> Details(string lang) => new Dictionary<string, object?> { ["current"] = Current };
}

/// Reads and saves answers with optimistic concurrency, for the UI, the API and imports alike.
public sealed class AnswerService(FaroDb db, Access access, AssessmentWriter writer, AuditLog audit, TimeProvider clock)
{
    public const int MaxNarrative = 20_000;

    public static string ETagOf(int revision) => $"\"{revision}\"";

    /// Reads `"3"` or `W/"3"`; null when the header is not a revision of ours.
    public static int? ParseETag(string? etag)
    {
        var text = etag?.Trim();
        if (text is null)
        {
            return null;
        }

        if (text.StartsWith("W/", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        return text.Length >= 3 && text[0] == '"' && text[^1] == '"'
            && int.TryParse(text[1..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n : null;
    }

    /// Every indicator of the assessment's catalogue with its answer (revision 0 when unanswered),
    /// in catalogue order. Evidence that is private is left out for readers without internal access.
    public async Task<IReadOnlyList<AnswerView>> ListAsync(Actor actor, int assessmentId, CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        return await ViewsAsync(standing, null, ct);
    }

    public async Task<AnswerView> GetAsync(Actor actor, int assessmentId, string indicatorCode, CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        var indicator = await IndicatorAsync(assessmentId, indicatorCode, ct);
        return (await ViewsAsync(standing, indicator.Id, ct)).Single();
    }

    /// Saves one answer if `expectedRevision` is the stored revision. Refusals, in order: outside
    /// scope, not allowed, no revision given, bad input, stage locked, stale.
    public async Task<AnswerView> SaveAsync(Actor actor, int assessmentId, string indicatorCode, AnswerInput input, int? expectedRevision,
        string source = "api", CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        var indicator = await IndicatorAsync(assessmentId, indicatorCode, ct);
        standing.RequireAnswerWrite(indicator.Id);
        if (input.IsValidated is not null && !standing.IsTeam)
        {
            throw RefusedException.Forbidden("answer.validate_forbidden");
        }

        if (expectedRevision is null)
        {
            throw new RefusedException(RefusalKind.PreconditionRequired, "answer.revision_required");
        }

        var (status, links) = await ValidateAsync(assessmentId, standing.CountryId, input, ct);

        try
        {
            // The lock is shared: saves of other answers run beside this one, and no stage move can
            // start until it commits. Two saves of this answer meet at its revision (a concurrency
            // token) or, for its first save, at the unique (assessment, indicator) index.
            return await writer.WriteAsync(standing, null, shared: true,
                fresh => ApplyAsync(actor, fresh, indicator, input, status, links, expectedRevision.Value, source, null, ct), ct);
        }
        catch (Exception e) when (e is DbUpdateConcurrencyException || IsDuplicateAnswer(e))
        {
            db.ChangeTracker.Clear();
            throw new StaleAnswerException(await CurrentAsync(assessmentId, indicator.Id, indicator.Code, ct));
        }
    }

    /// Confirms an answer carried over from the round before as it stands: the answer is kept, its
    /// "carried over" mark is cleared (so the gates count it), and the confirmation is a revision
    /// of its own with an audit line. Same refusals and the same If-Match rule as a save.
    public async Task<AnswerView> ConfirmAsync(Actor actor, int assessmentId, string indicatorCode, int? expectedRevision, string source = "api",
        CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        var indicator = await IndicatorAsync(assessmentId, indicatorCode, ct);
        standing.RequireAnswerWrite(indicator.Id);
        if (expectedRevision is null)
        {
            throw new RefusedException(new Phrase("refusal.answer.revision_required.2"), RefusalKind.PreconditionRequired, "answer.revision_required");
        }

        try
        {
            return await writer.WriteAsync(standing, Edit.Answer, async _ =>
            {
                var answer = await db.Answers.Include(a => a.Evidence).FirstOrDefaultAsync(a => a.AssessmentId == assessmentId && a.IndicatorId == indicator.Id, ct);
                if (answer is null || !answer.IsCarriedOver)
                {
                    throw RefusedException.Conflict("answer.not_carried_over", indicator.Code);
                }

                if (answer.Revision != expectedRevision)
                {
                    throw new StaleAnswerException(ToView(indicator.Code, answer, true));
                }

                var after = MarkConfirmed(actor, assessmentId, indicator.Code, answer, clock.GetUtcNow().UtcDateTime, source);
                await db.SaveChangesAsync(ct);
                return after;
            }, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new StaleAnswerException(await CurrentAsync(assessmentId, indicator.Id, indicator.Code, ct));
        }
    }

    /// Most answers one bulk confirmation takes: a catalogue has about ninety indicators.
    public const int MaxConfirmations = 500;

    /// Confirms several carried-over answers at once, each as the caller saw it (its revision), all
    /// or nothing in one guarded write: a round's focal point confirms the answers that did not
    /// change without 80 separate clicks. Each problem is named by its position and code; a stale
    /// one (someone changed it since) refuses the whole request, as a single stale save would.
    public async Task<int> ConfirmManyAsync(Actor actor, int assessmentId, IReadOnlyList<AnswerConfirmation> items, string source = "api",
        CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        if (items.Count == 0 || items.Count > MaxConfirmations)
        {
            throw new InputRejectedException("answer.confirm_invalid", new InputError("answers", "answer.confirm_count", MaxConfirmations));
        }

        var codes = items.Select(i => i.Code).ToList();
        var indicators = await db.Indicators.AsNoTracking()
            .Where(i => codes.Contains(i.Code) && db.Assessments.Any(a => a.Id == assessmentId && a.CatalogueId == i.CatalogueId))
            .ToDictionaryAsync(i => i.Code, i => i.Id, StringComparer.Ordinal, ct);
        var errors = new List<InputError>();
        for (var n = 0; n < items.Count; n++)
        {
            var code = items[n].Code;
            if (!indicators.TryGetValue(code, out var indicatorId))
            {
                errors.Add(new InputError($"answers[{n}].code", "answer.unknown_indicator", TextRules.Quote(code, 40)));
            }
            else if (codes.IndexOf(code) != n)
            {
                errors.Add(new InputError($"answers[{n}].code", "answer.duplicate", code));
            }
            else
            {
                standing.RequireAnswerWrite(indicatorId);
            }
        }

        if (errors.Count > 0)
        {
            throw new InputRejectedException("answer.confirm_invalid", errors);
        }

        try
        {
            return await writer.WriteAsync(standing, Edit.Answer, async _ =>
            {
                var ids = indicators.Values.ToList();
                var answers = await db.Answers.Include(a => a.Evidence)
                    .Where(a => a.AssessmentId == assessmentId && ids.Contains(a.IndicatorId)).ToDictionaryAsync(a => a.IndicatorId, ct);
                var stale = new List<string>();
                for (var n = 0; n < items.Count; n++)
                {
                    var (code, revision) = (items[n].Code, items[n].Revision);
                    if (!answers.TryGetValue(indicators[code], out var answer) || !answer.IsCarriedOver)
                    {
                        errors.Add(new InputError($"answers[{n}].code", "answer.not_carried_over", code));
                    }
                    else if (answer.Revision != revision)
                    {
                        stale.Add(code);
                    }
                }

                if (errors.Count > 0)
                {
                    throw new InputRejectedException("answer.confirm_invalid", errors);
                }

                if (stale.Count > 0)
                {
                    var list = string.Join(", ", stale);
                    throw new RefusedException(RefusalKind.Stale, "answer.confirm_stale", list);
                }

                var now = clock.GetUtcNow().UtcDateTime;
                foreach (var item in items)
                {
                    MarkConfirmed(actor, assessmentId, item.Code, answers[indicators[item.Code]], now, source);
                }

                await db.SaveChangesAsync(ct);
                return items.Count;
            }, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new RefusedException(new Phrase("refusal.answer.confirm_stale.2"), RefusalKind.Stale, "answer.confirm_stale");
        }
    }

    /// Keeps a carried-over answer as it stands and counts it from now on: a revision of its own
    /// and an audit line, saved by the caller's guarded write (one answer or many).
    private AnswerView MarkConfirmed(Actor actor, int assessmentId, string code, Answer answer, DateTime now, string source)
    {
        var before = ToView(code, answer, true);
        answer.IsCarriedOver = false;
        answer.Revision++;
        answer.UpdatedAt = now;
        answer.UpdatedById = actor.UserId;
        db.AnswerRevisions.Add(AnswerRevision.Of(answer, now, actor.UserId, "confirm:" + source));
        var after = ToView(code, answer, true);
        audit.Record(actor, "answer.confirmed", "answer", answer.Id, assessmentId, before, after, answer.IndicatorId);
        return after;
    }

    /// Changes an answer as part of resolving a government-review point as "changed": answers are
    /// locked in that stage, so the resolution itself carries the change (status and narratives;
    /// responsible institution and evidence stay). Must run inside the caller's guarded write
    /// (ReviewService.ResolveAsync), so the change and the resolution commit or fail together.
    internal async Task<AnswerView?> ApplyReviewChangeAsync(Actor actor, AssessmentAccess fresh, (int Id, string Code) indicator, string? status,
        string? narrativeEn, string? narrativeEs, int expectedRevision, int reviewPointId, CancellationToken ct)
    {
        var answer = await db.Answers.AsNoTracking().Include(a => a.Evidence)
            .FirstOrDefaultAsync(a => a.AssessmentId == fresh.AssessmentId && a.IndicatorId == indicator.Id, ct);
        var input = new AnswerInput(status, narrativeEn, narrativeEs, answer?.ResponsibleInstitutionId,
            answer?.Evidence.Select(l => new EvidenceLink(l.EvidenceId, l.Section)).ToList());
        var (parsed, links) = await ValidateAsync(fresh.AssessmentId, fresh.CountryId, input, ct);
        if (answer is not null && answer.Status == parsed && answer.Narrative.En == Clean(narrativeEn) && answer.Narrative.Es == Clean(narrativeEs))
        {
            return null;
        }

        return await ApplyAsync(actor, fresh, indicator, input, parsed, links, expectedRevision, "review", reviewPointId, ct);
    }

    /// The write itself, inside the guarded write path. `reviewPointId` set: a review resolution
    /// carries the change, which the stage (government review) otherwise refuses.
    private async Task<AnswerView> ApplyAsync(Actor actor, AssessmentAccess fresh, (int Id, string Code) indicator, AnswerInput input, AnswerStatus? status,
        IReadOnlyList<EvidenceLink> links, int expectedRevision, string source, int? reviewPointId, CancellationToken ct)
    {
        var assessmentId = fresh.AssessmentId;
        var answer = await db.Answers.Include(a => a.Evidence).FirstOrDefaultAsync(a => a.AssessmentId == assessmentId && a.IndicatorId == indicator.Id, ct);
        var beforeView = answer is null ? null : ToView(indicator.Code, answer, true);
        var onlyNarrative = answer is not null
            && answer.Status == status
            && answer.ResponsibleInstitutionId == input.ResponsibleInstitutionId
            && (input.IsValidated ?? answer.IsValidated) == answer.IsValidated
            && SameLinks(answer.Evidence, links);
        if (reviewPointId is null)
        {
            StageMachine.RequireEditable(fresh.Stage, onlyNarrative ? Edit.Narrative : Edit.Answer);
        }
        else
        {
            StageMachine.RequireEditable(fresh.Stage, Edit.Review);
        }

        if ((answer?.Revision ?? 0) != expectedRevision)
        {
            throw new StaleAnswerException(beforeView ?? Empty(indicator.Code));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (answer is null)
        {
            answer = new Answer { AssessmentId = assessmentId, IndicatorId = indicator.Id, Revision = 0 };
            db.Answers.Add(answer);
        }

        answer.Status = status;
        answer.Narrative = new LocalizedText(Clean(input.NarrativeEn), Clean(input.NarrativeEs));
        answer.ResponsibleInstitutionId = input.ResponsibleInstitutionId;
        answer.IsValidated = input.IsValidated ?? answer.IsValidated;
        answer.IsCarriedOver = false;
        answer.Revision++;
        answer.UpdatedAt = now;
        answer.UpdatedById = actor.UserId;
        answer.Evidence.RemoveAll(l => !links.Any(n => n.EvidenceId == l.EvidenceId));
        foreach (var link in links)
        {
            var existing = answer.Evidence.FirstOrDefault(l => l.EvidenceId == link.EvidenceId);
            if (existing is null)
            {
                answer.Evidence.Add(new AnswerEvidence { EvidenceId = link.EvidenceId, Section = link.Section });
            }
            else
            {
                existing.Section = link.Section;
            }
        }

        await db.SaveChangesAsync(ct);
        db.AnswerRevisions.Add(AnswerRevision.Of(answer, now, actor.UserId, reviewPointId is { } rp ? $"review:{rp}" : source));
        var after = ToView(indicator.Code, answer, true);
        if (reviewPointId is { } pointId)
        {
            audit.Record(actor, "answer.changed_by_review", "answer", answer.Id, assessmentId, beforeView,
                new { ReviewPointId = pointId, Answer = after }, indicator.Id);
        }
        else
        {
            audit.Record(actor, beforeView is null ? "answer.created" : "answer.updated", "answer", answer.Id, assessmentId,
                beforeView, after, indicator.Id);
        }
        await db.SaveChangesAsync(ct);
        return after;
    }

    // PostgreSQL: another first save of the same answer committed while this one waited for it.
    private static bool IsDuplicateAnswer(Exception e) =>
        e is DbUpdateException { InnerException: Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } };

    /// The revision history of one answer, oldest first.
    public async Task<IReadOnlyList<AnswerRevision>> RevisionsAsync(Actor actor, int assessmentId, string indicatorCode, CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        standing.Require(Permission.ReadInternal);
        var indicator = await IndicatorAsync(assessmentId, indicatorCode, ct);
        return await db.AnswerRevisions.AsNoTracking()
            .Where(r => db.Answers.Any(a => a.Id == r.AnswerId && a.AssessmentId == assessmentId && a.IndicatorId == indicator.Id))
            .OrderBy(r => r.Revision).ToListAsync(ct);
    }

    internal async Task<(int Id, string Code)> IndicatorAsync(int assessmentId, string indicatorCode, CancellationToken ct)
    {
        var found = await db.Indicators.AsNoTracking()
            .Where(i => i.Code == indicatorCode && db.Assessments.Any(a => a.Id == assessmentId && a.CatalogueId == i.CatalogueId))
            .Select(i => new { i.Id, i.Code }).FirstOrDefaultAsync(ct)
            ?? throw RefusedException.NotFound("indicator");
        return (found.Id, found.Code);
    }

    private async Task<IReadOnlyList<AnswerView>> ViewsAsync(AssessmentAccess standing, int? indicatorId, CancellationToken ct)
    {
        var catalogueId = await db.Assessments.Where(a => a.Id == standing.AssessmentId).Select(a => a.CatalogueId).FirstAsync(ct);
        var indicators = db.Indicators.AsNoTracking().Where(i => i.CatalogueId == catalogueId);
        if (indicatorId is { } only)
        {
            indicators = indicators.Where(i => i.Id == only);
        }

        var list = await indicators.OrderBy(i => i.Area!.Domain!.Order).ThenBy(i => i.Area!.Order).ThenBy(i => i.Order)
            .Select(i => new { i.Id, i.Code }).ToListAsync(ct);
        var answerQuery = db.Answers.AsNoTracking().Include(a => a.Evidence).ThenInclude(l => l.Evidence)
            .Where(a => a.AssessmentId == standing.AssessmentId);
        if (indicatorId is { } one)
        {
            answerQuery = answerQuery.Where(a => a.IndicatorId == one);
        }

        var answers = (await answerQuery.ToListAsync(ct)).ToDictionary(a => a.IndicatorId);
        var showPrivate = standing.May(Permission.ReadPrivateEvidence);
        return list.Select(i => answers.TryGetValue(i.Id, out var a) ? ToView(i.Code, a, showPrivate) : Empty(i.Code)).ToList();
    }

    private async Task<AnswerView> CurrentAsync(int assessmentId, int indicatorId, string code, CancellationToken ct)
    {
        var answer = await db.Answers.AsNoTracking().Include(a => a.Evidence).ThenInclude(l => l.Evidence)
            .FirstOrDefaultAsync(a => a.AssessmentId == assessmentId && a.IndicatorId == indicatorId, ct);
        return answer is null ? Empty(code) : ToView(code, answer, true);
    }

    private static AnswerView Empty(string code) => new(code, null, null, null, null, null, false, false, 0, null, null, []);

    private static AnswerView ToView(string code, Answer a, bool showPrivate) => new(code, a.Id, a.Status?.ToCode(), a.Narrative.En,
        a.Narrative.Es, a.ResponsibleInstitutionId, a.IsValidated, a.IsCarriedOver, a.Revision, a.UpdatedAt, a.UpdatedById,
        a.Evidence.Where(l => showPrivate || l.Evidence?.IsPublic != false).OrderBy(l => l.EvidenceId)
            .Select(l => new EvidenceLink(l.EvidenceId, l.Section)).ToList());

    private static bool SameLinks(List<AnswerEvidence> stored, IReadOnlyList<EvidenceLink> wanted) =>
        stored.Count == wanted.Count && wanted.All(w => stored.Any(s => s.EvidenceId == w.EvidenceId && s.Section == w.Section));

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private async Task<(AnswerStatus? Status, IReadOnlyList<EvidenceLink> Links)> ValidateAsync(int assessmentId, int countryId, AnswerInput input,
        CancellationToken ct)
    {
        var errors = new List<InputError>();
        AnswerStatus? status = null;
        if (input.Status is not null)
        {
            if (EnumCodes.TryParse<AnswerStatus>(input.Status, out var parsed))
            {
                status = parsed;
            }
            else
            {
                var codes = string.Join(", ", Enum.GetValues<AnswerStatus>().Select(s => s.ToCode()));
                errors.Add(new("status", "answer.bad_status", input.Status, codes));
            }
        }

        foreach (var (field, text) in new[] { ("narrativeEn", input.NarrativeEn), ("narrativeEs", input.NarrativeEs) })
        {
            if (text is { Length: > MaxNarrative })
            {
                errors.Add(new(field, "answer.narrative_too_long", MaxNarrative));
            }
        }

        if (input.ResponsibleInstitutionId is { } iid && !(await AssessmentInstitutions.ChoicesAmongAsync(db, assessmentId, [iid], ct)).Contains(iid))
        {
            errors.Add(new("responsibleInstitutionId", "answer.unknown_institution", AssessmentInstitutions.NotAChoice(iid)));
        }

        var links = input.Evidence ?? [];
        var known = (await db.Evidence.Where(e => e.AssessmentId == assessmentId).Select(e => e.Id).ToListAsync(ct)).ToHashSet();
        var seen = new HashSet<int>();
        foreach (var (link, n) in links.Select((l, n) => (l, n)))
        {
            if (!known.Contains(link.EvidenceId))
            {
                errors.Add(new($"evidence[{n}].evidenceId", "answer.unknown_evidence", link.EvidenceId));
            }
            else if (!seen.Add(link.EvidenceId))
            {
                errors.Add(new($"evidence[{n}].evidenceId", "answer.duplicate_evidence", link.EvidenceId));
            }
            else if (link.Section is { Length: > 500 })
            {
                errors.Add(new($"evidence[{n}].section", "answer.section_too_long"));
            }
        }

        if (errors.Count > 0)
        {
            throw new InputRejectedException("answer.invalid", errors);
        }

        return (status, links.Select(l => l with { Section = Clean(l.Section) }).ToList());
    }
}
