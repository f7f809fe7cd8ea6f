using System.Globalization;
using Faro.Data;
using Faro.Places;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Places;

/// Adds (`?country=PA`) or edits (`/{id}`) an institution, and deactivates or reactivates it; the
/// rules are `PlacesService`'s.
public sealed class InstitutionModel(FaroDb db, CurrentUser me, UiLanguage lang, PlacesService places) : PageModel
{
    public Country? Country { get; private set; }
    public InstitutionView? Existing { get; private set; }
    public List<(int Id, int Level, string Name, bool IsActive)> Jurisdictions { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "country")] public string? CountryIso2 { get; set; }
    [BindProperty] public string? NameEs { get; set; }
    [BindProperty] public string? NameEn { get; set; }
    [BindProperty] public string? Acronym { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? JurisdictionId { get; set; }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (Existing is { } i)
        {
            NameEs = i.NameEs;
            NameEn = i.NameEn;
            Acronym = i.Acronym;
            Kind = i.Kind;
            JurisdictionId = i.JurisdictionId?.ToString(CultureInfo.InvariantCulture);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        int? place = string.IsNullOrEmpty(JurisdictionId) ? null
            : int.TryParse(JurisdictionId, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : -1;
        var input = new InstitutionInput(Country!.Iso2, NameEs, NameEn, Acronym, Kind, place);
        return await this.WriteOrReshowAsync(lang, async () =>
        {
            var actor = await me.ActorAsync(ct);
            var saved = Existing is null ? await places.CreateInstitutionAsync(actor, input, ct) : await places.UpdateInstitutionAsync(actor, Existing.Id, input, ct);
            TempData["Saved"] = Existing is null ? "places.institution_added" : "places.institution_saved";
            return Redirect($"/places/institutions/{saved.Id}");
        }, () => Task.FromResult<IActionResult>(Page()), Fields);
    }

    private static readonly Dictionary<string, (string, string)> Fields = new()
    {
        ["nameEs"] = ("NameEs", "places.name_es"),
        ["nameEn"] = ("NameEn", "places.name_en"),
        ["acronym"] = ("Acronym", "places.acronym"),
        ["kind"] = ("Kind", "places.kind"),
        ["jurisdictionId"] = ("JurisdictionId", "places.institution_jurisdiction"),
        ["country"] = ("", "places.country"),
    };

    public Task<IActionResult> OnPostDeactivateAsync(int id, CancellationToken ct) => SetActiveAsync(id, false, ct);

    public Task<IActionResult> OnPostReactivateAsync(int id, CancellationToken ct) => SetActiveAsync(id, true, ct);

    private async Task<IActionResult> SetActiveAsync(int id, bool active, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || Existing is null)
        {
            return NotFound();
        }

        return await this.WriteOrReshowAsync(lang, async () =>
        {
            await places.SetInstitutionActiveAsync(await me.ActorAsync(ct), id, active, ct);
            TempData["Saved"] = active ? "places.reactivated" : "places.deactivated";
            return Redirect($"/places/institutions/{id}");
        }, async () =>
        {
            await OnGetAsync(id, ct);
            return Page();
        });
    }

    private async Task<bool> LoadAsync(int? id, CancellationToken ct)
    {
        var managed = await me.ManagedCountriesAsync(ct);
        var actor = await me.ActorAsync(ct);
        if (id is { } iid)
        {
            try
            {
                Existing = await places.GetInstitutionAsync(actor, iid, ct);
            }
            catch (RefusedException)
            {
                return false;
            }

            CountryIso2 = Existing.Country;
        }

        var iso2 = (CountryIso2 ?? "").Trim().ToUpperInvariant();
        Country = await db.Countries.AsNoTracking().FirstOrDefaultAsync(c => c.Iso2 == iso2, ct);
        if (Country is null || (managed is not null && !managed.Contains(Country.Id)))
        {
            return false;
        }

        CountryIso2 = Country.Iso2;
        var current = Existing?.JurisdictionId;
        Jurisdictions = (await db.Jurisdictions.AsNoTracking()
                .Where(j => j.CountryId == Country.Id && (j.IsActive || j.Id == current))
                .OrderBy(j => j.AdminLevel).ThenBy(j => j.Name).Select(j => new { j.Id, j.AdminLevel, j.Name, j.IsActive }).ToListAsync(ct))
            .Select(j => (j.Id, j.AdminLevel, j.Name, j.IsActive)).ToList();
        return true;
    }
}
