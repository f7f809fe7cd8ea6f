using System.Text.RegularExpressions;
using Faro.Assessments;
using Faro.Data;
using Faro.Profiles;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Profiles;

/// What a reader must find in any output of a profile, worked out from the database rather than
/// from the assembler, so that the tests check the assembler too.
public sealed partial record ProfileExpectations(
    IReadOnlyList<string> Headings,
    IReadOnlyList<string> Findings,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> Forbidden)
{
    public static async Task<ProfileExpectations> ForAsync(FaroDb db, int assessmentId, string lang)
    {
        var t = ProfileLabels.For(lang);
        var assessment = await db.Assessments.AsNoTracking().FirstAsync(a => a.Id == assessmentId);
        var domains = await db.Domains.AsNoTracking().Where(d => d.CatalogueId == assessment.CatalogueId).OrderBy(d => d.Order).ToListAsync();
        var headings = new List<string>
        {
            t["section.objectives"], t["section.acronyms"], t["section.introduction"], t["section.framework"], t["section.context"], t["section.summary"], t["section.findings"],
            t["section.well_developed"], t["section.potential"], t["section.outside_competence"], t["section.sources"], t["section.annex"],
            t["section.method"], t["section.timeline"], t["section.indicator_table"], t["section.figures"], t["section.not_yet_known"],
        };
        if (assessment.PreviousRoundId is not null)
        {
            headings.Add(t["section.progress"]);
        }

        headings.AddRange(domains.Select(d => d.Title[lang]!));

        var shown = new AnswerStatus?[] { AnswerStatus.Yes, AnswerStatus.Partial, AnswerStatus.No, AnswerStatus.NotApplicable, AnswerStatus.NationalCompetence };
        var answers = await db.Answers.AsNoTracking().Where(a => a.AssessmentId == assessmentId && shown.Contains(a.Status)).ToListAsync();
        var findings = answers.Select(a => a.Narrative.Resolve(lang)?.Text).OfType<string>().Select(Normalize).ToList();
        var cited = answers.Select(a => a.Id).ToList();
        var sources = await db.AnswerEvidence.AsNoTracking()
            .Where(l => cited.Contains(l.AnswerId) && l.Evidence!.IsPublic)
            .Select(l => l.Evidence!)
            .Distinct()
            .ToListAsync();
        // What must never appear: private evidence and comments of this assessment (short comments
        // like "OK" would match anywhere, so only distinctive ones are checked).
        var privateTitles = await db.Evidence.AsNoTracking().Where(e => e.AssessmentId == assessmentId && !e.IsPublic).Select(e => e.Title).ToListAsync();
        var comments = await db.Comments.AsNoTracking().Where(c => c.AssessmentId == assessmentId).Select(c => c.Text).ToListAsync();
        var forbidden = privateTitles.SelectMany(t => new[] { t.En, t.Es }).Concat(comments)
            .OfType<string>().Select(Normalize).Where(t => t.Length >= 20).Append(TestData.PrivateMarker).Distinct().ToList();
        return new ProfileExpectations(headings, findings, sources.Select(s => Normalize(s.Title.Resolve(lang)!.Value.Text)).ToList(), forbidden);
    }

    /// Text as a reader sees it: runs of white space (line breaks of a PDF or DOCX) are one space.
    public static string Normalize(string text) => Spaces().Replace(text, " ").Trim();

    public void AssertFoundIn(string text, string what)
    {
        var normal = Normalize(text);
        Assert.All(Headings, h => Assert.True(normal.Contains(Normalize(h), StringComparison.Ordinal), $"{what}: heading '{h}' is missing"));
        Assert.All(Findings, f => Assert.True(normal.Contains(f, StringComparison.Ordinal), $"{what}: finding '{f}' is missing"));
        Assert.All(Sources, s => Assert.True(normal.Contains(s, StringComparison.Ordinal), $"{what}: source '{s}' is missing"));
        Assert.All(Forbidden, f => Assert.DoesNotContain(f, normal, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

public static class ProfileCases
{
    /// A database with the complete fictional case at `stage`, and the profile service to read it.
    public static async Task<(CoreServices Core, TestData.ProfileCase Case)> StartAsync(string provider, Stage stage = Stage.Published)
    {
        var core = await CoreServices.StartAsync(provider);
        var c = await core.Db(async db => await TestData.ProfileAssessmentAsync(db, await TestData.CountryAsync(db), stage));
        return (core, c);
    }

    /// Set FARO_PROFILE_OUT to a folder to keep the generated files and look at them.
    public static void Keep(string name, byte[] content)
    {
        if (Environment.GetEnvironmentVariable("FARO_PROFILE_OUT") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, name), content);
        }
    }

    public static Task<Profile> AssembleAsync(this CoreServices core, int assessmentId, string lang) =>
        core.Run<ProfileAssembler, Profile>(async a => (await a.AssembleAsync(assessmentId, lang))!);
}

/// Text extraction as a reader's tools do it: PdfPig for PDF, the OpenXML SDK for DOCX.
public static partial class Extract
{
    /// The words of every page in content order, without the running footer and the watermark
    /// (drawn last on each page), so that a paragraph running over a page break reads on.
    public static string PdfText(byte[] pdf, Profile profile)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var text = string.Join(" ", document.GetPages().SelectMany(page => page.GetWords()).Select(w => w.Text));
        var footer = $"{profile.Cover.Place} · {profile.Cover.Title}";
        text = ProfileExpectations.Normalize(text).Replace(footer, " ", StringComparison.Ordinal);
        text = PageNumber().Replace(text, " ");
        text = text.Replace(profile.Labels["doc.fictional_footer"], " ", StringComparison.Ordinal);
        return ProfileExpectations.Normalize(text.Replace(profile.Labels["draft.watermark"] + " · ", " ", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"(Page|Página) \d+ (of|de) \d+")]
    private static partial Regex PageNumber();
}

public static class ExtractDocx
{
    /// The text of the document body, one paragraph after another, as the OpenXML SDK reads it.
    public static string Text(byte[] docx)
    {
        using var stream = new MemoryStream(docx);
        using var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(stream, false);
        return string.Join(" ", document.MainDocumentPart!.Document!.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
    }

    public static IReadOnlyList<(string Style, string Text)> Paragraphs(byte[] docx)
    {
        using var stream = new MemoryStream(docx);
        using var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(stream, false);
        return document.MainDocumentPart!.Document!.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>()
            .Select(p => (p.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? "", p.InnerText))
            .ToList();
    }
}
