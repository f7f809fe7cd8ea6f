using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Faro.Profiles;
using Faro.Tests.Infrastructure;
using Faro.Workflow;

namespace Faro.Tests.Profiles;

public class DocxProfileTests
{
    [Theory, AllProviders]
    public async Task Docx_PublishedCase_TextHasEverySectionFindingAndSource_InBothLanguages(string provider)
    {
        var (core, c) = await ProfileCases.StartAsync(provider);
        await using var _ = core;
        foreach (var lang in Languages.All)
        {
            var profile = await core.AssembleAsync(c.Assessment.Id, lang);
            var docx = DocxProfileRenderer.Render(profile);
            ProfileCases.Keep($"published-{provider}.{lang}.docx", docx);
            var expected = await core.Db(db => ProfileExpectations.ForAsync(db, c.Assessment.Id, lang));
            expected.AssertFoundIn(ExtractDocx.Text(docx), "docx " + lang);
            Assert.DoesNotContain(profile.Labels["draft.watermark"], ExtractDocx.Text(docx), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("en", Stage.Published)]
    [InlineData("es", Stage.Published)]
    [InlineData("es", Stage.Drafting)]
    public async Task Docx_PassesTheOpenXmlValidator(string lang, Stage stage)
    {
        var (core, c) = await ProfileCases.StartAsync(Faro.Data.DatabaseProviders.Sqlite, stage);
        await using var _ = core;
        var docx = DocxProfileRenderer.Render(await core.AssembleAsync(c.Assessment.Id, lang));
        using var stream = new MemoryStream(docx);
        using var document = WordprocessingDocument.Open(stream, false);
        var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Take(20)));
    }

    [Fact]
    public async Task Docx_Spanish_IsLatinAmericanSpanish_AndAFictionalProfileSaysSoInItsFooter()
    {
        var (core, c) = await ProfileCases.StartAsync(Faro.Data.DatabaseProviders.Sqlite);
        await using var _ = core;
        var profile = await core.AssembleAsync(c.Assessment.Id, "es");
        using var stream = new MemoryStream(DocxProfileRenderer.Render(profile));
        using var document = WordprocessingDocument.Open(stream, false);
        Assert.Equal("es-419", document.PackageProperties.Language);
        var languages = document.MainDocumentPart!.StyleDefinitionsPart!.Styles!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Languages>().Select(l => l.Val?.Value).Distinct().ToList();
        Assert.Equal(["es-419"], languages);
        var footers = document.MainDocumentPart.FooterParts.Select(f => f.Footer!.InnerText).ToList();
        Assert.NotEmpty(footers);
        Assert.All(footers, f => Assert.Contains("Lugar ficticio", f, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Docx_HasRealHeadingStylesAndLists_ForEditors()
    {
        var (core, c) = await ProfileCases.StartAsync(Faro.Data.DatabaseProviders.Sqlite);
        await using var _ = core;
        var profile = await core.AssembleAsync(c.Assessment.Id, "es");
        var docx = DocxProfileRenderer.Render(profile);
        var paragraphs = ExtractDocx.Paragraphs(docx);

        Assert.Equal(profile.Contents.Where(h => h.Level == 1).Select(h => h.Title), paragraphs.Where(p => p.Style == "Heading1").Select(p => p.Text));
        Assert.Equal(profile.Findings.Domains.Select(d => d.Title), paragraphs.Where(p => p.Style == "Heading2").Select(p => p.Text).Take(6));
        Assert.Contains(paragraphs, p => p.Style == "Heading3" && p.Text == "Áreas con potencial de desarrollo");
        using var stream = new MemoryStream(docx);
        using var document = WordprocessingDocument.Open(stream, false);
        var numbered = document.MainDocumentPart!.Document!.Body!.Descendants<NumberingId>().Count(n => n.Val?.Value == 2);
        Assert.Equal(profile.Sources.Items.Count, numbered);
        Assert.Equal(profile.Sources.Items.Count(s => s.Url is not null), document.MainDocumentPart.HyperlinkRelationships.Count());
    }

    [Theory, AllProviders]
    public async Task Docx_Draft_HasTheDraftHeaderAndNotice(string provider)
    {
        var (core, c) = await ProfileCases.StartAsync(provider, Stage.GovernmentReview);
        await using var _ = core;
        var docx = DocxProfileRenderer.Render(await core.AssembleAsync(c.Assessment.Id, "en"));
        using var stream = new MemoryStream(docx);
        using var document = WordprocessingDocument.Open(stream, false);
        Assert.Contains("DRAFT", document.MainDocumentPart!.HeaderParts.Single().Header!.InnerText, StringComparison.Ordinal);
        Assert.Contains("DRAFT: this profile has not yet been approved", ExtractDocx.Text(docx), StringComparison.Ordinal);
    }
}
