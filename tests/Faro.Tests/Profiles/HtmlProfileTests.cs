using System.Text;
using System.Text.RegularExpressions;
using Faro.Profiles;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Profiles;

public partial class HtmlProfileTests
{
    [Theory, AllProviders]
    public async Task Html_PublishedCase_ShowsEverySectionFindingAndSource_InBothLanguages(string provider)
    {
        var (core, c) = await ProfileCases.StartAsync(provider);
        await using var _ = core;
        foreach (var lang in Languages.All)
        {
            var html = HtmlProfileRenderer.RenderDocument(await core.AssembleAsync(c.Assessment.Id, lang));
            var expected = await core.Db(db => ProfileExpectations.ForAsync(db, c.Assessment.Id, lang));
            expected.AssertFoundIn(System.Net.WebUtility.HtmlDecode(Tags().Replace(html, " ")), "html " + lang);
            Assert.Contains($"<html lang=\"{lang}\">", html, StringComparison.Ordinal);
            Assert.DoesNotContain("DRAFT", html, StringComparison.Ordinal);
            Assert.DoesNotContain("BORRADOR", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Html_SectionsFollowPublishedProfiles_AndFindingsAreNarrativeWithoutCodeOrStatus()
    {
        var (core, c) = await ProfileCases.StartAsync(Faro.Data.DatabaseProviders.Sqlite);
        await using var _ = core;
        foreach (var lang in Languages.All)
        {
            var profile = await core.AssembleAsync(c.Assessment.Id, lang);
            var html = HtmlProfileRenderer.RenderDocument(profile);
            var t = profile.Labels;
            var order = new[] { "objectives", "acronyms", "introduction", "framework", "summary", "context", "progress", "findings", "outside-competence", "sources", "annex", "indicator-table", "figures" }
                .Select(id => html.IndexOf($"<section id=\"{id}\"", StringComparison.Ordinal)).ToList();
            Assert.All(order, i => Assert.True(i > 0));
            Assert.Equal(order.Order(), order);

            var findings = Regex.Matches(html, "<div class=\"finding\">\n<h5>(.*?)</h5>\n<p>(.*?)</p>\n</div>").ToList();
            Assert.Equal(profile.Findings.Domains.Sum(d => d.WellDeveloped.Count + d.Potential.Count), findings.Count);
            var statuses = new[] { "status.yes", "status.partial", "status.no", "status.national", "status.not_applicable" }.Select(k => t[k]).ToList();
            var codes = profile.Annex.Indicators.Rows.Select(r => r.Code).ToList();
            Assert.All(findings, m =>
            {
                var text = m.Groups[1].Value + " " + Regex.Replace(m.Groups[2].Value, "<span class=\"cite\">.*", "");
                Assert.DoesNotContain(statuses, s => text.Contains("(" + s + ")", StringComparison.Ordinal));
                Assert.DoesNotContain("class=\"code\"", text, StringComparison.Ordinal);
                // Narratives of the test case name their code ("Finding D1-01: …"); the heading never does.
                Assert.DoesNotContain(codes, code => m.Groups[1].Value.Contains(code, StringComparison.Ordinal));
            });
            Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
            Assert.Contains($"<dt>DRS</dt><dd>{(lang == "es" ? "Dirección Regional de Salud" : "Regional Health Office")}</dd>", html, StringComparison.Ordinal);
            Assert.Contains(lang == "es" ? "Adherencia a las normas internacionales y respeto de los derechos de los migrantes." : "Adhere to international standards and fulfil migrants&#39; rights.", html, StringComparison.Ordinal);
        }
    }

    [Theory, AllProviders]
    public async Task Html_Draft_CarriesTheWatermarkAndNotice(string provider)
    {
        var (core, c) = await ProfileCases.StartAsync(provider, Stage.Drafting);
        await using var _ = core;
        var es = HtmlProfileRenderer.RenderDocument(await core.AssembleAsync(c.Assessment.Id, "es"));
        Assert.Contains("data-watermark=\"BORRADOR\"", es, StringComparison.Ordinal);
        Assert.Contains("BORRADOR: este perfil aún no ha sido aprobado", es, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"robots\" content=\"noindex\">", es, StringComparison.Ordinal);
    }

    [Theory, AllProviders]
    public async Task Html_FallbackNarrative_IsMarkedAndTaggedWithItsLanguage(string provider)
    {
        var (core, c) = await ProfileCases.StartAsync(provider);
        await using var _ = core;
        var en = HtmlProfileRenderer.RenderDocument(await core.AssembleAsync(c.Assessment.Id, "en"));
        var es = HtmlProfileRenderer.RenderDocument(await core.AssembleAsync(c.Assessment.Id, "es"));
        Assert.Contains("<span class=\"fallback\">[Text available only in Spanish]</span> <span lang=\"es\">Resultado ", en, StringComparison.Ordinal);
        Assert.Contains("<span class=\"fallback\">[Texto disponible solo en inglés]</span> <span lang=\"en\">Finding ", es, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_HasNoScriptsHandlersOrInlineStyles_SoAStrictCspHolds()
    {
        var (core, c) = await ProfileCases.StartAsync(Faro.Data.DatabaseProviders.Sqlite, Stage.Drafting);
        await using var _ = core;
        var html = HtmlProfileRenderer.RenderDocument(await core.AssembleAsync(c.Assessment.Id, "en"));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"\son[a-z]+=", html);
        Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, "<style>"));
        Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_HostileNarrative_IsEscaped_InEveryTextFormat()
    {
        var (core, c) = await ProfileCases.StartAsync(Faro.Data.DatabaseProviders.Sqlite, Stage.Drafting);
        await using var _ = core;
        const string hostile = "<script>alert('x')</script><img src=x onerror=alert(1)> & \"quoted\"";
        await core.Db(async db =>
        {
            var answer = await db.Answers.Where(a => a.AssessmentId == c.Assessment.Id && a.Status == Faro.Assessments.AnswerStatus.Yes).OrderBy(a => a.Id).FirstAsync();
            answer.Narrative = new LocalizedText(hostile, hostile);
            await db.SaveChangesAsync();
        });
        var profile = await core.AssembleAsync(c.Assessment.Id, "en");
        var html = HtmlProfileRenderer.RenderDocument(profile);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot;", html, StringComparison.Ordinal);
        Assert.Contains(hostile, Extract.PdfText(PdfProfileRenderer.Render(profile), profile), StringComparison.Ordinal);
        Assert.Contains(hostile, ExtractDocx.Text(DocxProfileRenderer.Render(profile)), StringComparison.Ordinal);
    }

    /// The approved HTML of the published case, pinned byte for byte. After an intended change to
    /// the profile's layout or texts, regenerate with `FARO_UPDATE_SNAPSHOTS=1 dotnet test
    /// --filter FullyQualifiedName~Html_Snapshot` and review the diff of Snapshots/ before committing.
    [Theory]
    [InlineData("en")]
    [InlineData("es")]
    public async Task Html_Snapshot_MatchesTheApprovedFile(string lang)
    {
        var (core, c) = await ProfileCases.StartAsync(Faro.Data.DatabaseProviders.Sqlite);
        await using var _ = core;
        var html = HtmlProfileRenderer.RenderDocument(await core.AssembleAsync(c.Assessment.Id, lang));
        Snapshots.AssertMatches($"profile.{lang}.html", html);
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}

/// Approved output files under tests/Faro.Tests/Profiles/Snapshots, compared exactly.
public static class Snapshots
{
    public static string Folder([System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "Snapshots");

    public static void AssertMatches(string name, string actual)
    {
        var path = Path.Combine(Folder(), name);
        if (Environment.GetEnvironmentVariable("FARO_UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Folder());
            File.WriteAllText(path, actual, new UTF8Encoding(false));
            return;
        }

        Assert.True(File.Exists(path), $"No approved snapshot {path}; run the test with FARO_UPDATE_SNAPSHOTS=1 and review it.");
        var approved = File.ReadAllText(path, Encoding.UTF8);
        if (approved != actual)
        {
            File.WriteAllText(path + ".received", actual, new UTF8Encoding(false));
            var at = approved.Zip(actual).TakeWhile(x => x.First == x.Second).Count();
            Assert.Fail($"{name} differs from the approved snapshot at character {at}: …{Excerpt(approved, at)}… vs …{Excerpt(actual, at)}…; the output is in {path}.received.");
        }
    }

    private static string Excerpt(string s, int at) => s.Substring(Math.Max(0, at - 40), Math.Min(80, s.Length - Math.Max(0, at - 40)));
}
