using Faro.Data;
using Faro.Places;
using Faro.Web.Localization;
using Faro.Web.Places;
using Faro.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Places;

/// Uploads a country's CSV gazetteer, shows what it would add and change (or every error by row
/// and column), then applies the very file that was previewed: it is kept on the server
/// (`PendingUploads`), and the import checks it again inside its transaction.
public sealed class GazetteerModel(FaroDb db, CurrentUser me, UiLanguage lang, GazetteerImport gazetteer, PendingUploads pending) : PageModel
{
    public const string Kind = "gazetteer";

    public List<Country> Countries { get; private set; } = [];
    public GazetteerPreviewView? Preview { get; private set; }
    public string? FileName { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Country { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? Pending { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), $"{lang["places.gazetteer_file"]}: {lang["exchange.no_file"]}");
            return Page();
        }

        if (Upload.Length > GazetteerImport.MaxBytes)
        {
            ModelState.AddModelError(nameof(Upload), $"{lang["places.gazetteer_file"]}: {lang["places.gazetteer_too_large"]}");
            return Page();
        }

        byte[] bytes;
        await using (var stream = Upload.OpenReadStream())
        using (var buffer = new MemoryStream())
        {
            await stream.CopyToAsync(buffer, ct);
            bytes = buffer.ToArray();
        }

        var actor = await me.ActorAsync(ct);
        try
        {
            var preview = await gazetteer.PreviewAsync(actor, Country ?? "", bytes, ct);
            Preview = GazetteerPreviewView.Of(preview, false, lang.Current);
            FileName = Path.GetFileName(Upload.FileName);
            if (preview.Errors.Count == 0)
            {
                Pending = await pending.KeepAsync(Kind, me.Id, bytes, ct);
            }
        }
        catch (InputRejectedException e)
        {
            ModelState.AddInput(e, lang, new Dictionary<string, (string, string)> { ["country"] = ("Country", "places.country") });
        }
        catch (RefusedException e)
        {
            ModelState.AddRefusal(e, lang);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var bytes = await pending.ReadAsync(Kind, me.Id, Pending, ct);
        if (bytes is null)
        {
            ModelState.AddModelError(nameof(Upload), $"{lang["places.gazetteer_file"]}: {lang["places.gazetteer_expired"]}");
            return Page();
        }

        try
        {
            var applied = await gazetteer.ApplyAsync(await me.ActorAsync(ct), Country ?? "", bytes, ct);
            pending.Forget(Kind, me.Id, Pending);
            TempData["Saved"] = "places.gazetteer_applied";
            TempData["Counts"] = lang.Format("places.gazetteer_counts", applied.Added, applied.Changed, applied.Unchanged);
            return Redirect("/places/gazetteer?country=" + Uri.EscapeDataString(applied.CountryIso2));
        }
        catch (InputRejectedException e)
        {
            // The places changed since the preview (someone else imported): show the new errors.
            Preview = new GazetteerPreviewView(Country ?? "", false, 0, 0, 0, [], e.Errors.Select(x => GazetteerErrorView.Of(x, lang.Current)).ToList());
            Pending = null;
        }
        catch (RefusedException e)
        {
            ModelState.AddRefusal(e, lang);
        }

        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var managed = await me.ManagedCountriesAsync(ct);
        Countries = (await db.Countries.AsNoTracking().Where(c => managed == null || managed.Contains(c.Id)).ToListAsync(ct))
            .OrderBy(c => c.Name.Resolve(lang.Current)?.Text, StringComparer.Create(lang.Culture, true)).ToList();
        var iso2 = (Country ?? "").Trim().ToUpperInvariant();
        Country = Countries.FirstOrDefault(c => c.Iso2 == iso2)?.Iso2 ?? (Countries.Count == 1 ? Countries[0].Iso2 : iso2);
    }
}
