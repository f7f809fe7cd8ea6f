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
        await s.Page.Locator("input[name=Status][value=partial]").CheckAsync();
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

    private async Task<BrowserSession> ReviewerAsync(string who, string lang)
    {
        var s = await SignedInAsync("national-reviewer", who);
        if (await s.Page.Locator("html").GetAttributeAsync("lang") != lang)
        {
            await s.Page.EvaluateAsync("() => { window.faroOldPage = true; }");
            await s.Page.Locator("#lang-select").SelectOptionAsync(lang);
            await s.Page.WaitForFunctionAsync("() => !window.faroOldPage");
            await s.CheckAsync();
        }

        Assert.Equal(lang, await s.Page.Locator("html").GetAttributeAsync("lang"));
        return s;
    }

    // Issue 15 item 4: the national reviewer's home is their work list. Valdoria's reviewer sees
    // every local assessment of the country: those from validation on with their links (findings in
    // government review, the dialogue brief), none earlier than validation opened to them.
    [Theory]
    [InlineData("es", "Hallazgos", "Informe de diálogo", "Validación")]
    [InlineData("en", "Findings", "Dialogue brief", "Validation")]
    public async Task NationalReviewer_Home_ListsTheCountrysAssessments_WithTheirWork(string lang, string findings, string dialogue, string validation)
    {
        await using var s = await ReviewerAsync("valdoria", lang);
        var card = s.Page.Locator("[data-reviewer-home]");
        var items = card.Locator("[data-reviewer-assessment]");
        Assert.True(await items.CountAsync() >= 4, await card.InnerTextAsync());
        Assert.Equal(0, await card.Locator("[data-visible=false]").CountAsync());
        var text = await card.InnerTextAsync();
        Assert.Contains(validation, text, StringComparison.Ordinal);
        await s.ScreenshotAsync("home-reviewer-" + lang);

        // Santa Irenea is in government review: the reviewer raises a finding there.
        var santaIrenea = items.Filter(new() { HasText = "Santa Irenea" });
        var raise = santaIrenea.Locator("a[href$='/review']");
        Assert.Equal(1, await raise.CountAsync());
        Assert.StartsWith(findings, await raise.InnerTextAsync(), StringComparison.Ordinal);
        await s.ClickAndLandAsync(raise);
        Assert.Equal(1, await s.Page.Locator("#raise-title").CountAsync());

        await s.GotoAsync("/");
        await s.ClickAndLandAsync(s.Page.Locator("[data-reviewer-home]").GetByRole(AriaRole.Link, new() { Name = dialogue }).First);
        Assert.EndsWith("/dialogue", new Uri(s.Page.Url).AbsolutePath, StringComparison.Ordinal);
    }

    // Panama's reviewer: La Chorrera is still in data collection, so it is listed with when it opens
    // and no link; Panama's national profile is a reference published outside Faro, not answers.
    [Theory]
    [InlineData("es", "visible para usted a partir de la validación", "Perfil nacional", "sin respuestas")]
    [InlineData("en", "visible to you from validation", "National profile", "without answers")]
    public async Task NationalReviewer_Home_BeforeValidation_SaysWhenItOpens_AndTheNationalReference(string lang, string visibleFrom, string national, string noAnswers)
    {
        await using var s = await ReviewerAsync("panama", lang);
        var card = s.Page.Locator("[data-reviewer-home]");
        var laChorrera = card.Locator("[data-reviewer-assessment]").Filter(new() { HasText = "La Chorrera" });
        Assert.Equal(1, await laChorrera.CountAsync());
        Assert.Contains(visibleFrom, await laChorrera.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await laChorrera.Locator("a").CountAsync());
        var reference = await card.Locator("[data-national-reference]").InnerTextAsync();
        Assert.Contains(national, reference, StringComparison.Ordinal);
        Assert.Contains("2019", reference, StringComparison.Ordinal);
        Assert.Contains(noAnswers, reference, StringComparison.Ordinal);
        var main = await s.MainTextAsync();
        Assert.DoesNotContain(lang == "es" ? "0 de 88" : "0 of 88", main, StringComparison.Ordinal);
        Assert.DoesNotContain(lang == "es" ? "Nada requiere su atención" : "Nothing needs you", main, StringComparison.Ordinal);
    }
}
