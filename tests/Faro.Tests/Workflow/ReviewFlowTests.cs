using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Faro.Assessments;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Workflow;

/// Government review flows (issue 15, items 1 and 8): a "changed" resolution carries the change to
/// the locked answer in the same transaction, and a refused reply keeps what the user chose.
public sealed class ReviewFlowTests
{
    private static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    // Issue 15 item 4: government review is the government's reading, so the country's national
    // reviewer raises findings there; another country's reviewer does not see the assessment.
    [Theory, AllProviders]
    public async Task NationalReviewer_InGovernmentReview_RaisesAFinding_OtherCountrysReviewerGets404(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync(Stage.GovernmentReview, answered: 10);
        var id = world.AssessmentId;
        var reviewer = await app.WithTokenOf(world.Users["reviewer-in"]);
        var point = await Expect(await reviewer.PostAsJsonAsync($"/api/v1/assessments/{id}/review-points",
            new { indicatorCode = world.AssignedCode, findingEs = "El decreto nacional de 2023 ya cubre este punto (ficticio)." }), HttpStatusCode.Created);
        Assert.Equal(world.Users["reviewer-in"], await app.WithDb(db => db.ReviewPoints.Where(p => p.Id == point.GetProperty("id").GetInt32())
            .Select(p => p.RaisedById!.Value).FirstAsync()));

        var outside = await app.WithTokenOf(world.Users["reviewer-out"]);
        await Expect(await outside.PostAsJsonAsync($"/api/v1/assessments/{id}/review-points", new { findingEn = "A finding." }), HttpStatusCode.NotFound);
    }

