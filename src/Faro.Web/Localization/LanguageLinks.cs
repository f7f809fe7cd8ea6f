namespace Faro.Web.Localization;

/// The signed-out language switch: a link, not a form, so that public pages carry no antiforgery
/// token or cookie and can be cached for every reader. It only sets the `faro.lang` preference
/// cookie (nothing an attacker gains by forging it) and goes back; signed-in people keep the form,
/// which also stores the choice on their account.
public static class LanguageLinks
{
    public static void MapLanguageLinks(this WebApplication app) =>
        app.MapGet("/account/language", (string? lang, string? returnUrl, HttpContext context) =>
        {
            if (!Languages.IsSupported(lang))
            {
                return Results.BadRequest();
            }

            context.Response.Cookies.Append(UiLanguage.Cookie, lang!, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = context.Request.IsHttps,
                MaxAge = TimeSpan.FromDays(365),
            });
            context.Response.Headers.CacheControl = "no-store";
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous().ExcludeFromDescription();

    /// Where the switch goes back to: this page without its `lang=` parameter. A page opened with
    /// `?lang=en` (a shared profile link) would otherwise keep that language after the switch, so
    /// the reader chose Español and still read English.
    public static string ReturnUrl(HttpRequest request)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.QueryString.Value);
        var kept = query.Where(q => !string.Equals(q.Key, "lang", StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)));
        return request.Path + QueryString.Create(kept).ToUriComponent();
    }

    private static bool IsLocal(string? url) =>
        url is not null && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}
