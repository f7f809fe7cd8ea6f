using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Faro.Texts;

/// Every text Faro shows or sends, as data: the web host's screens (`ui.*.json`), the profile's
/// static texts (`profile.*`), notifications (`notification.*`), the services' refusals
/// (`refusal.*`) and the CLI's lines (`cli.*`), one JSON file per area and language in this
/// folder, embedded in the core so the web host, the CLI and the mailer read the same words.
/// Loaded once; a key defined twice fails the load, and a test checks that both languages have
/// every key and every key used in code.
public sealed class TextCatalog
{
    private const string Prefix = "Faro.Texts.";

    private static readonly Lazy<TextCatalog> Loaded = new(() => new TextCatalog());

    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> texts;

    private TextCatalog()
    {
        var assembly = typeof(TextCatalog).Assembly;
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).ToList();
        texts = Languages.All.ToFrozenDictionary(lang => lang, lang =>
        {
            var merged = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in names.Where(n => n.EndsWith($".{lang}.json", StringComparison.Ordinal)))
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(stream)!)
                {
                    if (!merged.TryAdd(key, value))
                    {
                        throw new InvalidOperationException($"{name}: the text key '{key}' is defined twice.");
                    }
                }
            }

            return merged.Count > 0 ? merged.ToFrozenDictionary(StringComparer.Ordinal) : throw new InvalidOperationException($"No texts are embedded for '{lang}'.");
        });
    }

    /// The one catalogue: the texts are embedded data, so there is nothing to configure per host.
    public static TextCatalog Default => Loaded.Value;

    public IReadOnlyDictionary<string, string> For(string lang) => texts[Supported(lang)];

    public bool Has(string key) => texts[Languages.English].ContainsKey(key);

    /// The text of a key, or the key in brackets: a missing text shows as a visible marker in the
    /// page rather than a crash (the parity test keeps that from reaching a user).
    public string Get(string lang, string key) =>
        texts[Supported(lang)].TryGetValue(key, out var value) ? value : $"[{key}]";

    /// Fills `{0}`, `{1:N0}` with the arguments, formatted with the language's culture. An argument
    /// that is itself a phrase, a localized text or a list of phrases is rendered in the same language.
    public string Render(string lang, string key, params object?[] args)
    {
        lang = Supported(lang);
        return Fill(lang, Get(lang, key), name =>
            int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < args.Length ? (true, args[i]) : (false, null));
    }

    public string Render(string lang, Phrase phrase)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        return Render(lang, phrase.Key, phrase.Args);
    }

    /// For templates that name their arguments (`{assessment} moved from {from} to {to}`).
    public string RenderNamed(string lang, string key, IReadOnlyDictionary<string, object?> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        lang = Supported(lang);
        return Fill(lang, Get(lang, key), name => args.TryGetValue(name, out var value) ? (true, value) : (false, null));
    }

    private static string Supported(string lang) => Languages.IsSupported(lang) ? lang : Languages.Spanish;

    // string.Format would do for positional arguments, but not for named ones; one small parser
    // serves both, with the same rules: `{{` and `}}` escape a brace, `{name:format}` formats.
    private string Fill(string lang, string template, Func<string, (bool Found, object? Value)> lookup)
    {
        var culture = CultureInfo.GetCultureInfo(lang);
        var result = new StringBuilder(template.Length + 32);
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                result.Append(c);
                i++;
                continue;
            }

            var end = c == '{' ? template.IndexOf('}', i + 1) : -1;
            if (end < 0)
            {
                result.Append(c);
                continue;
            }

            var hole = template[(i + 1)..end];
            var colon = hole.IndexOf(':', StringComparison.Ordinal);
            var (name, format) = colon < 0 ? (hole, null) : (hole[..colon], hole[(colon + 1)..]);
            var (found, value) = lookup(name);
            result.Append(found ? Show(lang, culture, value, format) : template[i..(end + 1)]);
            i = end;
        }

        return result.ToString();
    }

    private string Show(string lang, CultureInfo culture, object? value, string? format) => value switch
    {
        null => "",
        string s => s,
        Phrase p => Render(lang, p),
        LocalizedText t => t.Resolve(lang)?.Text ?? "",
        IEnumerable<Phrase> list => string.Join(", ", list.Select(p => Render(lang, p))),
        IFormattable f => f.ToString(format, culture),
        _ => Convert.ToString(value, culture) ?? "",
    };
}
