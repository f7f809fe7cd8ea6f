using Faro.Assessments;
using Faro.Demo;
using Faro.Profiles;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Profiles;

/// The demo's published fictional city, as a visitor of a fresh installation would download it.
public class DemoProfileTests
{
    [Theory, AllProviders]
    public async Task DemoPublishedCity_PdfAndDocx_HaveEverySectionFindingAndSource_AndNothingPrivate(string provider)
    {
        await using var core = await CoreServices.StartAsync(provider);
        await core.Run<DemoSeeder, IReadOnlyList<DemoAccount>>(s => s.SeedAsync());
        var id = await core.Db(db => db.Assessments
            .Where(a => a.IsFictional && a.Level == AssessmentLevel.Local && a.Stage == Stage.Published)
            .Select(a => a.Id).SingleAsync());

        foreach (var lang in Languages.All)
        {
            var expected = await core.Db(db => ProfileExpectations.ForAsync(db, id, lang));
            Assert.True(expected.Findings.Count > 50 && expected.Sources.Count > 3, "the demo city should be complete");
            var profile = await core.AssembleAsync(id, lang);
            var pdf = await core.Run<ProfileService, ProfileFile?>(s => s.PublishedAsync(id, ProfileFormat.Pdf, lang));
            var docx = await core.Run<ProfileService, ProfileFile?>(s => s.PublishedAsync(id, ProfileFormat.Docx, lang));
            Assert.True(pdf!.IsSnapshot && docx!.IsSnapshot);
            ProfileCases.Keep($"demo-{provider}.{lang}.pdf", pdf.Content);
            ProfileCases.Keep($"demo-{provider}.{lang}.docx", docx.Content);

            expected.AssertFoundIn(Extract.PdfText(pdf.Content, profile), $"demo pdf {lang}");
            expected.AssertFoundIn(ExtractDocx.Text(docx.Content), $"demo docx {lang}");
            Assert.DoesNotContain(profile.Labels["draft.watermark"], ExtractDocx.Text(docx.Content), StringComparison.Ordinal);
        }
    }
}
