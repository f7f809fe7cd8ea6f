using System.Globalization;
using Faro.Data;
using Faro.Places;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Places;

/// Adds (`?country=PA`) or edits (`/{id}`) a jurisdiction, and deactivates or reactivates it. The
/// rules are `PlacesService`'s; its errors come back on their fields.
public sealed class JurisdictionModel(FaroDb db, CurrentUser me, UiLanguage lang, PlacesService places) : PageModel
{
    public Country? Country { get; private set; }
    public JurisdictionView? Existing { get; private set; }
    public List<JurisdictionView> Parents { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "country")] public string? CountryIso2 { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? NameEn { get; set; }
    [BindProperty] public string? AdminLevel { get; set; }
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? CodeSystem { get; set; }
    [BindProperty] public string? ParentId { get; set; }
    [BindProperty] public string? Population { get; set; }
    [BindProperty] public string? AreaKm2 { get; set; }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (Existing is { } j)
        {
            Name = j.Name;
            NameEn = j.NameEn;
            AdminLevel = j.AdminLevel.ToString(CultureInfo.InvariantCulture);
            Code = j.Code;
            CodeSystem = j.CodeSystem;
            ParentId = j.ParentId?.ToString(CultureInfo.InvariantCulture);
            Population = j.Population?.ToString(CultureInfo.InvariantCulture);
            AreaKm2 = j.AreaKm2?.ToString(CultureInfo.InvariantCulture);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        int? level = int.TryParse(AdminLevel, NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : null;
        int? parent = null;
        if (!string.IsNullOrEmpty(ParentId))
        {
            // Only the offered choices; anything else is the service's "same country" error.
            parent = int.TryParse(ParentId, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : -1;
        }

        var population = PlaceForms.Integer(Population, "Population", "places.population", ModelState, lang);
        var area = PlaceForms.Number(AreaKm2, "AreaKm2", "places.area", ModelState, lang);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var input = new JurisdictionInput(Country!.Iso2, Name, NameEn, level, Code, CodeSystem, parent, population, area);
        return await this.WriteOrReshowAsync(lang, async () =>
        {
            var actor = await me.ActorAsync(ct);
            var saved = Existing is null ? await places.CreateJurisdictionAsync(actor, input, ct) : await places.UpdateJurisdictionAsync(actor, Existing.Id, input, ct);
            TempData["Saved"] = Existing is null ? "places.jurisdiction_added" : "places.jurisdiction_saved";
            return Redirect($"/places/jurisdictions/{saved.Id}");
        }, () => Task.FromResult<IActionResult>(Page()), Fields);
    }

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
            await places.SetJurisdictionActiveAsync(await me.ActorAsync(ct), id, active, ct);
            TempData["Saved"] = active ? "places.reactivated" : "places.deactivated";
            return Redirect($"/places/jurisdictions/{id}");
        }, async () =>
        {
            await OnGetAsync(id, ct);
            return Page();
        });
    }

    private static readonly Dictionary<string, (string, string)> Fields = new()
    {
        ["name"] = ("Name", "places.jurisdiction_name"),
        ["nameEn"] = ("NameEn", "places.name_en"),
        ["adminLevel"] = ("AdminLevel", "places.admin_level"),
        ["code"] = ("Code", "places.code"),
        ["codeSystem"] = ("CodeSystem", "places.code_system"),
        ["parentId"] = ("ParentId", "places.parent"),
        ["population"] = ("Population", "places.population"),
        ["areaKm2"] = ("AreaKm2", "places.area"),
        ["country"] = ("", "places.country"),
    };

    /// The country (from the jurisdiction, or `?country=` for a new one) must be one the caller
    /// manages; anything else is "not found", as for an assessment outside one's scope.
    private async Task<bool> LoadAsync(int? id, CancellationToken ct)
    {
        var managed = await me.ManagedCountriesAsync(ct);
        var actor = await me.ActorAsync(ct);
        if (id is { } jid)
        {
            try
            {
                Existing = await places.GetJurisdictionAsync(actor, jid, ct);
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
        // ADM1 and ADM2 units can hold others; inactive ones only when already chosen.
        var candidates = await db.Jurisdictions.AsNoTracking()
            .Where(j => j.CountryId == Country.Id && j.AdminLevel < 3 && j.Id != id && (j.IsActive || (Existing != null && j.Id == Existing.ParentId)))
            .OrderBy(j => j.AdminLevel).ThenBy(j => j.Name)
            .Select(j => new JurisdictionView(j.Id, iso2, j.Name, j.NameEn, j.AdminLevel, j.Code, j.CodeSystem, j.ParentId, null, null, null, j.IsActive, j.IsFictional))
            .ToListAsync(ct);
        Parents = candidates;
        return true;
    }
}

/// Numbers typed in a places form: digits, with a comma or a point for decimals (Spanish readers
/// write 12,5), never a thousands separator that would be misread.
public static class PlaceForms
{
    public static int? Integer(string? text, string field, string label, Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state, UiLanguage t)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        state.AddField(field, t, label, "places.bad_integer");
        return null;
    }

    public static decimal? Number(string? text, string field, string label, Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state, UiLanguage t)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (decimal.TryParse(text.Trim().Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        state.AddField(field, t, label, "places.bad_number");
        return null;
    }
}
