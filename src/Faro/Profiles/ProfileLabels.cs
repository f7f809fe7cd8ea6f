using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace Faro.Profiles;

/// The profile's static texts (section headings, Objectives, Introduction, Method, labels) in one
/// language, read from `Resources/profile-texts.json`, where each key holds both languages side by
/// side so that neither can be forgotten; loading fails if one is missing. Also formats dates and
/// numbers the way the language writes them ("2 September 2021", "2 de septiembre de 2021").
public sealed class ProfileLabels
{
    private const string Resource = "Faro.Profiles.profile-texts.json";

    private static readonly Lazy<FrozenDictionary<string, ProfileLabels>> All = new(Load);

    private readonly FrozenDictionary<string, string> texts;

    private ProfileLabels(string lang, FrozenDictionary<string, string> texts)
    {
        Lang = lang;
        this.texts = texts;
        Culture = CultureInfo.GetCultureInfo(lang);
    }

    public string Lang { get; }

    public CultureInfo Culture { get; }

    public static ProfileLabels For(string lang) =>
        All.Value.TryGetValue(lang, out var labels) ? labels : throw new ArgumentOutOfRangeException(nameof(lang), lang, "Not a profile language.");

    public static IReadOnlyCollection<string> Keys => All.Value[Languages.English].texts.Keys;

    public string this[string key] =>
        texts.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"Profile text '{key}' is missing.");

    /// The key of a text's national wording ("objectives.text.national") for a national
    /// assessment when there is one: the local texts speak of local authorities and local competence.
    public string Variant(string key, bool national) =>
        national && texts.ContainsKey(key + ".national") ? key + ".national" : key;

    public string Format(string key, params object?[] args) => string.Format(Culture, this[key], args);

    public string Number(int n) => n.ToString("N0", Culture);

    public string Date(DateOnly date) =>
        date.ToString(Lang == Languages.Spanish ? "d 'de' MMMM 'de' yyyy" : "d MMMM yyyy", Culture);

    /// Static texts hold paragraphs separated by blank lines; a paragraph whose lines all start
    /// with "- " is a bulleted list.
    public IReadOnlyList<ProfileBlock> Blocks(string key, params object?[] args) =>
        Split(args.Length == 0 ? this[key] : Format(key, args), Lang);

    public static IReadOnlyList<ProfileBlock> Split(string text, string lang) =>
        text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part =>
            {
                var lines = part.Split('\n', StringSplitOptions.TrimEntries);
                return lines.All(l => l.StartsWith("- ", StringComparison.Ordinal))
                    ? new ProfileBlock(BlockKind.BulletList, lines.Select(l => ProfileText.Own(l[2..], lang)).ToList())
                    : new ProfileBlock(BlockKind.Paragraph, [ProfileText.Own(string.Join(' ', lines), lang)]);
            })
            .ToList();

    private static FrozenDictionary<string, ProfileLabels> Load()
    {
        using var stream = typeof(ProfileLabels).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"{Resource} is not embedded.");
        var raw = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(stream)
            ?? throw new InvalidOperationException($"{Resource} is empty.");
        var missing = raw.Where(kv => Languages.All.Any(l => !kv.Value.TryGetValue(l, out var t) || string.IsNullOrWhiteSpace(t)))
            .Select(kv => kv.Key).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"{Resource}: {string.Join(", ", missing)} must have both en and es.");
        }

        return Languages.All.ToFrozenDictionary(
            lang => lang,
            lang => new ProfileLabels(lang, raw.ToFrozenDictionary(kv => kv.Key, kv => kv.Value[lang])));
    }
}
