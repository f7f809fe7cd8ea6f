using Faro.Profiles;
using Faro.Web.Localization;
using Faro.Web.Profiles;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Faro.Web.Pages.Profiles;

/// One published profile: its frozen HTML article and its downloads in every format and language.
[AllowAnonymous]
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = PublicCache.Policy)]
public sealed class ShowModel(ProfileService profiles, Faro.Exchange.OpenDataService openData, UiLanguage ui) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "lang")]
    public string? Language { get; set; }

    public PublishedProfile Profile { get; private set; } = null!;

    public string Article { get; private set; } = "";

    public string Lang { get; private set; } = Languages.Spanish;

    /// A profile frozen before a withdrawal stays readable; its open data does not.
    public bool HasOpenData { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        Lang = Languages.IsSupported(Language) ? Language! : ui.Current;
        if (await profiles.PublishedArticleAsync(id, Lang, ct) is not { } article
            || await profiles.PublishedProfileAsync(id, ct) is not { } profile)
        {
            return NotFound();
        }

        Profile = profile;
        HasOpenData = await openData.IsPublishedAsync(id, ct);
        Article = article.Html;
        return PortalCache.IsNotModified(HttpContext, ui.Current, "profile", id.ToString(System.Globalization.CultureInfo.InvariantCulture), Lang,
                string.Join(',', profile.Files.Values.Select(f => f.Sha256).Order(StringComparer.Ordinal)))
            ? StatusCode(StatusCodes.Status304NotModified)
            : Page();
    }

    public static string Size(int bytes, System.Globalization.CultureInfo culture) =>
        bytes >= 1024 * 1024 ? (bytes / 1024.0 / 1024.0).ToString("0.0", culture) + " MB" : Math.Max(1, bytes / 1024).ToString(culture) + " KB";
}
