using Faro.Data;
using Faro.People;
using Microsoft.EntityFrameworkCore;

namespace Faro.Catalogue;

public sealed record CatalogueSummary(int Id, string Code, string Version, LocalizedText Title, string Status, DateTime CreatedAt, DateTime? PublishedAt,
    int? PreviousVersionId, string? PreviousVersion, int Indicators, int Assessments);

public sealed record CatalogueIndicatorView(string Code, LocalizedText Text, string Competence, LocalizedText Guidance);

public sealed record CatalogueAreaView(string Code, LocalizedText Title, IReadOnlyList<CatalogueIndicatorView> Indicators);

public sealed record CatalogueDomainView(string Code, LocalizedText Title, IReadOnlyList<CatalogueAreaView> Areas);

public sealed record CatalogueDetail(CatalogueSummary Catalogue, LocalizedText Description, IReadOnlyList<CatalogueDomainView> Domains);

public sealed record CrosswalkEntryView(string? From, string? To, string Kind, string? Note);

/// A version's crosswalk to the one before it: the entries the catalogue's authors wrote, plus what
/// they left unsaid: codes of the previous version that are gone without an entry, and codes that
/// are new without one. Codes present in both without an entry are taken as the same indicator.
public sealed record CrosswalkView(CatalogueSummary Catalogue, CatalogueSummary? Previous, IReadOnlyList<CrosswalkEntryView> Entries,
    int Same, IReadOnlyList<string> UnmappedRemoved, IReadOnlyList<string> UnmappedNew);

public sealed partial class CatalogueService
{
    /// Catalogue administration is for administrators of the installation (and the command line).
    public static void RequireAdmin(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsAuthenticated)
        {
            throw RefusedException.Unauthenticated();
        }

