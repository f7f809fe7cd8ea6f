using System.Globalization;
using Faro.Assessments;
using Faro.Catalogue;
using Faro.Data;
using Faro.People;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Assessments;

/// "Start round N+1" from a published or follow-up assessment: the catalogue version (by default the
/// newest successor of the round before's, else the same; another one goes through its crosswalk) and whether focal points and assignments come
/// along. The result lists what was carried over and the indicators without a counterpart.
public sealed class NextRoundModel(FaroDb db, CurrentAssessment current, UiLanguage lang, NextRound rounds) : PageModel
{
    public CurrentAssessment Current => current;
    public List<Choice> Catalogues { get; private set; } = [];
    public NextRoundResult? Result { get; private set; }
    public int? ExistingNextId { get; private set; }
    public bool MayStart => Access.IsPublicStage(current.Stage) && current.Assessment.WithdrawnAt is null && ExistingNextId is null;

    [BindProperty] public string? CatalogueId { get; set; }
    [BindProperty] public bool CarryFocalPoints { get; set; } = true;
    [BindProperty] public bool CarryAssignments { get; set; } = true;

    public async Task OnGetAsync(CancellationToken ct)
    {
        CatalogueId = (await CatalogueChoice.ForNextRoundAsync(db, current.Assessment.CatalogueId, ct)).ToString(CultureInfo.InvariantCulture);
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        int? catalogue = int.TryParse(CatalogueId, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : null;
        // The result is shown on this page (not a redirect): it lists the indicators that had no
        // counterpart, which the coordinator needs to see once.
        Result = await this.TryWriteAsync(lang, () => rounds.StartAsync(current.Actor, current.Id,
            new NextRoundRequest(catalogue, CarryFocalPoints, CarryAssignments), ct), CatalogueFields);
        await LoadAsync(ct);
        return Page();
    }

    private static readonly Dictionary<string, (string, string)> CatalogueFields = new() { ["catalogueId"] = ("CatalogueId", "newassessment.catalogue") };

    private async Task LoadAsync(CancellationToken ct)
    {
        Catalogues = (await db.Catalogues.AsNoTracking().NewestPublishedFirst()
                .Select(x => new { x.Id, x.Code, x.Version, x.Title }).ToListAsync(ct))
            .Select(x => new Choice(x.Id.ToString(CultureInfo.InvariantCulture), $"{x.Title.Resolve(lang.Current)?.Text} ({x.Code}@{x.Version})")).ToList();
        ExistingNextId = Result is null
            ? await db.Assessments.AsNoTracking().Where(a => a.PreviousRoundId == current.Id && a.WithdrawnAt == null).Select(a => (int?)a.Id).FirstOrDefaultAsync(ct)
            : null;
    }
}
