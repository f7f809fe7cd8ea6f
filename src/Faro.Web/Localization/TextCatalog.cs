using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace Faro.Web.Localization;

/// The UI's strings, as data: one JSON file per language under `Resources/`. A test checks that both
/// files have the same keys, so no screen silently loses a language.
public sealed class TextCatalog
{
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> texts;

    public TextCatalog()
    {
        var assembly = typeof(TextCatalog).Assembly;
        texts = Languages.All.ToFrozenDictionary(lang => lang, lang =>
        {
            using var stream = assembly.GetManifestResourceStream($"Faro.Web.Resources.strings.{lang}.json")
                ?? throw new InvalidOperationException($"strings.{lang}.json is not embedded");
            return JsonSerializer.Deserialize<Dictionary<string, string>>(stream)!.ToFrozenDictionary();
        });
    }

    public IReadOnlyDictionary<string, string> For(string lang) => texts[lang];

    public string Get(string lang, string key) =>
        texts[Languages.IsSupported(lang) ? lang : Languages.Spanish].TryGetValue(key, out var value) ? value : $"[{key}]";

    public string Format(string lang, string key, params object?[] args) =>
        string.Format(CultureInfo.GetCultureInfo(lang), Get(lang, key), args);
}

/// The language of the current request: the signed-in user's choice, else the `faro.lang` cookie,
/// else the browser's Accept-Language, else Spanish (Faro's users are Spanish-speaking first).
public sealed class UiLanguage(IHttpContextAccessor http, TextCatalog catalog)
{
    public const string Cookie = "faro.lang";
    private string? resolved;

    public string Current => resolved ??= Resolve();

    public string this[string key] => catalog.Get(Current, key);

    public string Format(string key, params object?[] args) => catalog.Format(Current, key, args);

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

        if (context.Request.Cookies.TryGetValue(Cookie, out var cookie) && Languages.IsSupported(cookie))
        {
            return cookie;
        }

        var accept = context.Request.Headers.AcceptLanguage.ToString();
        foreach (var part in accept.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var tag = part.Split(';')[0].Split('-')[0].ToLowerInvariant();
            if (Languages.IsSupported(tag))
            {
                return tag;
            }
        }

        return Languages.Spanish;
    }
}

public static class FaroClaims
{
    public const string Language = "faro:lang";
}
