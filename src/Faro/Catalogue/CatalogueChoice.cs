using Faro.Data;
using Microsoft.EntityFrameworkCore;

namespace Faro.Catalogue;

/// Which catalogue version a new assessment and a next round take when nobody chooses one: the one
/// rule for the API, the CLI and the pages. Existing assessments are never moved: they keep the
/// version they were created on (a published version is immutable, so their answers keep meaning
/// what they meant).
public static class CatalogueChoice
{
    /// Published versions, newest first; the first is the default for a new assessment. Seeds imported in one start-up can share a publication
    /// time, so the later import (the higher id) wins a tie.
    public static IQueryable<IndicatorCatalogue> NewestPublishedFirst(this IQueryable<IndicatorCatalogue> catalogues) =>
        catalogues.Where(c => c.Status == CatalogueStatus.Published).OrderByDescending(c => c.PublishedAt).ThenByDescending(c => c.Id);

    /// The default for the next round of an assessment on `previousCatalogueId`: the newest
    /// published version that names it as its previous one (so that the answers travel through that
    /// version's crosswalk, which maps from exactly the round before's codes); the round before's
    /// own version when none does.
    public static async Task<int> ForNextRoundAsync(FaroDb db, int previousCatalogueId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Catalogues.AsNoTracking().Where(c => c.PreviousVersionId == previousCatalogueId).NewestPublishedFirst()
            .Select(c => (int?)c.Id).FirstOrDefaultAsync(ct) ?? previousCatalogueId;
    }
}
