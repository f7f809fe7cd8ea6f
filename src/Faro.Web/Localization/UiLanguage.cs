using System.Globalization;
using Faro.Texts;
using Microsoft.AspNetCore.Localization;

namespace Faro.Web.Localization;

/// The language of the current request: the signed-in user's choice, else the `faro.lang` cookie,
/// else the browser's Accept-Language, else Spanish (Faro's users are Spanish-speaking first).
/// The cookie and Accept-Language are read by ASP.NET Core's request-localization providers (see
/// `AddUiLanguage`), which weigh q-values and fall back from "es-PA" to "es"; the user's own choice
/// is read here, when the text is needed, because an API caller's bearer token is authenticated
/// by its endpoint's policy, after the localization middleware has run.
public sealed class UiLanguage(IHttpContextAccessor http)
{
    public const string Cookie = "faro.lang";
    private readonly TextCatalog catalog = TextCatalog.Default;
    private string? resolved;

    public string Current => resolved ??= Resolve();

    public string this[string key] => catalog.Get(Current, key);

    public string Format(string key, params object?[] args) => catalog.Render(Current, key, args);

    /// A refusal's, blocker's or input error's phrase in this request's language.
    public string Render(Phrase phrase) => catalog.Render(Current, phrase);

    public CultureInfo Culture => CultureInfo.GetCultureInfo(Current);

    // The demo's fictional country carries its marker in its stored name ("Valdoria (ficticio)"),
    // because profiles, PDFs and exports print the name alone; pages that add a "fictional" tag
    // would then say it twice. Both languages' words count: a name may be shown in the other one.
    private static readonly string[] FictionalWords = ["fictional", "ficticio", "ficticia"];

    /// Whether a "fictional" tag is still needed beside these shown texts: the one rule every page
    /// uses before adding `common.fictional`, so the marker appears once.
    public static bool NeedsFictionalTag(bool isFictional, params string?[] shown) =>
        isFictional && !shown.Any(s => s is not null && FictionalWords.Any(w => s.Contains(w, StringComparison.OrdinalIgnoreCase)));

    private string Resolve()
    {
        var context = http.HttpContext;
        if (context is null)
        {
            return Languages.Spanish;
        }

        if (context.User.Identity?.IsAuthenticated == true
            && context.User.FindFirst(FaroClaims.Language)?.Value is { } claimed && Languages.IsSupported(claimed))
        {
            return claimed;
        }

        var negotiated = context.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.TwoLetterISOLanguageName;
        return Languages.IsSupported(negotiated) ? negotiated! : Languages.Spanish;
    }
}

public static class UiLanguageSetup
{
    public static IServiceCollection AddUiLanguage(this IServiceCollection services) => services
        .AddScoped<UiLanguage>()
        .Configure<RequestLocalizationOptions>(o =>
        {
            // Only the UI culture is negotiated: the request's CurrentCulture stays the server's,
            // so numbers and dates that a page formats without a culture do not change with the
            // reader (reports pass their culture explicitly).
            var server = CultureInfo.CurrentCulture;
            o.DefaultRequestCulture = new RequestCulture(server, CultureInfo.GetCultureInfo(Languages.Spanish));
            o.SupportedCultures = [server];
            o.SupportedUICultures = [.. Languages.All.Select(CultureInfo.GetCultureInfo)];
            o.FallBackToParentUICultures = true;
            o.RequestCultureProviders =
            [
                // The cookie holds a bare "en"/"es", not the "c=..|uic=.." form CookieRequestCultureProvider reads.
                new CustomRequestCultureProvider(c => Task.FromResult(
                    c.Request.Cookies.TryGetValue(UiLanguage.Cookie, out var lang) && Languages.IsSupported(lang) ? new ProviderCultureResult(lang) : null)),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
}

public static class FaroClaims
{
    public const string Language = "faro:lang";
}
