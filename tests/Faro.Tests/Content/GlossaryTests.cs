using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Faro.Texts;

namespace Faro.Tests.Content;

/// docs/glossary.md: one term per idea. Each rejected variant is looked for, as a whole word and
/// ignoring case, in the Spanish texts a user reads.
public class GlossaryTests
{
    private static readonly string[] RejectedEverywhere =
    [
        "Recolección de datos", "levantamiento de información", "Aún no se sabe", "Aún no se conoce", "Lo suyo",
        "derivación", "Resultados principales", "ONU-Hábitat",
    ];

    private static string Root([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", ".."));

    private static IEnumerable<(string Where, string Text)> SpanishTexts()
    {
        // Every text of the catalogue: screens, profile, notifications and refusals.
        foreach (var (key, text) in TextCatalog.Default.For("es"))
        {
            yield return ($"texts es {key}", text);
        }
    }

    private static IEnumerable<(string Where, string Text)> CatalogueSpanish()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(Root(), "src/Faro/Catalogue/Seed"), "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var text in Es(doc.RootElement))
            {
                yield return (Path.GetFileName(file), text);
            }
        }

        static IEnumerable<string> Es(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Name == "es" && p.Value.ValueKind == JsonValueKind.String)
                    {
                        yield return p.Value.GetString()!;
                    }
                    else
                    {
                        foreach (var t in Es(p.Value))
                        {
                            yield return t;
                        }
                    }
                }
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var t in e.EnumerateArray().SelectMany(Es))
                {
                    yield return t;
                }
            }
        }
    }

    private static bool Has(string text, string term) =>
        Regex.IsMatch(text, $@"(?<!\w){Regex.Escape(term)}(?!\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    [Fact]
    public void SpanishTexts_UseTheGlossaryTerms_NotTheRejectedVariants()
    {
        var texts = SpanishTexts().ToList();
        Assert.NotEmpty(texts);
        var found = texts.SelectMany(t => RejectedEverywhere.Append("evidencia").Where(term => Has(t.Text, term)).Select(term => $"{t.Where}: «{term}»")).ToList();
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    [Fact]
    public void Catalogue_UsesTheGlossaryTerms_AndEvidenciaOnlyForEvidenceBasedPolicy()
    {
        var texts = CatalogueSpanish().ToList();
        Assert.NotEmpty(texts);
        var found = texts.SelectMany(t => RejectedEverywhere.Where(term => Has(t.Text, term)).Select(term => $"{t.Where}: «{term}»")).ToList();
        // "basadas en evidencia" names a kind of policy, not what supports an answer.
        found.AddRange(texts.Where(t => Has(Regex.Replace(t.Text, @"bas\w* en (datos y )?evidencia|datos y evidencia", "", RegexOptions.IgnoreCase), "evidencia"))
            .Select(t => $"{t.Where}: «evidencia» in “{t.Text}”"));
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    [Fact]
    public void AnswerLabels_AgreementAndDocxLanguage_FollowTheGlossary()
    {
        string Ui(string key) => TextCatalog.Default.For("es")[key];
        Assert.Equal(["Existe", "Existe parcialmente", "No existe", "No aplica", "Fuera de la competencia local", "Sin información aún"],
            new[] { "answer.yes", "answer.partial", "answer.no", "answer.not-applicable", "answer.national-competence", "answer.unknown" }.Select(Ui));
        var profile = Faro.Profiles.ProfileLabels.For("es");
        Assert.Equal(["Existe", "Existe parcialmente", "No existe", "No aplica", "Fuera de la competencia local", "Sin información aún"],
            new[] { "status.yes", "status.partial", "status.no", "status.not_applicable", "status.national", "status.unknown" }.Select(k => profile[k]));
        Assert.Equal(("activa", "deshabilitada"), (Ui("users.active"), Ui("users.disabled")));
        Assert.Equal("Su versión", Ui("indicator.stale_yours"));
        Assert.DoesNotContain("\"es-ES\"", File.ReadAllText(Path.Combine(Root(), "src/Faro/Profiles/DocxProfileRenderer.cs")), StringComparison.Ordinal);
    }
}
