using System.Net;
using System.Text.Json;
using Faro.Assessments;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Pages;

/// Issue 15 item 12: the revision history is numbered like the revisions and shows what each
/// changed (status, a word diff of the narratives, sources); the stale-save panel says who saved
/// the other version and when, and which sources differ.
public sealed class RevisionHistoryTests
{
    [Fact]
    public void TextDiff_MarksChangedWords_AndRebuildsBothTexts()
    {
        const string before = "La unidad de migración existe, sin presupuesto.";
        const string after = "La unidad de migración existe desde 2022, con presupuesto propio.";
        var pieces = TextDiff.Words(before, after);
        Assert.Equal(before, string.Concat(pieces.Where(p => p.Kind != DiffKind.Added).Select(p => p.Text)));
        Assert.Equal(after, string.Concat(pieces.Where(p => p.Kind != DiffKind.Removed).Select(p => p.Text)));
        Assert.Contains(pieces, p => p.Kind == DiffKind.Removed && p.Text.Contains("sin", StringComparison.Ordinal));
        Assert.Contains(pieces, p => p.Kind == DiffKind.Added && p.Text.Contains("2022", StringComparison.Ordinal));
        Assert.Contains(pieces, p => p.Kind == DiffKind.Same && p.Text.StartsWith("La unidad de migración existe", StringComparison.Ordinal));
        Assert.Empty(TextDiff.Words(null, ""));
        Assert.Equal([new TextPiece(DiffKind.Added, "Nuevo texto.")], TextDiff.Words(null, "Nuevo texto."));
    }

    private static async Task<(FaroApp App, UiWorld World, int Law, int Decree, int Memo)> WorldAsync(string provider)
    {
        var app = new FaroApp(provider);
        var world = await TestData.UiWorldAsync(app);
        var ids = await app.WithDb(async db =>
        {
            Evidence Source(string en, string es, EvidenceType type, bool isPublic) => new()
            {
                AssessmentId = world.CollectingId,
                Title = new LocalizedText(en, es),
                Type = type,
                IsPublic = isPublic,
                CreatedAt = DateTime.UtcNow,
            };
            var law = Source("Municipal agreement 12", "Acuerdo municipal 12", EvidenceType.Law, true);
            var decree = Source("Decree 40", "Decreto 40", EvidenceType.Decree, true);
            var memo = Source("Internal memo of the migration unit", "Memorando interno de la unidad de migración", EvidenceType.Other, false);
            db.Evidence.AddRange(law, decree, memo);
            await db.SaveChangesAsync();
            return (law.Id, decree.Id, memo.Id);
        });
        return (app, world, ids.Item1, ids.Item2, ids.Item3);
    }

