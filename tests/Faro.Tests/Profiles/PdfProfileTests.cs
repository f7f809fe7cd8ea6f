using System.Text;
using Faro.Profiles;
using Faro.Tests.Infrastructure;
using Faro.Workflow;

namespace Faro.Tests.Profiles;

public class PdfProfileTests
{
    [Theory, AllProviders]
    public async Task Pdf_PublishedCase_TextHasEverySectionFindingAndSource_InBothLanguages(string provider)
    {
        var (core, c) = await ProfileCases.StartAsync(provider);
        await using var _ = core;
        foreach (var lang in Languages.All)
        {
            var profile = await core.AssembleAsync(c.Assessment.Id, lang);
            var pdf = PdfProfileRenderer.Render(profile);
            ProfileCases.Keep($"published-{provider}.{lang}.pdf", pdf);
            var text = Extract.PdfText(pdf, profile);
            var expected = await core.Db(db => ProfileExpectations.ForAsync(db, c.Assessment.Id, lang));
            expected.AssertFoundIn(text, "pdf " + lang);
            Assert.DoesNotContain(profile.Labels["draft.watermark"], text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Pdf_Fictional_HasTheMarkerInEveryPageFooter_AndATitleThatIsNotIoms()
    {
        var (core, c) = await ProfileCases.StartAsync(Faro.Data.DatabaseProviders.Sqlite);
        await using var _ = core;
        foreach (var lang in Languages.All)
        {
            var profile = await core.AssembleAsync(c.Assessment.Id, lang);
            Assert.True(profile.Cover.IsFictional);
            Assert.EndsWith(lang == "es" ? "– elaborado con Faro" : "– prepared with Faro", profile.Cover.Title, StringComparison.Ordinal);
            using var document = UglyToad.PdfPig.PdfDocument.Open(PdfProfileRenderer.Render(profile));
            var marker = ProfileExpectations.Normalize(profile.Labels["doc.fictional_footer"]);
            Assert.All(document.GetPages(), page =>
                Assert.Contains(marker, ProfileExpectations.Normalize(string.Join(" ", page.GetWords().Select(w => w.Text))), StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Pdf_Spanish_KeepsAccentsAndSpanishPunctuation_InSelectableText()
    {
        var (core, c) = await ProfileCases.StartAsync(Faro.Data.DatabaseProviders.Sqlite);
        await using var _ = core;
        var profile = await core.AssembleAsync(c.Assessment.Id, "es");
        var text = Extract.PdfText(PdfProfileRenderer.Render(profile), profile);
        foreach (var expected in new[] { "Introducción", "Áreas bien desarrolladas", "Puerto Añil", "¿Quién coordina? ¡Todas las instituciones", "2 de septiembre de 2021", "Página 1 de" })
        {
            Assert.Contains(expected, expected.StartsWith("Página", StringComparison.Ordinal) ? RawText(PdfProfileRenderer.Render(profile)) : text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Pdf_HasABookmarkPerSectionAndDomain_PageNumbers_AndEmbeddedFonts()
    {
        var (core, c) = await ProfileCases.StartAsync(Faro.Data.DatabaseProviders.Sqlite);
        await using var _ = core;
        var profile = await core.AssembleAsync(c.Assessment.Id, "en");
        var pdf = PdfProfileRenderer.Render(profile);

        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        Assert.True(document.TryGetBookmarks(out var bookmarks));
        var titles = bookmarks.GetNodes().Select(n => n.Title).ToList();
        Assert.Equal(profile.Contents.Select(h => h.Title), titles);
        var pages = document.NumberOfPages;
        Assert.True(pages > 5);
        var last = string.Join(" ", document.GetPage(pages).GetWords().Select(w => w.Text));
        Assert.Contains($"Page {pages} of {pages}", last, StringComparison.Ordinal);
        Assert.All(document.GetPage(2).Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)), l => Assert.Matches(@"^[A-Z]{6}\+DejaVu Sans", l.FontName));
        Assert.Contains("/FontFile2", Encoding.Latin1.GetString(pdf), StringComparison.Ordinal);
    }

    [Theory, AllProviders]
    public async Task Pdf_Draft_HasTheWatermarkOnEveryPage(string provider)
    {
        var (core, c) = await ProfileCases.StartAsync(provider, Stage.GovernmentReview);
        await using var _ = core;
        var profile = await core.AssembleAsync(c.Assessment.Id, "es");
        var pdf = PdfProfileRenderer.Render(profile);
        ProfileCases.Keep($"draft-{provider}.es.pdf", pdf);
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        Assert.All(document.GetPages(), page => Assert.Contains("BORRADOR", string.Concat(page.Letters.Select(l => l.Value)), StringComparison.Ordinal));
    }

    private static string RawText(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }
}
