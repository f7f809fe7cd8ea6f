using Faro.Tests.Infrastructure;

namespace Faro.Tests.Browser;

/// The main journeys of issue 4 in real Chromium against the real server (Kestrel) and database.
/// Each page visited is checked for console errors and axe-core violations (BrowserSession).
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class JourneyTests(Chromium chromium) : IAsyncLifetime
{
    private readonly FaroApp app = new();
    private UiWorld world = null!;
    private Uri server = null!;

    public async Task InitializeAsync()
    {
        server = app.StartKestrel();
        world = await TestData.UiWorldAsync(app);
    }

    public Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task SignIn_AsEachRole_ShowsTheirHomeInSpanish()
    {
        foreach (var email in new[] { UiWorld.Admin, UiWorld.Coordinator, UiWorld.Researcher, UiWorld.FocalPoint, UiWorld.Reviewer })
        {
            await using var s = await BrowserSession.OpenAsync(chromium, server);
            await s.SignInAsync(email, UiWorld.Password);
            Assert.Equal("es", await s.Page.Locator("html").GetAttributeAsync("lang"));
            Assert.Contains("Lo que requiere su atención", await s.MainTextAsync(), StringComparison.Ordinal);
            if (email == UiWorld.FocalPoint)
            {
                await s.ScreenshotAsync("home-focal-point-es");
            }
        }

        await using var coordinator = await BrowserSession.OpenAsync(chromium, server);
        await coordinator.SignInAsync(UiWorld.Coordinator, UiWorld.Password);
        await coordinator.GotoAsync($"/assessments/{world.CollectingId}");
        await coordinator.ScreenshotAsync("assessment-overview-es");
    }
}
