using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Pages;

/// The answer form (issue 15, item 2): a new source typed below the answer is saved with it by the
/// main "Save answer" button, or the save is refused saying so; never silently dropped.
public sealed class AnswerFlowTests
{
    private static async Task<HttpResponseMessage> SaveAsync(HttpClient client, string url, int revision, string fileName, byte[] file)
    {
        var page = await client.GetStringAsync(url);
        var token = WebUtility.HtmlDecode(Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("Yes"), "Status" },
            { new StringContent("El acuerdo municipal 12 (ficticio) lo establece."), "NarrativeEs" },
            { new StringContent($"{revision}"), "Revision" },
            { new StringContent("Acuerdo municipal 12 (ficticio)"), "EvidenceTitleEs" },
            { new StringContent("Report"), "EvidenceType" },
        };
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "EvidenceFile", fileName);
        return await client.PostAsync(url + "?handler=Save", form);
    }

    [Fact]
    public async Task SaveAnswer_WithANewSourceTyped_SavesBothAndLinksThem_OrRefusesBothSayingSo()
    {
        using var app = new FaroApp();
        var world = await TestData.UiWorldAsync(app);
        var url = $"/assessments/{world.CollectingId}/indicators/D2-01";
        var focal = await app.SignedInAs(UiWorld.FocalPoint, UiWorld.Password);
        var revision = await app.WithDb(db => db.Answers.Where(a => a.AssessmentId == world.CollectingId && a.Indicator!.Code == "D2-01")
            .Select(a => a.Revision).FirstOrDefaultAsync());
        var sources = await app.WithDb(db => db.Evidence.CountAsync());

        // A refused source: neither it nor the answer is saved, and the page says so.
        var refused = await SaveAsync(focal, url, revision, "acuerdo.exe", "MZ"u8.ToArray());
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("La respuesta no se guardó: la nueva fuente de abajo fue rechazada.", page, StringComparison.Ordinal);
        Assert.Contains("El acuerdo municipal 12 (ficticio) lo establece.</textarea>", page, StringComparison.Ordinal);
        Assert.Equal(sources, await app.WithDb(db => db.Evidence.CountAsync()));
        Assert.Equal(revision, await app.WithDb(db => db.Answers.Where(a => a.AssessmentId == world.CollectingId && a.Indicator!.Code == "D2-01")
            .Select(a => a.Revision).FirstOrDefaultAsync()));

        // One press of "Save answer" saves the answer and the new source, linked.
        var saved = await SaveAsync(focal, url, revision, "acuerdo.pdf", "%PDF-1.4\n% Faro test\n"u8.ToArray());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var answer = await app.WithDb(db => db.Answers.AsNoTracking().Include(a => a.Evidence).ThenInclude(l => l.Evidence)
            .Where(a => a.AssessmentId == world.CollectingId && a.Indicator!.Code == "D2-01").FirstAsync());
        Assert.Equal(revision + 1, answer.Revision);
        Assert.Contains(answer.Evidence, l => l.Evidence!.Title.Es == "Acuerdo municipal 12 (ficticio)");
        Assert.Equal(sources + 1, await app.WithDb(db => db.Evidence.CountAsync()));
        var after = await focal.GetStringAsync(url);
        Assert.Contains("Respuesta guardada, con la nueva fuente agregada a la biblioteca y vinculada a ella.", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveAnswer_WithHoles_WarnsWhatTheGateWillAskFor_InBothLanguages_AndNextGoesToMyNextIndicator()
    {
        using var app = new FaroApp();
        var world = await TestData.UiWorldAsync(app);
        var focal = await app.SignedInAs(UiWorld.FocalPoint, UiWorld.Password);
        async Task<int> RevisionAsync(string code) => await app.WithDb(db => db.Answers
            .Where(a => a.AssessmentId == world.CollectingId && a.Indicator!.Code == code).Select(a => a.Revision).FirstOrDefaultAsync());

        // "Sí" with neither narrative nor evidence, on D1-08: the next indicator assigned to this
        // focal point's institution is D2-01, not D1-09.
        var url = $"/assessments/{world.CollectingId}/indicators/D1-08";
        var saved = await focal.PostForm(url + "?handler=Save", new() { ["Status"] = "Yes", ["Revision"] = $"{await RevisionAsync("D1-08")}" }, formPage: url);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await focal.GetStringAsync(url);
        Assert.Contains("Antes de la validación, el control pedirá:", page, StringComparison.Ordinal);
        Assert.Contains("fuentes: una respuesta Existe o Existe parcialmente necesita al menos una fuente vinculada;", page, StringComparison.Ordinal);
        Assert.Contains("una narrativa que explique la respuesta", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/assessments/{world.CollectingId}/indicators/D2-01\" rel=\"next\">Siguiente indicador para usted: D2-01", page, StringComparison.Ordinal);

        // A narrative without an answer, in English.
        await focal.PostForm("/account/language", new() { ["lang"] = "en", ["returnUrl"] = "/" }, formPage: "/");
        url = $"/assessments/{world.CollectingId}/indicators/D2-01";
        await focal.PostForm(url + "?handler=Save", new() { ["NarrativeEn"] = "Work in progress.", ["Revision"] = $"{await RevisionAsync("D2-01")}" }, formPage: url);
        page = await focal.GetStringAsync(url);
        Assert.Contains("Before validation, the gate will ask for:", page, StringComparison.Ordinal);
        Assert.Contains("an answer (Yes, Partial, No…): a narrative alone does not answer the indicator;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("a Yes or Partial answer needs", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSource_RedirectsToTheForm_KeepingTheTypedAnswer_SoAReloadAddsNothing()
    {
        using var app = new FaroApp();
        var world = await TestData.UiWorldAsync(app);
        var url = $"/assessments/{world.CollectingId}/indicators/D2-01";
        var focal = await app.SignedInAs(UiWorld.FocalPoint, UiWorld.Password);
        var sources = await app.WithDb(db => db.Evidence.CountAsync());

        var added = await focal.PostForm(url + "?handler=AddEvidence", new()
        {
            ["Status"] = "Partial",
            ["NarrativeEs"] = "Texto escrito antes de agregar la fuente (ficticio).",
            ["Revision"] = "0",
            ["EvidenceTitleEs"] = "Plan municipal (ficticio)",
            ["EvidenceType"] = "Report",
            ["EvidenceUrl"] = "https://example.org/plan-ficticio",
        }, formPage: url);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(sources + 1, await app.WithDb(db => db.Evidence.CountAsync()));
        var id = await app.WithDb(db => db.Evidence.Where(e => e.Url == "https://example.org/plan-ficticio").Select(e => e.Id).SingleAsync());

        // The form after the redirect: what was typed, the new source ticked, the notice.
        var page = await focal.GetStringAsync(url);
        Assert.Contains("Texto escrito antes de agregar la fuente (ficticio).</textarea>", page, StringComparison.Ordinal);
        Assert.Matches($"<input type=\"checkbox\" id=\"ev-{id}\" name=\"EvidenceIds\" value=\"{id}\" checked=\"checked\"", page);
        Assert.Matches("value=\"partial\"[^>]*checked=\"checked\"", page);
        Assert.Contains("La fuente se agregó a la biblioteca y quedó marcada abajo.", page, StringComparison.Ordinal);
        Assert.Equal(sources + 1, await app.WithDb(db => db.Evidence.CountAsync()));
    }
}
