using System.Net;
using Faro.People;
using Faro.Profiles;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Tests.Profiles;

public class ProfileWebTests
{
    private static async Task<(TestData.ProfileCase Published, TestData.ProfileCase Draft)> SeedAsync(FaroApp app)
    {
        var seeded = await app.WithDb(async db =>
        {
            var country = await TestData.CountryAsync(db);
            var published = await TestData.ProfileAssessmentAsync(db, country);
            var draft = await TestData.ProfileAssessmentAsync(db, await TestData.CountryAsync(db, "XD"), Stage.GovernmentReview, "Villa Borrador");
            return (published, draft);
        });
        await app.FreezePublishedAsync();
        return seeded;
    }

    [Theory, AllProviders]
    public async Task Portal_ListsOnlyPublishedProfiles_AndFiltersThem(string provider)
    {
        using var app = new FaroApp(provider);
        var (published, draft) = await SeedAsync(app);
        var client = app.Browser();

        // Razor writes accents as character references; read the page as a browser shows it.
        async Task<string> Read(string url) => WebUtility.HtmlDecode(await client.GetStringAsync(url));
        var list = await Read("/profiles");
        string Link(TestData.ProfileCase c) => $"href=\"/profiles/{c.Assessment.Id}\"";
        Assert.Contains(Link(published), list, StringComparison.Ordinal);
        Assert.Contains("Puerto Añil", list, StringComparison.Ordinal);
        Assert.DoesNotContain(Link(draft), list, StringComparison.Ordinal);
        // The draft's earlier round was published (it is in follow-up), so it is public.
        Assert.Contains($"href=\"/profiles/{draft.PreviousRound.Id}\"", list, StringComparison.Ordinal);
        Assert.DoesNotMatch("<script(?![^>]*\\ssrc=)", list);

        Assert.Contains(Link(published), await Read("/profiles?country=XT&year=2022"), StringComparison.Ordinal);
        Assert.DoesNotContain(Link(published), await Read("/profiles?country=XD"), StringComparison.Ordinal);
        Assert.DoesNotContain(Link(published), await Read("/profiles?year=2019"), StringComparison.Ordinal);
        // Some narratives exist in one language only: complete in neither language.
        Assert.DoesNotContain(Link(published), await Read("/profiles?lang=es"), StringComparison.Ordinal);
        Assert.Contains($"href=\"/profiles/{published.PreviousRound.Id}\"", await Read("/profiles?lang=es"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/profiles/{draft.Assessment.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/profiles/{draft.Assessment.Id}/es.pdf")).StatusCode);

        // The place search: accents and case ignored; one too long or with a control character is
        // refused in words and the list is shown without it.
        var found = await Read("/profiles?q=ANIL");
        Assert.Contains(Link(published), found, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/profiles/{draft.PreviousRound.Id}\"", found, StringComparison.Ordinal);
        Assert.Contains("value=\"ANIL\"", found, StringComparison.Ordinal);
        foreach (var bad in new[] { new string('a', 101), "Puerto%07" })
        {
            var refused = await Read("/profiles?q=" + bad);
            Assert.Contains("como máximo 100 caracteres", refused, StringComparison.Ordinal);
            Assert.Contains(Link(published), refused, StringComparison.Ordinal);
            Assert.Contains($"href=\"/profiles/{draft.PreviousRound.Id}\"", refused, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Portal_ListsWhatTheBackgroundSweepFroze_AndKeepsAnyPageNumberInRange()
    {
        using var app = new FaroApp();
        var published = await app.WithDb(async db => await TestData.ProfileAssessmentAsync(db, await TestData.CountryAsync(db)));
        var client = app.Browser();
        var link = $"href=\"/profiles/{published.Assessment.Id}\"";
        Assert.DoesNotContain(link, await client.GetStringAsync("/profiles"), StringComparison.Ordinal);

        // The web host's sweep (off in the other tests), run on the app's own services.
        var freezer = new Faro.Web.Profiles.ProfileFreezer(app.Services.GetRequiredService<IServiceScopeFactory>(),
            new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), Microsoft.Extensions.Logging.Abstractions.NullLogger<Faro.Web.Profiles.ProfileFreezer>.Instance);
        await freezer.StartAsync(CancellationToken.None);
        string list;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        var previous = $"href=\"/profiles/{published.PreviousRound.Id}\"";
        while (!((list = await client.GetStringAsync("/profiles?page=7")).Contains(link, StringComparison.Ordinal) && list.Contains(previous, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the sweep did not freeze both published rounds");
            await Task.Delay(200);
        }

        await freezer.StopAsync(CancellationToken.None);
        // Page 7 of one page is page 1; one page needs no page links.
        Assert.DoesNotContain("class=\"pager\"", list, StringComparison.Ordinal);
        Assert.Equal(2, await app.WithDb(db => db.ProfileSnapshots.Select(s => s.AssessmentId).Distinct().CountAsync()));
    }

    [Theory, AllProviders]
    public async Task Portal_AnswersNotModified_ToIfNoneMatch(string provider)
    {
        using var app = new FaroApp(provider);
        var (published, _) = await SeedAsync(app);
        var client = app.Browser();
        foreach (var url in new[] { "/profiles", $"/profiles/{published.Assessment.Id}", $"/profiles/{published.Assessment.Id}/es.pdf", "/profiles/profile.css" })
        {
            // The first visit sets the antiforgery cookie the page's forms are bound to.
            await client.GetAsync(url);
            var first = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var etag = first.Headers.ETag;
            Assert.NotNull(etag);

            using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
            conditional.Headers.IfNoneMatch.Add(etag);
            var second = await client.SendAsync(conditional);
            Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        }
    }

    [Fact]
    public async Task Portal_ProfilePage_ShowsTheArticleAndEveryDownload_WithoutJavaScript()
    {
        using var app = new FaroApp();
        var (published, _) = await SeedAsync(app);
        var client = app.Browser();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es");
        var id = published.Assessment.Id;

        var page = await client.GetStringAsync($"/profiles/{id}");
        Assert.Contains("<article class=\"profile\" lang=\"es\">", page, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/profiles/profile.css\" />", page, StringComparison.Ordinal);
        // The site's enhancement script is linked, never inline; the page itself needs none of it.
        Assert.DoesNotMatch("<script(?![^>]*\\ssrc=)", page);
        Assert.DoesNotContain(TestData.PrivateMarker, page, StringComparison.Ordinal);
        foreach (var lang in Languages.All)
        {
            foreach (var format in ProfileFormats.All)
            {
                Assert.Contains($"href=\"/profiles/{id}/{lang}.{format.Code()}\"", page, StringComparison.Ordinal);
                var file = await client.GetAsync($"/profiles/{id}/{lang}.{format.Code()}");
                Assert.Equal(HttpStatusCode.OK, file.StatusCode);
                Assert.Equal(format.ContentType().Split(';')[0], file.Content.Headers.ContentType!.MediaType);
                Assert.Contains("public", file.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
            }
        }

        Assert.Contains("lang=\"en\"", await client.GetStringAsync($"/profiles/{id}?lang=en"), StringComparison.Ordinal);
    }

    [Theory, AllProviders]
    public async Task Api_Anonymous_GetsPublishedSnapshots_AndNotFoundForDrafts(string provider)
    {
        using var app = new FaroApp(provider);
        var (published, draft) = await SeedAsync(app);
        var client = app.Browser();

        var pdf = await client.GetAsync($"/api/v1/assessments/{published.Assessment.Id}/profile?format=pdf&lang=es");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Equal("perfil-puerto-anil-ronda-2-es.pdf", pdf.Content.Headers.ContentDisposition!.FileNameStar);
        var html = await client.GetAsync($"/api/v1/assessments/{published.Assessment.Id}/profile?format=html&lang=en");
        Assert.Contains("style-src 'sha256-", html.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", html.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/assessments/{draft.Assessment.Id}/profile?format=pdf&lang=es")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/assessments/99999/profile?format=pdf&lang=es")).StatusCode);
    }

    [Fact]
    public async Task Api_BadFormatOrLanguage_IsRefusedNamingTheParameter()
    {
        using var app = new FaroApp();
        var (published, _) = await SeedAsync(app);
        var client = app.Browser();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es");
        var response = await client.GetAsync($"/api/v1/assessments/{published.Assessment.Id}/profile?format=odt&lang=fr");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"code\":\"profile.bad_format\"", body, StringComparison.Ordinal);
        Assert.Contains("\"location\":\"lang\"", body, StringComparison.Ordinal);
        Assert.Contains("no es un formato de perfil", body, StringComparison.Ordinal);
    }

    [Theory, AllProviders]
    public async Task Api_SignedIn_GetsTheDraftInScope_AndNotFoundOutOfScope(string provider)
    {
        using var app = new FaroApp(provider);
        var (_, draft) = await SeedAsync(app);
        const string password = "correct-horse-battery";
        await app.WithService<User, UserService>(users => users.AddAsync("coord-xd@example.org", "Coordinator XD", Role.Coordinator, new ScopeSpec("XD", null, null), password, "test"));
        await app.WithService<User, UserService>(users => users.AddAsync("coord-xt@example.org", "Coordinator XT", Role.Coordinator, new ScopeSpec("XT", null, null), password, "test"));

        var inScope = await app.SignedInAs("coord-xd@example.org", password);
        var docx = await inScope.GetAsync($"/api/v1/assessments/{draft.Assessment.Id}/profile?format=docx&lang=en");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        Assert.Contains("DRAFT: this profile has not yet been approved", ExtractDocx.Text(await docx.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        Assert.Contains("private", docx.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        // A draft leaving Faro is recorded in the audit trail, with who took it.
        Assert.True(await app.WithDb(db => db.Audit.AnyAsync(a => a.Action == "profile.exported" && a.AssessmentId == draft.Assessment.Id && a.Actor == "Coordinator XD")));

        var outOfScope = await app.SignedInAs("coord-xt@example.org", password);
        Assert.Equal(HttpStatusCode.NotFound, (await outOfScope.GetAsync($"/api/v1/assessments/{draft.Assessment.Id}/profile?format=docx&lang=en")).StatusCode);
    }

    [Fact]
    public async Task Cli_Profile_WritesTheFile_AndRefusesABadFormatWithoutWriting()
    {
        using var app = new FaroApp();
        var (published, draft) = await SeedAsync(app);
        var folder = Path.Combine(app.Options.DataDirectory, "out");
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, "profile.pdf");

        var ok = await FaroCli.RunAsync(app.Database, "profile", "--assessment", draft.Assessment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "pdf", "--lang", "es", "-o", target);
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        using (var document = UglyToad.PdfPig.PdfDocument.Open(File.ReadAllBytes(target)))
        {
            Assert.Contains("BORRADOR", string.Concat(document.GetPage(1).Letters.Select(l => l.Value)), StringComparison.Ordinal);
        }

        var bad = await FaroCli.RunAsync(app.Database, "profile", "--assessment", published.Assessment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "odt", "--lang", "es", "-o", Path.Combine(folder, "x.odt"));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--format", bad.Stderr, StringComparison.Ordinal);
        Assert.Equal(["profile.pdf"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }
}
