using Faro.Assessments;
using Faro.Data;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Workshops;

/// One workshop: its facts, minutes, decisions and attendance list, and (for managers) the
/// corrections: cancel with a reason, the attendance list, the minutes file.
public sealed class DetailModel(FaroDb db, CurrentAssessment current, UiLanguage lang, WorkshopService workshops) : PageModel
{
    public sealed record DecisionRow(string Code, LocalizedText Indicator, string Text, DateTime At);

    /// One line of the attendance form; a line left wholly blank is ignored.
    public sealed class AttendeeLine
    {
        public string? Name { get; set; }
        /// An institution of the country by id, or empty with `InstitutionName` for one not in Faro.
        public int? InstitutionId { get; set; }
        public string? InstitutionName { get; set; }
        public string? Role { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Name) && InstitutionId is null && string.IsNullOrWhiteSpace(InstitutionName) && string.IsNullOrWhiteSpace(Role);
    }

    public CurrentAssessment Current => current;
    public Workshop Workshop { get; private set; } = null!;
    public List<LocalizedText> InstitutionsPresent { get; private set; } = [];
    public List<(int Id, LocalizedText Name)> Institutions { get; private set; } = [];
    public Dictionary<int, LocalizedText> InstitutionNames { get; private set; } = [];
    public List<DecisionRow> Decisions { get; private set; } = [];
    public List<WorkshopAttendee> Attendees { get; private set; } = [];

    [BindProperty] public string? CancelReason { get; set; }
    [BindProperty] public List<AttendeeLine> Lines { get; set; } = [];
    [BindProperty(SupportsGet = true)] public int Rows { get; set; }
    [BindProperty] public IFormFile? MinutesFile { get; set; }

    public async Task<IActionResult> OnGetAsync(int workshopId, CancellationToken ct)
    {
        if (!await LoadAsync(workshopId, ct))
        {
            return NotFound();
        }

        Lines = Attendees.Select(a => new AttendeeLine { Name = a.Name, InstitutionId = a.InstitutionId, InstitutionName = a.InstitutionName, Role = a.Role }).ToList();
        PadLines();
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(int workshopId, CancellationToken ct) =>
        await RunAsync(workshopId, () => workshops.CancelAsync(current.Actor, current.Id, workshopId, CancelReason, ct), "workshop.cancelled_notice",
            new() { ["reason"] = ("CancelReason", "workshop.cancel_reason_label") }, ct);

    public async Task<IActionResult> OnPostAttendanceAsync(int workshopId, CancellationToken ct)
    {
        var lines = Lines.Where(l => !l.IsBlank).ToList();
        return await RunAsync(workshopId, () => workshops.SetAttendanceAsync(current.Actor, current.Id, workshopId,
            lines.Select(l => new AttendeeInput(l.Name, l.InstitutionId, l.InstitutionName, l.Role)).ToList(), ct), "workshop.attendance_saved",
            new() { ["attendees"] = ("Lines", "workshop.attendance_list") }, ct);
    }

    public async Task<IActionResult> OnPostMinutesAsync(int workshopId, CancellationToken ct) =>
        await RunAsync(workshopId, () => workshops.AttachMinutesAsync(current.Actor, current.Id, workshopId,
            () => Task.FromResult(MinutesFile is null ? null : new EvidenceUpload(MinutesFile.FileName, MinutesFile.Length, MinutesFile.OpenReadStream())), ct),
            "workshop.minutes_saved", new() { ["file"] = ("MinutesFile", "workshop.minutes_file") }, ct);

    private Task<IActionResult> RunAsync(int workshopId, Func<Task<WorkshopView>> write, string saved, Dictionary<string, (string, string)> fields,
        CancellationToken ct) => this.WriteOrReshowAsync(lang, async () =>
        {
            await write();
            TempData["Saved"] = saved;
            return Redirect($"/assessments/{current.Id}/workshops/{workshopId}");
        }, async () =>
        {
            if (!await LoadAsync(workshopId, ct))
            {
                return NotFound();
            }

            PadLines();
            return Page();
        }, fields);

    private void PadLines()
    {
        var want = Math.Clamp(Math.Max(Rows, Lines.Count + 3), 3, WorkshopService.MaxAttendees);
        while (Lines.Count < want)
        {
            Lines.Add(new AttendeeLine());
        }
    }

    private async Task<bool> LoadAsync(int workshopId, CancellationToken ct)
    {
        var workshop = await db.Workshops.AsNoTracking().Include(w => w.Attendees).FirstOrDefaultAsync(w => w.Id == workshopId && w.AssessmentId == current.Id, ct);
        if (workshop is null)
        {
            return false;
        }

        Workshop = workshop;
        Attendees = workshop.Attendees.OrderBy(a => a.Order).ToList();
        InstitutionsPresent = await db.WorkshopInstitutions.AsNoTracking().Where(x => x.WorkshopId == workshopId)
            .Select(x => x.Institution!.Name).ToListAsync(ct);
        var a = current.Assessment;
        Institutions = (await AssessmentInstitutions.ChoiceListAsync(db, a, lang.Current, ct)).Select(i => (i.Id, i.Name)).ToList();
        InstitutionNames = Institutions.ToDictionary(i => i.Id, i => i.Name);
        var missing = Attendees.Where(x => x.InstitutionId is { } id && !InstitutionNames.ContainsKey(id)).Select(x => x.InstitutionId!.Value).Distinct().ToList();
        foreach (var i in await db.Institutions.AsNoTracking().Where(i => missing.Contains(i.Id)).Select(i => new { i.Id, i.Name }).ToListAsync(ct))
        {
            InstitutionNames[i.Id] = i.Name;
        }

        Decisions = (await db.WorkshopDecisions.AsNoTracking().Where(d => d.WorkshopId == workshopId)
                .Join(db.Indicators, d => d.IndicatorId, i => i.Id, (d, i) => new { i.Code, IndicatorText = i.Text, Decision = d.Text, d.RecordedAt })
                .ToListAsync(ct))
            .OrderBy(d => d.Code, StringComparer.Ordinal)
            .Select(d => new DecisionRow(d.Code, d.IndicatorText, d.Decision, d.RecordedAt)).ToList();
        return true;
    }
}
