using System.Globalization;
using Faro.Assessments;
using Faro.Catalogue;
using Faro.Data;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Assessments;

public sealed record Choice(string Value, string Label);

/// What the shared metadata fields (`_AssessmentMetadataFields`) read from their page.
public interface IMetadataForm
{
    string? Round { get; }
    string? CatalogueId { get; }
    string? CounterpartId { get; }
    string? ReferenceTitleEs { get; }
    string? ReferenceTitleEn { get; }
    string? ReferenceYear { get; }
    string? ReferenceUrl { get; }
    List<Choice> Catalogues { get; }
    List<Choice> Counterparts { get; }
}

/// Starts an assessment (coordinators of the country, admins): the country among those the caller
/// manages, the place from the country's active jurisdictions (filtered by a search, since a
/// country has hundreds), titles proposed from the place, the round, a published catalogue
/// version, and the national counterpart (an assessment in Faro or a reference to one elsewhere).
/// The choices come from lists; `AssessmentCreation` checks everything again.
public sealed class NewModel(FaroDb db, CurrentUser caller, UiLanguage lang, AssessmentCreation creation) : PageModel, IMetadataForm
{

    public const int MaxPlaces = 300;

    public List<Choice> Countries { get; private set; } = [];
    public List<Choice> Places { get; private set; } = [];
    public int PlacesMatching { get; private set; }
    public List<Choice> Catalogues { get; private set; } = [];
    public List<Choice> Counterparts { get; private set; } = [];
    public string? CountryName { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Country { get; set; }
    /// The search over the country's places (name, English name or code).
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public int? Level { get; set; }
    /// A jurisdiction id, or "national".
    [BindProperty(SupportsGet = true)] public string? Place { get; set; }
    [BindProperty] public string? TitleEs { get; set; }
    [BindProperty] public string? TitleEn { get; set; }
    [BindProperty] public string? Round { get; set; }
    [BindProperty] public string? CatalogueId { get; set; }
    [BindProperty] public string? CounterpartId { get; set; }
    [BindProperty] public string? ReferenceTitleEs { get; set; }
    [BindProperty] public string? ReferenceTitleEn { get; set; }
    [BindProperty] public string? ReferenceYear { get; set; }
    [BindProperty] public string? ReferenceUrl { get; set; }

    public static readonly Dictionary<string, (string, string)> Fields = new()
    {
        ["country"] = ("Country", "newassessment.country"),
        ["jurisdictionId"] = ("Place", "newassessment.place"),
        ["titleEs"] = ("TitleEs", "newassessment.title_es"),
        ["titleEn"] = ("TitleEn", "newassessment.title_en"),
        ["round"] = ("Round", "newassessment.round"),
        ["catalogueId"] = ("CatalogueId", "newassessment.catalogue"),
        ["nationalCounterpartId"] = ("CounterpartId", "newassessment.counterpart"),
        ["nationalReferenceTitleEs"] = ("ReferenceTitleEs", "newassessment.reference_title_es"),
        ["nationalReferenceTitleEn"] = ("ReferenceTitleEn", "newassessment.reference_title_en"),
        ["nationalReferenceYear"] = ("ReferenceYear", "newassessment.reference_year"),
        ["nationalReferenceUrl"] = ("ReferenceUrl", "newassessment.reference_url"),
    };

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        // Titles proposed from the chosen place; the coordinator may change them.
        if (await ChosenPlaceAsync(ct) is { } chosen)
        {
            (TitleEn, TitleEs) = chosen;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        int? jurisdictionId = null;
        if (Place is not "national" && !string.IsNullOrEmpty(Place))
        {
            if (int.TryParse(Place, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                jurisdictionId = pid;
            }
            else
            {
                ModelState.AddField("Place", lang, "newassessment.place", "form.bad_choice");
            }
        }
        else if (string.IsNullOrEmpty(Place))
        {
            ModelState.AddField("Place", lang, "newassessment.place", "newassessment.place_missing");
        }

        var round = Number("Round", Round, "newassessment.round");
        var catalogue = Number("CatalogueId", CatalogueId, "newassessment.catalogue");
        var counterpart = Number("CounterpartId", CounterpartId, "newassessment.counterpart");
        var year = Number("ReferenceYear", ReferenceYear, "newassessment.reference_year");
        if (!ModelState.IsValid)
        {
            return await ReshowAsync(ct);
        }

        return await this.WriteOrReshowAsync(lang, async () =>
        {
            var created = await creation.CreateAsync(await caller.ActorAsync(ct), new NewAssessment(Country ?? "", jurisdictionId, TitleEn, TitleEs, round, catalogue,
                counterpart, ReferenceTitleEn, ReferenceTitleEs, year, ReferenceUrl), ct);
            TempData["Saved"] = "newassessment.created";
            return Redirect($"/assessments/{created.Id}");
        }, () => ReshowAsync(ct), Fields);
    }

    private async Task<IActionResult> ReshowAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    private int? Number(string field, string? text, string label)
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

    private async Task<(string En, string Es)?> ChosenPlaceAsync(CancellationToken ct)
    {
        var iso2 = Country?.Trim().ToUpperInvariant();
        var country = await db.Countries.AsNoTracking().FirstOrDefaultAsync(c => c.Iso2 == iso2, ct);
        if (country is null || string.IsNullOrEmpty(Place))
        {
            return null;
        }

        if (Place == "national")
        {
            return AssessmentCreation.ProposedTitles(country, null);
        }

        return int.TryParse(Place, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && await db.Jurisdictions.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id && j.CountryId == country.Id, ct) is { } place
            ? AssessmentCreation.ProposedTitles(country, place)
            : null;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var managed = await caller.ManagedCountriesAsync(ct);
        var countries = await db.Countries.AsNoTracking().Where(c => managed == null || managed.Contains(c.Id))
            .Select(c => new { c.Id, c.Iso2, c.Name }).ToListAsync(ct);
        Countries = countries.Select(c => new Choice(c.Iso2, $"{c.Name.Resolve(lang.Current)?.Text} ({c.Iso2})"))
            .OrderBy(c => c.Label, StringComparer.Create(lang.Culture, true)).ToList();
        if (Countries.Count == 1)
        {
            Country ??= Countries[0].Value;
        }

        var iso2 = Country?.Trim().ToUpperInvariant();
        var chosen = countries.FirstOrDefault(c => c.Iso2 == iso2);
        Catalogues = (await db.Catalogues.AsNoTracking().NewestPublishedFirst()
                .Select(c => new { c.Id, c.Code, c.Version, c.Title }).ToListAsync(ct))
            .Select(c => new Choice(c.Id.ToString(CultureInfo.InvariantCulture), $"{c.Title.Resolve(lang.Current)?.Text} ({c.Code}@{c.Version})")).ToList();
        if (chosen is null)
        {
            return;
        }

        CountryName = chosen.Name.Resolve(lang.Current)?.Text;
        var places = db.Jurisdictions.AsNoTracking().Where(j => j.CountryId == chosen.Id && j.IsActive);
        if (Level is { } level)
        {
            places = places.Where(j => j.AdminLevel == level);
        }

        if (Q?.Trim() is { Length: > 0 } q)
        {
            var like = "%" + q.Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + "%";
            places = places.Where(j => EF.Functions.Like(j.Name, like) || (j.NameEn != null && EF.Functions.Like(j.NameEn, like)) || (j.Code != null && EF.Functions.Like(j.Code, like))
                || (j.Parent != null && EF.Functions.Like(j.Parent.Name, like)));
        }

        PlacesMatching = await places.CountAsync(ct);
        Places = (await places.OrderBy(j => j.AdminLevel).ThenBy(j => j.Name).Take(MaxPlaces)
                .Select(j => new { j.Id, j.Name, j.AdminLevel, j.Code, Parent = j.Parent != null ? j.Parent.Name : null }).ToListAsync(ct))
            .Select(j => new Choice(j.Id.ToString(CultureInfo.InvariantCulture),
                $"{j.Name}{(j.Parent is null ? "" : " · " + j.Parent)} (ADM{j.AdminLevel}{(j.Code is null ? "" : ", " + j.Code)})"))
            .ToList();
        Counterparts = (await db.Assessments.AsNoTracking().Where(a => a.CountryId == chosen.Id && a.Level == AssessmentLevel.National && a.WithdrawnAt == null)
                .OrderByDescending(a => a.Round).Select(a => new { a.Id, a.Title, a.Round }).ToListAsync(ct))
            .Select(a => new Choice(a.Id.ToString(CultureInfo.InvariantCulture), $"{a.Title.Resolve(lang.Current)?.Text} · {lang.Format("assessment.round", a.Round)}"))
            .ToList();
    }
}