        if (!actor.IsAdmin)
        {
            throw RefusedException.Forbidden("catalogue.admin_only");
        }
    }

    /// Every version, newest first. Anyone signed in sees the published and retired ones (they pick
    /// catalogues for assessments and read their indicators); drafts only administrators.
    public async Task<IReadOnlyList<CatalogueSummary>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsAuthenticated)
        {
            throw RefusedException.Unauthenticated();
        }

        return await Summaries(Visible(actor).OrderBy(c => c.Code).ThenByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)).ToListAsync(ct);
    }

    public async Task<CatalogueDetail> GetAsync(Actor actor, int id, CancellationToken ct = default)
    {
        var summary = await SummaryAsync(actor, id, ct);
        var catalogue = await db.Catalogues.AsNoTracking()
            .Include(c => c.Domains.OrderBy(d => d.Order)).ThenInclude(d => d.Areas.OrderBy(a => a.Order))
            .ThenInclude(a => a.Indicators.OrderBy(i => i.Order))
            .AsSplitQuery()
            .FirstAsync(c => c.Id == id, ct);
        return new CatalogueDetail(summary, catalogue.Description, catalogue.Domains.Select(d => new CatalogueDomainView(d.Code, d.Title,
            d.Areas.Select(a => new CatalogueAreaView(a.Code, a.Title,
                a.Indicators.Select(i => new CatalogueIndicatorView(i.Code, i.Text, i.Competence.ToString(), i.Guidance)).ToList())).ToList())).ToList());
    }

    /// Publishing freezes the draft: from now on it is never written over, and it can be chosen for
    /// new assessments.
    public async Task<CatalogueSummary> PublishAsync(Actor actor, int id, CancellationToken ct = default) =>
        await MoveAsync(actor, id, CatalogueStatus.Draft, CatalogueStatus.Published, "catalogue.published", ct);

    /// A retired version is no longer offered for new assessments; those that use it keep it.
    public async Task<CatalogueSummary> RetireAsync(Actor actor, int id, CancellationToken ct = default) =>
        await MoveAsync(actor, id, CatalogueStatus.Published, CatalogueStatus.Retired, "catalogue.retired", ct);

    public async Task<CrosswalkView> CrosswalkAsync(Actor actor, int id, CancellationToken ct = default)
    {
        var summary = await SummaryAsync(actor, id, ct);
        var previous = summary.PreviousVersionId is { } pid ? await Summaries(db.Catalogues.Where(c => c.Id == pid)).FirstOrDefaultAsync(ct) : null;
        var entries = await db.Crosswalk.AsNoTracking().Where(c => c.CatalogueId == id).OrderBy(c => c.Id)
            .Select(c => new { c.FromCode, c.ToCode, c.Kind, c.Note }).ToListAsync(ct);
        var mine = await db.Indicators.AsNoTracking().Where(i => i.CatalogueId == id).OrderBy(i => i.Order).Select(i => i.Code).ToListAsync(ct);
        var theirs = previous is null ? [] : await db.Indicators.AsNoTracking().Where(i => i.CatalogueId == previous.Id).OrderBy(i => i.Order).Select(i => i.Code).ToListAsync(ct);
        var from = entries.Where(e => e.FromCode is not null).Select(e => e.FromCode!).ToHashSet(StringComparer.Ordinal);
        var to = entries.Where(e => e.ToCode is not null).Select(e => e.ToCode!).ToHashSet(StringComparer.Ordinal);
        var mineSet = mine.ToHashSet(StringComparer.Ordinal);
        var theirSet = theirs.ToHashSet(StringComparer.Ordinal);
        return new CrosswalkView(summary, previous,
            entries.Select(e => new CrosswalkEntryView(e.FromCode, e.ToCode, e.Kind.ToCode(), e.Note)).ToList(),
            mine.Count(c => theirSet.Contains(c) && !from.Contains(c) && !to.Contains(c)),
            previous is null ? [] : theirs.Where(c => !mineSet.Contains(c) && !from.Contains(c)).ToList(),
            previous is null ? [] : mine.Where(c => !theirSet.Contains(c) && !to.Contains(c)).ToList());
    }

    private async Task<CatalogueSummary> MoveAsync(Actor actor, int id, CatalogueStatus from, CatalogueStatus to, string action, CancellationToken ct)
    {
        RequireAdmin(actor);
        await using var tx = await db.BeginWriteAsync(ct);
        var catalogue = await db.Catalogues.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw RefusedException.NotFound("catalogue");
        if (catalogue.Status != from)
        {
            throw to == CatalogueStatus.Published
                ? RefusedException.Conflict("catalogue.not_draft")
                : RefusedException.Conflict("catalogue.not_published");
        }

        catalogue.Status = to;
        if (to == CatalogueStatus.Published)
        {
            catalogue.PublishedAt = clock.GetUtcNow().UtcDateTime;
        }

        audit.Record(actor, action, "catalogue", catalogue.Id, null, new { status = from.ToCode() },
            new { status = to.ToCode(), code = catalogue.Code, version = catalogue.Version });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await SummaryAsync(actor, id, ct);
    }

    private async Task<CatalogueSummary> SummaryAsync(Actor actor, int id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsAuthenticated)
        {
            throw RefusedException.Unauthenticated();
        }

        return await Summaries(Visible(actor).Where(c => c.Id == id)).FirstOrDefaultAsync(ct) ?? throw RefusedException.NotFound("catalogue");
    }

    private IQueryable<IndicatorCatalogue> Visible(Actor actor)
    {
        var admin = actor.IsAdmin;
        return db.Catalogues.AsNoTracking().Where(c => admin || c.Status != CatalogueStatus.Draft);
    }

    /// Filter and order before this projection: EF cannot order by a member of a constructed record.
    private IQueryable<CatalogueSummary> Summaries(IQueryable<IndicatorCatalogue> source) => source
        .Select(c => new CatalogueSummary(c.Id, c.Code, c.Version, c.Title,
            c.Status == CatalogueStatus.Draft ? "draft" : c.Status == CatalogueStatus.Published ? "published" : "retired",
            c.CreatedAt, c.PublishedAt, c.PreviousVersionId, c.PreviousVersion != null ? c.PreviousVersion.Version : null,
            db.Indicators.Count(i => i.CatalogueId == c.Id), db.Assessments.Count(a => a.CatalogueId == c.Id)));
}