    private static Dictionary<string, string> Form(string status, string narrativeEs, int revision, params int[] sources)
    {
        var form = new Dictionary<string, string>
        {
            ["Status"] = status,
            ["NarrativeEs"] = narrativeEs,
            ["Revision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        for (var k = 0; k < sources.Length; k++)
        {
            form[$"EvidenceIds[{k}]"] = sources[k].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return form;
    }

    [Theory, AllProviders]
    public async Task History_NumberedLikeTheRevisions_ShowsWhatEachChanged_OnThePageAndInTheApi(string provider)
    {
        var (app, world, law, decree, memo) = await WorldAsync(provider);
        using var _ = app;
        var url = $"/assessments/{world.CollectingId}/indicators/D2-01";
        var focal = await app.SignedInAs(UiWorld.FocalPoint, UiWorld.Password);
        Assert.Equal(HttpStatusCode.Redirect, (await focal.PostForm(url + "?handler=Save",
            Form("Partial", "La unidad de migración existe, sin presupuesto.", 0, law, memo), formPage: url)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await focal.PostForm(url + "?handler=Save",
            Form("Yes", "La unidad de migración existe desde 2022, con presupuesto propio.", 1, decree, memo), formPage: url)).StatusCode);

        var page = await focal.GetStringAsync(url);
        // The list item carries the revision's own number, newest first.
        Assert.Matches("<li value=\"2\" id=\"revision-2\">[\\s\\S]*<li value=\"1\" id=\"revision-1\">", page);
        var second = page[page.IndexOf("id=\"revision-2\"", StringComparison.Ordinal)..page.IndexOf("id=\"revision-1\"", StringComparison.Ordinal)];
        Assert.Contains("Estado:", second, StringComparison.Ordinal);
        Assert.Contains("Existe parcialmente", second, StringComparison.Ordinal);
        Assert.Contains("<del><span class=\"sr-only\">[eliminado: </span>sin", second, StringComparison.Ordinal);
        Assert.Contains("2022", second[second.IndexOf("<ins>", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Contains("Fuentes agregadas: <span>Decreto 40</span>", second, StringComparison.Ordinal);
        Assert.Contains("Fuentes quitadas: <span>Acuerdo municipal 12</span>", second, StringComparison.Ordinal);
        Assert.Contains("Historial completo (2 revisiones)", page, StringComparison.Ordinal);

        // The full history page, in English too, with its way back.
        await focal.PostForm("/account/language", new() { ["lang"] = "en", ["returnUrl"] = "/" }, formPage: "/");
        var history = await focal.GetStringAsync(url + "/history");
        Assert.Contains("2 revisions, newest first.", history, StringComparison.Ordinal);
        Assert.Contains("Sources added: <span>Decree 40</span>", history, StringComparison.Ordinal);
        Assert.Contains($"href=\"{url}\"", history, StringComparison.Ordinal);

        // The API: codes, diffs, paging by revision; a national reviewer never sees the private memo named.
        var coordinatorId = await app.WithDb(db => db.Users.Where(u => u.Email == UiWorld.Coordinator).Select(u => u.Id).FirstAsync());
        var api = await app.WithTokenOf(coordinatorId);
        var json = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/assessments/{world.CollectingId}/answers/D2-01/revisions?take=1")).RootElement;
        Assert.Equal(2, json.GetProperty("total").GetInt32());
        var r2 = json.GetProperty("revisions")[0];
        Assert.Equal(2, r2.GetProperty("revision").GetInt32());
        Assert.Equal("yes", r2.GetProperty("status").GetString());
        Assert.Equal("partial", r2.GetProperty("previousStatus").GetString());
        Assert.Contains(r2.GetProperty("narrative").GetProperty("es").EnumerateArray(),
            p => p.GetProperty("kind").GetString() == "removed" && p.GetProperty("text").GetString()!.Contains("sin", StringComparison.Ordinal));
        Assert.Equal(decree, r2.GetProperty("sourcesAdded")[0].GetProperty("id").GetInt32());
        Assert.Equal(2, json.GetProperty("before").GetInt32());
        var older = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/assessments/{world.CollectingId}/answers/D2-01/revisions?before=2")).RootElement;
        var r1 = Assert.Single(older.GetProperty("revisions").EnumerateArray());
        Assert.Equal(1, r1.GetProperty("revision").GetInt32());
        Assert.Equal(2, r1.GetProperty("sourcesAdded").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, older.GetProperty("before").ValueKind);

        var reviewerId = await app.WithDb(db => db.Users.Where(u => u.Email == UiWorld.Reviewer).Select(u => u.Id).FirstAsync());
        var reviewer = await app.WithTokenOf(reviewerId);
        var path = $"/api/v1/assessments/{world.CollectingId}/answers/D2-01/revisions?before=2";
        // Before validation the assessment is not the national reviewer's to read at all.
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync(path)).StatusCode);
        await app.WithDb(async db =>
        {
            var a = await db.Assessments.FirstAsync(x => x.Id == world.CollectingId);
            a.Stage = Faro.Workflow.Stage.Validation;
            await db.SaveChangesAsync();
        });
        var body = await reviewer.GetStringAsync(path);
        Assert.Contains("Acuerdo municipal 12", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Memorando interno", body, StringComparison.Ordinal);
        Assert.Contains("Memorando interno", await api.GetStringAsync(path), StringComparison.Ordinal);

        var outsiderId = await app.WithDb(db => db.Users.Where(u => u.Email == UiWorld.Outsider).Select(u => u.Id).FirstAsync());
        Assert.Equal(HttpStatusCode.NotFound,
            (await (await app.WithTokenOf(outsiderId)).GetAsync($"/api/v1/assessments/{world.CollectingId}/answers/D2-01/revisions")).StatusCode);
    }

    [Fact]
    public async Task StaleSave_SaysWhoSavedTheOtherVersionAndWhen_AndWhichSourcesDiffer()
    {
        var (app, world, law, decree, _) = await WorldAsync(Faro.Data.DatabaseProviders.Sqlite);
        using var _app = app;
        var url = $"/assessments/{world.CollectingId}/indicators/D2-01";
        var focal = await app.SignedInAs(UiWorld.FocalPoint, UiWorld.Password);
        Assert.Equal(HttpStatusCode.Redirect, (await focal.PostForm(url + "?handler=Save", Form("Partial", "Primera versión.", 0, law), formPage: url)).StatusCode);
        var focalName = await app.WithDb(db => db.Users.Where(u => u.Email == UiWorld.FocalPoint).Select(u => u.DisplayName).FirstAsync());

        var researcher = await app.SignedInAs(UiWorld.Researcher, UiWorld.Password);
        var stale = await researcher.PostForm(url + "?handler=Save", Form("Yes", "Versión del investigador.", 0, decree), formPage: url);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var page = WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync());
        var start = page.IndexOf("id=\"stale\"", StringComparison.Ordinal);
        var panel = page[start..page.IndexOf("</section>", start, StringComparison.Ordinal)];
        Assert.Matches($"Guardada por {System.Text.RegularExpressions.Regex.Escape(focalName!)} el \\d", panel);
        Assert.Matches("Fuentes solo en la otra versión</p>\\s*<ul>\\s*<li><span>Acuerdo municipal 12</span>", panel);
        Assert.Matches("Fuentes solo en su versión</p>\\s*<ul>\\s*<li><span>Decreto 40</span>", panel);
        // Nothing of the second writer was stored.
        var stored = await app.WithDb(db => db.Answers.Include(a => a.Evidence).FirstAsync(a => a.AssessmentId == world.CollectingId && a.Indicator!.Code == "D2-01"));
        Assert.Equal(1, stored.Revision);
        Assert.Equal([law], stored.Evidence.Select(e => e.EvidenceId));
    }
}
