using DiffPlex;
using DiffPlex.Chunkers;
using Faro.Data;
using Faro.People;
using Microsoft.EntityFrameworkCore;

namespace Faro.Assessments;

public enum DiffKind
{
    Same,
    Added,
    Removed,
}

/// A run of words that both versions share, or that one of them adds or removes.
public sealed record TextPiece(DiffKind Kind, string Text);

/// One source cited by one version and not by the other.
public sealed record SourceRef(int Id, LocalizedText Title);

/// What one revision changed from the one before it (for the first revision: from nothing).
/// `Narrative` holds only the languages whose text changed.
public sealed record RevisionChanges(int Revision, DateTime At, string? By, string? Source,
    AnswerStatus? Status, AnswerStatus? PreviousStatus, bool StatusChanged,
    IReadOnlyDictionary<string, IReadOnlyList<TextPiece>> Narrative,
    LocalizedText? Institution, bool InstitutionChanged,
    IReadOnlyList<SourceRef> SourcesAdded, IReadOnlyList<SourceRef> SourcesRemoved,
    bool IsValidated, bool ValidatedChanged)
{
    public bool ChangesNothing => !StatusChanged && Narrative.Count == 0 && !InstitutionChanged && SourcesAdded.Count == 0
        && SourcesRemoved.Count == 0 && !ValidatedChanged;
}

/// One page of an answer's revisions, newest first; `Before` is the cursor for the next page.
public sealed record RevisionPage(string IndicatorCode, int Total, IReadOnlyList<RevisionChanges> Revisions, int? Before);

/// Word-level differences between two texts, for revision histories and the stale-save panel.
public static class TextDiff
{
    /// Runs of equal, removed and added words (whitespace and punctuation kept), so that
    /// concatenating the Same and Removed pieces gives `before` and Same and Added give `after`.
    public static IReadOnlyList<TextPiece> Words(string? before, string? after)
    {
        before ??= "";
        after ??= "";
        var pieces = new List<TextPiece>();
        if (before == after)
        {
            if (before.Length > 0)
            {
                pieces.Add(new TextPiece(DiffKind.Same, before));
            }

            return pieces;
        }

        var result = Differ.Instance.CreateDiffs(before, after, ignoreWhiteSpace: false, ignoreCase: false, WordChunker.Instance);
        var a = result.PiecesOld;
        var b = result.PiecesNew;
        var ia = 0;
        foreach (var block in result.DiffBlocks)
        {
            for (; ia < block.DeleteStartA; ia++)
            {
                Add(pieces, DiffKind.Same, a[ia]);
            }

            for (var k = 0; k < block.DeleteCountA; k++, ia++)
            {
                Add(pieces, DiffKind.Removed, a[ia]);
            }

            for (var k = 0; k < block.InsertCountB; k++)
            {
                Add(pieces, DiffKind.Added, b[block.InsertStartB + k]);
            }
        }

        for (; ia < a.Count; ia++)
        {
            Add(pieces, DiffKind.Same, a[ia]);
        }

        return pieces;
    }

    private static void Add(List<TextPiece> pieces, DiffKind kind, string text)
    {
        if (pieces.Count > 0 && pieces[^1].Kind == kind)
        {
            pieces[^1] = pieces[^1] with { Text = pieces[^1].Text + text };
        }
        else
        {
            pieces.Add(new TextPiece(kind, text));
        }
    }
}

/// An answer's numbered revisions with what each changed (status, a word diff of each narrative,
/// the responsible institution, the sources, the validated flag), read through `Access`: sources
/// the caller may not see (private ones) are never named.
public sealed class AnswerHistory(FaroDb db, Access access)
{
    public const int MaxTake = 100;

    public async Task<RevisionPage> ReadAsync(Actor actor, int assessmentId, string indicatorCode, int? before, int take,
        CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        standing.Require(Permission.Read);
        return await ReadAsync(standing, indicatorCode, before, take, ct);
    }

    /// One indicator's history by its code, for a caller whose standing is already checked.
    public async Task<RevisionPage> ReadAsync(AssessmentAccess standing, string indicatorCode, int? before, int take,
        CancellationToken ct = default)
    {
        var assessmentId = standing.AssessmentId;
        take = Math.Clamp(take, 1, MaxTake);
        var answerId = await db.Answers.AsNoTracking()
            .Where(x => x.AssessmentId == assessmentId && x.Indicator!.Code == indicatorCode)
            .Select(x => (int?)x.Id).FirstOrDefaultAsync(ct);
        if (answerId is not { } id)
        {
            // An indicator of the catalogue that has no answer yet has an empty history.
            var known = await db.Indicators.AnyAsync(i => i.Code == indicatorCode
                && db.Assessments.Any(x => x.Id == assessmentId && x.CatalogueId == i.CatalogueId), ct);
            return known ? new RevisionPage(indicatorCode, 0, [], null) : throw RefusedException.NotFound("indicator");
        }

        return await PageAsync(standing, indicatorCode, id, before, take, ct);
    }

