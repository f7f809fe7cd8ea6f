using Faro.Assessments;
using Faro.Data;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.People;

/// Focal points and indicator assignment of one assessment (coordinators and admins): name the
/// focal point of each institution, then assign indicators in bulk by sub-area, starting from the
/// routing suggested for the institution.
public sealed class ParticipantsModel(FaroDb db, CurrentAssessment current, UiLanguage lang, ParticipationService participation) : PageModel
{
    public sealed record FocalRow(int Id, LocalizedText Institution, string? Person, string? Email, bool HasAccount, int Assigned);

    public sealed record IndicatorRow(string Code, LocalizedText Text, LocalizedText Routing, List<int> AssignedTo);

    public sealed record AreaGroup(string Code, LocalizedText Title, List<IndicatorRow> Indicators);

    public CurrentAssessment Current => current;
    public List<FocalRow> FocalPoints { get; private set; } = [];
    public List<(int Id, LocalizedText Name)> Institutions { get; private set; } = [];
    public Dictionary<int, string> ShortNames { get; private set; } = [];
    public List<AreaGroup> Areas { get; private set; } = [];
    public HashSet<string> Suggested { get; private set; } = [];

    /// The institution the assignment form is for (GET ?institution=), with its suggestion ticked.
    [BindProperty(SupportsGet = true)] public int? Institution { get; set; }
    [BindProperty] public List<string> Codes { get; set; } = [];
    [BindProperty] public List<string> AreaCodes { get; set; } = [];
    [BindProperty] public string? FocalInstitution { get; set; }
    [BindProperty] public string? UserEmail { get; set; }
    [BindProperty] public string? ContactName { get; set; }
    [BindProperty] public string? ContactEmail { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    private static readonly Dictionary<string, (string, string)> NewFocalFields = new()
    {
        ["institutionId"] = ("FocalInstitution", "people.institution"),
        ["userEmail"] = ("UserEmail", "participants.user_email"),
        ["contactName"] = ("ContactName", "participants.contact_name"),
    };

    public async Task<IActionResult> OnPostFocalPointAsync(CancellationToken ct)
    {
        if (!int.TryParse(FocalInstitution, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var institution))
        {
            ModelState.AddField("FocalInstitution", lang, "people.institution", "form.bad_choice");
            return await ReshowAsync(ct);
        }

        return await this.WriteOrReshowAsync(lang, async () =>
        {
            await participation.NameFocalPointAsync(current.Actor, current.Id, institution, Blank(UserEmail), Blank(ContactName), Blank(ContactEmail), ct);
            TempData["Saved"] = "participants.focal_saved";
            return Redirect($"/assessments/{current.Id}/participants?institution={institution}#assign");
        }, () => ReshowAsync(ct), NewFocalFields);
    }

    private static readonly Dictionary<string, (string, string)> AssignFields = new()
    {
        ["institutionId"] = ("Institution", "people.institution"),
        ["indicatorCodes"] = ("assign-first", "participants.indicators"),
    };

    /// Assigns the ticked indicators and every indicator of the ticked sub-areas, in one write.
    /// The page is read first: the ticked sub-areas are expanded to their indicators from it.
    public async Task<IActionResult> OnPostAssignAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Institution is not { } institution)
        {
            ModelState.AddField("Institution", lang, "people.institution", "form.bad_choice");
            return Page();
        }

        var codes = Codes.Concat(Areas.Where(a => AreaCodes.Contains(a.Code)).SelectMany(a => a.Indicators.Select(i => i.Code)))
            .Distinct(StringComparer.Ordinal).ToList();
        if (codes.Count == 0)
        {
            ModelState.AddField("assign-first", lang, "participants.indicators", "participants.pick_some");
            return Page();
        }

