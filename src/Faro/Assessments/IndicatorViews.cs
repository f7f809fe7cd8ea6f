using Faro.Catalogue;
using Faro.Data;
using Faro.People;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Assessments;

public sealed record SourceRow(int Id, LocalizedText Title, EvidenceType Type, string? IssuingBody, DateOnly? IssuedOn, string? Url,
    string? FileName, long? FileSize, bool IsPublic);

public sealed record IndicatorComment(int Id, string? Author, string Text, CommentVisibility Visibility, DateTime At);

public sealed record PreviousAnswer(int AssessmentId, int Round, AnswerStatus? Status, LocalizedText Narrative);

public sealed record IndicatorReviewPoint(int Id, LocalizedText Finding, bool IsOpen);

public sealed record IndicatorDecision(DateOnly Date, string Text);

public sealed record IndicatorNeighbour(string Code, LocalizedText Text);

/// Everything the indicator page shows around the answer form, read for one caller.
public sealed record IndicatorPageView(
    Indicator Indicator,
    Answer? Answer,
    /// The sources this answer cites, with the article or section of each.
    IReadOnlyDictionary<int, string?> Linked,
    IReadOnlyList<(int Id, LocalizedText Name)> Institutions,
    IReadOnlyList<LocalizedText> AssignedTo,
    IReadOnlyList<IndicatorComment> Comments,
    /// The latest revisions with what each changed; the rest on the history page.
    RevisionPage Revisions,
    IReadOnlyList<IndicatorReviewPoint> ReviewPoints,
    IReadOnlyList<IndicatorDecision> Decisions,
    PreviousAnswer? Previous,
    IndicatorNeighbour? Prev,
    IndicatorNeighbour? Next,
    /// The next indicator the caller answers (for a focal point, the next one assigned to them).
    IndicatorNeighbour? NextAssigned,
    /// The caller may write this answer (role, scope, assignment) and the stage allows answers.
    bool MayEditAnswer,
    /// The stage allows only the narratives and evidence (drafting).
    bool NarrativeOnly);

/// The sources of the answer form: those chosen first (cited, or ticked in the form; retired ones
/// only here), then one page of the library search without them, so a library of hundreds never
/// swamps the form.
public sealed record SourceChoices(IReadOnlyList<SourceRow> Chosen, IReadOnlyList<SourceRow> Found, int FoundTotal, int LibraryTotal, int Page);

/// The version someone else saved meanwhile: who and when, and the sources that differ from the
/// ones ticked in the form (only sources the caller may see are named).
public sealed record OtherVersion(int Revision, AnswerStatus? Status, string? NarrativeEs, string? NarrativeEn, int? ResponsibleInstitutionId,
    string? By, DateTime? At, IReadOnlyList<SourceRef> OnlyTheirs, IReadOnlyList<SourceRef> OnlyMine);

/// The reads of the indicator page, so that the page model holds only the form: the page asks
/// for them only to show the page (a GET, or a write the core refused), never before a write.
/// Visibility comes from the caller's standing (`Access`), as in the services.
public sealed class IndicatorViews(FaroDb db, Access access, AnswerHistory history)
{
    public const int RecentRevisions = 5;

