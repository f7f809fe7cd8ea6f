using Faro.Tests.Infrastructure;

namespace Faro.Tests.Browser;

/// Issue 10 item 6 in real Chromium: a coordinator invites a researcher, the link sets the
/// password, and the new user signs in with it.
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PeopleJourneyTests(Chromium chromium) : IAsyncLifetime
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
    public async Task Invite_SetPasswordThroughTheLink_SignIn()
    {
        string link;
        await using (var coordinator = await BrowserSession.OpenAsync(chromium, server))
        {
            await coordinator.SignInAsync(UiWorld.Coordinator, UiWorld.Password);
            await coordinator.GotoAsync("/people/users");
            await coordinator.Page.Locator("#Email").FillAsync("nueva.investigadora@faro.test");
            await coordinator.Page.Locator("#Name").FillAsync("Nora Nueva (ficticia)");
            await coordinator.Page.Locator("#RoleCode").SelectOptionAsync("researcher");
            await coordinator.Page.Locator("#Assessment").SelectOptionAsync(world.CollectingId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await coordinator.ClickAndLandAsync(coordinator.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Invitar", Exact = true }));
            Assert.Contains("Se invitó a nueva.investigadora@faro.test", await coordinator.MainTextAsync(), StringComparison.Ordinal);
            link = await coordinator.Page.Locator("#invite-link").InnerTextAsync();
        }

        await using var invited = await BrowserSession.OpenAsync(chromium, server);
        await invited.GotoAsync(new Uri(link).PathAndQuery);
        await invited.Page.Locator("#Password").FillAsync("siete garzas azules sobre el río");
        await invited.Page.Locator("#Confirm").FillAsync("siete garzas azules sobre el río");
        await invited.ClickAndLandAsync(invited.Page.Locator("main button.primary"));
        Assert.Contains("Su contraseña quedó fijada", await invited.MainTextAsync(), StringComparison.Ordinal);
        await invited.SignInAsync("nueva.investigadora@faro.test", "siete garzas azules sobre el río");
        Assert.Equal("Nora Nueva (ficticia)", await invited.Page.Locator("header .who").InnerTextAsync());
    }
}
