using System.Globalization;
using Faro.Assessments;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Faro.Tests.Browser;

/// Issue 10's "done when" in real Chromium: an empty installation without the demo, the first
/// administrator made with the CLI, then only the UI: a coordinator for Panama, a district and its
/// institutions, an assessment, the induction workshop with its attendance, a focal point who sets
/// a password and answers, every stage to published, and round 2 with the answers carried over as
/// drafts to confirm. The people are fictional; the places are Panama's real province and district.
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class RealInstallationJourneyTests(Chromium chromium) : IAsyncLifetime
{
    private const string AdminEmail = "admin@faro.test";
    private const string AdminPassword = "cuatro tucanes verdes en la cordillera";
    private readonly FaroApp app = new();
    private Uri server = null!;

    public Task InitializeAsync()
    {
        server = app.StartKestrel();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// Accepts the page's "are you sure" confirmations (stage moves ask one).
    private static void AcceptDialogs(BrowserSession s) => s.Page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

    /// Invites someone on the users page and returns the one-time link shown to the inviter.
    private static async Task<string> InviteAsync(BrowserSession s, string email, string name, string role, string? country = null, int? assessment = null,
        int? institution = null)
    {
        await s.GotoAsync("/people/users");
        await s.Page.Locator("#Email").FillAsync(email);
        await s.Page.Locator("#Name").FillAsync(name);
        await s.Page.Locator("#RoleCode").SelectOptionAsync(role);
        if (country is not null)
        {
            await s.Page.Locator("#Country").SelectOptionAsync(country);
        }

        if (assessment is { } a)
        {
            await s.Page.Locator("#Assessment").SelectOptionAsync(Id(a));
        }

        if (institution is { } i)
        {
            await s.Page.Locator("#Institution").SelectOptionAsync(Id(i));
        }

        await s.ClickAndLandAsync(s.Page.Locator("main form:has(#Email) button.primary"));
        Assert.Contains($"Se invitó a {email}", await s.MainTextAsync(), StringComparison.Ordinal);
        return await s.Page.Locator("#invite-link").InnerTextAsync();
    }

    private async Task<BrowserSession> SetPasswordAndSignInAsync(string link, string email, string password)
    {
        var s = await BrowserSession.OpenAsync(chromium, server);
        await s.GotoAsync(new Uri(link).PathAndQuery);
        await s.Page.Locator("#Password").FillAsync(password);
        await s.Page.Locator("#Confirm").FillAsync(password);
        await s.ClickAndLandAsync(s.Page.Locator("main button.primary"));
        Assert.Contains("Su contraseña quedó fijada", await s.MainTextAsync(), StringComparison.Ordinal);
        await s.SignInAsync(email, password);
        return s;
    }

    private static async Task MoveForwardAsync(BrowserSession s, int assessmentId, string stageName)
    {
        await s.GotoAsync($"/assessments/{assessmentId}");
        await s.ClickAndLandAsync(s.Page.GetByRole(AriaRole.Button, new() { Name = $"Pasar a {stageName}" }));
        Assert.Contains(stageName, await s.Page.Locator("span[data-stage]").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
    }

    private static async Task RecordWorkshopAsync(BrowserSession s, int assessmentId, string kind, string date, string institution)
    {
        await s.GotoAsync($"/assessments/{assessmentId}/workshops/edit?kind={kind}");
        await s.Page.Locator("#Status").SelectOptionAsync("Held");
        await s.Page.Locator("#Date").FillAsync(date);
        await s.Page.Locator("#Place").FillAsync("Salón municipal");
        await s.Page.GetByLabel(institution, new() { Exact = true }).CheckAsync();
        await s.ClickAndLandAsync(s.Page.GetByRole(AriaRole.Button, new() { Name = "Guardar taller" }));
        Assert.Contains("Taller guardado.", await s.MainTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyInstallation_ToASecondRound_OnlyThroughTheUi()
    {
        Assert.Equal(0, await app.WithDb(db => db.Assessments.CountAsync()));
        Assert.Equal(0, await app.WithDb(db => db.Users.CountAsync()));
        var cli = await FaroCli.RunWithInputAsync(app.Database, AdminPassword + "\n", "user", "add", "--email", AdminEmail, "--name", "Admin (ficticio)",
            "--role", "admin", "--password-stdin");
        Assert.True(cli.ExitCode == 0, cli.Stderr);

        // The administrator invites the coordinator of Panama, who sets a password.
        string coordinatorLink;
        await using (var admin = await BrowserSession.OpenAsync(chromium, server))
        {
            await admin.SignInAsync(AdminEmail, AdminPassword);
            coordinatorLink = await InviteAsync(admin, "coordinadora@faro.test", "Carla Coordinadora (ficticia)", "coordinator", country: "PA");
        }

        await using var c = await SetPasswordAndSignInAsync(coordinatorLink, "coordinadora@faro.test", "la garza camina por el istmo de noche");
        AcceptDialogs(c);

        // Places: the province and its district, then the institutions that take part.
        await AddPlacesAsync(c);
        var capira = await app.WithDb(db => db.Jurisdictions.Where(j => j.Name == "Capira").Select(j => j.Id).SingleAsync());
        var municipality = await app.WithDb(db => db.Institutions.Where(i => i.Name.Es == "Municipio de Capira").Select(i => i.Id).SingleAsync());

        // The assessment, from the home page's "new assessment": the place found by a search,
        // the titles proposed from it.
        await c.GotoAsync("/");
        await c.ClickAndLandAsync(c.Page.GetByRole(AriaRole.Link, new() { Name = "Nueva evaluación" }));
        await c.Page.Locator("#Q").FillAsync("Capi");
        await c.ClickAndLandAsync(c.Page.GetByRole(AriaRole.Button, new() { Name = "Filtrar los lugares" }));
        await c.Page.Locator("#Place").SelectOptionAsync(Id(capira));
        await c.ClickAndLandAsync(c.Page.GetByRole(AriaRole.Button, new() { Name = "Proponer los títulos a partir de este lugar" }));
        Assert.Equal("Capira: evaluación local de la gobernanza de la migración", await c.Page.Locator("#TitleEs").InputValueAsync());
        await c.Page.Locator("#ReferenceTitleEs").FillAsync("Perfil de gobernanza de la migración: Panamá 2019");
        await c.Page.Locator("#ReferenceYear").FillAsync("2019");
        await c.ClickAndLandAsync(c.Page.GetByRole(AriaRole.Button, new() { Name = "Crear la evaluación" }));
        Assert.Contains("La evaluación fue creada", await c.MainTextAsync(), StringComparison.Ordinal);
        var id = await app.WithDb(db => db.Assessments.Select(a => a.Id).SingleAsync());
        Assert.Matches($"/assessments/{id}(#.*)?$", c.Page.Url);

        // The induction workshop, its attendance list and its minutes.
        await RecordWorkshopAsync(c, id, "Induction", "2026-09-02", "Municipio de Capira");
        await c.Page.GetByText("Registrar o corregir la lista de asistencia").ClickAsync();
        await c.Page.Locator("input[name='Lines[0].Name']").FillAsync("Ana Ficticia");
        await c.Page.Locator("select[name='Lines[0].InstitutionId']").SelectOptionAsync(Id(municipality));
        await c.Page.Locator("input[name='Lines[0].Role']").FillAsync("Planificadora");
        await c.Page.Locator("input[name='Lines[1].Name']").FillAsync("Luis Ficticio");
        await c.Page.Locator("input[name='Lines[1].InstitutionName']").FillAsync("Red comunitaria (ficticia)");
        await c.ClickAndLandAsync(c.Page.GetByRole(AriaRole.Button, new() { Name = "Guardar la lista de asistencia" }));
        Assert.Contains("La lista de asistencia está guardada.", await c.MainTextAsync(), StringComparison.Ordinal);
        await c.Page.Locator("#MinutesFile").SetInputFilesAsync(new FilePayload { Name = "acta-induccion.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4\n% acta\n"u8.ToArray() });
        await c.ClickAndLandAsync(c.Page.GetByRole(AriaRole.Button, new() { Name = "Adjuntar el acta" }));
        Assert.Contains("acta-induccion.pdf", await c.MainTextAsync(), StringComparison.Ordinal);
        var attendees = await app.WithDb(db => db.WorkshopAttendees.OrderBy(a => a.Order).Select(a => a.Name).ToListAsync());
        Assert.Equal(["Ana Ficticia", "Luis Ficticio"], attendees);

        await MoveForwardAsync(c, id, "Inducción");
        await MoveForwardAsync(c, id, "Recopilación de datos");

        // The focal point of the municipality: invited, named, given indicators.
        var focalLink = await InviteAsync(c, "punto.focal@faro.test", "Pedro Punto Focal (ficticio)", "focal-point", assessment: id, institution: municipality);
        await c.GotoAsync($"/assessments/{id}/participants");
        await c.Page.GetByText("Nombrar un punto focal").ClickAsync();
        await c.Page.Locator("#FocalInstitution").SelectOptionAsync(Id(municipality));
        await c.Page.Locator("#UserEmail").FillAsync("punto.focal@faro.test");
        await c.ClickAndLandAsync(c.Page.GetByRole(AriaRole.Button, new() { Name = "Guardar punto focal" }));
        await c.ClickAndLandAsync(c.Page.GetByRole(AriaRole.Button, new() { Name = "Asignar los indicadores marcados" }));
        var assigned = await app.WithDb(db => db.Assignments.Where(a => a.AssessmentId == id).OrderBy(a => a.Indicator!.Code).Select(a => a.Indicator!.Code).ToListAsync());
        Assert.NotEmpty(assigned);

        // The focal point sets a password and answers one assigned indicator, with a source.
        var code = assigned[0];
        await using (var f = await SetPasswordAndSignInAsync(focalLink, "punto.focal@faro.test", "el punto focal responde desde capira"))
        {
            await f.GotoAsync($"/assessments/{id}/indicators/{code}");
            await f.Page.Locator("#Status").CheckAsync();
            await f.Page.Locator("#NarrativeEs").FillAsync("Texto de prueba escrito por el punto focal ficticio.");
            await f.Page.Locator("#EvidenceTitleEs").FillAsync("Acuerdo municipal de prueba (ficticio)");
            await f.Page.Locator("#EvidenceUrl").FillAsync("https://example.org/acuerdo-de-prueba");
            await f.ClickAndLandAsync(f.Page.GetByRole(AriaRole.Button, new() { Name = "Agregar fuente" }));
            await f.ClickAndLandAsync(f.Page.GetByRole(AriaRole.Button, new() { Name = "Guardar respuesta" }));
            Assert.Contains("Respuesta guardada.", await f.MainTextAsync(), StringComparison.Ordinal);
        }

        // The coordinator answers the rest. The indicator page was checked (axe, console) above;
        // the same template for each further code is submitted without the per-page check.
        var codes = await app.WithDb(db => db.Indicators.Where(i => db.Assessments.Any(a => a.Id == id && a.CatalogueId == i.CatalogueId)).OrderBy(i => i.Code)
            .Select(i => i.Code).ToListAsync());
        foreach (var other in codes.Where(x => x != code))
        {
            await c.Page.GotoAsync($"/assessments/{id}/indicators/{other}");
            await c.Page.Locator("#status-No").CheckAsync();
            await c.Page.EvaluateAsync("() => { window.faroOldPage = true; }");
            await c.Page.GetByRole(AriaRole.Button, new() { Name = "Guardar respuesta" }).ClickAsync();
            await c.Page.WaitForFunctionAsync("() => !window.faroOldPage");
        }

        Assert.Equal(codes.Count, await app.WithDb(db => db.Answers.CountAsync(a => a.AssessmentId == id && a.Status != null)));

        await MoveForwardAsync(c, id, "Validación");
        await RecordWorkshopAsync(c, id, "Validation", "2027-01-11", "Municipio de Capira");
        await MoveForwardAsync(c, id, "Redacción");
        await c.GotoAsync($"/assessments/{id}");
        await c.Page.GetByText("Editar el contexto").ClickAsync();
        await c.Page.Locator("#ContextEs").FillAsync("Texto de contexto de prueba.");
        await c.Page.Locator("#ContextEn").FillAsync("Test context text.");
        await c.ClickAndLandAsync(c.Page.GetByRole(AriaRole.Button, new() { Name = "Guardar el contexto" }));
        await MoveForwardAsync(c, id, "Revisión del gobierno");
        await MoveForwardAsync(c, id, "Aprobada");
        await MoveForwardAsync(c, id, "Publicada");
        Assert.Equal(Stage.Published, await app.WithDb(db => db.Assessments.Where(a => a.Id == id).Select(a => a.Stage).SingleAsync()));

        // Round 2: started from the published round, answers carried over as drafts to confirm.
        await c.GotoAsync($"/assessments/{id}");
        await c.ClickAndLandAsync(c.Page.GetByRole(AriaRole.Link, new() { Name = "Iniciar la ronda 2" }));
        await c.ClickAndLandAsync(c.Page.Locator("main form button.primary"));
        Assert.Contains($"Se inició la ronda 2: {codes.Count} respuestas", await c.MainTextAsync(), StringComparison.Ordinal);
        await c.ClickAndLandAsync(c.Page.GetByRole(AriaRole.Link, new() { Name = "Abrir la ronda 2" }));
        var round2 = await app.WithDb(db => db.Assessments.Where(a => a.PreviousRoundId == id).Select(a => a.Id).SingleAsync());
        var overview = await c.MainTextAsync();
        Assert.Contains($"{codes.Count} respuestas vienen de la ronda anterior", overview, StringComparison.Ordinal);
        Assert.Contains("Ronda 1", overview, StringComparison.OrdinalIgnoreCase);
        await c.ScreenshotAsync("next-round-es");

        // Answers are open from data collection on: move there, then confirm one answer.
        await RecordWorkshopAsync(c, round2, "Induction", "2028-09-02", "Municipio de Capira");
        await MoveForwardAsync(c, round2, "Inducción");
        await MoveForwardAsync(c, round2, "Recopilación de datos");
        await c.GotoAsync($"/assessments/{round2}/indicators/{code}");
        Assert.Contains("Traída de la ronda anterior", await c.MainTextAsync(), StringComparison.Ordinal);
        await c.ClickAndLandAsync(c.Page.GetByRole(AriaRole.Button, new() { Name = "Confirmar esta respuesta tal como está" }));
        Assert.Contains("La respuesta está confirmada", await c.MainTextAsync(), StringComparison.Ordinal);
        var (carried, confirmed) = await app.WithDb(async db => (
            await db.Answers.CountAsync(a => a.AssessmentId == round2 && a.IsCarriedOver),
            await db.Answers.Include(a => a.Evidence).SingleAsync(a => a.AssessmentId == round2 && a.Indicator!.Code == code)));
        Assert.Equal(codes.Count - 1, carried);
        Assert.Equal((AnswerStatus.Yes, false, 1), (confirmed.Status, confirmed.IsCarriedOver, confirmed.Evidence.Count));

        // The rest at once, from the overview filtered to the carried-over answers.
        await c.GotoAsync($"/assessments/{round2}?status=carried");
        await c.ClickAndLandAsync(c.Page.GetByRole(AriaRole.Button, new() { Name = $"Confirmar las {codes.Count - 1} respuestas traídas que se muestran" }));
        Assert.Contains("Las respuestas están confirmadas", await c.MainTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDb(db => db.Answers.CountAsync(a => a.AssessmentId == round2 && a.IsCarriedOver)));
    }

    /// Places: a small COD-shaped gazetteer for Panama (province and district) imported with its
    /// preview, then the institutions that take part.
    private static async Task AddPlacesAsync(BrowserSession c)
    {
        await c.GotoAsync("/places");
        await c.ClickAndLandAsync(c.Page.GetByRole(AriaRole.Link, new() { Name = "Importar un nomenclátor" }));
        await c.Page.Locator("#Country").SelectOptionAsync("PA");
        await c.Page.Locator("#Upload").SetInputFilesAsync(new FilePayload
        {
            Name = "panama-adm2.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("ADM1_ES,ADM1_PCODE,ADM2_ES,ADM2_PCODE\nPanamá Oeste,PA13,Capira,PA1303\n"),
        });
        await c.ClickAndLandAsync(c.Page.GetByRole(AriaRole.Button, new() { Name = "Vista previa" }));
        Assert.Contains("2 por añadir", await c.MainTextAsync(), StringComparison.Ordinal);
        await c.ClickAndLandAsync(c.Page.GetByRole(AriaRole.Button, new() { Name = "Importar este archivo" }));
        Assert.Contains("Se importó el nomenclátor.", await c.MainTextAsync(), StringComparison.Ordinal);

        foreach (var (name, jurisdiction, kind) in new[] { ("Municipio de Capira", (string?)"Capira", "Gobierno local"), ("Ministerio de Salud", null, "Entidad nacional") })
        {
            await c.GotoAsync("/places/institutions?country=PA");
            await c.Page.Locator("#NameEs").FillAsync(name);
            await c.Page.Locator("#Kind").SelectOptionAsync(new SelectOptionValue { Label = kind });
            if (jurisdiction is not null)
            {
                await c.Page.Locator("#JurisdictionId").SelectOptionAsync(new SelectOptionValue { Label = jurisdiction });
            }

            await c.ClickAndLandAsync(c.Page.Locator("main form button.primary").First);
            Assert.Contains("Institución agregada.", await c.MainTextAsync(), StringComparison.Ordinal);
        }
    }
}
