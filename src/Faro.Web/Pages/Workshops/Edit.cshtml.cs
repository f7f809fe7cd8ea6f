using System.Globalization;
using Faro.Assessments;
using Faro.Data;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Workshops;

/// Records a workshop or corrects one: kind, status, date, place, attendance, institutions, minutes.
public sealed class EditModel(FaroDb db, CurrentAssessment current, UiLanguage lang, WorkshopService workshops) : PageModel
{
    public CurrentAssessment Current => current;
    public List<(int Id, LocalizedText Name)> Institutions { get; private set; } = [];
    public bool IsNew => WorkshopId is null;

    [BindProperty(SupportsGet = true)] public int? WorkshopId { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? Status { get; set; }
    [BindProperty] public string? Date { get; set; }
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public string? Attendance { get; set; }
    [BindProperty] public List<int> InstitutionIds { get; set; } = [];
    [BindProperty] public string? MinutesEs { get; set; }
    [BindProperty] public string? MinutesEn { get; set; }

    private static readonly Dictionary<string, (string, string)> Fields = new()
    {
        ["kind"] = ("Kind", "workshop.kind"),
        ["status"] = ("Status", "workshop.status"),
        ["date"] = ("Date", "workshop.date"),
        ["place"] = ("Place", "workshop.place"),
        ["attendance"] = ("Attendance", "workshop.attendance"),
        ["institutionIds"] = ("InstitutionIds", "workshop.institutions"),
        ["minutesEs"] = ("MinutesEs", "workshop.minutes_es"),
        ["minutesEn"] = ("MinutesEn", "workshop.minutes_en"),
    };

    public async Task<IActionResult> OnGetAsync(string? kind, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (WorkshopId is { } id)
        {
            var w = await db.Workshops.AsNoTracking().Include(x => x.Institutions).FirstOrDefaultAsync(x => x.Id == id && x.AssessmentId == current.Id, ct);
            if (w is null)
            {
                return NotFound();
            }

            Kind = w.Kind.ToString();
            Status = w.Status.ToString();
            Date = w.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            Place = w.Place;
            Attendance = w.Attendance?.ToString(CultureInfo.InvariantCulture);
            InstitutionIds = w.Institutions.Select(i => i.InstitutionId).ToList();
            MinutesEs = w.Minutes.Es;
            MinutesEn = w.Minutes.En;
        }
        else
        {
            Kind = Enum.TryParse<WorkshopKind>(kind, true, out var k) ? k.ToString() : nameof(WorkshopKind.Induction);
            Status = nameof(WorkshopStatus.Held);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        DateOnly? date = null;
        if (string.IsNullOrWhiteSpace(Date))
        {
            ModelState.AddField("Date", lang, "workshop.date", "workshop.date_missing");
        }
        else if (DateOnly.TryParseExact(Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            date = d;
        }
        else
        {
            ModelState.AddField("Date", lang, "workshop.date", "workshop.date_bad");
        }

        int? attendance = null;
        if (!string.IsNullOrWhiteSpace(Attendance))
        {
            if (int.TryParse(Attendance, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                attendance = n;
            }
            else
            {
                ModelState.AddField("Attendance", lang, "workshop.attendance", "workshop.attendance_bad");
            }
        }

        if (!ModelState.IsValid)
        {
            return await ReshowAsync(ct);
        }

        var input = new WorkshopInput(Kind, Status, date, Place, attendance, MinutesEn, MinutesEs, InstitutionIds);
        return await this.WriteOrReshowAsync(lang, async () =>
        {
            var saved = WorkshopId is { } id
                ? await workshops.UpdateAsync(current.Actor, current.Id, id, input, ct)
                : await workshops.RecordAsync(current.Actor, current.Id, input, ct);
            TempData["Saved"] = "workshop.saved";
            return Redirect($"/assessments/{current.Id}/workshops/{saved.Id}");
        }, () => ReshowAsync(ct), Fields);
    }

    private async Task<IActionResult> ReshowAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var a = current.Assessment;
        Institutions = (await AssessmentInstitutions.ChoiceListAsync(db, a, lang.Current, ct)).Select(i => (i.Id, i.Name)).ToList();
    }
}
