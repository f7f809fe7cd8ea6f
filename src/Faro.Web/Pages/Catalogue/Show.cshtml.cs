using Faro.Catalogue;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Faro.Web.Pages.Catalogue;

/// One catalogue version to read before publishing it: its domains, sub-areas and indicators, each
/// domain folded so that 90 indicators stay readable.
public sealed class ShowModel(CatalogueService catalogues, CurrentUser me, UiLanguage lang) : PageModel
{
    public CatalogueDetail? Detail { get; private set; }

    public async Task<IActionResult> OnGetAsync(int catalogueId, CancellationToken ct)
    {
        try
        {
            Detail = await catalogues.GetAsync(await me.ActorAsync(ct), catalogueId, ct);
            return Page();
        }
        catch (RefusedException e) when (e.Kind == RefusalKind.NotFound)
        {
            return NotFound();
        }
    }

    public Task<IActionResult> OnPostPublishAsync(int catalogueId, CancellationToken ct) =>
        CatalogueMoves.MoveAsync(this, me, lang, async a => await catalogues.PublishAsync(a, catalogueId, ct), "catalogues.published", $"/catalogues/{catalogueId}", ct);

    public Task<IActionResult> OnPostRetireAsync(int catalogueId, CancellationToken ct) =>
        CatalogueMoves.MoveAsync(this, me, lang, async a => await catalogues.RetireAsync(a, catalogueId, ct), "catalogues.retired", $"/catalogues/{catalogueId}", ct);
}
