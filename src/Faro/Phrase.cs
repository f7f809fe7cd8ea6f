using Faro.Texts;
using Faro.Workflow;

namespace Faro;

/// A text of the catalogue by its key, with its arguments: what a refusal, a blocker or an input
/// error carries instead of finished sentences, so each host renders it in its reader's language
/// at the moment it shows it. Arguments that need words of their own (a stage, a language) are
/// phrases too, never raw codes such as "data-collection" inside a sentence.
public sealed record Phrase(string Key, params object?[] Args)
{
    public string this[string lang] => TextCatalog.Default.Render(lang, this);

    public string En => this[Languages.English];

    public string Es => this[Languages.Spanish];

    /// The stage's display name (`stage.data-collection` → "Data collection").
    public static Phrase Stage(Stage stage) => new("stage." + stage.ToCode());

    /// The name of a language as a word inside a sentence ("in English", "en inglés").
    public static Phrase Language(string lang) => new("refusal.language." + lang);

    public override string ToString() => En;
}
