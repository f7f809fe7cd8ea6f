using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Workflow;

/// The issue's "done when", scripted through the API and the CLI.
public class WorkflowApiTests
{
    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    private static Task<HttpResponseMessage> Move(HttpClient client, int id, string to, string? reason = null) =>
        client.PostAsJsonAsync($"/api/v1/assessments/{id}/transitions", new { to, reason });

    private static async Task<List<(string Item, string Code)>> Blocked(HttpResponseMessage response)
    {
        var problem = await Expect(response, HttpStatusCode.Conflict);
        Assert.Equal("assessment.gate_blocked", problem.GetProperty("code").GetString());
        return problem.GetProperty("blockers").EnumerateArray()
            .Select(b => (b.GetProperty("item").GetString()!, b.GetProperty("code").GetString()!)).ToList();
    }

    private static Task<HttpResponseMessage> PutAnswer(HttpClient client, int id, string code, object body, string? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/assessments/{id}/answers/{code}") { Content = JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        return client.SendAsync(request);
    }

    [Theory, AllProviders]
    public async Task Coordinator_MovesAnAssessmentThroughEveryStage_GatesRefuseWithNamedBlockersUntilSatisfied(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync(Stage.Requested, answered: 10);
        var id = world.AssessmentId;

        // The coordinator's token comes from the CLI, as a script would get it.
        var cli = await FaroCli.RunAsync(app.Database, "token", "create", "--user", WorkflowWorld.Email("coordinator-in"), "--expires", "2099-12-31");
        Assert.True(cli.ExitCode == 0, cli.Stderr);
        var token = cli.Stdout.Trim();
        Assert.Equal(cli.Stdout, token + Environment.NewLine);
        Assert.StartsWith("faro_", token, StringComparison.Ordinal);
        var coordinator = app.WithToken(token);
        var focalPoint = await app.WithTokenOf(world.Users["focal-point-in"]);

        var view = await Expect(await coordinator.GetAsync($"/api/v1/assessments/{id}"), HttpStatusCode.OK);
        Assert.Equal(("requested", "induction"), (view.GetProperty("stage").GetString(), view.GetProperty("nextStage").GetString()));
        await Expect(await Move(coordinator, id, "induction"), HttpStatusCode.OK);

        // induction -> data-collection: the induction workshop.
        Assert.Equal([("workshop:induction", "workshop.induction_missing")], await Blocked(await Move(coordinator, id, "data-collection")));
        view = await Expect(await coordinator.GetAsync($"/api/v1/assessments/{id}"), HttpStatusCode.OK);
        Assert.Equal("workshop.induction_missing", view.GetProperty("blockers")[0].GetProperty("code").GetString());
        var workshop = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/workshops",
            new { kind = "induction", status = "planned", date = "2025-09-02", place = "Alpha town hall", institutionIds = new[] { world.MunicipalityId } }), HttpStatusCode.Created);
        Assert.Single(await Blocked(await Move(coordinator, id, "data-collection")));
        await Expect(await coordinator.PutAsJsonAsync($"/api/v1/assessments/{id}/workshops/{workshop.GetProperty("id").GetInt32()}",
            new { kind = "induction", status = "held", date = "2025-09-02", attendance = 23, institutionIds = new[] { world.MunicipalityId } }), HttpStatusCode.OK);
        await Expect(await Move(coordinator, id, "data-collection"), HttpStatusCode.OK);

        // data-collection -> validation: every indicator answered, Yes/Partial with evidence, focal points named.
        var blockers = await Blocked(await Move(coordinator, id, "validation"));
        Assert.Equal(78, blockers.Count(b => b.Code == "answer.missing"));
        Assert.Contains(("focal-points", "focal_points.missing"), blockers);
        var answers = await Expect(await coordinator.GetAsync($"/api/v1/assessments/{id}/answers"), HttpStatusCode.OK);
        var unanswered = answers.EnumerateArray().Where(a => a.GetProperty("revision").GetInt32() == 0).Select(a => a.GetProperty("indicatorCode").GetString()!).ToList();
        Assert.Equal(78, unanswered.Count);
        foreach (var code in unanswered.Skip(1))
        {
            await Expect(await PutAnswer(coordinator, id, code, new { status = "no", narrativeEs = "No existe.", narrativeEn = "None." }, "\"0\""), HttpStatusCode.OK);
        }

        await Expect(await PutAnswer(coordinator, id, unanswered[0], new { status = "yes", narrativeEs = "Existe una ordenanza." }, "\"0\""), HttpStatusCode.OK);
        blockers = await Blocked(await Move(coordinator, id, "validation"));
        Assert.Equal([(unanswered[0], "evidence.missing"), ("focal-points", "focal_points.missing")], blockers);
        var source = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/evidence",
            new { titleEs = "Ordenanza municipal 12 (ficticia)", type = "ordinance", url = "https://example.org/ordenanza-12" }), HttpStatusCode.Created);
        await Expect(await PutAnswer(coordinator, id, unanswered[0], new
        {
            status = "yes",
            narrativeEs = "Existe una ordenanza.",
            evidence = new[] { new { evidenceId = source.GetProperty("id").GetInt32(), section = "Art. 3" } },
        }, "\"1\""), HttpStatusCode.OK);
        await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/focal-points",
            new { institutionId = world.MunicipalityId, userEmail = WorkflowWorld.Email("focal-point-in") }), HttpStatusCode.Created);
        await Expect(await Move(coordinator, id, "validation"), HttpStatusCode.OK);

        // A back-move needs a reason; with one, it is made.
        var noReason = await Expect(await Move(coordinator, id, "data-collection"), HttpStatusCode.BadRequest);
        Assert.Equal("transition.reason_required", noReason.GetProperty("code").GetString());
        Assert.Equal("reason", noReason.GetProperty("errors")[0].GetProperty("location").GetString());
        await Expect(await Move(coordinator, id, "data-collection", "D6 answers need a second source"), HttpStatusCode.OK);
        await Expect(await Move(coordinator, id, "validation"), HttpStatusCode.OK);

        // validation -> drafting: the validation workshop.
        Assert.Equal([("workshop:validation", "workshop.validation_missing")], await Blocked(await Move(coordinator, id, "drafting")));
        await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/workshops",
            new { kind = "validation", status = "held", date = "2026-01-11" }), HttpStatusCode.Created);
        await Expect(await Move(coordinator, id, "drafting"), HttpStatusCode.OK);

        // drafting -> government-review: the context in both languages.
        await Expect(await coordinator.PutAsJsonAsync($"/api/v1/assessments/{id}/context", new { es = "Alpha es una ciudad ficticia." }), HttpStatusCode.OK);
        Assert.Equal([("context:en", "context.missing")], await Blocked(await Move(coordinator, id, "government-review")));
        await Expect(await coordinator.PutAsJsonAsync($"/api/v1/assessments/{id}/context",
            new { en = "Alpha is a fictional city.", es = "Alpha es una ciudad ficticia." }), HttpStatusCode.OK);
        await Expect(await Move(coordinator, id, "government-review"), HttpStatusCode.OK);

        // government-review -> approved: every review point resolved, after the right of reply.
        var point = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/review-points",
            new { indicatorCode = world.AssignedCode, findingEn = "Health services serve migrants only with documents." }), HttpStatusCode.Created);
        var pointId = point.GetProperty("id").GetInt32();
        Assert.Equal([(world.AssignedCode, "review.open")], await Blocked(await Move(coordinator, id, "approved")));
        var inbox = await Expect(await focalPoint.GetAsync("/api/v1/notifications"), HttpStatusCode.OK);
        Assert.Contains(inbox.EnumerateArray(), n => n.GetProperty("kind").GetString() == "review.raised");
        var incomplete = await Expect(await focalPoint.PostAsJsonAsync($"/api/v1/assessments/{id}/review-points/{pointId}/reply", new { reply = "disagree" }),
            HttpStatusCode.BadRequest);
        Assert.Equal(2, incomplete.GetProperty("errors").GetArrayLength());
        await Expect(await focalPoint.PostAsJsonAsync($"/api/v1/assessments/{id}/review-points/{pointId}/reply",
            new { reply = "disagree", reason = "Decree 5 (fictional) removed the requirement.", proposedChange = "Say services are open to all." }), HttpStatusCode.OK);
        await Expect(await focalPoint.PostAsJsonAsync($"/api/v1/assessments/{id}/review-points/{pointId}/resolve", new { resolution = "changed" }),
            HttpStatusCode.Forbidden);
        var kept = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/review-points/{pointId}/resolve", new { resolution = "kept" }),
            HttpStatusCode.BadRequest);
        Assert.Equal("review.reason_required", kept.GetProperty("code").GetString());
        await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/review-points/{pointId}/resolve",
            new { resolution = "kept", reason = "The decree is not yet applied in practice." }), HttpStatusCode.OK);
        await Expect(await Move(coordinator, id, "approved"), HttpStatusCode.OK);

        // From approved on, answers are locked.
        var locked = await Expect(await PutAnswer(coordinator, id, world.AssignedCode, new { status = "no" }, "\"1\""), HttpStatusCode.Conflict);
        Assert.Equal("assessment.locked", locked.GetProperty("code").GetString());

        await Expect(await Move(coordinator, id, "published"), HttpStatusCode.OK);
        // Published material is public.
        var anonymous = app.Anonymous();
        Assert.Equal("published", (await Expect(await anonymous.GetAsync($"/api/v1/assessments/{id}"), HttpStatusCode.OK)).GetProperty("stage").GetString());
        await Expect(await anonymous.GetAsync($"/api/v1/assessments/{id}/audit"), HttpStatusCode.Unauthorized);
        // The move froze the profile snapshots in the same transaction: the public can download them.
        var pdf = await anonymous.GetAsync($"/api/v1/assessments/{id}/profile?format=pdf&lang=es");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Equal(10, await app.WithDb(db => db.ProfileSnapshots.CountAsync(s => s.AssessmentId == id)));
        await Expect(await Move(coordinator, id, "follow-up"), HttpStatusCode.OK);

        // Every act is in the audit trail.
        var audit = await Expect(await coordinator.GetAsync($"/api/v1/assessments/{id}/audit?take=1000"), HttpStatusCode.OK);
        var actions = audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(10, actions.Count(a => a == "assessment.transition"));
        foreach (var action in new[] { "profile.frozen", "workshop.recorded", "workshop.updated", "answer.created", "answer.updated", "evidence.created", "focal_point.named",
            "assessment.context_updated", "review.raised", "review.replied", "review.resolved" })
        {
            Assert.Contains(action, actions);
        }

        var back = audit.EnumerateArray().Single(e => e.GetProperty("action").GetString() == "assessment.transition"
            && e.GetProperty("after").GetProperty("kind").GetString() == "back");
        Assert.Equal("D6 answers need a second source", back.GetProperty("after").GetProperty("reason").GetString());
        Assert.Equal(world.Users["coordinator-in"], back.GetProperty("userId").GetInt32());
        var history = await Expect(await coordinator.GetAsync($"/api/v1/assessments/{id}/answers/{unanswered[0]}/history"), HttpStatusCode.OK);
        Assert.Equal(["answer.updated", "answer.created"], history.EnumerateArray().Select(e => e.GetProperty("action").GetString()!).ToArray());
        var moves = await Expect(await coordinator.GetAsync($"/api/v1/assessments/{id}/transitions"), HttpStatusCode.OK);
        Assert.Equal(10, moves.GetArrayLength());
    }

    [Theory, AllProviders]
    public async Task FocalPointOfOneCity_GetsNotFound_OnAnotherCitysAssessment(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync();
        var outsider = await app.WithTokenOf(world.Users["focal-point-out"]);
        foreach (var url in new[] { "", "/answers", $"/answers/{world.AssignedCode}", "/evidence", "/audit", "/comments", "/transitions" })
        {
            var problem = await Expect(await outsider.GetAsync($"/api/v1/assessments/{world.AssessmentId}{url}"), HttpStatusCode.NotFound);
            Assert.Equal("assessment.not_found", problem.GetProperty("code").GetString());
        }

        await Expect(await PutAnswer(outsider, world.AssessmentId, world.AssignedCode, new { status = "no" }, "\"1\""), HttpStatusCode.NotFound);
        // The same answer as for an assessment that does not exist.
        await Expect(await outsider.GetAsync("/api/v1/assessments/987654"), HttpStatusCode.NotFound);
        // Their own city is there.
        await Expect(await outsider.GetAsync($"/api/v1/assessments/{world.OtherAssessmentId}"), HttpStatusCode.OK);
    }

    [Theory, AllProviders]
    public async Task TwoWritersWithTheSameETag_TheSecondGets412_AndTheFirstChangeSurvives(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync();
        var researcher = await app.WithTokenOf(world.Users["researcher-in"]);
        var focalPoint = await app.WithTokenOf(world.Users["focal-point-in"]);
        var url = $"/api/v1/assessments/{world.AssessmentId}/answers/{world.AssignedCode}";

        var read = await researcher.GetAsync(url);
        var etag = read.Headers.ETag!.ToString();
        Assert.Equal("\"1\"", etag);

        var missing = await Expect(await PutAnswer(researcher, world.AssessmentId, world.AssignedCode, new { status = "no" }, null),
            HttpStatusCode.PreconditionRequired);
        Assert.Equal("answer.revision_required", missing.GetProperty("code").GetString());

        var first = await PutAnswer(researcher, world.AssessmentId, world.AssignedCode,
            new { status = "partial", narrativeEn = "The researcher's version", narrativeEs = "La versión de la investigadora" }, etag);
        await Expect(first, HttpStatusCode.OK);
        Assert.Equal("\"2\"", first.Headers.ETag!.ToString());

        var second = await PutAnswer(focalPoint, world.AssessmentId, world.AssignedCode,
            new { status = "yes", narrativeEs = "La versión del punto focal" }, etag);
        var stale = await Expect(second, HttpStatusCode.PreconditionFailed);
        Assert.Equal("answer.stale", stale.GetProperty("code").GetString());
        Assert.Equal("The researcher's version", stale.GetProperty("current").GetProperty("narrativeEn").GetString());
        Assert.Equal("\"2\"", second.Headers.ETag!.ToString());

        var stored = await Expect(await researcher.GetAsync(url), HttpStatusCode.OK);
        Assert.Equal(("partial", "La versión de la investigadora", 2),
            (stored.GetProperty("status").GetString(), stored.GetProperty("narrativeEs").GetString(), stored.GetProperty("revision").GetInt32()));
        var audit = await Expect(await researcher.GetAsync($"/api/v1/assessments/{world.AssessmentId}/audit"), HttpStatusCode.OK);
        Assert.Single(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "answer.updated");
        Assert.Equal(1, await app.WithDb(db => db.AnswerRevisions.CountAsync()));
    }

    [Theory, AllProviders]
    public async Task ManyWritersAtOnce_WithTheSameETag_ExactlyOneWins(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync();
        var writers = new List<HttpClient>();
        foreach (var who in new[] { "admin", "coordinator-in", "researcher-in", "focal-point-in" })
        {
            writers.Add(await app.WithTokenOf(world.Users[who]));
        }

        var responses = await Task.WhenAll(writers.Select((client, n) =>
            PutAnswer(client, world.AssessmentId, world.AssignedCode, new { status = "no", narrativeEn = $"Writer {n}" }, "\"1\"")));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        var winner = Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.OK);
        var stored = await Expect(await writers[0].GetAsync($"/api/v1/assessments/{world.AssessmentId}/answers/{world.AssignedCode}"), HttpStatusCode.OK);
        Assert.Equal(($"Writer {winner}", 2), (stored.GetProperty("narrativeEn").GetString(), stored.GetProperty("revision").GetInt32()));
    }

    [Theory, AllProviders]
    public async Task ApiWithoutCredentials_Answers401_NotARedirect_AndCookiesWorkToo(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync();
        var anonymous = app.Anonymous();
        var response = await anonymous.GetAsync($"/api/v1/assessments/{world.AssessmentId}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.WithToken("faro_not-a-real-token").GetAsync("/api/v1/me")).StatusCode);

        var browser = await app.SignedInAs(WorkflowWorld.Email("coordinator-in"), WorkflowWorld.Password);
        await Expect(await browser.GetAsync($"/api/v1/assessments/{world.AssessmentId}"), HttpStatusCode.OK);
        var outsider = await app.SignedInAs(WorkflowWorld.Email("coordinator-out"), WorkflowWorld.Password);
        await Expect(await outsider.GetAsync($"/api/v1/assessments/{world.AssessmentId}"), HttpStatusCode.NotFound);
    }
}
