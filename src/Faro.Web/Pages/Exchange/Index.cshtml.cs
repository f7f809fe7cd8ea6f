using Faro.Exchange;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Exchange;

/// Export the questionnaire (XLSX, CSV, JSON, XForm) and import a filled one: the upload shows a
/// preview of every change, conflict and error; applying imports the very file that was previewed,
/// kept on the server (`PendingUploads`, by user and assessment) rather than sent back by the
/// browser, and checked again in full inside the import's transaction.
public sealed class IndexModel(CurrentAssessment current, ExchangeService exchange, UiLanguage lang, Faro.Data.FaroDb db,
    Faro.Web.Security.PendingUploads pending) : PageModel
{
    public CurrentAssessment Current => current;
    public ImportPreview? Preview { get; private set; }
    public string? FileName { get; private set; }
    public List<(int Id, LocalizedText Name)> Institutions { get; private set; } = [];
    public bool MayImport => current.Standing.IsTeam || current.Standing.IsFocalPoint;

    [BindProperty] public IFormFile? Upload { get; set; }
    /// The id of the previewed file kept on the server.
    [BindProperty] public string? Pending { get; set; }
    [BindProperty] public string? Name { get; set; }

    /// Pending files of one assessment's import: a file previewed on one assessment is never
    /// applied to another.
    private int UserId => current.Actor.UserId ?? throw new InvalidOperationException("the exchange page is for signed-in users");

    private string Kind => $"exchange{current.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (current.Standing.IsTeam)
        {
            Institutions = (await db.Assignments.AsNoTracking().Where(x => x.AssessmentId == current.Id).Select(x => x.Institution!)
                    .Distinct().Select(i => new { i.Id, i.Name }).ToListAsync(ct))
                .Select(i => (i.Id, i.Name)).ToList();
        }
    }

    public async Task<IActionResult> OnGetDownloadAsync(string? format, string? language, int? institution, CancellationToken ct)
    {
        try
        {
            var file = await exchange.ExportAsync(current.Actor, current.Id, ExchangeService.ParseFormat(format), language, institution, ct);
            return File(file.Content, file.ContentType, file.FileName);
        }
        catch (InputRejectedException e)
        {
            ModelState.AddModelError(string.Empty, e.Describe(lang.Current));
        }
        catch (RefusedException e) when (e.Kind != RefusalKind.NotFound)
        {
            ModelState.AddRefusal(e, lang);
        }

        await OnGetAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        await OnGetAsync(ct);
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), lang["exchange.no_file"]);
            return Page();
        }

        byte[]? bytes;
        await using (var stream = Upload.OpenReadStream())
        {
            bytes = await SafePackage.ReadBoundedAsync(stream, ct);
        }

        if (bytes is null)
        {
            ModelState.AddModelError(nameof(Upload), SafePackage.TooLarge[lang.Current]!);
            return Page();
        }

        return await ShowAsync(bytes, Path.GetFileName(Upload.FileName), ct);
    }

    public async Task<IActionResult> OnPostApplyAsync(CancellationToken ct)
    {
        await OnGetAsync(ct);
        var bytes = await pending.ReadAsync(Kind, UserId, Pending, ct);
        if (bytes is null)
        {
            // Unknown, someone else's or older than a day: the file must be uploaded again.
            ModelState.AddModelError(string.Empty, lang["exchange.no_file"]);
            return Page();
        }

        try
        {
            var applied = await exchange.ApplyAsync(current.Actor, current.Id, bytes, ct);
            TempData["Saved"] = "exchange.applied";
            TempData["ExchangeApplied"] = applied.Changes.Count;
            pending.Forget(Kind, UserId, Pending);
            return Redirect($"/assessments/{current.Id}/exchange?applied={applied.Changes.Count}&conflicts={applied.Conflicts.Count}");
        }
        catch (InputRejectedException)
        {
            // Something changed since the preview: show the fresh one.
        }
        catch (RefusedException e) when (e.Kind != RefusalKind.NotFound)
        {
            ModelState.AddRefusal(e, lang);
        }

        return await ShowAsync(bytes, Name, ct);
    }

    private async Task<IActionResult> ShowAsync(byte[] bytes, string? name, CancellationToken ct)
    {
        try
        {
            Preview = await exchange.PreviewAsync(current.Actor, current.Id, bytes, ct);
            // Kept again after a fresh preview, so that "apply" always means the file just shown.
            pending.Forget(Kind, UserId, Pending);
            Pending = await pending.KeepAsync(Kind, UserId, bytes, ct);
            ModelState.Remove(nameof(Pending));
            FileName = name;
        }
        catch (RefusedException e) when (e.Kind != RefusalKind.NotFound)
        {
            ModelState.AddRefusal(e, lang);
        }

        return Page();
    }
}
