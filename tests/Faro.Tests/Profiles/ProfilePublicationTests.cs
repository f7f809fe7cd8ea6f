using System.Security.Cryptography;
using Faro.Assessments;
using Faro.Profiles;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Profiles;

public class ProfilePublicationTests
{
    [Theory, AllProviders]
    public async Task Publish_FreezesEveryLanguageAndFormat_WithItsSha256(string provider)
    {
        var (core, c) = await ProfileCases.StartAsync(provider);
        await using var _ = core;
        await core.Run<IPublicationHook>(hook => hook.OnPublishedAsync(c.Assessment.Id, CancellationToken.None));

        var rows = await core.Db(db => db.ProfileSnapshots.Where(s => s.AssessmentId == c.Assessment.Id).ToListAsync());
        Assert.Equal(10, rows.Count);
        foreach (var lang in Languages.All)
        {
            foreach (var format in new[] { "html", "pdf", "docx", "json", ProfileFormats.ArticleCode })
            {
                var row = Assert.Single(rows, r => r.Lang == lang && r.Format == format);
                Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(row.Content)), row.Sha256);
                Assert.True(row.FallbackTexts > 0, "the case has narratives in one language only");
            }
        }

        Assert.True(await core.Db(db => db.Audit.AnyAsync(a => a.Action == "profile.frozen" && a.AssessmentId == c.Assessment.Id)));
        var pdf = rows.Single(r => r.Lang == "en" && r.Format == "pdf").Content;
        Assert.DoesNotContain("DRAFT", Extract.PdfText(pdf, await core.AssembleAsync(c.Assessment.Id, "en")), StringComparison.Ordinal);
    }

    [Theory, AllProviders]
    public async Task Published_LaterEditsOfTheData_DoNotChangeWhatIsServed(string provider)
    {
        var (core, c) = await ProfileCases.StartAsync(provider);
        await using var _ = core;
        await core.Run<ProfilePublisher>(p => p.FreezeAsync(c.Assessment.Id, "test"));
        var before = await core.Run<ProfileService, ProfileFile?>(s => s.PublishedAsync(c.Assessment.Id, ProfileFormat.Html, "en"));

        // A coordinator re-opens the assessment and someone rewrites an answer: the public profile
        // stays what was published.
        await core.Db(async db =>
        {
            var answer = await db.Answers.Where(a => a.AssessmentId == c.Assessment.Id && a.Status == AnswerStatus.Yes).OrderBy(a => a.Id).FirstAsync();
            answer.Narrative = new LocalizedText("Rewritten after publication.", "Reescrito después de la publicación.");
            answer.Revision++;
            await db.SaveChangesAsync();
        });
        var after = await core.Run<ProfileService, ProfileFile?>(s => s.CurrentAsync(c.Assessment.Id, ProfileFormat.Html, "en"));
        var live = HtmlProfileRenderer.RenderDocument(await core.AssembleAsync(c.Assessment.Id, "en"));

        Assert.NotNull(before);
        Assert.True(after!.IsSnapshot);
        Assert.Equal(before.Sha256, after.Sha256);
        Assert.Equal(before.Content, after.Content);
        Assert.Contains("Rewritten after publication.", live, StringComparison.Ordinal);
        Assert.DoesNotContain("Rewritten after publication.", System.Text.Encoding.UTF8.GetString(after.Content), StringComparison.Ordinal);
    }

    [Theory, AllProviders]
    public async Task Freeze_BeforePublished_IsRefused_AndNothingIsStored(string provider)
    {
        var (core, c) = await ProfileCases.StartAsync(provider, Stage.Approved);
        await using var _ = core;
        var e = await Assert.ThrowsAsync<InputRejectedException>(() => core.Run<ProfilePublisher>(p => p.FreezeAsync(c.Assessment.Id, "test")));
        Assert.Equal("profile.not_published", e.Code);
        Assert.False(await core.Db(db => db.ProfileSnapshots.AnyAsync()));
        var current = await core.Run<ProfileService, ProfileFile?>(s => s.CurrentAsync(c.Assessment.Id, ProfileFormat.Json, "es"));
        Assert.False(current!.IsSnapshot);
        Assert.Null(await core.Run<ProfileService, ProfileFile?>(s => s.PublishedAsync(c.Assessment.Id, ProfileFormat.Json, "es")));
    }

    [Fact]
    public async Task Published_WithoutSnapshot_IsFrozenOnFirstRequest_ThenServedFromIt()
    {
        var (core, c) = await ProfileCases.StartAsync(Faro.Data.DatabaseProviders.Sqlite);
        await using var _ = core;
        var first = await core.Run<ProfileService, ProfileFile?>(s => s.PublishedAsync(c.Assessment.Id, ProfileFormat.Pdf, "es"));
        var second = await core.Run<ProfileService, ProfileFile?>(s => s.PublishedAsync(c.Assessment.Id, ProfileFormat.Pdf, "es"));
        Assert.True(first!.IsSnapshot);
        Assert.Equal(first.Content, second!.Content);
        Assert.Equal("perfil-puerto-anil-ronda-2-es.pdf", first.FileName);
        Assert.Equal(10, await core.Db(db => db.ProfileSnapshots.CountAsync()));
    }

    [Theory, AllProviders]
    public async Task Published_WithNoKnownAnswerAndNoSnapshot_IsNotFrozenOnRequest_NorListed(string provider)
    {
        // Like an assessment registered by an import, whose answers Faro does not hold.
        await using var core = await CoreServices.StartAsync(provider);
        var id = await core.Db(async db =>
        {
            var country = await TestData.CountryAsync(db);
            var a = await TestData.CityAssessmentAsync(db, country, "Sin Datos", answered: 0, stage: Stage.Published);
            return a.Id;
        });

        Assert.Null(await core.Run<ProfileService, ProfileFile?>(s => s.PublishedAsync(id, ProfileFormat.Pdf, "es")));
        Assert.Equal(0, await core.Run<ProfileService, int>(s => s.FreezeUnfrozenAsync(int.MaxValue)));
        Assert.Equal(0, (await core.Run<ProfileService, PortalPage>(s => s.PortalAsync(null, null, null, 1))).Total);
        Assert.False(await core.Db(db => db.ProfileSnapshots.AnyAsync()));
    }

    [Theory, AllProviders]
    public async Task Current_WithNoKnownAnswer_IsRefusedInBothLanguages(string provider)
    {
        await using var core = await CoreServices.StartAsync(provider);
        var id = await core.Db(async db =>
        {
            var country = await TestData.CountryAsync(db);
            var a = await TestData.CityAssessmentAsync(db, country, "Sin Respuestas", answered: 0, stage: Stage.DataCollection);
            return a.Id;
        });

        foreach (var format in Enum.GetValues<ProfileFormat>())
        {
            var e = await Assert.ThrowsAsync<RefusedException>(() => core.Run<ProfileService, ProfileFile?>(s => s.CurrentAsync(id, format, "es")));
            Assert.Equal(("profile.no_answers", RefusalKind.Conflict), (e.Code, e.Kind));
            Assert.Contains("no tiene respuestas", e.Text.Es, StringComparison.Ordinal);
            Assert.Contains("no answers", e.Text.En, StringComparison.Ordinal);
        }

        Assert.Null(await core.Run<ProfileService, ProfileFile?>(s => s.CurrentAsync(id + 1000, ProfileFormat.Pdf, "en")));
        Assert.False(await core.Db(db => db.ProfileSnapshots.AnyAsync()));
    }
}
