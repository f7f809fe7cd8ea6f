using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Faro.Assessments;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Pages;

/// The UI pages over HTTP against the real host and database: who may open what (in scope 200,
/// out of scope 404, wrong role 403, signed out to the sign-in page), both languages, and forms
/// that refuse bad input naming the field and change nothing. The browser journeys are in Browser/.
public sealed class PageTests
{
    private static async Task<(FaroApp App, UiWorld World, int WorkshopId)> WorldAsync(string provider = Faro.Data.DatabaseProviders.Sqlite)
    {
        var app = new FaroApp(provider);
        var world = await TestData.UiWorldAsync(app);
        var workshopId = await app.WithDb(async db =>
        {
            var w = new Workshop { AssessmentId = world.CollectingId, Kind = WorkshopKind.Induction, Status = WorkshopStatus.Held, Date = new DateOnly(2021, 9, 2), Place = "Salón" };
            db.Workshops.Add(w);
            await db.SaveChangesAsync();
            return w.Id;
        });
        return (app, world, workshopId);
    }

    private static string[] AssessmentPages(int id, int workshopId) =>
    [
        $"/assessments/{id}", $"/assessments/{id}/indicators/D1-01", $"/assessments/{id}/workshops", $"/assessments/{id}/workshops/{workshopId}",
        $"/assessments/{id}/workshops/{workshopId}/mode", $"/assessments/{id}/review", $"/assessments/{id}/changes",
        $"/assessments/{id}/exchange",
    ];

