using System.Globalization;
using Faro.Assessments;
using Faro.Data;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Indicators;

/// Corrects one source of the library (titles, type, issuer, date, link, file, private flag),
/// retires it with a reason or brings it back, or removes it when nothing cites it. Every change is
/// an audit line with before and after (`EvidenceService`).
public sealed class EvidenceEditModel(FaroDb db, Faro.People.Access access, CurrentAssessment current, UiLanguage lang, EvidenceService evidence) : PageModel
{
    public CurrentAssessment Current => current;
    public Evidence Source { get; private set; } = null!;
    public int Cited { get; private set; }

    [BindProperty] public string? TitleEs { get; set; }
    [BindProperty] public string? TitleEn { get; set; }
    [BindProperty] public string? Type { get; set; }
    [BindProperty] public string? IssuingBody { get; set; }
    [BindProperty] public string? IssuedOn { get; set; }
    [BindProperty] public string? Link { get; set; }
    [BindProperty] public bool IsPrivate { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? RetireReason { get; set; }

    private static readonly Dictionary<string, (string, string)> Fields = new()
    {
        ["titleEs"] = ("TitleEs", "evidence.title_es"),
        ["titleEn"] = ("TitleEn", "evidence.title_en"),
        ["type"] = ("Type", "evidence.type"),
        ["issuingBody"] = ("IssuingBody", "evidence.issuer"),
        ["url"] = ("Link", "evidence.url"),
        ["file"] = ("Upload", "evidence.file"),
        ["reason"] = ("RetireReason", "library.retire_reason"),
    };

    public async Task<IActionResult> OnGetAsync(int evidenceId, CancellationToken ct)
    {
        if (!await LoadAsync(evidenceId, ct))
        {
            return NotFound();
        }

        TitleEs = Source.Title.Es;
        TitleEn = Source.Title.En;
        Type = Source.Type.ToString();
        IssuingBody = Source.IssuingBody;
        IssuedOn = Source.IssuedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Link = Source.Url;
        IsPrivate = !Source.IsPublic;
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(int evidenceId, CancellationToken ct)
    {
        DateOnly? issued = null;
        if (!string.IsNullOrWhiteSpace(IssuedOn))
        {
            if (DateOnly.TryParseExact(IssuedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                issued = d;
            }
            else
            {
                ModelState.AddField("IssuedOn", lang, "library.issued_on", "workshop.date_bad");
            }
        }

        if (!ModelState.IsValid)
        {
            return await ReloadAsync(evidenceId, ct);
        }

        var input = new EvidenceInput(TitleEn, TitleEs, Type, IssuingBody, issued, Link, !IsPrivate);
        await using var content = Upload?.OpenReadStream();
        return await RunAsync(evidenceId, () => evidence.UpdateAsync(current.Actor, current.Id, evidenceId, input,
            Upload is null ? null : new EvidenceUpload(Upload.FileName, Upload.Length, content!), ct), "library.saved", ct);
    }

    public Task<IActionResult> OnPostRetireAsync(int evidenceId, CancellationToken ct) =>
        RunAsync(evidenceId, () => evidence.RetireAsync(current.Actor, current.Id, evidenceId, RetireReason, ct: ct), "library.retired", ct);

    public Task<IActionResult> OnPostReinstateAsync(int evidenceId, CancellationToken ct) =>
        RunAsync(evidenceId, () => evidence.RetireAsync(current.Actor, current.Id, evidenceId, null, reinstate: true, ct: ct), "library.reinstated", ct);

    public Task<IActionResult> OnPostDeleteAsync(int evidenceId, CancellationToken ct) => this.WriteOrReshowAsync(lang, async () =>
    {
        await evidence.DeleteAsync(current.Actor, current.Id, evidenceId, ct);
        TempData["Saved"] = "library.deleted";
        return Redirect($"/assessments/{current.Id}/evidence");
    }, () => ReloadAsync(evidenceId, ct), Fields);

    private Task<IActionResult> RunAsync(int evidenceId, Func<Task<EvidenceView>> write, string saved, CancellationToken ct) =>
        this.WriteOrReshowAsync(lang, async () =>
        {
            await write();
            TempData["Saved"] = saved;
            return Redirect($"/assessments/{current.Id}/evidence/{evidenceId}/edit");
        }, () => ReloadAsync(evidenceId, ct), Fields);

    private async Task<IActionResult> ReloadAsync(int evidenceId, CancellationToken ct) => await LoadAsync(evidenceId, ct) ? Page() : NotFound();

    private async Task<bool> LoadAsync(int evidenceId, CancellationToken ct)
    {
        var found = await access.VisibleEvidence(current.Standing).AsNoTracking().FirstOrDefaultAsync(e => e.Id == evidenceId, ct);
        if (found is null)
        {
            return false;
        }

        Source = found;
        Cited = await db.AnswerEvidence.CountAsync(l => l.EvidenceId == evidenceId, ct);
        return true;
    }
}
