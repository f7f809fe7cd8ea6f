using Faro.Catalogue;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Faro.Web.Pages.Catalogue;

/// Catalogue administration (administrators; the folder guard checks): the versions with their
/// status, importing a new one as a draft, publishing and retiring. The rules are
/// `CatalogueService`'s, shared with the API and the command line.
public sealed class IndexModel(CatalogueService catalogues, CurrentUser me, UiLanguage lang) : PageModel
{
    public IReadOnlyList<CatalogueSummary> Versions { get; private set; } = [];

    [BindProperty] public IFormFile? Upload { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Versions = await catalogues.ListAsync(await me.ActorAsync(ct), ct);

    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct)
    {
        var actor = await me.ActorAsync(ct);
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), $"{lang["catalogues.file"]}: {lang["exchange.no_file"]}");
        }
        else if (Upload.Length > CatalogueService.MaxFileBytes)
        {
            ModelState.AddModelError(nameof(Upload), $"{lang["catalogues.file"]}: {lang["catalogues.too_large"]}");
        }
        else
        {
            byte[] bytes;
            await using (var stream = Upload.OpenReadStream())
            using (var buffer = new MemoryStream())
            {
                await stream.CopyToAsync(buffer, ct);
                bytes = buffer.ToArray();
            }

            try
            {
                var imported = await Faro.Web.Catalogue.CatalogueApi.ImportDraftAsync(catalogues, actor, bytes, Path.GetFileName(Upload.FileName), ct);
                TempData["Saved"] = "catalogues.imported";
                return Redirect($"/catalogues/{imported.Id}");
            }
            catch (InputRejectedException e)
            {
                foreach (var error in e.Errors)
                {
                    ModelState.AddModelError(nameof(Upload), $"{error.Location}: {error.Message[lang.Current]}");
                }
            }
            catch (RefusedException e)
            {
                ModelState.AddRefusal(e, lang);
            }
        }

        Versions = await catalogues.ListAsync(actor, ct);
        return Page();
    }

    public Task<IActionResult> OnPostPublishAsync(int id, CancellationToken ct) =>
        CatalogueMoves.MoveAsync(this, me, lang, async a => await catalogues.PublishAsync(a, id, ct), "catalogues.published", $"/catalogues/{id}", ct);

    public Task<IActionResult> OnPostRetireAsync(int id, CancellationToken ct) =>
        CatalogueMoves.MoveAsync(this, me, lang, async a => await catalogues.RetireAsync(a, id, ct), "catalogues.retired", $"/catalogues/{id}", ct);
}

/// Publish and retire from either page: done, back to the version; refused, the reason on the
/// version's page (which reads the refusal from TempData after the redirect).
public static class CatalogueMoves
{
    public static async Task<IActionResult> MoveAsync(PageModel page, CurrentUser me, UiLanguage lang, Func<Faro.People.Actor, Task> move, string done,
        string back, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(me);
        ArgumentNullException.ThrowIfNull(lang);
        ArgumentNullException.ThrowIfNull(move);
        try
        {
            await move(await me.ActorAsync(ct));
            page.TempData["Saved"] = done;
        }
        catch (RefusedException e) when (e.Kind == RefusalKind.NotFound)
        {
            return new NotFoundResult();
        }
        catch (RefusedException e)
        {
            page.TempData["Refused"] = e.Text[lang.Current];
        }

        return new RedirectResult(back);
    }
}
