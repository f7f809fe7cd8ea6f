using System.Text.RegularExpressions;
using Faro.Assessments;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Faro.Tests.Browser;

/// Issue 15 point 3: the answer form shows the sources the answer cites, then a search over the
/// library (as you type with JavaScript, a plain GET form without), one page of results at a
/// time; a found source ticked and saved is linked to the answer.
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AnswerSourcesTests(Chromium chromium) : IAsyncLifetime
{
    private readonly FaroApp app = new();
    private UiWorld world = null!;
    private Uri server = null!;
    private int mobility;
    private int council;

    public async Task InitializeAsync()
    {
        server = app.StartKestrel();
        world = await TestData.UiWorldAsync(app);
        // A library of 40 sources, two of them easy to find: by a title word and by the issuer.
        await app.WithDb(async db =>
        {
            var now = DateTime.UtcNow;
            for (var n = 1; n <= 40; n++)
            {
                db.Evidence.Add(new Evidence
                {
                    AssessmentId = world.CollectingId,
                    Title = new LocalizedText($"Test report {n} (fictional)", $"Informe de prueba {n} (ficticio)"),
                    Type = EvidenceType.Report,
                    CreatedAt = now,
                });
            }

            var a = new Evidence
            {
                AssessmentId = world.CollectingId,
                Title = new LocalizedText("Urban mobility agreement (fictional)", "Acuerdo de movilidad urbana (ficticio)"),
                Type = EvidenceType.Agreement,
                CreatedAt = now,
            };
            var b = new Evidence
            {
                AssessmentId = world.CollectingId,
                Title = new LocalizedText("Minutes of session 4 (fictional)", "Acta de la sesión 4 (ficticia)"),
                Type = EvidenceType.Other,
                IssuingBody = "Concejo Municipal de Puerto Nuevo",
                CreatedAt = now,
            };
            db.Evidence.AddRange(a, b);
            // The two answers of the test start without sources (the test city cites its plan).
            db.AnswerEvidence.RemoveRange(db.AnswerEvidence.Where(l => db.Answers.Any(x => x.Id == l.AnswerId && x.AssessmentId == world.CollectingId
                && (x.Indicator!.Code == "D1-08" || x.Indicator!.Code == "D2-01"))));
            await db.SaveChangesAsync();
            (mobility, council) = (a.Id, b.Id);
        });
    }

    public Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }

    private Task<List<int>> LinkedAsync(string code) => app.WithDb(db => db.AnswerEvidence
        .Where(l => db.Answers.Any(x => x.Id == l.AnswerId && x.AssessmentId == world.CollectingId && x.Indicator!.Code == code))
        .Select(l => l.EvidenceId).OrderBy(x => x).ToListAsync());

    [Fact]
    public async Task LibrarySearch_AsYouTypeInSpanish_AndWithoutJavaScriptInEnglish_LinksTheFoundSource()
    {
        // Spanish, with JavaScript: one page of the library, not all 43 sources.
        await using (var s = await BrowserSession.OpenAsync(chromium, server, "es"))
        {
            await s.SignInAsync(UiWorld.FocalPoint, UiWorld.Password);
            await s.GotoAsync($"/assessments/{world.CollectingId}/indicators/D1-08");
            Assert.Equal(10, await s.Page.Locator("input[name=EvidenceIds]").CountAsync());
            Assert.Contains("Se muestran 10 de las 43 otras fuentes", await s.MainTextAsync(), StringComparison.Ordinal);
            Assert.Contains("Esta respuesta aún no cita ninguna fuente", await s.MainTextAsync(), StringComparison.Ordinal);

            await s.Page.GetByLabel("Narrativa en español").FillAsync("Texto escrito antes de buscar.");
            await s.Page.GetByLabel("Título, entidad emisora o tipo").FillAsync("movilidad");
            var results = s.Page.Locator("#source-results li[data-source]");
            await Assertions.Expect(results).ToHaveCountAsync(1);
            await s.Page.GetByLabel("Acuerdo de movilidad urbana (ficticio)").CheckAsync();
            // A second search (by the issuer) keeps the first tick: it moves up to the answer's sources.
            await s.Page.GetByLabel("Título, entidad emisora o tipo").FillAsync("concejo");
            await Assertions.Expect(s.Page.Locator("#source-count")).ToContainTextAsync("«concejo»");
            await Assertions.Expect(results).ToHaveCountAsync(1);
            Assert.True(await s.Page.Locator("#chosen-sources").GetByLabel("Acuerdo de movilidad urbana (ficticio)").IsCheckedAsync());
            await s.Page.GetByLabel("Acta de la sesión 4 (ficticia)").CheckAsync();
            // By the type's name in Spanish.
            await s.Page.GetByLabel("Título, entidad emisora o tipo").FillAsync("informe");
            await Assertions.Expect(s.Page.Locator("#source-count")).ToContainTextAsync("Se muestran 10 de 40");
            Assert.Equal("Texto escrito antes de buscar.", await s.Page.GetByLabel("Narrativa en español").InputValueAsync());
            await s.CheckAsync();
            await s.ClickAndLandAsync(s.Page.GetByRole(AriaRole.Button, new() { Name = "Guardar respuesta" }));
            var saved = await s.MainTextAsync();
            Assert.True(saved.Contains("Respuesta guardada", StringComparison.Ordinal), saved);
            Assert.Equal(new[] { mobility, council }.Order(), await LinkedAsync("D1-08"));
            // The linked sources come first, ticked; the library below no longer repeats them.
            Assert.True(await s.Page.Locator("#chosen-sources").GetByLabel("Acta de la sesión 4 (ficticia)").IsCheckedAsync());
            Assert.Contains("Se muestran 10 de las 41 otras fuentes", await s.MainTextAsync(), StringComparison.Ordinal);
        }

        // English, without JavaScript: the plain GET search, paged, then tick and save. (Waiting for
        // a navigation is the only way to know a no-script page has been replaced; Playwright marks
        // the call obsolete in favour of URL waits, which cannot tell a POST-redirect to the same URL.)
#pragma warning disable CS0612
        await app.WithDb(db => db.Users.Where(u => u.Email == UiWorld.FocalPoint).ExecuteUpdateAsync(u => u.SetProperty(x => x.PreferredLanguage, "en")));
        await using var n = await BrowserSession.OpenAsync(chromium, server, "en", javaScript: false);
        await n.Page.GotoAsync("/account/sign-in");
        await n.Page.GetByLabel(new Regex("E-mail")).FillAsync(UiWorld.FocalPoint);
        await n.Page.GetByLabel(new Regex("Password")).FillAsync(UiWorld.Password);
        await n.Page.RunAndWaitForNavigationAsync(() => n.Page.Locator("main button[type=submit]").ClickAsync());
        await n.Page.GotoAsync($"/assessments/{world.CollectingId}/indicators/D2-01");
        await n.Page.GetByLabel("Title, issuer or type").FillAsync("report");
        await n.Page.RunAndWaitForNavigationAsync(() => n.Page.GetByRole(AriaRole.Button, new() { Name = "Search the library" }).ClickAsync());
        Assert.Contains("q=report", n.Page.Url, StringComparison.Ordinal);
        Assert.Contains("10 of 40 sources matching “report” shown.", await n.MainTextAsync(), StringComparison.Ordinal);
        await n.Page.RunAndWaitForNavigationAsync(() => n.Page.GetByRole(AriaRole.Link, new() { Name = "Next" }).First.ClickAsync());
        Assert.Contains("sources-page=2", n.Page.Url, StringComparison.Ordinal);
        await n.Page.GetByLabel("Title, issuer or type").FillAsync("mobility");
        await n.Page.RunAndWaitForNavigationAsync(() => n.Page.GetByRole(AriaRole.Button, new() { Name = "Search the library" }).ClickAsync());
        Assert.Equal(1, await n.Page.Locator("#source-results li[data-source]").CountAsync());
        await n.Page.GetByLabel("Urban mobility agreement (fictional)").CheckAsync();
        await n.Page.GetByLabel("Article or section", new() { Exact = true }).First.FillAsync("Art. 3");
        await n.Page.Locator("#status-No").CheckAsync();
        await n.Page.RunAndWaitForNavigationAsync(() => n.Page.GetByRole(AriaRole.Button, new() { Name = "Save answer" }).ClickAsync());
        Assert.Contains("Answer saved", await n.MainTextAsync(), StringComparison.Ordinal);
        Assert.Equal([mobility], await LinkedAsync("D2-01"));
        Assert.Equal("Art. 3", await app.WithDb(db => db.AnswerEvidence.Where(l => l.EvidenceId == mobility && db.Answers.Any(x => x.Id == l.AnswerId && x.Indicator!.Code == "D2-01"))
            .Select(l => l.Section).SingleAsync()));
#pragma warning restore CS0612
    }
}
