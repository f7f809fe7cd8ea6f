using System.Globalization;
using Faro.Audit;
using Faro.Data;
using Faro.Places;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Places;

/// Jurisdictions and institutions of the countries the caller manages, and adding them. Places have
/// no workflow, so the page writes with EF Core directly, in one transaction with its audit entry.
public sealed class IndexModel(FaroDb db, CurrentUser me, UiLanguage lang, AuditLog audit) : PageModel
{
    public sealed record CountryBlock(Country Country, List<Jurisdiction> Jurisdictions, List<Institution> Institutions);

    public List<CountryBlock> Countries { get; private set; } = [];

    [BindProperty] public string? CountryId { get; set; }
    [BindProperty] public string? JurisdictionName { get; set; }
    [BindProperty] public string? AdminLevel { get; set; }
    [BindProperty] public string? ParentId { get; set; }
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? InstitutionCountryId { get; set; }
    [BindProperty] public string? InstitutionJurisdictionId { get; set; }
    [BindProperty] public string? NameEs { get; set; }
    [BindProperty] public string? NameEn { get; set; }
    [BindProperty] public string? Acronym { get; set; }
    [BindProperty] public string? Kind { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostJurisdictionAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var country = Countries.FirstOrDefault(c => c.Country.Id.ToString(CultureInfo.InvariantCulture) == CountryId)?.Country;
        if (country is null)
        {
            ModelState.AddField("CountryId", lang, "places.country", "form.bad_choice");
        }

        if (string.IsNullOrWhiteSpace(JurisdictionName) || JurisdictionName.Length > 200)
        {
            ModelState.AddField("JurisdictionName", lang, "places.jurisdiction_name", "form.required");
        }

        if (!int.TryParse(AdminLevel, NumberStyles.None, CultureInfo.InvariantCulture, out var level) || level is < 1 or > 3)
        {
            ModelState.AddField("AdminLevel", lang, "places.admin_level", "form.bad_choice");
        }

        int? parent = null;
        if (!string.IsNullOrEmpty(ParentId))
        {
            parent = country is null ? null : Countries.First(c => c.Country.Id == country.Id).Jurisdictions
                .FirstOrDefault(j => j.Id.ToString(CultureInfo.InvariantCulture) == ParentId)?.Id;
            if (parent is null)
            {
                ModelState.AddField("ParentId", lang, "places.parent", "places.parent_other_country");
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var actor = await me.ActorAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var j = new Jurisdiction
        {
            CountryId = country!.Id, Name = JurisdictionName!.Trim(), AdminLevel = level, ParentId = parent,
            Code = string.IsNullOrWhiteSpace(Code) ? null : Code.Trim(), CodeSystem = string.IsNullOrWhiteSpace(Code) ? null : "iso-3166-2-or-national",
            IsFictional = country.IsFictional,
        };
        db.Jurisdictions.Add(j);
        await db.SaveChangesAsync(ct);
        audit.Record(actor, "jurisdiction.created", "jurisdiction", j.Id, null, after: new { j.Name, j.AdminLevel, j.ParentId, j.Code, country.Iso2 });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        TempData["Saved"] = "places.jurisdiction_added";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostInstitutionAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var block = Countries.FirstOrDefault(c => c.Country.Id.ToString(CultureInfo.InvariantCulture) == InstitutionCountryId);
        if (block is null)
        {
            ModelState.AddField("InstitutionCountryId", lang, "places.country", "form.bad_choice");
        }

        int? jurisdiction = null;
        if (!string.IsNullOrEmpty(InstitutionJurisdictionId))
        {
            jurisdiction = block?.Jurisdictions.FirstOrDefault(j => j.Id.ToString(CultureInfo.InvariantCulture) == InstitutionJurisdictionId)?.Id;
            if (jurisdiction is null)
            {
                ModelState.AddField("InstitutionJurisdictionId", lang, "places.institution_jurisdiction", "places.parent_other_country");
            }
        }

        if (string.IsNullOrWhiteSpace(NameEs) && string.IsNullOrWhiteSpace(NameEn))
        {
            ModelState.AddField("NameEs", lang, "places.name_es", "places.name_missing");
        }

        if (!Enum.TryParse<InstitutionKind>(Kind, out var kind) || !Enum.IsDefined(kind))
        {
            ModelState.AddField("Kind", lang, "places.kind", "form.bad_choice");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var actor = await me.ActorAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var institution = new Institution
        {
            CountryId = block!.Country.Id, JurisdictionId = jurisdiction, Kind = kind, IsFictional = block.Country.IsFictional,
            Name = new LocalizedText(string.IsNullOrWhiteSpace(NameEn) ? null : NameEn.Trim(), string.IsNullOrWhiteSpace(NameEs) ? null : NameEs.Trim()),
            Acronym = string.IsNullOrWhiteSpace(Acronym) ? null : Acronym.Trim(),
        };
        db.Institutions.Add(institution);
        await db.SaveChangesAsync(ct);
        audit.Record(actor, "institution.created", "institution", institution.Id, null,
            after: new { institution.Name.En, institution.Name.Es, institution.Acronym, Kind = kind.ToString(), institution.JurisdictionId });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        TempData["Saved"] = "places.institution_added";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var managed = await me.ManagedCountriesAsync(ct);
        var countries = await db.Countries.AsNoTracking().Where(c => managed == null || managed.Contains(c.Id)).ToListAsync(ct);
        var ids = countries.Select(c => c.Id).ToList();
        var jurisdictions = await db.Jurisdictions.AsNoTracking().Where(j => ids.Contains(j.CountryId)).OrderBy(j => j.AdminLevel).ThenBy(j => j.Name).ToListAsync(ct);
        var institutions = await db.Institutions.AsNoTracking().Where(i => ids.Contains(i.CountryId)).ToListAsync(ct);
        var byName = StringComparer.Create(lang.Culture, true);
        Countries = countries.OrderBy(c => c.Name.Resolve(lang.Current)?.Text, byName)
            .Select(c => new CountryBlock(c, jurisdictions.Where(j => j.CountryId == c.Id).ToList(),
                institutions.Where(i => i.CountryId == c.Id).OrderBy(i => i.Name.Resolve(lang.Current)?.Text, byName).ToList()))
            .ToList();
    }
}
