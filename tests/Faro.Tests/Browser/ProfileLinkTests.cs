using Faro.Tests.Infrastructure;

namespace Faro.Tests.Browser;

/// The profile's citation links are told apart from the text around them by more than colour
/// (axe `link-in-text-block`, issue 15 item 10), on the portal page and the standalone download.
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ProfileLinkTests(Chromium chromium)
{
    [Fact]
    public async Task PublishedProfile_CitationLinksAreUnderlined_AndAxeFindsNothing()
    {
        using var app = new FaroApp();
        var server = app.StartKestrel();
        var published = await app.WithDb(async db => await TestData.ProfileAssessmentAsync(db, await TestData.CountryAsync(db)));
        await using var s = await BrowserSession.OpenAsync(chromium, server);
        // GotoAsync runs axe-core (WCAG 2.1 A/AA, link-in-text-block among them) and fails on a violation.
        await s.GotoAsync($"/profiles/{published.Assessment.Id}");
        var cite = s.Page.Locator(".profile .cite a").First;
        Assert.Contains("underline", await cite.EvaluateAsync<string>("a => getComputedStyle(a).textDecorationLine"), StringComparison.Ordinal);

        // The standalone download carries the same stylesheet inline.
        using var http = new HttpClient { BaseAddress = server };
        var standalone = await http.GetStringAsync($"/profiles/{published.Assessment.Id}/es.html");
        Assert.Contains(".profile .cite a { text-decoration: underline;", standalone, StringComparison.Ordinal);
    }
}
