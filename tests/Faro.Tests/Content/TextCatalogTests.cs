using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Faro.Texts;

namespace Faro.Tests.Content;

/// The one key-parity test of the text catalogue (screens, profile, notifications, refusals):
/// both languages have every key with a text and the same placeholders, and every key the code
/// names, literally or as `refusal.<code>` of a refusal, input error, import issue or blocker, exists.
public partial class TextCatalogTests
{
    private static string Root([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", ".."));

    private static IEnumerable<(string File, string Text)> Sources() =>
        new[] { "src/Faro", "src/Faro.Web", "src/Faro.Cli" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(Root(), d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(Root(), f), File.ReadAllText(f)));

    [Fact]
    public void BothLanguages_HaveEveryKey_WithATextAndTheSamePlaceholders()
    {
        var en = TextCatalog.Default.For(Languages.English);
        var es = TextCatalog.Default.For(Languages.Spanish);
        Assert.True(en.Count > 1000, $"only {en.Count} texts loaded");
        Assert.Empty(en.Keys.Except(es.Keys));
        Assert.Empty(es.Keys.Except(en.Keys));
        Assert.All(en.Concat(es), kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), kv.Key));
        var differing = en.Keys.Where(k => !Holes(en[k]).SetEquals(Holes(es[k]))).ToList();
        Assert.True(differing.Count == 0, "placeholders differ: " + string.Join(", ", differing));
    }

    [Fact]
    public void EveryKeyNamedInCode_HasAText()
    {
        var catalog = TextCatalog.Default;
        var missing = new List<string>();
        foreach (var (file, text) in Sources())
        {
            foreach (Match m in PhraseKey().Matches(text).Concat(BriefKey().Matches(text)).Concat(CliKey().Matches(text)))
            {
                if (!catalog.Has(m.Groups["key"].Value))
                {
                    missing.Add($"{file}: {m.Groups["key"].Value}");
                }
            }

            foreach (Match m in RefusalCode().Matches(text))
            {
                // A site that names its phrase itself (a variant text, a phrase built elsewhere) is
                // checked by the phrase's own key.
                if (!m.Groups["rest"].Value.Contains("Phrase", StringComparison.Ordinal) && !m.Groups["rest"].Value.Contains("NotAChoice", StringComparison.Ordinal)
                    && !m.Groups["rest"].Value.Contains("error!", StringComparison.Ordinal) && !m.Groups["rest"].Value.Contains("problem)", StringComparison.Ordinal)
                    && !m.Groups["rest"].Value.Contains("IdentityErrorText", StringComparison.Ordinal)
                    && !catalog.Has("refusal." + m.Groups["code"].Value))
                {
                    missing.Add($"{file}: refusal.{m.Groups["code"].Value}");
                }
            }
        }

        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing.Distinct()));
    }

    [Fact]
    public void EveryRefusalText_IsUsedByTheCode()
    {
        var code = string.Join("\n", Sources().Select(s => s.Text));
        var unused = TextCatalog.Default.For(Languages.English).Keys
            .Where(k => k.StartsWith("refusal.", StringComparison.Ordinal))
            .Where(k => !k.StartsWith("refusal.language.", StringComparison.Ordinal)) // Phrase.Language builds these keys
            .Where(k => !code.Contains($"\"{k}\"", StringComparison.Ordinal) && !code.Contains($"\"{k["refusal.".Length..]}\"", StringComparison.Ordinal)
                // ApiGuards.Message builds "refusal.api." + the problem's code.
                && !(k.StartsWith("refusal.api.", StringComparison.Ordinal) && code.Contains($"\"{k["refusal.api.".Length..]}\"", StringComparison.Ordinal)))
            .ToList();
        Assert.True(unused.Count == 0, "texts no code uses: " + string.Join(", ", unused));
    }

    [Fact]
    public void RenderedRefusals_NameStagesByTheirWords_NotTheirCodes()
    {
        var refusal = RefusedException.Conflict("assessment.invalid_transition",
            Phrase.Stage(Faro.Workflow.Stage.DataCollection), Phrase.Stage(Faro.Workflow.Stage.Drafting),
            new[] { Phrase.Stage(Faro.Workflow.Stage.Validation) });
        Assert.Equal("An assessment in Data collection cannot move to Drafting; possible moves: Validation.", refusal.Text.En);
        Assert.Equal("Una evaluación en Recopilación de datos no puede pasar a Redacción; pasos posibles: Validación.", refusal.Text.Es);
        Assert.DoesNotContain("data-collection", refusal.Text.Es, StringComparison.Ordinal);
    }

    private static HashSet<string> Holes(string text) =>
        Hole().Matches(text.Replace("{{", "", StringComparison.Ordinal).Replace("}}", "", StringComparison.Ordinal)).Select(m => m.Groups[1].Value).ToHashSet();

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)(?::[^}]*)?\}")]
    private static partial Regex Hole();

    // A literal key; "refusal." + code is checked through the codes below.
    [GeneratedRegex(@"new Phrase\(""(?<key>[^""]+[^"".])""")]
    private static partial Regex PhraseKey();

    // The CLI's lines (`CliHost.Say`, `CliHost.Text`): every `"cli.*"` literal is a key.
    [GeneratedRegex(@"""(?<key>cli\.[a-z_]+(?:\.[a-z0-9_]+)+)""")]
    private static partial Regex CliKey();

    // The dialogue brief's and the peer reasons' keys, named as literals where they are used.
    [GeneratedRegex(@"(?:\bT\([a-zA-Z.]+, |reasons\?\.Add\()""(?<key>(?:dialogue|learning\.reason)\.[a-z0-9_.]*[a-z0-9_])""")]
    private static partial Regex BriefKey();

    // The code of a refusal site: the first code-like literal among a refusal-making call's
    // arguments, up to the end of the statement.
    [GeneratedRegex(@"\b(?:Conflict|Forbidden|RefusedException|InputError|ImportIssue|Blocker|Error|Reject|Refuse|Bad|Invalid|Issue|KindError|new)\s*\((?:[^;""()]|\([^;""()]*\)|""[^""]*"")*?,\s*""(?<code>[a-z_]+(?:\.[a-z0-9_]+)+)""(?<rest>[^;]*)")]
    private static partial Regex RefusalCode();
}
