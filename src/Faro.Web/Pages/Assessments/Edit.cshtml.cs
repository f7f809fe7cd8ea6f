using System.Globalization;
using Faro.Assessments;
using Faro.Catalogue;
using Faro.Data;
using Faro.Web.Localization;
using Faro.Workflow;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Assessments;

/// Corrects an assessment's metadata until data collection starts (`AssessmentCreation.UpdateAsync`
/// refuses later, read under the lock).
public sealed class EditModel(FaroDb db, CurrentAssessment current, UiLanguage lang, AssessmentCreation creation) : PageModel, IMetadataForm
{
    public CurrentAssessment Current => current;
    public List<Choice> Catalogues { get; private set; } = [];
    public List<Choice> Counterparts { get; private set; } = [];
    public bool IsOpen => current.Stage is Stage.Requested or Stage.Induction && current.Assessment.WithdrawnAt is null;

    [BindProperty] public string? TitleEs { get; set; }
    [BindProperty] public string? TitleEn { get; set; }
    [BindProperty] public string? Round { get; set; }
    [BindProperty] public string? CatalogueId { get; set; }
    [BindProperty] public string? CounterpartId { get; set; }
    [BindProperty] public string? ReferenceTitleEs { get; set; }
    [BindProperty] public string? ReferenceTitleEn { get; set; }
    [BindProperty] public string? ReferenceYear { get; set; }
    [BindProperty] public string? ReferenceUrl { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var a = current.Assessment;
        TitleEs = a.Title.Es;
        TitleEn = a.Title.En;
        Round = a.Round.ToString(CultureInfo.InvariantCulture);
        CatalogueId = a.CatalogueId.ToString(CultureInfo.InvariantCulture);
        CounterpartId = a.NationalCounterpartId?.ToString(CultureInfo.InvariantCulture);
        ReferenceTitleEs = a.NationalReferenceTitle.Es;
        ReferenceTitleEn = a.NationalReferenceTitle.En;
        ReferenceYear = a.NationalReferenceYear?.ToString(CultureInfo.InvariantCulture);
        ReferenceUrl = a.NationalReferenceUrl;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        int? Number(string field, string? text, string label)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return n;
            }

            ModelState.AddField(field, lang, label, "form.not_a_number");
            return null;
        }

        var input = new AssessmentMetadata(TitleEn, TitleEs, Number("Round", Round, "newassessment.round"), Number("CatalogueId", CatalogueId, "newassessment.catalogue"),
            Number("CounterpartId", CounterpartId, "newassessment.counterpart"), ReferenceTitleEn, ReferenceTitleEs,
            Number("ReferenceYear", ReferenceYear, "newassessment.reference_year"), ReferenceUrl);
        if (!ModelState.IsValid)
        {
            return await ReshowAsync(ct);
        }

        return await this.WriteOrReshowAsync(lang, async () =>
        {
            await creation.UpdateAsync(current.Actor, current.Id, input, ct);
            TempData["Saved"] = "editassessment.saved";
            return Redirect($"/assessments/{current.Id}");
        }, () => ReshowAsync(ct), NewModel.Fields);
    }

    private async Task<IActionResult> ReshowAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var a = current.Assessment;
        Catalogues = (await db.Catalogues.AsNoTracking().Where(c => c.Status == CatalogueStatus.Published || c.Id == a.CatalogueId).OrderByDescending(c => c.PublishedAt).ThenByDescending(c => c.Id)
                .Select(c => new { c.Id, c.Code, c.Version, c.Title }).ToListAsync(ct))
            .Select(c => new Choice(c.Id.ToString(CultureInfo.InvariantCulture), $"{c.Title.Resolve(lang.Current)?.Text} ({c.Code}@{c.Version})")).ToList();
        Counterparts = a.Level == AssessmentLevel.National ? [] : (await db.Assessments.AsNoTracking()
                .Where(x => x.CountryId == a.CountryId && x.Level == AssessmentLevel.National && x.WithdrawnAt == null)
                .OrderByDescending(x => x.Round).Select(x => new { x.Id, x.Title, x.Round }).ToListAsync(ct))
            .Select(x => new Choice(x.Id.ToString(CultureInfo.InvariantCulture), $"{x.Title.Resolve(lang.Current)?.Text} · {lang.Format("assessment.round", x.Round)}"))
            .ToList();
    }
}
