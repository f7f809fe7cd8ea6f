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

    public IReadOnlyList<PublishedProfile> Profiles { get; private set; } = [];

    public IReadOnlyList<(string Iso2, string Name)> Countries { get; private set; } = [];

    public IReadOnlyList<int> Years { get; private set; } = [];

    public ProfileLabels Labels => ProfileLabels.For(ui.Current);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // Unknown filter values are ignored rather than failing the public page.
        Language = Languages.IsSupported(Language) ? Language : null;
        Country = string.IsNullOrWhiteSpace(Country) ? null : Country.Trim().ToUpperInvariant();
        var all = await profiles.ListPublishedAsync(ct: ct);
        Countries = all.GroupBy(p => p.CountryIso2)
            .Select(g => (g.Key, g.First().Country.Resolve(ui.Current)?.Text ?? g.Key))
            .OrderBy(c => c.Item2, StringComparer.Create(ui.Culture, ignoreCase: true)).ToList();
        Years = all.Select(p => p.Year).Distinct().OrderDescending().ToList();
        Profiles = all
            .Where(p => Country is null || p.CountryIso2 == Country)
            .Where(p => Language is null || p.CompleteLanguages.Contains(Language))
            .Where(p => Year is null || p.Year == Year)
            .ToList();
        var version = string.Join(',', all.Select(p => $"{p.AssessmentId}:{string.Join(',', p.Files.Values.Select(f => f.Sha256).Order(StringComparer.Ordinal))}"));
        return PortalCache.IsNotModified(HttpContext, ui.Current, "list", version, Country ?? "", Language ?? "", Year?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "")
            ? StatusCode(StatusCodes.Status304NotModified)
            : Page();
    }
}
