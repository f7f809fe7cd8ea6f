using Faro.Demo;
using Faro.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Faro.Tests.Browser;

/// The README's first steps on the real demo data: sign in with a printed demo account, open La
/// Chorrera, answer an indicator in Spanish; then the screens of the README on a fictional city
/// with complete answers. Pages are checked like every other browser test.
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class DemoTourTests(Chromium chromium) : IAsyncLifetime
{
    private readonly FaroApp app = new(seedDemo: true);
    private Uri server = null!;
    private IReadOnlyList<DemoAccount> accounts = [];

    public async Task InitializeAsync()
    {
        server = app.StartKestrel();
        accounts = await app.WithService<IReadOnlyList<DemoAccount>, DemoSeeder>(s => Task.FromResult(s.ReadSavedAccounts()));
    }

    public Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }

    private async Task<BrowserSession> SignedInAsync(string role, string? emailPart = null)
    {
        var account = accounts.First(a => a.Role == role && (emailPart is null || a.Email.Contains(emailPart, StringComparison.Ordinal)));
        var session = await BrowserSession.OpenAsync(chromium, server);
        await session.SignInAsync(account.Email, account.Password);
        return session;
    }

    [Fact]
    public async Task FirstSteps_FocalPointOfLaChorrera_AnswersAnIndicatorInSpanish()
    {
        await using var s = await SignedInAsync("focal-point", "la-chorrera");
        await s.ScreenshotAsync("home-es");
        await s.ClickAndLandAsync(s.Page.Locator("main table").GetByRole(AriaRole.Link, new() { Name = "La Chorrera" }).First);
        Assert.Contains("La Chorrera", await s.Page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        await s.ScreenshotAsync("la-chorrera-overview-es");
        await s.GotoAsync("/");
        await s.ClickAndLandAsync(s.Page.Locator("#assigned-title ~ ul a").First);
        await s.Page.Locator("input[name=Status][value=Partial]").CheckAsync();
        await s.Page.GetByLabel("Narrativa en español").FillAsync("Existe una práctica, pero aún no está formalizada en un acuerdo municipal.");
        await s.ClickAndLandAsync(s.Page.GetByRole(AriaRole.Button, new() { Name = "Guardar respuesta" }));
        var saved = await s.MainTextAsync();
        Assert.True(saved.Contains("Respuesta guardada.", StringComparison.Ordinal), saved[..Math.Min(saved.Length, 3000)]);
        var indicator = s.Page.Url;

        // The same page on a phone: one column, nothing cut off, still free of axe violations.
        var account = accounts.First(a => a.Role == "focal-point" && a.Email.Contains("la-chorrera", StringComparison.Ordinal));
        await using var phone = await BrowserSession.OpenAsync(chromium, server, width: 390, height: 844);
        await phone.SignInAsync(account.Email, account.Password);
        await phone.GotoAsync(indicator);
        await phone.ScreenshotAsync("indicator-phone-es");
        var wide = await phone.Page.EvaluateAsync<string>(
            "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id).join(', ')");
        Assert.True(wide.Length == 0, "the page scrolls sideways on a phone: " + wide);
    }

    [Fact]
    public async Task Screens_OfAFictionalCityWithCompleteAnswers_InSpanishAndEnglish()
    {
        await using var s = await SignedInAsync("coordinator");
        await s.ScreenshotAsync("home-coordinator");
        var cities = s.Page.Locator("main table a[href^='/assessments/']");
        var count = await cities.CountAsync();
        Assert.True(count >= 3, $"{count} assessments on the coordinator's home");
        // A fictional city in government review has findings and a full matrix.
        foreach (var href in await cities.EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
        {
            await s.GotoAsync(href);
            var stage = await s.Page.Locator(".page-head .status").First.GetAttributeAsync("data-stage");
            if (stage == "government-review")
            {
                await s.ScreenshotAsync("demo-overview-review");
                await s.GotoAsync(href + "/review");
                await s.ScreenshotAsync("demo-review");
                await s.GotoAsync(href + "/changes");
                await s.GotoAsync(href + "/workshops");
                await s.GotoAsync(href + "/participants");
                await s.GotoAsync(href + "/indicators/D1-01");
                await s.ScreenshotAsync("demo-indicator");
                break;
            }
        }

        await s.GotoAsync("/people/users");
        await s.GotoAsync("/places");
    }
}