    /// For a page that has already checked the caller's standing on the answer's assessment.
    public async Task<RevisionPage> PageAsync(AssessmentAccess standing, string indicatorCode, int answerId, int? before, int take,
        CancellationToken ct = default)
    {
        var all = db.AnswerRevisions.AsNoTracking().Where(r => r.AnswerId == answerId
            && db.Answers.Any(a => a.Id == answerId && a.AssessmentId == standing.AssessmentId));
        var query = before is { } b ? all.Where(r => r.Revision < b) : all;
        // One more than shown: the oldest shown revision is compared with the one before it.
        var rows = await query.OrderByDescending(r => r.Revision).Take(take + 1)
            .Select(r => new
            {
                r.Revision,
                r.At,
                r.Source,
                r.Status,
                r.Narrative,
                r.ResponsibleInstitutionId,
                r.IsValidated,
                r.EvidenceIds,
                By = db.Users.Where(u => u.Id == r.ById).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(ct);

        // A first page that holds every revision is its own count (the indicator page's usual case).
        var total = before is null && rows.Count <= take ? rows.Count : await all.CountAsync(ct);
        // Lookups only for what the page names: most histories cite a few sources and one institution.
        var evidenceIds = rows.SelectMany(r => ParseIds(r.EvidenceIds)).ToHashSet();
        var visible = evidenceIds.Count == 0 ? [] : await access.VisibleEvidence(standing).AsNoTracking().Where(e => evidenceIds.Contains(e.Id))
            .Select(e => new SourceRef(e.Id, e.Title)).ToDictionaryAsync(e => e.Id, ct);
        var institutionIds = rows.Select(r => r.ResponsibleInstitutionId).OfType<int>().ToHashSet();
        var institutions = institutionIds.Count == 0 ? [] : await db.Institutions.AsNoTracking().Where(i => institutionIds.Contains(i.Id))
            .ToDictionaryAsync(i => i.Id, i => i.Name, ct);

        var changes = new List<RevisionChanges>();
        for (var k = 0; k < Math.Min(take, rows.Count); k++)
        {
            var r = rows[k];
            var p = k + 1 < rows.Count ? rows[k + 1] : null;
            var narrative = new Dictionary<string, IReadOnlyList<TextPiece>>();
            // Spanish first, as on the answer form.
            foreach (var lang in new[] { Languages.Spanish, Languages.English })
            {
                var now = r.Narrative[lang];
                var was = p?.Narrative[lang];
                if ((now ?? "") != (was ?? ""))
                {
                    narrative[lang] = TextDiff.Words(was, now);
                }
            }

            var nowIds = ParseIds(r.EvidenceIds);
            var wasIds = p is null ? [] : ParseIds(p.EvidenceIds);
            changes.Add(new RevisionChanges(r.Revision, r.At, r.By, r.Source, r.Status, p?.Status, r.Status != p?.Status,
                narrative,
                r.ResponsibleInstitutionId is { } inst ? institutions.GetValueOrDefault(inst) : null,
                r.ResponsibleInstitutionId != p?.ResponsibleInstitutionId,
                Named(nowIds.Except(wasIds), visible), Named(wasIds.Except(nowIds), visible),
                r.IsValidated, r.IsValidated != (p?.IsValidated ?? false)));
        }

        int? next = rows.Count > take ? rows[take - 1].Revision : null;
        return new RevisionPage(indicatorCode, total, changes, next);
    }

    /// The sources one version cites and the other does not, by what the caller may see.
    public async Task<(IReadOnlyList<SourceRef> OnlyMine, IReadOnlyList<SourceRef> OnlyTheirs)> SourceDifferencesAsync(
        AssessmentAccess standing, IEnumerable<int> mine, IEnumerable<int> theirs, CancellationToken ct = default)
    {
        var a = mine.ToHashSet();
        var b = theirs.ToHashSet();
        var ids = a.Union(b).ToList();
        var visible = await access.VisibleEvidence(standing).AsNoTracking().Where(e => ids.Contains(e.Id))
            .Select(e => new SourceRef(e.Id, e.Title)).ToDictionaryAsync(e => e.Id, ct);
        return (Named(a.Except(b), visible), Named(b.Except(a), visible));
    }

    private static List<SourceRef> Named(IEnumerable<int> ids, Dictionary<int, SourceRef> visible) =>
        ids.Order().Select(visible.GetValueOrDefault).OfType<SourceRef>().ToList();

    private static int[] ParseIds(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