        return await this.WriteOrReshowAsync(lang, async () =>
        {
            var added = await participation.AssignAsync(current.Actor, current.Id, institution, codes, ct);
            TempData["Saved"] = "participants.assigned";
            TempData["Count"] = added.Count;
            return Redirect($"/assessments/{current.Id}/participants?institution={institution}#assign");
        }, () => Task.FromResult<IActionResult>(Page()), AssignFields);
    }

    [BindProperty] public int FocalPointId { get; set; }
    [BindProperty] public List<string> Unassign { get; set; } = [];
    [BindProperty] public string? MoveTo { get; set; }

    private static readonly Dictionary<string, (string, string)> FocalFields = new()
    {
        ["userEmail"] = ("UserEmail", "participants.user_email"),
        ["contactName"] = ("ContactName", "participants.contact_name"),
    };

    /// Replaces the person of one focal point (the replaced user loses the role on this assessment).
    public Task<IActionResult> OnPostReplaceFocalAsync(CancellationToken ct) => RunAsync(() =>
        participation.ReplaceFocalPointAsync(current.Actor, current.Id, FocalPointId, Blank(UserEmail), Blank(ContactName), Blank(ContactEmail), ct),
        "participants.focal_replaced", FocalFields, ct);

    public Task<IActionResult> OnPostRemoveFocalAsync(CancellationToken ct) => RunAsync(() =>
        participation.RemoveFocalPointAsync(current.Actor, current.Id, FocalPointId, ct), "participants.focal_removed", FocalFields, ct);

    /// Takes the ticked indicators away from the selected institution.
    public Task<IActionResult> OnPostUnassignAsync(CancellationToken ct) => Institution is not { } institution
        ? BadChoiceAsync(ct)
        : RunAsync(() => participation.UnassignAsync(current.Actor, current.Id, institution, Unassign, ct), "participants.unassigned", AssignedFields, ct);

    /// Moves the ticked indicators from the selected institution to another.
    public async Task<IActionResult> OnPostReassignAsync(CancellationToken ct)
    {
        if (Institution is not { } institution)
        {
            return await BadChoiceAsync(ct);
        }

        if (!int.TryParse(MoveTo, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var to) || to == institution)
        {
            ModelState.AddField("MoveTo", lang, "participants.move_to", "form.bad_choice");
            return await ReshowAsync(ct);
        }

        return await RunAsync(() => participation.ReassignAsync(current.Actor, current.Id, institution, to, Unassign, ct), "participants.reassigned",
            AssignedFields, ct);
    }

    private static readonly Dictionary<string, (string, string)> AssignedFields = new()
    {
        ["indicatorCodes"] = ("unassign-list", "participants.assigned_here"),
        ["institutionId"] = ("MoveTo", "participants.move_to"),
    };

    private async Task<IActionResult> BadChoiceAsync(CancellationToken ct)
    {
        ModelState.AddField("Institution", lang, "people.institution", "form.bad_choice");
        return await ReshowAsync(ct);
    }

    private Task<IActionResult> RunAsync(Func<Task> write, string saved, Dictionary<string, (string, string)> fields, CancellationToken ct) =>
        this.WriteOrReshowAsync(lang, async () =>
        {
            await write();
            TempData["Saved"] = saved;
            return Redirect($"/assessments/{current.Id}/participants{(Institution is { } i ? $"?institution={i}#assign" : "")}");
        }, () => ReshowAsync(ct), fields);

    private async Task<IActionResult> ReshowAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private async Task LoadAsync(CancellationToken ct)
    {
        var a = current.Assessment;
        var institutions = await AssessmentInstitutions.ChoiceListAsync(db, a, lang.Current, ct);
        Institutions = institutions.Select(i => (i.Id, i.Name)).ToList();
        ShortNames = institutions.ToDictionary(i => i.Id, i => i.Acronym ?? i.Name.Resolve(lang.Current)?.Text ?? "");

        var assignments = await db.Assignments.AsNoTracking().Where(x => x.AssessmentId == a.Id)
            .Select(x => new { x.IndicatorId, x.InstitutionId }).ToListAsync(ct);
        var byIndicator = assignments.ToLookup(x => x.IndicatorId, x => x.InstitutionId);
        FocalPoints = (await db.FocalPoints.AsNoTracking().Where(f => f.AssessmentId == a.Id)
                .Select(f => new { f.Id, f.InstitutionId, f.Institution!.Name, f.ContactName, f.ContactEmail, HasAccount = f.UserId != null })
                .ToListAsync(ct))
            .Select(f => new FocalRow(f.Id, f.Name, f.ContactName, f.ContactEmail, f.HasAccount, assignments.Count(x => x.InstitutionId == f.InstitutionId)))
            .ToList();

        var indicators = await db.Indicators.AsNoTracking().Where(i => i.CatalogueId == a.CatalogueId)
            .OrderBy(i => i.Area!.Domain!.Order).ThenBy(i => i.Area!.Order).ThenBy(i => i.Order)
            .Select(i => new { i.Id, i.Code, i.Text, i.Routing, AreaCode = i.Area!.Code, AreaTitle = i.Area.Title })
            .ToListAsync(ct);
        Areas = indicators.GroupBy(i => i.AreaCode)
            .Select(g => new AreaGroup(g.Key, g.First().AreaTitle,
                g.Select(i => new IndicatorRow(i.Code, i.Text, i.Routing, byIndicator[i.Id].ToList())).ToList()))
            .ToList();

        if (Institution is { } selected && institutions.FirstOrDefault(i => i.Id == selected) is { } chosen)
        {
            Suggested = RoutingSuggestions.For(chosen).ToHashSet(StringComparer.Ordinal);
        }
    }
}