    /// Null when the assessment's catalogue has no indicator of this code.
    public async Task<IndicatorPageView?> PageAsync(AssessmentAccess standing, Assessment a, string code, string lang, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(standing);
        ArgumentNullException.ThrowIfNull(a);
        var indicator = await db.Indicators.AsNoTracking().Include(i => i.Area).ThenInclude(x => x!.Domain)
            .FirstOrDefaultAsync(i => i.CatalogueId == a.CatalogueId && i.Code == code, ct);
        if (indicator is null)
        {
            return null;
        }

        var answer = await db.Answers.AsNoTracking().Include(x => x.Evidence)
            .FirstOrDefaultAsync(x => x.AssessmentId == a.Id && x.IndicatorId == indicator.Id, ct);
        var institutions = (await AssessmentInstitutions.ChoiceListAsync(db, a, lang, ct)).Select(i => (i.Id, i.Name)).ToList();
        var assignedTo = await db.Assignments.AsNoTracking().Where(x => x.AssessmentId == a.Id && x.IndicatorId == indicator.Id)
            .Select(x => x.Institution!.Name).ToListAsync(ct);

        var comments = await access.VisibleComments(standing).AsNoTracking()
            .Where(c => c.IndicatorId == indicator.Id)
            .OrderBy(c => c.At)
            .Select(c => new IndicatorComment(c.Id, c.Author != null ? c.Author.DisplayName : null, c.Text, c.Visibility, c.At))
            .ToListAsync(ct);
        var revisions = answer is null
            ? new RevisionPage("", 0, [], null)
            : await history.PageAsync(standing, indicator.Code, answer.Id, null, RecentRevisions, ct);

        var reviewPoints = await db.ReviewPoints.AsNoTracking().Where(p => p.AssessmentId == a.Id && p.IndicatorId == indicator.Id)
            .OrderBy(p => p.RaisedAt).Select(p => new IndicatorReviewPoint(p.Id, p.Finding, p.Resolution == null)).ToListAsync(ct);
        var decisions = (await db.WorkshopDecisions.AsNoTracking()
                .Where(d => d.IndicatorId == indicator.Id && db.Workshops.Any(w => w.Id == d.WorkshopId && w.AssessmentId == a.Id))
                .Select(d => new { Date = db.Workshops.Where(w => w.Id == d.WorkshopId).Select(w => w.Date).First(), d.Text })
                .ToListAsync(ct))
            .OrderBy(d => d.Date).Select(d => new IndicatorDecision(d.Date, d.Text)).ToList();

        PreviousAnswer? previous = null;
        if (a.PreviousRoundId is { } previousId)
        {
            previous = await db.Answers.AsNoTracking()
                .Where(x => x.AssessmentId == previousId && x.Indicator!.Code == indicator.Code)
                .Select(x => new PreviousAnswer(previousId, x.Assessment!.Round, x.Status, x.Narrative))
                .FirstOrDefaultAsync(ct);
        }

        var order = await db.Indicators.AsNoTracking().Where(i => i.CatalogueId == a.CatalogueId)
            .OrderBy(i => i.Area!.Domain!.Order).ThenBy(i => i.Area!.Order).ThenBy(i => i.Order)
            .Select(i => new IndicatorNeighbour(i.Code, i.Text)).ToListAsync(ct);
        var index = order.FindIndex(n => n.Code == indicator.Code);
        var prev = index > 0 ? order[index - 1] : null;
        var next = index < order.Count - 1 ? order[index + 1] : null;
        var nextAssigned = next;
        // A focal point works through the indicators assigned to them: "next" skips the others.
        if (standing is { IsTeam: false, IsFocalPoint: true })
        {
            var ids = standing.AssignedIndicators.ToList();
            var assigned = await db.Indicators.AsNoTracking().Where(i => ids.Contains(i.Id)).Select(i => i.Code).ToListAsync(ct);
            nextAssigned = order.Skip(index + 1).FirstOrDefault(n => assigned.Contains(n.Code));
        }

        var writer = standing.MayWriteAnswer(indicator.Id);
        var mayEdit = writer && StageMachine.IsEditable(a.Stage, Edit.Answer);
        return new IndicatorPageView(indicator, answer, answer?.Evidence.ToDictionary(e => e.EvidenceId, e => e.Section) ?? [], institutions, assignedTo,
            comments, revisions, reviewPoints, decisions, previous, prev, next, nextAssigned, mayEdit,
            writer && !mayEdit && StageMachine.IsEditable(a.Stage, Edit.Narrative));
    }

    /// The sources of the answer form for `chosen` (cited or ticked) and one page of the library
    /// search (`query` matches titles and issuers, `types` the source types the query names in the
    /// reader's language). The page is clamped to the pages there are.
    public async Task<SourceChoices> SourcesAsync(AssessmentAccess standing, IEnumerable<int> chosen, string? query, IReadOnlyCollection<EvidenceType> types,
        int page, int pageSize, CancellationToken ct = default)
    {
        var visible = access.VisibleEvidence(standing).AsNoTracking();
        var chosenIds = chosen.Distinct().ToList();
        var rows = await visible.Where(e => chosenIds.Contains(e.Id)).OrderBy(e => e.Id)
            .Select(e => new SourceRow(e.Id, e.Title, e.Type, e.IssuingBody, e.IssuedOn, e.Url, e.FileName, e.FileSize, e.IsPublic))
            .ToListAsync(ct);
        // Retired sources leave the choice list, but stay where this answer already cites them.
        var library = visible.Where(e => e.RetiredAt == null);
        var libraryTotal = await library.CountAsync(ct);
        var found = EvidenceSearch.Matching(library.Where(e => !chosenIds.Contains(e.Id)), query, types);
        var foundTotal = await found.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (foundTotal + pageSize - 1) / pageSize));
        // Newest first: the source just added elsewhere is the one most likely wanted.
        var shown = await found.OrderByDescending(e => e.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(e => new SourceRow(e.Id, e.Title, e.Type, e.IssuingBody, e.IssuedOn, e.Url, e.FileName, e.FileSize, e.IsPublic))
            .ToListAsync(ct);
        return new SourceChoices(rows, shown, foundTotal, libraryTotal, page);
    }

    /// The answer a stale save ran into, with who saved it and how its sources differ from the
    /// ones the caller ticked.
    public async Task<OtherVersion> OtherVersionAsync(AssessmentAccess standing, AnswerView theirs, IEnumerable<int> mine, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(theirs);
        var by = theirs.UpdatedById is { } who ? await db.Users.AsNoTracking().Where(u => u.Id == who).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) : null;
        var (onlyMine, onlyTheirs) = await history.SourceDifferencesAsync(standing, mine, theirs.Evidence.Select(l => l.EvidenceId), ct);
        return new OtherVersion(theirs.Revision, EnumCodes.TryParse<AnswerStatus>(theirs.Status, out var s) ? s : null, theirs.NarrativeEs, theirs.NarrativeEn,
            theirs.ResponsibleInstitutionId, by, theirs.UpdatedAt, onlyTheirs, onlyMine);
    }
}