    [Theory, AllProviders]
    public async Task AssessmentPages_InScope200_OutOfScope404_WrongRole403_SignedOutToSignIn(string provider)
    {
        var (app, world, workshopId) = await WorldAsync(provider);
        using var _ = app;
        var pages = AssessmentPages(world.CollectingId, workshopId);
        var manage = new[] { $"/assessments/{world.CollectingId}/participants", $"/assessments/{world.CollectingId}/workshops/edit" };

        var coordinator = await app.SignedInAs(UiWorld.Coordinator, UiWorld.Password);
        var focal = await app.SignedInAs(UiWorld.FocalPoint, UiWorld.Password);
        var outsider = await app.SignedInAs(UiWorld.Outsider, UiWorld.Password);
        var reviewer = await app.SignedInAs(UiWorld.Reviewer, UiWorld.Password);
        var anonymous = app.Browser();
        foreach (var page in pages.Concat(manage))
        {
            Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync(page)).StatusCode);
            // Another country's coordinator, and a national reviewer before validation: not found.
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(page)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync(page)).StatusCode);
            var signedOut = await anonymous.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
            Assert.Contains("/account/sign-in", signedOut.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        foreach (var page in pages)
        {
            Assert.Equal(HttpStatusCode.OK, (await focal.GetAsync(page)).StatusCode);
        }

        foreach (var page in manage.Concat(["/people/users", "/places"]))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await focal.GetAsync(page)).StatusCode);
        }

        // The reviewer reads the assessment in government review.
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync($"/assessments/{world.ReviewId}/review")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync("/people/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync("/places")).StatusCode);
    }

    [Fact]
    public async Task Overview_SpeaksTheUsersLanguage_AndSaysWhenAContentTextExistsOnlyInTheOther()
    {
        var (app, world, _) = await WorldAsync();
        using var _app = app;
        await app.WithDb(async db =>
        {
            var answer = await db.Answers.FirstAsync(a => a.AssessmentId == world.CollectingId && a.Indicator!.Code == "D1-01");
            answer.Narrative = new LocalizedText("Only written in English so far.", null);
            await db.SaveChangesAsync();
        });
        var client = await app.SignedInAs(UiWorld.FocalPoint, UiWorld.Password);
        var es = await client.GetStringAsync($"/assessments/{world.CollectingId}");
        Assert.Contains("Avance por dominio", es, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"es\">", es, StringComparison.Ordinal);

        await client.PostForm("/account/language", new() { ["lang"] = "en", ["returnUrl"] = "/" }, formPage: "/");
        var en = await client.GetStringAsync($"/assessments/{world.CollectingId}");
        Assert.Contains("Progress by domain", en, StringComparison.Ordinal);
        Assert.DoesNotContain("Avance por dominio", en, StringComparison.Ordinal);

        await client.PostForm("/account/language", new() { ["lang"] = "es", ["returnUrl"] = "/" }, formPage: "/");
        var indicator = await client.GetStringAsync($"/assessments/{world.CollectingId}/indicators/D1-01");
        // The Spanish reader sees the English-only narrative marked as such (read-only view: not assigned).
        Assert.Contains("Only written in English so far.", indicator, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IndicatorText_OnlyInEnglish_IsShownWithItsLanguageAndAPlainNote()
    {
        var (app, world, _) = await WorldAsync();
        using var _app = app;
        await app.WithDb(async db =>
        {
            var indicator = await db.Indicators.Where(i => i.CatalogueId == db.Catalogues.Min(c => c.Id)).FirstAsync(i => i.Code == "D1-02");
            indicator.Text = new LocalizedText("Emergency care for every migrant.", null);
            await db.SaveChangesAsync();
        });
        var client = await app.SignedInAs(UiWorld.Coordinator, UiWorld.Password);
        var page = await client.GetStringAsync($"/assessments/{world.CollectingId}/indicators/D1-02");
        Assert.Contains("<span lang=\"en\">Emergency care for every migrant.</span><span class=\"fallback\">solo en inglés</span>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswerSave_WithoutJavaScript_SavesAndRedirects_ThenAStaleSaveIsRefusedShowingBothVersions()
    {
        var (app, world, _) = await WorldAsync();
        using var _app = app;
        var url = $"/assessments/{world.CollectingId}/indicators/D2-01";
        var focal = await app.SignedInAs(UiWorld.FocalPoint, UiWorld.Password);
        var first = await focal.PostForm(url + "?handler=Save", new()
        {
            ["Status"] = "Partial",
            ["NarrativeEs"] = "Primera versión.",
            ["Revision"] = "0",
        }, formPage: url);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        // A second writer who read revision 0 too.
        var researcher = await app.SignedInAs(UiWorld.Researcher, UiWorld.Password);
        var stale = await researcher.PostForm(url + "?handler=Save", new()
        {
            ["Status"] = "Yes",
            ["NarrativeEs"] = "Versión del investigador.",
            ["Revision"] = "0",
        }, formPage: url);
        var page = await stale.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("Otra persona guardó esta respuesta mientras usted editaba", page, StringComparison.Ordinal);
        Assert.Contains("Primera versión.", page, StringComparison.Ordinal);
        Assert.Contains(">Versión del investigador.</textarea>", page, StringComparison.Ordinal);
        Assert.Contains("name=\"Revision\" value=\"1\"", page, StringComparison.Ordinal);
        var stored = await app.WithDb(db => db.Answers.FirstAsync(a => a.AssessmentId == world.CollectingId && a.Indicator!.Code == "D2-01"));
        Assert.Equal("Primera versión.", stored.Narrative.Es);
        Assert.Equal(1, stored.Revision);
    }

    [Fact]
    public async Task AnswerSave_OnAnIndicatorNotAssignedToTheFocalPoint_ShowsNoFormAndIsRefused()
    {
        var (app, world, _) = await WorldAsync();
        using var _app = app;
        var url = $"/assessments/{world.CollectingId}/indicators/D1-01";
        var focal = await app.SignedInAs(UiWorld.FocalPoint, UiWorld.Password);
        var page = await focal.GetStringAsync(url);
        Assert.DoesNotContain("Guardar respuesta", page, StringComparison.Ordinal);
        var post = await focal.PostForm(url + "?handler=Save", new() { ["Status"] = "No", ["Revision"] = "1" }, formPage: url);
        Assert.Contains("no está asignado a su institución", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvidenceUpload_OfTheWrongTypeOrTooLarge_IsRefusedNamingTheField_AndAddsNothing()
    {
        var (app, world, _) = await WorldAsync();
        using var _app = app;
        var url = $"/assessments/{world.CollectingId}/indicators/D2-01";
        var focal = await app.SignedInAs(UiWorld.FocalPoint, UiWorld.Password);
        var before = await app.WithDb(db => db.Evidence.CountAsync());

        async Task<string> UploadAsync(string name, byte[] bytes)
        {
            var page = await focal.GetStringAsync(url);
            var token = WebUtility.HtmlDecode(Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
            using var form = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new StringContent("Informe"), "EvidenceTitleEs" },
                { new StringContent("Report"), "EvidenceType" },
                { new StringContent("0"), "Revision" },
            };
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "EvidenceFile", name);
            return await (await focal.PostAsync(url + "?handler=AddEvidence", form)).Content.ReadAsStringAsync();
        }

        var exe = await UploadAsync("informe.exe", "MZ"u8.ToArray());
        Assert.Contains("<a href=\"#EvidenceFile\">Archivo: Solo se aceptan archivos PDF", exe, StringComparison.Ordinal);
        var fake = await UploadAsync("informe.pdf", "not a pdf"u8.ToArray());
        Assert.Contains("El contenido del archivo no es un PDF", fake, StringComparison.Ordinal);
        var big = await UploadAsync("informe.pdf", [.. "%PDF"u8, .. new byte[EvidenceFiles.MaxBytes + 1]]);
        Assert.Contains("máximo 10 MB", big, StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDb(db => db.Evidence.CountAsync()));
    }

    [Fact]
    public async Task WorkshopForm_WithABadDate_NamesTheFieldInSpanish_AndRecordsNothing()
    {
        var (app, world, _) = await WorldAsync();
        using var _app = app;
        var url = $"/assessments/{world.InductionId}/workshops/edit";
        var coordinator = await app.SignedInAs(UiWorld.Coordinator, UiWorld.Password);
        var response = await coordinator.PostForm(url, new() { ["Kind"] = "Induction", ["Status"] = "Held", ["Date"] = "2 de septiembre", ["Attendance"] = "muchos" });
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("<a href=\"#Date\">Fecha: escriba la fecha como año-mes-día", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#Attendance\">Asistencia (personas): escriba un número entero", page, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", page, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDb(db => db.Workshops.CountAsync(w => w.AssessmentId == world.InductionId)));

        var ok = await coordinator.PostForm(url, new() { ["Kind"] = "Induction", ["Status"] = "Held", ["Date"] = "2021-09-02", ["Place"] = "Salón" });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(1, await app.WithDb(db => db.Workshops.CountAsync(w => w.AssessmentId == world.InductionId)));
    }

    [Fact]
    public async Task ReviewReply_DisagreeingWithoutReasonOrProposal_IsRefusedNamingBothFields()
    {
        var (app, world, _) = await WorldAsync();
        using var _app = app;
        var url = $"/assessments/{world.ReviewId}/review";
        var pointId = await app.WithDb(db => db.ReviewPoints.Where(p => p.AssessmentId == world.ReviewId).Select(p => p.Id).FirstAsync());
        var focal = await app.SignedInAs(UiWorld.ReviewFocalPoint, UiWorld.Password);
        var page = await (await focal.PostForm(url + "?handler=Reply", new() { ["PointId"] = $"{pointId}", ["Reply"] = "disagree" }, formPage: url))
            .Content.ReadAsStringAsync();
        Assert.Contains($"<a href=\"#reason-{pointId}\">Motivo:", page, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"#change-{pointId}\">Cambio propuesto:", page, StringComparison.Ordinal);
        Assert.Null(await app.WithDb(db => db.ReviewPoints.Where(p => p.Id == pointId).Select(p => p.Reply).FirstAsync()));

        // Coordinators resolve; they do not reply for the government.
        var coordinator = await app.SignedInAs(UiWorld.Coordinator, UiWorld.Password);
        var refused = await (await coordinator.PostForm(url + "?handler=Reply", new() { ["PointId"] = $"{pointId}", ["Reply"] = "agree" }, formPage: url))
            .Content.ReadAsStringAsync();
        Assert.Contains("Su rol no permite esta acción", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StageMove_WithBlockers_IsRefused_ListingThem_AndTheStageStays()
    {
        var (app, world, _) = await WorldAsync();
        using var _app = app;
        var url = $"/assessments/{world.CollectingId}";
        var coordinator = await app.SignedInAs(UiWorld.Coordinator, UiWorld.Password);
        var version = await app.WithDb(db => db.Assessments.Where(a => a.Id == world.CollectingId).Select(a => a.Version).FirstAsync());
        var page = await (await coordinator.PostForm(url + "?handler=Move", new() { ["MoveTo"] = "validation", ["Version"] = $"{version}" }, formPage: url))
            .Content.ReadAsStringAsync();
        Assert.Contains("No se dio el paso", page, StringComparison.Ordinal);
        Assert.Contains("indicadores no tienen respuesta", page, StringComparison.Ordinal);

        // Going back needs a reason, asked in the user's language.
        var back = await (await coordinator.PostForm(url + "?handler=Move", new() { ["MoveTo"] = "induction", ["Version"] = $"{version}" }, formPage: url))
            .Content.ReadAsStringAsync();
        Assert.Contains("<a href=\"#Reason\">Motivo:", back, StringComparison.Ordinal);
        Assert.Equal(Faro.Workflow.Stage.DataCollection, await app.WithDb(db => db.Assessments.Where(a => a.Id == world.CollectingId).Select(a => a.Stage).FirstAsync()));
    }

    [Fact]
    public async Task Participants_BulkAssignBySubArea_AssignsEveryIndicatorOfIt()
    {
        var (app, world, _) = await WorldAsync();
        using var _app = app;
        var url = $"/assessments/{world.CollectingId}/participants";
        var coordinator = await app.SignedInAs(UiWorld.Coordinator, UiWorld.Password);
        var page = await coordinator.GetStringAsync(url + $"?institution={world.HealthId}");
        // Health's suggestion (domain.md §8.3, by acronym for Panama's MINSA) is not this fictional "MISA".
        Assert.Contains("Asignar los indicadores marcados", page, StringComparison.Ordinal);
        var response = await coordinator.PostForm(url + "?handler=Assign", new() { ["Institution"] = $"{world.HealthId}", ["AreaCodes"] = "1.2" },
            formPage: url + $"?institution={world.HealthId}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var codes = await app.WithDb(db => db.Assignments.Where(a => a.AssessmentId == world.CollectingId && a.InstitutionId == world.HealthId)
            .Select(a => a.Indicator!.Code).ToListAsync());
        Assert.Contains("D1-05", codes);
        Assert.Contains("D1-06", codes);
        Assert.Contains("D1-07", codes);
    }

    [Fact]
    public async Task PagesWithoutJavaScript_NeedNoInlineScriptOrStyle()
    {
        var (app, world, workshopId) = await WorldAsync();
        using var _app = app;
        var coordinator = await app.SignedInAs(UiWorld.Coordinator, UiWorld.Password);
        foreach (var page in AssessmentPages(world.CollectingId, workshopId).Concat(["/", "/people/users", "/places"]))
        {
            var html = await coordinator.GetStringAsync(page);
            Assert.DoesNotMatch(new Regex("<script(?![^>]*src=)|\\son[a-z]+=\"|\\sstyle=\""), html);
        }
    }

    [Theory, AllProviders]
    public async Task WorkshopMode_RecordsADecision_ReplacesItWhenRecordedAgain_AndAnEmptyOneRemovesIt(string provider)
    {
        var (app, world, workshopId) = await WorldAsync(provider);
        using var _app = app;
        var url = $"/assessments/{world.CollectingId}/workshops/{workshopId}/mode/D1-01";
        var coordinator = await app.SignedInAs(UiWorld.Coordinator, UiWorld.Password);
        var saved = await coordinator.PostForm(url, new() { ["Decision"] = "Se valida como Sí." });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.EndsWith("/mode/D1-02", saved.Headers.Location!.ToString(), StringComparison.Ordinal);
        await coordinator.PostForm(url, new() { ["Decision"] = "Se valida como Parcial." });
        var decisions = await app.WithDb(db => db.WorkshopDecisions.Where(d => d.WorkshopId == workshopId).Select(d => d.Text).ToListAsync());
        Assert.Equal(["Se valida como Parcial."], decisions);
        Assert.Contains("Se valida como Parcial.", await coordinator.GetStringAsync($"/assessments/{world.CollectingId}/workshops/{workshopId}"), StringComparison.Ordinal);

        // Focal points read workshop mode but do not record the room's decisions.
        var focal = await app.SignedInAs(UiWorld.FocalPoint, UiWorld.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await focal.PostForm(url, new() { ["Decision"] = "x" })).StatusCode);

        await coordinator.PostForm(url, new() { ["Decision"] = "" });
        Assert.Equal(0, await app.WithDb(db => db.WorkshopDecisions.CountAsync(d => d.WorkshopId == workshopId)));
    }
}
