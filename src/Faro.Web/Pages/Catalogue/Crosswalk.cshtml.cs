using Faro.Catalogue;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Faro.Web.Pages.Catalogue;

/// A version's crosswalk to the previous one: what its authors mapped, and what they left unmapped.
public sealed class CrosswalkModel(CatalogueService catalogues, CurrentUser me) : PageModel
{
    public CrosswalkView? View { get; private set; }

    public async Task<IActionResult> OnGetAsync(int catalogueId, CancellationToken ct)
    {
        try
        {
            View = await catalogues.CrosswalkAsync(await me.ActorAsync(ct), catalogueId, ct);
            return Page();
        }
        catch (RefusedException e) when (e.Kind == RefusalKind.NotFound)
        {
            return NotFound();
        }
    }
}
