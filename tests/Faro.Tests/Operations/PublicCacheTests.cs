using System.Net;
using System.Net.Http.Headers;
using Faro.Profiles;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Operations;

/// Published material at near-static speed: signed-out portal responses are public, cookie-free,
/// tagged, compressed on request, served from the output cache and renewed by a publication.
public sealed class PublicCacheTests
{
    private static async Task<(FaroApp App, TestData.ProfileCase Published, TestData.ProfileCase Draft)> SeedAsync(string provider)
    {
        var app = new FaroApp(provider);
        var (published, draft) = await app.WithDb(async db =>
        {
            var country = await TestData.CountryAsync(db);
            var published = await TestData.ProfileAssessmentAsync(db, country);
            var draft = await TestData.ProfileAssessmentAsync(db, await TestData.CountryAsync(db, "XD"), Stage.Approved, "Villa Nueva");
            return (published, draft);
        });
        await app.FreezePublishedAsync();
        return (app, published, draft);
    }

    [Theory, AllProviders]
    public async Task SignedOutPortal_IsPublicWithoutCookie_TaggedAndServedFromTheCache(string provider)
    {
        var (app, published, _) = await SeedAsync(provider);
        using var _ = app;
        using var counter = new QueryCounter(app.Database);
        var client = app.Browser();
        var id = published.Assessment.Id;
        foreach (var url in new[] { "/profiles", $"/profiles/{id}", $"/profiles/{id}?lang=en", $"/profiles/{id}/es.pdf", $"/profiles/{id}/en.html" })
        {
            var first = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.False(first.Headers.Contains("Set-Cookie"), $"{url} set a cookie");
            Assert.True(first.Headers.CacheControl?.Public, $"{url}: {first.Headers.CacheControl}");
            Assert.True(first.Headers.CacheControl?.MaxAge > TimeSpan.Zero, url);
            Assert.False(first.Headers.ETag!.IsWeak, url);
            var body = await first.Content.ReadAsByteArrayAsync();

            // Again: the same bytes from the output cache, with no query beyond the publication
            // stamp (at most two index seeks, re-read once a second).
            // The output cache stores an entry once the first response has been written, which on a
            // busy machine can be a moment after the client has read it: a few tries, never a wait.
            HttpResponseMessage? again = null;
            IReadOnlyList<string> queries = [];
            for (var attempt = 0; attempt < 5 && (attempt == 0 || queries.Count > 2); attempt++)
            {
                queries = await counter.CountAsync(async () => again = await client.GetAsync(url));
                Assert.Equal(body, await again!.Content.ReadAsByteArrayAsync());
            }

            Assert.True(queries.Count <= 2, $"{url} ran {queries.Count} queries from the cache: {string.Join(" | ", queries)}");

            var conditional = new HttpRequestMessage(HttpMethod.Get, url);
            conditional.Headers.IfNoneMatch.Add(first.Headers.ETag);
            var notModified = await client.SendAsync(conditional);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        }

        // The language of the interface follows Accept-Language, and the cache keeps them apart.
        var en = new HttpRequestMessage(HttpMethod.Get, $"/profiles/{id}");
        en.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        Assert.Contains("<html lang=\"en\">", await (await app.Browser().SendAsync(en)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("<html lang=\"es\">", await app.Browser().GetStringAsync($"/profiles/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LanguageSwitch_SignedOut_IsALink_ThatSetsOnlyThePreference()
    {
        var (app, published, _) = await SeedAsync(Faro.Data.DatabaseProviders.Sqlite);
        using var _ = app;
        var client = app.Browser();
        var page = await client.GetStringAsync($"/profiles/{published.Assessment.Id}");
        Assert.DoesNotContain("__RequestVerificationToken", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/account/language?lang=en&amp;returnUrl=%2Fprofiles%2F{published.Assessment.Id}\"", page, StringComparison.Ordinal);

        var switched = await client.GetAsync($"/account/language?lang=en&returnUrl=%2Fprofiles%2F{published.Assessment.Id}");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal($"/profiles/{published.Assessment.Id}", switched.Headers.Location!.ToString());
        Assert.Contains("<html lang=\"en\">", await client.GetStringAsync($"/profiles/{published.Assessment.Id}"), StringComparison.Ordinal);
        // Off-site return addresses and unknown languages go nowhere.
        Assert.Equal("/", (await client.GetAsync("/account/language?lang=es&returnUrl=%2F%2Fevil.example")).Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/account/language?lang=xx")).StatusCode);
    }

    /// A signed-in reader never gets the signed-out copy from the cache (it would lack their name
    /// and their forms), and pages served from the cache are still counted in the metrics.
    [Fact]
    public async Task SignedIn_IsNeverServedTheSignedOutCopy_AndHitsFromTheCacheAreCounted()
    {
        using var app = new FaroApp();
        app.Settings["Faro:Metrics:Token"] = "metrics-token-for-the-test";
        await TestData.UiWorldAsync(app);
        var published = await app.WithDb(async db => await TestData.ProfileAssessmentAsync(db, await TestData.CountryAsync(db, "XP")));
        await app.FreezePublishedAsync();
        var anonymous = app.Browser();
        foreach (var url in new[] { "/profiles", $"/profiles/{published.Assessment.Id}" })
        {
            for (var i = 0; i < 3; i++)
            {
                var page = await anonymous.GetAsync(url);
                Assert.Equal("public, max-age=300", page.Headers.CacheControl?.ToString());
                Assert.DoesNotContain("/account/sign-out", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            var coordinator = await app.SignedInAs(UiWorld.Coordinator, UiWorld.Password);
            var signedIn = await coordinator.GetAsync(url);
            // Not a shared copy (a signed-in page has forms bound to the reader's antiforgery cookie).
            Assert.DoesNotContain("public", signedIn.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
            Assert.Contains("/account/sign-out", await signedIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var metrics = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        metrics.Headers.Authorization = new("Bearer", "metrics-token-for-the-test");
        var text = await (await anonymous.SendAsync(metrics)).Content.ReadAsStringAsync();
        var portal = System.Text.RegularExpressions.Regex.Match(text, "faro_http_requests_total\\{method=\"GET\",status=\"2xx\",area=\"portal\"\\} (\\d+)");
        Assert.True(portal.Success, text);
        Assert.True(int.Parse(portal.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 8, text);
    }

    [Theory, AllProviders]
    public async Task Publication_RenewsTheCachedPortalAtOnce(string provider)
    {
        var (app, published, draft) = await SeedAsync(provider);
        using var _ = app;
        var client = app.Browser();
        string Link(int id) => $"href=\"/profiles/{id}\"";
        Assert.DoesNotContain(Link(draft.Assessment.Id), await client.GetStringAsync("/profiles"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/profiles/{draft.Assessment.Id}")).StatusCode);

        // Published the way the stage machine does: the stage, its event, the frozen snapshots.
        await app.WithDb(async db =>
        {
            var a = await db.Assessments.SingleAsync(x => x.Id == draft.Assessment.Id);
            a.Stage = Stage.Published;
            db.StageEvents.Add(new StageEvent { AssessmentId = a.Id, From = Stage.Approved, To = Stage.Published, At = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        await app.WithService<IReadOnlyList<ProfileSnapshot>, ProfilePublisher>(p => p.FreezeAsync(draft.Assessment.Id, "test"));

        Assert.Contains(Link(draft.Assessment.Id), await client.GetStringAsync("/profiles"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/profiles/{draft.Assessment.Id}")).StatusCode);
        Assert.Contains(Link(published.Assessment.Id), await client.GetStringAsync("/profiles"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compression_BrotliAndGzip_WithAWeakTagThatStillRevalidates()
    {
        var (app, published, _) = await SeedAsync(Faro.Data.DatabaseProviders.Sqlite);
        using var _ = app;
        var client = app.Browser();
        var url = $"/profiles/{published.Assessment.Id}";
        var plain = await client.GetAsync(url);
        var length = (await plain.Content.ReadAsByteArrayAsync()).Length;
        foreach (var encoding in new[] { "br", "gzip" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            var response = await client.SendAsync(request);
            Assert.Equal(encoding, Assert.Single(response.Content.Headers.ContentEncoding));
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length < length / 3, encoding);
            Assert.True(response.Headers.ETag!.IsWeak);
            Assert.Equal(plain.Headers.ETag!.Tag, response.Headers.ETag.Tag);

            var conditional = new HttpRequestMessage(HttpMethod.Get, url);
            conditional.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            conditional.Headers.IfNoneMatch.Add(response.Headers.ETag);
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional)).StatusCode);
        }
    }
}
