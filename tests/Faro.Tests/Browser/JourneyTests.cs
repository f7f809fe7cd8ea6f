using System.Text.RegularExpressions;
using Faro.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Faro.Tests.Browser;

/// The main journeys of issue 4 in real Chromium against the real server (Kestrel) and database.
/// Every page visited is checked for console errors, failed requests and axe-core WCAG 2.1 AA
/// violations (BrowserSession); screenshots of the main screens go to docs/screenshots/.
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class JourneyTests(Chromium chromium) : IAsyncLifetime
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

    private async Task<BrowserSession> SignedInAsync(string email, string? acceptLanguage = "es")
    {
        var session = await BrowserSession.OpenAsync(chromium, server, acceptLanguage);
        await session.SignInAsync(email, UiWorld.Password);
        return session;
    }

    [Fact]
    public async Task SignIn_AsEachRole_ShowsTheirHomeInSpanish()
    {
        foreach (var email in new[] { UiWorld.Admin, UiWorld.Coordinator, UiWorld.Researcher, UiWorld.FocalPoint, UiWorld.Reviewer })
        {
            await using var s = await SignedInAsync(email);
            Assert.Equal("es", await s.Page.Locator("html").GetAttributeAsync("lang"));
            var main = await s.MainTextAsync();
            Assert.Contains("Lo que requiere su atención", main, StringComparison.Ordinal);
            if (email == UiWorld.FocalPoint)
            {
                Assert.Contains("Indicadores asignados a usted", main, StringComparison.Ordinal);
                await s.ScreenshotAsync("home-focal-point-es");
            }

            if (email == UiWorld.Reviewer)
            {
                // National reviewers read local assessments from validation on; an earlier one is
                // only named, with its stage and when it will become visible, never linked.
                Assert.Contains("San Aurelio", main, StringComparison.Ordinal);
                Assert.Contains("visible para usted a partir de la validación", main, StringComparison.Ordinal);
                Assert.Equal(0, await s.Page.Locator($"main a[href^='/assessments/{world.InductionId}']").CountAsync());
                Assert.True(await s.Page.Locator($"main a[href^='/assessments/{world.ReviewId}']").CountAsync() > 0);
            }
        }
    }

    [Fact]
    public async Task Coordinator_RecordsTheInductionWorkshop_AndAssignsFocalPoints()
    {
        await using var s = await SignedInAsync(UiWorld.Coordinator);
        await s.GotoAsync($"/assessments/{world.InductionId}/workshops");
        await s.ClickAndLandAsync(s.Page.GetByRole(AriaRole.Link, new() { Name = "Registrar un taller" }));
        await s.Page.GetByLabel("Tipo").SelectOptionAsync("Induction");
        await s.Page.GetByLabel("Estado").SelectOptionAsync("Held");
        await s.Page.GetByLabel("Fecha").FillAsync("2021-09-02");
        await s.Page.GetByLabel("Lugar").FillAsync("Salón municipal de Villa Esperanza");
        await s.Page.GetByLabel("Asistencia (personas)").FillAsync("31");
        await s.Page.GetByLabel("Municipio de Villa Esperanza").CheckAsync();
        await s.Page.GetByLabel("Acta en español").FillAsync("Se presentó la metodología y cada institución se comprometió a nombrar un punto focal.");
        await s.ClickAndLandAsync(s.Page.GetByRole(AriaRole.Button, new() { Name = "Guardar taller" }));
        var detail = await s.MainTextAsync();
        Assert.Contains("Taller guardado.", detail, StringComparison.Ordinal);
        Assert.Contains("Salón municipal de Villa Esperanza", detail, StringComparison.Ordinal);
        await s.ScreenshotAsync("workshop-es");

        // Workshop mode: one indicator at a time, the decision recorded as the room goes.
        await s.ClickAndLandAsync(s.Page.GetByRole(AriaRole.Link, new() { Name = "Modo taller" }));
        await s.Page.GetByLabel("Decisión del taller").FillAsync("La alcaldía confirma que el centro de salud atiende sin pedir documentos.");
        await s.ScreenshotAsync("workshop-mode-es");
        await s.ClickAndLandAsync(s.Page.GetByRole(AriaRole.Button, new() { Name = "Guardar y pasar al siguiente" }));
        Assert.Contains("Indicador 2 de 88", await s.MainTextAsync(), StringComparison.Ordinal);

        // Focal point of the municipality, then its indicators by sub-area from the suggestion.
        await s.GotoAsync($"/assessments/{world.InductionId}/participants");
        await s.Page.GetByText("Nombrar un punto focal").ClickAsync();
        await s.Page.GetByLabel("Institución", new() { Exact = true }).First.SelectOptionAsync(new SelectOptionValue { Label = "Municipio de Villa Esperanza" });
        await s.Page.GetByLabel("Nombre del contacto").FillAsync("Lucía Fernández");
        await s.Page.GetByLabel("Correo del contacto").FillAsync("lucia@villa-esperanza.test");
        await s.ClickAndLandAsync(s.Page.GetByRole(AriaRole.Button, new() { Name = "Guardar punto focal" }));
        Assert.Contains("Punto focal guardado", await s.MainTextAsync(), StringComparison.Ordinal);
        // The page came back with the institution chosen and the suggestion (municipality: all of D2...) ticked.
        Assert.True(await s.Page.Locator("input[name=Codes][value='D2-01']").IsCheckedAsync());
        await s.Page.Locator("#area-1\\.1").CheckAsync();
        await s.ScreenshotAsync("assignment-es");
        await s.ClickAndLandAsync(s.Page.GetByRole(AriaRole.Button, new() { Name = "Asignar los indicadores marcados" }));
        Assert.Matches(new Regex("Se asignaron \\d+ indicadores"), await s.MainTextAsync());
        var assigned = await app.WithDb(db => Task.FromResult(db.Assignments.Count(a => a.AssessmentId == world.InductionId)));
        Assert.True(assigned >= 40, $"{assigned} assignments");
    }

    [Fact]
    public async Task FocalPoint_AnswersAnAssignedIndicatorInSpanish_WithEvidence()
    {
        await using var s = await SignedInAsync(UiWorld.FocalPoint);
        await s.ClickAndLandAsync(s.Page.Locator("main").GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^D2-02") }));
        await s.Page.GetByLabel("Existe", new() { Exact = true }).CheckAsync();
        await s.Page.GetByLabel("Narrativa en español").FillAsync("El programa municipal de ayudas atiende a toda persona residente, incluidas las migrantes, según el acuerdo municipal 12 de 2023.");
        await s.Page.GetByLabel("Título en español").FillAsync("Acuerdo municipal 12 de 2023");
        await s.Page.GetByLabel("Tipo", new() { Exact = true }).SelectOptionAsync("Ordinance");
        await s.Page.GetByLabel("Enlace").FillAsync("https://example.org/acuerdo-12-2023");
        await s.Page.GetByLabel("Archivo").SetInputFilesAsync(new FilePayload
        {
            Name = "acuerdo-12-2023.pdf",
            MimeType = "application/pdf",
            Buffer = "%PDF-1.4\n% Faro test\n"u8.ToArray(),
        });
        await s.ClickAndLandAsync(s.Page.GetByRole(AriaRole.Button, new() { Name = "Agregar fuente" }));
        var afterAdd = await s.MainTextAsync();
        Assert.Contains("La fuente se agregó a la biblioteca", afterAdd, StringComparison.Ordinal);
        // The typing survived the round trip, and the new source is ticked.
        Assert.StartsWith("El programa municipal", await s.Page.GetByLabel("Narrativa en español").InputValueAsync(), StringComparison.Ordinal);
        Assert.True(await s.Page.GetByLabel("Acuerdo municipal 12 de 2023").IsCheckedAsync());
        await s.ClickAndLandAsync(s.Page.GetByRole(AriaRole.Button, new() { Name = "Guardar respuesta" }));
        Assert.Contains("Respuesta guardada.", await s.MainTextAsync(), StringComparison.Ordinal);
        await s.ScreenshotAsync("indicator-es", fullPage: true);

        var answer = await app.WithDb(async db =>
        {
            var d202 = db.Indicators.First(i => i.Code == "D2-02" && db.Assessments.Any(x => x.Id == world.CollectingId && x.CatalogueId == i.CatalogueId)).Id;
            return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
                Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.Include(db.Answers, a => a.Evidence),
                a => a.AssessmentId == world.CollectingId && a.IndicatorId == d202);
        });
        Assert.Equal(Faro.Assessments.AnswerStatus.Yes, answer.Status);
        Assert.StartsWith("El programa municipal", answer.Narrative.Es, StringComparison.Ordinal);
        Assert.Single(answer.Evidence);

        // The uploaded file downloads back as an attachment.
        var download = await s.Page.RunAndWaitForDownloadAsync(() => s.Page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("acuerdo-12-2023.pdf") }).First.ClickAsync());
        Assert.Equal("acuerdo-12-2023.pdf", download.SuggestedFilename);
    }

    [Fact]
    public async Task StaleSave_IsCaught_ShowsBothVersions_AndKeepsTheTyping()
    {
        var path = $"/assessments/{world.CollectingId}/indicators/D2-01";
        await using var focal = await SignedInAsync(UiWorld.FocalPoint);
        await using var researcher = await SignedInAsync(UiWorld.Researcher);
        await focal.GotoAsync(path);
        await researcher.GotoAsync(path);

        await researcher.Page.GetByLabel("Existe parcialmente", new() { Exact = true }).CheckAsync();
        await researcher.Page.GetByLabel("Narrativa en español").FillAsync("Texto del investigador: la unidad existe pero sin presupuesto.");
        await researcher.ClickAndLandAsync(researcher.Page.GetByRole(AriaRole.Button, new() { Name = "Guardar respuesta" }));
        Assert.Contains("Respuesta guardada.", await researcher.MainTextAsync(), StringComparison.Ordinal);

        await focal.Page.GetByLabel("Existe", new() { Exact = true }).CheckAsync();
        await focal.Page.GetByLabel("Narrativa en español").FillAsync("Texto del punto focal: la unidad de migración se creó en 2022.");
        await focal.ClickAndLandAsync(focal.Page.GetByRole(AriaRole.Button, new() { Name = "Guardar respuesta" }));
        var main = await focal.MainTextAsync();
        Assert.Contains("Otra persona guardó esta respuesta mientras usted editaba", main, StringComparison.Ordinal);
        Assert.Contains("Texto del investigador", main, StringComparison.Ordinal);
        Assert.Equal("Texto del punto focal: la unidad de migración se creó en 2022.", await focal.Page.GetByLabel("Narrativa en español").InputValueAsync());
        await focal.ScreenshotAsync("stale-save-es", fullPage: true);

        // Merging: keep both texts, save again (now against the revision just seen).
        await focal.Page.GetByLabel("Narrativa en español").FillAsync("La unidad de migración se creó en 2022; aún no tiene presupuesto propio.");
        await focal.ClickAndLandAsync(focal.Page.GetByRole(AriaRole.Button, new() { Name = "Guardar respuesta" }));
        Assert.Contains("Respuesta guardada.", await focal.MainTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_ShowsItsBlockers_AndRefusesTheMove()
    {
        await using var s = await SignedInAsync(UiWorld.Coordinator);
        // A move known to be blocked asks no confirmation (issue 15 item 6).
        var dialogs = 0;
        s.Page.Dialog += async (_, dialog) => { dialogs++; await dialog.AcceptAsync(); };
        await s.GotoAsync($"/assessments/{world.CollectingId}");
        var main = await s.MainTextAsync();
        Assert.Contains("Siguiente paso: Validación.", main, StringComparison.Ordinal);
        Assert.Matches(new Regex("\\d+ cosas bloquean este paso"), main);
        await s.ScreenshotAsync("assessment-overview-es");
        await s.ClickAndLandAsync(s.Page.GetByRole(AriaRole.Button, new() { Name = "Pasar a Validación" }));
        Assert.Contains("No se dio el paso", await s.MainTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, dialogs);
        var stage = await app.WithDb(db => Task.FromResult(db.Assessments.First(a => a.Id == world.CollectingId).Stage));
        Assert.Equal(Faro.Workflow.Stage.DataCollection, stage);
    }

    [Fact]
    public async Task FocalPoint_DisagreesWithAFinding_AndTheCoordinatorResolvesIt()
    {
        var path = $"/assessments/{world.ReviewId}/review";
        await using (var focal = await SignedInAsync(UiWorld.ReviewFocalPoint))
        {
            await focal.GotoAsync(path);
            await focal.Page.GetByLabel("En desacuerdo").CheckAsync();
            // A disagreement without reason and proposal is refused, naming both fields.
            await focal.ClickAndLandAsync(focal.Page.GetByRole(AriaRole.Button, new() { Name = "Enviar respuesta" }));
            var summary = await focal.Page.Locator(".error-summary").InnerTextAsync();
            Assert.Contains("Motivo", summary, StringComparison.Ordinal);
            Assert.Contains("Cambio propuesto", summary, StringComparison.Ordinal);
            await focal.Page.GetByLabel("En desacuerdo").CheckAsync();
            await focal.Page.GetByLabel("Motivo").FillAsync("El centro de salud pide cédula para las consultas que no son de urgencia.");
            await focal.Page.GetByLabel("Cambio propuesto").FillAsync("Marcar el indicador como Parcial.");
            await focal.ClickAndLandAsync(focal.Page.GetByRole(AriaRole.Button, new() { Name = "Enviar respuesta" }));
            Assert.Contains("Su respuesta se envió a los coordinadores.", await focal.MainTextAsync(), StringComparison.Ordinal);
        }

        await using var coordinator = await SignedInAsync(UiWorld.Coordinator);
        await coordinator.GotoAsync(path);
        Assert.Contains("El centro de salud pide cédula", await coordinator.MainTextAsync(), StringComparison.Ordinal);
        await coordinator.Page.GetByText("Resolver este punto").ClickAsync();
        await coordinator.Page.GetByLabel("Resuelto: se cambió").CheckAsync();
        // "Changed" carries the change: the answer becomes Partial with the resolution.
        await coordinator.Page.Locator("input[name=ChangeStatus][value=partial]").Last.CheckAsync();
        await coordinator.Page.Locator("textarea[name=ChangeNarrativeEs]").Last.FillAsync("El centro de salud pide cédula para las consultas que no son de urgencia (ficticio).");
        await coordinator.Page.Locator("textarea[name=Reason]").Last.FillAsync("Se corrige a Parcial con la evidencia del centro de salud.");
        await coordinator.ScreenshotAsync("review-es", fullPage: true);
        await coordinator.ClickAndLandAsync(coordinator.Page.GetByRole(AriaRole.Button, new() { Name = "Resolver", Exact = true }));
        Assert.Contains("El punto quedó resuelto.", await coordinator.MainTextAsync(), StringComparison.Ordinal);
        var open = await app.WithDb(db => Task.FromResult(db.ReviewPoints.Count(p => p.AssessmentId == world.ReviewId && p.Resolution == null)));
        Assert.Equal(0, open);
    }

    [Fact]
    public async Task LanguageSwitch_Sticks_AcrossSignIns()
    {
        await using (var s = await SignedInAsync(UiWorld.Coordinator))
        {
            await s.GotoAsync($"/assessments/{world.CollectingId}");
            // The header's select applies at once (enhancement); the page comes back in English.
            await s.Page.EvaluateAsync("() => { window.faroOldPage = true; }");
            await s.Page.GetByLabel("Idioma").SelectOptionAsync("en");
            await s.Page.WaitForFunctionAsync("() => !window.faroOldPage");
            await s.CheckAsync();
            Assert.Equal("en", await s.Page.Locator("html").GetAttributeAsync("lang"));
            Assert.Contains("Progress by domain", await s.MainTextAsync(), StringComparison.Ordinal);
            await s.ScreenshotAsync("assessment-overview-en");
        }

        // A new browser that asks for Spanish still gets English: the choice is the user's.
        await using var again = await SignedInAsync(UiWorld.Coordinator, acceptLanguage: "es");
        Assert.Equal("en", await again.Page.Locator("html").GetAttributeAsync("lang"));
        Assert.Contains("What needs you", await again.MainTextAsync(), StringComparison.Ordinal);
    }
}