    [Theory, AllProviders]
    public async Task ResolvedAsChanged_CarriesTheNewAnswer_WithARevisionAndAuditNamingThePoint_AndItIsPublished(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync(Stage.GovernmentReview, answered: 10);
        var id = world.AssessmentId;
        var coordinator = await app.WithTokenOf(world.Users["coordinator-in"]);
        var point = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/review-points",
            new { indicatorCode = world.AssignedCode, findingEn = "Health services serve migrants regardless of status." }), HttpStatusCode.Created);
        var pointId = point.GetProperty("id").GetInt32();
        var url = $"/api/v1/assessments/{id}/review-points/{pointId}/resolve";
        var before = await app.WithDb(db => db.Answers.AsNoTracking()
            .Where(a => a.AssessmentId == id && a.Indicator!.Code == world.AssignedCode).Select(a => new { a.Revision, a.Narrative.En }).FirstOrDefaultAsync());
        var revision = before?.Revision ?? 0;

        // "Changed" with no change is refused, naming the indicator, and changes nothing.
        var missing = await Expect(await coordinator.PostAsJsonAsync(url, new { resolution = "changed" }), HttpStatusCode.BadRequest);
        Assert.Equal("review.change_missing", missing.GetProperty("code").GetString());
        Assert.Contains(world.AssignedCode, missing.GetRawText(), StringComparison.Ordinal);
        // A change against an older revision is refused as stale.
        Assert.NotEqual(HttpStatusCode.OK, (await coordinator.PostAsJsonAsync(url, new
        {
            resolution = "changed",
            change = new { status = "yes", narrativeEn = "Open to all.", narrativeEs = "Abierto a todos.", revision = revision + 5 },
        })).StatusCode);
        Assert.Null(await app.WithDb(db => db.ReviewPoints.Where(p => p.Id == pointId).Select(p => p.Resolution).FirstAsync()));

        await Expect(await coordinator.PostAsJsonAsync(url, new
        {
            resolution = "changed",
            change = new { status = "yes", narrativeEn = "Open to all since Decree 5 (fictional).", narrativeEs = "Abierto a todos desde el Decreto 5 (ficticio).", revision },
        }), HttpStatusCode.OK);

        var after = await app.WithDb(db => db.Answers.AsNoTracking().Where(a => a.AssessmentId == id && a.Indicator!.Code == world.AssignedCode)
            .Select(a => new { a.Id, a.Revision, a.Status, a.Narrative.En, a.Narrative.Es }).FirstAsync());
        Assert.Equal((revision + 1, AnswerStatus.Yes, "Open to all since Decree 5 (fictional)."), (after.Revision, after.Status, after.En));
        Assert.Equal($"review:{pointId}", await app.WithDb(db => db.AnswerRevisions.Where(r => r.AnswerId == after.Id && r.Revision == after.Revision)
            .Select(r => r.Source).FirstAsync()));
        var audit = await Expect(await coordinator.GetAsync($"/api/v1/assessments/{id}/audit?take=1000"), HttpStatusCode.OK);
        var line = audit.EnumerateArray().Single(e => e.GetProperty("action").GetString() == "answer.changed_by_review");
        Assert.Contains($"{pointId}", line.GetRawText(), StringComparison.Ordinal);

        // Nothing else became editable in government review.
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/assessments/{id}/answers/{world.AssignedCode}")
        {
            Content = JsonContent.Create(new { status = "no" }),
        };
        put.Headers.TryAddWithoutValidation("If-Match", $"\"{after.Revision}\"");
        Assert.Equal("assessment.locked", (await Expect(await coordinator.SendAsync(put), HttpStatusCode.Conflict)).GetProperty("code").GetString());

        // Approving and publishing publishes the changed answer.
        await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/transitions", new { to = "approved" }), HttpStatusCode.OK);
        await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/transitions", new { to = "published" }), HttpStatusCode.OK);
        var published = await Expect(await app.Anonymous().GetAsync($"/api/v1/assessments/{id}/answers/{world.AssignedCode}"), HttpStatusCode.OK);
        Assert.Equal("Abierto a todos desde el Decreto 5 (ficticio).", published.GetProperty("narrativeEs").GetString());
    }

    [Fact]
    public async Task ReviewPage_ResolveAsChanged_EditsTheAnswerOnTheForm_InSpanish_AndARefusedReplyKeepsTheChoiceAndNamesTheFinding()
    {
        using var app = new FaroApp();
        var world = await TestData.UiWorldAsync(app);
        var url = $"/assessments/{world.ReviewId}/review";
        var pointId = await app.WithDb(db => db.ReviewPoints.Where(p => p.AssessmentId == world.ReviewId).Select(p => p.Id).FirstAsync());

        // Item 8: the refused reply keeps "disagree" chosen and says which finding it was about.
        var focal = await app.SignedInAs(UiWorld.ReviewFocalPoint, UiWorld.Password);
        var refused = await (await focal.PostForm(url + "?handler=Reply",
            new() { ["PointId"] = $"{pointId}", ["Reply"] = "disagree", ["Reason"] = "El decreto cambió." }, formPage: url)).Content.ReadAsStringAsync();
        Assert.Contains($"id=\"reply-{pointId}-disagree\" name=\"Reply\" value=\"disagree\" checked=\"checked\"", refused, StringComparison.Ordinal);
        Assert.Contains("El decreto cambió.</textarea>", refused, StringComparison.Ordinal);
        Assert.Contains("No se guardó: los problemas siguientes son del hallazgo sobre D1-01", refused, StringComparison.Ordinal);

        var stored = await app.WithDb(db => db.Answers.Where(a => a.AssessmentId == world.ReviewId && a.Indicator!.Code == "D1-01")
            .Select(a => new { a.Revision, a.Status, a.Narrative.Es, a.Narrative.En }).FirstAsync());
        var revision = stored.Revision;
        var coordinator = await app.SignedInAs(UiWorld.Coordinator, UiWorld.Password);
        var form = await (await coordinator.GetAsync(url)).Content.ReadAsStringAsync();
        Assert.Contains($"id=\"cnes-{pointId}\"", form, StringComparison.Ordinal);
        var missing = await (await coordinator.PostForm(url + "?handler=Resolve",
            new()
            {
                ["PointId"] = $"{pointId}",
                ["Resolution"] = "changed",
                ["ChangeRevision"] = $"{revision}",
                ["ChangeStatus"] = $"{stored.Status?.ToCode()}",
                ["ChangeNarrativeEs"] = stored.Es ?? "",
                ["ChangeNarrativeEn"] = stored.En ?? "",
            }, formPage: url)).Content.ReadAsStringAsync();
        Assert.True(missing.Contains("requiere el cambio", StringComparison.Ordinal), System.Text.RegularExpressions.Regex.Match(missing, "error-summary[\\s\\S]{0,900}").Value);
        Assert.True(missing.Contains("value=\"changed\" checked=\"checked\"", StringComparison.Ordinal), System.Text.RegularExpressions.Regex.Match(missing, "name=\"Resolution\"[\\s\\S]{0,300}").Value);

        var saved = await coordinator.PostForm(url + "?handler=Resolve", new()
        {
            ["PointId"] = $"{pointId}",
            ["Resolution"] = "changed",
            ["ChangeRevision"] = $"{revision}",
            ["ChangeStatus"] = "Yes",
            ["ChangeNarrativeEs"] = "Los servicios de salud atienden a todas las personas migrantes.",
        }, formPage: url);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var answer = await app.WithDb(db => db.Answers.AsNoTracking().Where(a => a.AssessmentId == world.ReviewId && a.Indicator!.Code == "D1-01")
            .Select(a => new { a.Status, a.Narrative.Es }).FirstAsync());
        Assert.Equal((AnswerStatus.Yes, "Los servicios de salud atienden a todas las personas migrantes."), (answer.Status, answer.Es));

        // The focal point who replied sees the result.
        var seen = await (await focal.GetAsync(url)).Content.ReadAsStringAsync();
        Assert.Contains($"La respuesta a D1-01 se cambió con esta resolución (revisión {revision + 1}).", seen, StringComparison.Ordinal);
    }
}
