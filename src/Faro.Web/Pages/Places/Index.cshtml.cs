using Faro.Data;
using Faro.Places;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Places;

/// The places of one country the caller manages: its jurisdictions and institutions, each list
/// filtered and paged (a country has hundreds of units), with links to add, edit, deactivate and
/// import a gazetteer. Every rule of a change is in `PlacesService`; this page only reads.
public sealed class IndexModel(FaroDb db, CurrentUser me, UiLanguage lang, PlacesService places) : PageModel
{
    public const int PageSize = 50;

    public List<Country> Countries { get; private set; } = [];
    public Country? Selected { get; private set; }
    public PlacePage<JurisdictionView>? Jurisdictions { get; private set; }
    public PlacePage<InstitutionView>? Institutions { get; private set; }
    /// The ADM1 and ADM2 units of the country, for the "part of" filter.
    public List<JurisdictionView> Parents { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public string? Country { get; set; }
    [BindProperty(SupportsGet = true)] public int? Level { get; set; }
    [BindProperty(SupportsGet = true)] public int? Parent { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    /// `active` (default), `inactive` or `all`.
    [BindProperty(SupportsGet = true)] public string? Show { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public string? Iq { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? IShow { get; set; }
    [BindProperty(SupportsGet = true, Name = "ip")] public int InstitutionPage { get; set; } = 1;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var managed = await me.ManagedCountriesAsync(ct);
        var byName = StringComparer.Create(lang.Culture, true);
        // An admin sees the countries that have places, plus the one asked for; the ~250 others are
        // reached through the country list, not listed as empty cards.
        var withPlaces = await db.Jurisdictions.Select(j => j.CountryId).Union(db.Institutions.Select(i => i.CountryId)).Distinct().ToListAsync(ct);
        var all = await db.Countries.AsNoTracking().Where(c => managed == null || managed.Contains(c.Id)).ToListAsync(ct);
        Countries = all.OrderBy(c => c.Name.Resolve(lang.Current)?.Text, byName).ToList();
        var iso2 = (Country ?? "").Trim().ToUpperInvariant();
        Selected = Countries.FirstOrDefault(c => c.Iso2 == iso2)
            ?? Countries.Where(c => withPlaces.Contains(c.Id)).FirstOrDefault()
            ?? (Countries.Count == 1 ? Countries[0] : null);
        if (Selected is null)
        {
            return;
        }

        Country = Selected.Iso2;
        var actor = await me.ActorAsync(ct);
        Level = Level is >= 1 and <= 3 ? Level : null;
        PageNumber = Math.Max(1, PageNumber);
        InstitutionPage = Math.Max(1, InstitutionPage);
        Parents = (await places.ListJurisdictionsAsync(actor, new JurisdictionQuery(Selected.Iso2, 1, PageSize: PlacesService.MaxPageSize), ct)).Items.ToList();
        if (Parent is { } p && Parents.All(x => x.Id != p))
        {
            // A district chosen by a link from an ADM2 row: keep it as a filter even though the
            // list above only offers provinces.
            var chosen = await db.Jurisdictions.AsNoTracking().Where(j => j.Id == p && j.CountryId == Selected.Id).Select(j => j.Id).FirstOrDefaultAsync(ct);
            Parent = chosen == 0 ? null : chosen;
            if (Parent is not null)
            {
                Parents.Add(await places.GetJurisdictionAsync(actor, chosen, ct));
            }
        }

        Jurisdictions = await places.ListJurisdictionsAsync(actor, new JurisdictionQuery(Selected.Iso2, Level, Parent, Q, Active(Show), PageNumber, PageSize), ct);
        var kind = EnumCodes.TryParse<InstitutionKind>(Kind, out var k) ? k.ToCode() : null;
        Kind = kind;
        Institutions = await places.ListInstitutionsAsync(actor, new InstitutionQuery(Selected.Iso2, null, kind, Iq, Active(IShow), InstitutionPage, PageSize), ct);
    }

    private static bool? Active(string? show) => show switch
    {
        "all" => null,
        "inactive" => false,
        _ => true,
    };

    /// This page's address with the current filters and some changed, for paging links.
    public string Link(Dictionary<string, string?> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var values = new Dictionary<string, string?>
        {
            ["country"] = Country,
            ["level"] = Level?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["parent"] = Parent?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["q"] = Q,
            ["show"] = Show,
            ["p"] = PageNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["iq"] = Iq,
            ["kind"] = Kind,
            ["ishow"] = IShow,
            ["ip"] = InstitutionPage.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in change)
        {
            values[key] = value;
        }

        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/places",
            values.Where(kv => !string.IsNullOrEmpty(kv.Value)).Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value)));
    }
}
