using System.Collections.Frozen;
using System.Globalization;
using Faro.Texts;

namespace Faro.Profiles;

/// The profile's static texts (section headings, Objectives, Introduction, Method, labels) in one
/// language: the `profile.*` keys of the text catalogue (`Texts/profile.*.json`, whose parity test
/// keeps both languages complete). Also formats dates and
/// numbers the way the language writes them ("2 September 2021", "2 de septiembre de 2021").
public sealed class ProfileLabels
{
    private const string KeyPrefix = "profile.";

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

    // The profile's texts are the catalogue's `profile.*` keys; the profile code names them
    // without the prefix.
    private static FrozenDictionary<string, ProfileLabels> Load() =>
        Languages.All.ToFrozenDictionary(
            lang => lang,
            lang => new ProfileLabels(lang, TextCatalog.Default.For(lang)
                .Where(kv => kv.Key.StartsWith(KeyPrefix, StringComparison.Ordinal))
                .ToFrozenDictionary(kv => kv.Key[KeyPrefix.Length..], kv => kv.Value)));
}
