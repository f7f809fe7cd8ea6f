using Faro.Assessments;
using Faro.Demo;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Faro.Tests.Browser;

/// The dialogue and mutual-learning pages (issue 12) on the demo data, in both languages, as a
/// person uses them: the public library with its facets (an accent or not finds the same
/// practices), common challenges, then signed in the dialogue brief, the comparison of rounds, the
/// action plan, and the peers of a gap with "ask for an exchange" sent to the exchanges page. Every
/// page is checked by `BrowserSession` (axe-core, console errors, failed requests).
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class LearningJourneyTests(Chromium chromium) : IAsyncLifetime
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

    private static string Say(string lang, string en, string es) => lang == "es" ? es : en;

    /// Signs in and, when the user's own language is another, switches with the header's selector.
    private async Task<BrowserSession> SignedInAsync(string emailStart, string lang)
    {
        var account = accounts.First(a => a.Email.StartsWith(emailStart, StringComparison.Ordinal));
        var session = await BrowserSession.OpenAsync(chromium, server, lang);
        await session.SignInAsync(account.Email, account.Password);
        if (await session.Page.Locator("html").GetAttributeAsync("lang") != lang)
        {
            await session.Page.EvaluateAsync("() => { window.faroOldPage = true; }");
            await session.Page.Locator("#lang-select").SelectOptionAsync(lang);
            await session.Page.WaitForFunctionAsync("() => !window.faroOldPage");
            await session.CheckAsync();
        }

        Assert.Equal(lang, await session.Page.Locator("html").GetAttributeAsync("lang"));
        return session;
    }

    private static async Task<string> H1Async(BrowserSession s) => await s.Page.Locator("main h1").InnerTextAsync();

    [Theory]
    [InlineData("es")]
    [InlineData("en")]
    public async Task LearningPages_LibraryChallengesBriefComparisonPlanAndPeers(string lang)
    {
        var (review, second, followUp) = await app.WithDb(async db => (
            await db.Assessments.Where(a => a.Stage == Stage.GovernmentReview && a.Jurisdiction!.Name == "Santa Irenea").Select(a => a.Id).SingleAsync(),
            await db.Assessments.Where(a => a.IsFictional && a.Round == 2).Select(a => a.Id).SingleAsync(),
            await db.Assessments.Where(a => a.Stage == Stage.FollowUp && a.Level == AssessmentLevel.Local).Select(a => a.Id).FirstAsync()));

        // Signed out: the library. With or without the accent, in capitals or not, the same practices.
        await using (var pub = await BrowserSession.OpenAsync(chromium, server, lang))
        {
            await pub.GotoAsync("/good-practices?q=" + Uri.EscapeDataString("migración"));
            Assert.Equal(Say(lang, "Good-practice library", "Biblioteca de buenas prácticas"), await H1Async(pub));
            var items = pub.Page.Locator("ol.practices > li");
            var accented = await items.AllInnerTextsAsync();
            Assert.NotEmpty(accented);
            await pub.ScreenshotAsync("good-practices-" + lang);
            await pub.GotoAsync("/good-practices?q=MIGRACION");
            Assert.Equal(accented, await items.AllInnerTextsAsync());

            // A facet chosen in the form: every practice listed is of that domain.
            await pub.GotoAsync("/good-practices");
            var domain = await pub.Page.Locator("#gp-domain option:not([value=''])").First.GetAttributeAsync("value");
            await pub.Page.GetByLabel(Say(lang, "Domain", "Dominio")).SelectOptionAsync(domain!);
            await pub.ClickAndLandAsync(pub.Page.Locator("form.filters button[type=submit]"));
            Assert.Contains("domain=" + domain, pub.Page.Url, StringComparison.Ordinal);
            var codes = await pub.Page.Locator("ol.practices > li p strong").AllInnerTextsAsync();
            Assert.NotEmpty(codes);
            Assert.All(codes, c => Assert.StartsWith(domain + "-", c, StringComparison.Ordinal));

            await pub.GotoAsync("/challenges?scope=XV");
            Assert.Equal(Say(lang, "Common challenges", "Desafíos comunes"), await H1Async(pub));
        }

        // The coordinator: the dialogue brief, the comparison of the two rounds, the action plan.
        await using (var coordinator = await SignedInAsync("coordinator@", lang))
        {
            await coordinator.GotoAsync($"/assessments/{review}/dialogue");
            Assert.Equal(Say(lang, "National–local dialogue", "Diálogo nacional–local"), await H1Async(coordinator));
            Assert.True(await coordinator.Page.Locator("section[data-category]").CountAsync() > 0);
            await coordinator.ScreenshotAsync("dialogue-" + lang);

            await coordinator.GotoAsync($"/assessments/{second}/comparison");
            Assert.Equal(Say(lang, "Comparison of rounds", "Comparación de rondas"), await H1Async(coordinator));
            Assert.Contains(Say(lang, "than in round 1", "que en la ronda 1"), await coordinator.MainTextAsync(), StringComparison.Ordinal);

            await coordinator.GotoAsync($"/assessments/{followUp}/actions");
            Assert.Equal(Say(lang, "Action plan", "Plan de acción"), await H1Async(coordinator));
        }

        // The focal point of the city in review: the peers of a gap, and an exchange asked for.
        await using var focal = await SignedInAsync("focal.santa-irenea@", lang);
        await focal.GotoAsync($"/assessments/{review}/peers");
        Assert.Equal(Say(lang, "Peers for the gaps", "Pares para las brechas"), await H1Async(focal));
        var ask = focal.Page.Locator("section[data-indicator] li details").First;
        await ask.Locator("summary").ClickAsync();
        await focal.ScreenshotAsync("peers-" + lang);
        await ask.Locator("textarea[name=Message]").FillAsync(Say(lang, "How did you set up your desk? (test)", "¿Cómo organizaron su ventanilla? (prueba)"));
        await focal.ClickAndLandAsync(ask.GetByRole(AriaRole.Button, new() { Name = Say(lang, "Ask for an exchange", "Solicitar un intercambio") }));
        Assert.Contains("/exchanges", focal.Page.Url, StringComparison.Ordinal);
        Assert.Contains(Say(lang, "The request was sent to the coordinators of both countries.", "La solicitud se envió a los coordinadores de ambos países."),
            await focal.MainTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await focal.Page.Locator("section[data-direction=out] article[data-status=requested]").CountAsync());
    }
}
