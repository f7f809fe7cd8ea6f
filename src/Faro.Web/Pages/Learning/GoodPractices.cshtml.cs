using Faro.Learning;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faro.Web.Pages.Learning;

/// The public good-practice library: a plain GET form (search words and facets) and pages.
[AllowAnonymous]
public sealed class GoodPracticesModel(GoodPracticeService library, UiLanguage ui) : LearningPage
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Domain { get; set; }
    [BindProperty(SupportsGet = true)] public string? Indicator { get; set; }
    [BindProperty(SupportsGet = true)] public string? Country { get; set; }
    [BindProperty(SupportsGet = true, Name = "lang")] public string? Language { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public PracticePage? Result { get; private set; }

    public string Link(int page) => "/good-practices?" + string.Join('&', new[]
    {
        ("q", Q), ("domain", Domain), ("indicator", Indicator), ("country", Country), ("lang", Language), ("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    }.Where(p => !string.IsNullOrWhiteSpace(p.Item2)).Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2!)));

    public Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // Unknown facet values are ignored rather than failing the public page.
        Language = Languages.IsSupported(Language) ? Language : null;
        return GuardedAsync(async _ => Result = await library.SearchAsync(new PracticeQuery(Q, Domain, Indicator, Country, Language, PageNumber), ui.Current, ct), ui.Current);
    }
}
