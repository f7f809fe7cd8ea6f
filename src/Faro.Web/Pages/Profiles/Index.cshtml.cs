using Faro.Profiles;
using Faro.Web.Localization;
using Faro.Web.Profiles;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Faro.Web.Pages.Profiles;

/// The public list of published profiles, filtered by country, language and year with a plain GET
/// form (no JavaScript).
[AllowAnonymous]
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = PublicCache.Policy)]
public sealed class IndexModel(ProfileService profiles, UiLanguage ui) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Country { get; set; }

    [BindProperty(SupportsGet = true, Name = "lang")]
    public string? Language { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    /// Part of a place's name, accents and case ignored.
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Place { get; set; }

    /// The place search was too long or held control characters: the list is shown without it,
    /// and the page says so.
    public bool PlaceRefused { get; private set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public PortalPage Result { get; private set; } = null!;

    public IReadOnlyList<(string Iso2, string Name)> Countries { get; private set; } = [];

    public ProfileLabels Labels => ProfileLabels.For(ui.Current);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // Unknown filter values are ignored rather than failing the public page.
        Language = Languages.IsSupported(Language) ? Language : null;
        Country = string.IsNullOrWhiteSpace(Country) ? null : Country.Trim().ToUpperInvariant();
        Place = string.IsNullOrWhiteSpace(Place) ? null : Place.Trim();
        if (Place is not null && (Place.Length > ProfileService.MaxPlaceSearch || Place.Any(char.IsControl)))
        {
            PlaceRefused = true;
            Place = null;
        }

        Result = await profiles.PortalAsync(Country, Language, Year, PageNumber, Place, ct: ct);
        PageNumber = Result.Page;
        Countries = Result.Countries
            .Select(c => (c.Iso2, c.Name.Resolve(ui.Current)?.Text ?? c.Iso2))
            .OrderBy(c => c.Item2, StringComparer.Create(ui.Culture, ignoreCase: true)).ToList();
        // The ETag is what the page shows, so a rename or a new publication changes it and nothing
        // else does.
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var shown = string.Join(';', Result.Profiles.Select(p => string.Join(',',
            p.AssessmentId, p.Place, p.Country.En, p.Country.Es, p.Round, p.PublishedOn.ToString("O", inv), p.IsFictional, string.Join('+', p.CompleteLanguages))));
        var facets = string.Join(',', Countries.Select(c => c.Iso2 + ":" + c.Name)) + "|" + string.Join(',', Result.Years);
        return PortalCache.IsNotModified(HttpContext, ui.Current, "list", shown, facets, Result.Total.ToString(inv), PageNumber.ToString(inv),
                Country ?? "", Language ?? "", Year?.ToString(inv) ?? "", Place ?? "", PlaceRefused ? "refused" : "")
            ? StatusCode(StatusCodes.Status304NotModified)
            : Page();
    }

    /// This list's address with the same filters on another page.
    public string PageLink(int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["q"] = Place,
            ["country"] = Country,
            ["lang"] = Language,
            ["year"] = Year?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (page > 1)
        {
            query["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/profiles", query.Where(q => !string.IsNullOrEmpty(q.Value)));
    }
}
