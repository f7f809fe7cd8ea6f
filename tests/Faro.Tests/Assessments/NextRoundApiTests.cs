using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Faro.Assessments;
using Faro.Catalogue;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Assessments;

/// Issue 10 items 4 and 5 through the API: correcting an assessment's details until data collection
/// starts, and starting the next round with its answers carried over as drafts to confirm.
public class NextRoundApiTests
{
    private static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    private static Task<HttpResponseMessage> Confirm(HttpClient client, int id, string code, string? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/assessments/{id}/answers/{code}/confirm");
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        return client.SendAsync(request);
    }

    [Theory, AllProviders]
    public async Task NextRound_CarriesAnswersAsDraftsToConfirm_TheGateCountsThemOnlyOnceConfirmed(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync(Stage.Published, answered: 10);
        var coordinator = await app.WithTokenOf(world.Users["coordinator-in"]);
        var before = await app.WithDb(db => db.Answers.Include(a => a.Evidence).Include(a => a.Indicator)
            .Where(a => a.AssessmentId == world.AssessmentId).ToListAsync());
        await app.WithDb(async db =>
        {
            db.FocalPoints.Add(new FocalPoint
            {
                AssessmentId = world.AssessmentId,
                InstitutionId = world.MunicipalityId,
                UserId = world.Users["focal-point-in"],
                ContactName = "focal-point-in",
                AssignedAt = DateTime.UtcNow
            });
            await db.SaveChangesAsync();
        });

        var started = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{world.AssessmentId}/next-round", new { }), HttpStatusCode.Created);
        var next = started.GetProperty("assessmentId").GetInt32();
        Assert.Equal(2, started.GetProperty("round").GetInt32());
        Assert.Equal(10, started.GetProperty("answersCarried").GetInt32());
        Assert.Equal(1, started.GetProperty("focalPointsCarried").GetInt32());
        Assert.Equal(1, started.GetProperty("assignmentsCarried").GetInt32());
        Assert.Empty(started.GetProperty("withoutCounterpart").EnumerateArray());

        // The new round: requested, linked, every answer carried over with its narrative and a
        // copy of its evidence (the new library's own rows, pointing back at the old ones).
        var view = await Expect(await coordinator.GetAsync($"/api/v1/assessments/{next}"), HttpStatusCode.OK);
        Assert.Equal(("requested", world.AssessmentId, 10, 0), (view.GetProperty("stage").GetString(), view.GetProperty("previousRoundId").GetInt32(),
            view.GetProperty("carriedOver").GetInt32(), view.GetProperty("answered").GetInt32()));
        var answers = (await Expect(await coordinator.GetAsync($"/api/v1/assessments/{next}/answers"), HttpStatusCode.OK)).EnumerateArray()
            .Where(a => a.GetProperty("revision").GetInt32() > 0).ToList();
        Assert.Equal(10, answers.Count);
        Assert.All(answers, a => Assert.True(a.GetProperty("isCarriedOver").GetBoolean()));
        var first = before.OrderBy(a => a.Indicator!.Code, StringComparer.Ordinal).First(a => a.Evidence.Count > 0);
        var carried = answers.Single(a => a.GetProperty("indicatorCode").GetString() == first.Indicator!.Code);
        Assert.Equal(first.Narrative.Es, carried.GetProperty("narrativeEs").GetString());
        var library = (await Expect(await coordinator.GetAsync($"/api/v1/assessments/{next}/evidence"), HttpStatusCode.OK)).EnumerateArray().ToList();
        var oldEvidence = first.Evidence[0].EvidenceId;
        var copy = library.Single(e => e.GetProperty("carriedFromId").GetInt32() == oldEvidence);
        Assert.NotEqual(oldEvidence, copy.GetProperty("id").GetInt32());
        Assert.Equal(copy.GetProperty("id").GetInt32(), carried.GetProperty("evidence")[0].GetProperty("evidenceId").GetInt32());

        // Each round links to the other; the focal point carried over may read the new round.
        var rounds = (await Expect(await coordinator.GetAsync($"/api/v1/assessments/{world.AssessmentId}/rounds"), HttpStatusCode.OK)).EnumerateArray()
            .Select(r => r.GetProperty("id").GetInt32()).ToList();
        Assert.Equal([world.AssessmentId, next], rounds);
        var focal = await app.WithTokenOf(world.Users["focal-point-in"]);
        await Expect(await focal.GetAsync($"/api/v1/assessments/{next}"), HttpStatusCode.OK);

        // Once answers are open, a carried-over answer blocks the matrix until it is confirmed.
        await app.WithDb(async db =>
        {
            var a = await db.Assessments.SingleAsync(x => x.Id == next);
            a.Stage = Stage.DataCollection;
            await db.SaveChangesAsync();
        });
        var blockers = (await Expect(await coordinator.GetAsync($"/api/v1/assessments/{next}"), HttpStatusCode.OK)).GetProperty("blockers").EnumerateArray()
            .Where(b => b.GetProperty("code").GetString() == "answer.carried_over").Select(b => b.GetProperty("item").GetString()).ToList();
        Assert.Equal(10, blockers.Count);
        Assert.Contains(first.Indicator!.Code, blockers);

        var code = first.Indicator.Code;
        Assert.Equal(428, (int)(await Confirm(coordinator, next, code, null)).StatusCode);
        Assert.Equal(412, (int)(await Confirm(coordinator, next, code, "\"7\"")).StatusCode);
        var confirmed = await Expect(await Confirm(coordinator, next, code, "\"1\""), HttpStatusCode.OK);
        Assert.Equal((false, 2), (confirmed.GetProperty("isCarriedOver").GetBoolean(), confirmed.GetProperty("revision").GetInt32()));
        Assert.Equal(first.Narrative.Es, confirmed.GetProperty("narrativeEs").GetString());
        var again = await Expect(await Confirm(coordinator, next, code, "\"2\""), HttpStatusCode.Conflict);
        Assert.Equal("answer.not_carried_over", again.GetProperty("code").GetString());
        view = await Expect(await coordinator.GetAsync($"/api/v1/assessments/{next}"), HttpStatusCode.OK);
        Assert.Equal((9, 1), (view.GetProperty("carriedOver").GetInt32(), view.GetProperty("answered").GetInt32()));
        Assert.DoesNotContain(view.GetProperty("blockers").EnumerateArray(), b => b.GetProperty("item").GetString() == code);

        // Bulk: all or nothing. A bad entry is named by its position; a stale one refuses the lot.
        var rest = answers.Select(a => a.GetProperty("indicatorCode").GetString()!).Where(c => c != code).ToList();
        object Bulk(params (string Code, int Revision)[] items) => new { answers = items.Select(i => new { code = i.Code, revision = i.Revision }) };
        var bad = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{next}/answers/confirm", Bulk((rest[0], 1), ("Z9-99", 1), (rest[0], 1))), HttpStatusCode.BadRequest);
        Assert.Equal([("answers[1].code", "answer.unknown_indicator"), ("answers[2].code", "answer.duplicate")],
            bad.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("location").GetString(), e.GetProperty("code").GetString())));
        var done = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{next}/answers/confirm", Bulk((rest[0], 1), (code, 2))), HttpStatusCode.BadRequest);
        Assert.Equal(("answers[1].code", "answer.not_carried_over"), (done.GetProperty("errors")[0].GetProperty("location").GetString(), done.GetProperty("errors")[0].GetProperty("code").GetString()));
        var stale = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{next}/answers/confirm", Bulk((rest[0], 1), (rest[1], 5))), HttpStatusCode.PreconditionFailed);
        Assert.Contains(rest[1], stale.GetProperty("title").GetString(), StringComparison.Ordinal);
        var unknown = await Expect(await coordinator.PostAsync($"/api/v1/assessments/{next}/answers/confirm",
            new StringContent("{\"answers\":[],\"all\":true}", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.Contains("all", unknown.ToString(), StringComparison.Ordinal);
        Assert.Equal(9, await app.WithDb(db => db.Answers.CountAsync(a => a.AssessmentId == next && a.IsCarriedOver)));
        var all = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{next}/answers/confirm", Bulk(rest.Select(c => (c, 1)).ToArray())), HttpStatusCode.OK);
        Assert.Equal(9, all.GetProperty("confirmed").GetInt32());
        view = await Expect(await coordinator.GetAsync($"/api/v1/assessments/{next}"), HttpStatusCode.OK);
        Assert.Equal((0, 10), (view.GetProperty("carriedOver").GetInt32(), view.GetProperty("answered").GetInt32()));

        // History: the carried-over revision, then the confirmation; audit lines for both.
        var sources = await app.WithDb(db => db.AnswerRevisions.Where(r => db.Answers.Any(a => a.Id == r.AnswerId && a.AssessmentId == next
            && a.Indicator!.Code == code)).OrderBy(r => r.Revision).Select(r => r.Source).ToListAsync());
        Assert.Equal([$"round:{world.AssessmentId}", "confirm:api"], sources);
        var actions = await app.WithDb(db => db.Audit.Where(a => a.AssessmentId == next).Select(a => a.Action).ToListAsync());
        Assert.Contains("assessment.next_round", actions);
        Assert.Contains("answer.confirmed", actions);

        // Round 3 cannot start twice from round 2's predecessor.
        var twice = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{world.AssessmentId}/next-round", new { }), HttpStatusCode.Conflict);
        Assert.Equal("assessment.next_round_exists", twice.GetProperty("code").GetString());
    }

    [Theory, AllProviders]
    public async Task NextRound_OnAnotherCatalogueVersion_TravelsThroughTheCrosswalk_AndListsWhatHasNoCounterpart(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync(Stage.FollowUp, answered: 3);
        var codes = await app.WithDb(db => db.Answers.Where(a => a.AssessmentId == world.AssessmentId).Select(a => a.Indicator!.Code)
            .OrderBy(c => c).ToListAsync());
        Assert.Equal(3, codes.Count);
        // Version 2 keeps codes[0], renames codes[1] to V2-01, removes codes[2] and adds V2-02.
        var v2 = await app.WithDb(async db =>
        {
            var old = await db.Catalogues.OrderBy(c => c.Id).FirstAsync();
            var catalogue = new IndicatorCatalogue
            {
                Code = old.Code,
                Version = "test-2",
                Status = CatalogueStatus.Published,
                CreatedAt = DateTime.UtcNow,
                PublishedAt = DateTime.UtcNow,
                PreviousVersionId = old.Id,
                Title = new LocalizedText("Test v2", "Prueba v2")
            };
            var area = new Area { Code = "1.1", Title = new LocalizedText("Area", "Área") };
            catalogue.Domains.Add(new Domain { Code = "D1", Title = new LocalizedText("Domain", "Dominio"), Areas = [area] });
            db.Catalogues.Add(catalogue);
            await db.SaveChangesAsync();
            foreach (var (code, n) in new[] { codes[0], "V2-01", "V2-02" }.Select((c, n) => (c, n)))
            {
                db.Indicators.Add(new Indicator { AreaId = area.Id, CatalogueId = catalogue.Id, Code = code, Order = n, Text = new LocalizedText(code, code) });
            }

            db.Crosswalk.AddRange(
                new CrosswalkEntry { CatalogueId = catalogue.Id, FromCode = codes[1], ToCode = "V2-01", Kind = CrosswalkKind.Reworded },
                new CrosswalkEntry { CatalogueId = catalogue.Id, FromCode = codes[2], Kind = CrosswalkKind.Removed },
                new CrosswalkEntry { CatalogueId = catalogue.Id, ToCode = "V2-02", Kind = CrosswalkKind.New });
            await db.SaveChangesAsync();
            return catalogue.Id;
        });

        var coordinator = await app.WithTokenOf(world.Users["coordinator-in"]);
        var started = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{world.AssessmentId}/next-round",
            new { catalogueId = v2, carryFocalPoints = false, carryAssignments = false }), HttpStatusCode.Created);
        Assert.Equal(2, started.GetProperty("answersCarried").GetInt32());
        Assert.Equal([codes[2]], started.GetProperty("withoutCounterpart").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["V2-02"], started.GetProperty("newIndicators").EnumerateArray().Select(c => c.GetString()));
        var next = started.GetProperty("assessmentId").GetInt32();
        var carried = await app.WithDb(db => db.Answers.Where(a => a.AssessmentId == next).Select(a => a.Indicator!.Code).OrderBy(c => c).ToListAsync());
        Assert.Equal(new[] { codes[0], "V2-01" }.Order(StringComparer.Ordinal), carried);
    }

    [Theory, AllProviders]
    public async Task NextRound_IsRefused_BeforePublication_ForOtherRoles_AndOutsideTheScope(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync(Stage.DataCollection, answered: 2);
        var url = $"/api/v1/assessments/{world.AssessmentId}/next-round";
        var early = await Expect(await (await app.WithTokenOf(world.Users["coordinator-in"])).PostAsJsonAsync(url, new { }), HttpStatusCode.Conflict);
        Assert.Equal("assessment.next_round_stage", early.GetProperty("code").GetString());
        await Expect(await (await app.WithTokenOf(world.Users["researcher-in"])).PostAsJsonAsync(url, new { }), HttpStatusCode.Forbidden);
        await Expect(await (await app.WithTokenOf(world.Users["coordinator-out"])).PostAsJsonAsync(url, new { }), HttpStatusCode.NotFound);
        Assert.Equal(2, await app.WithDb(db => db.Assessments.CountAsync()));
    }

    [Theory, AllProviders]
    public async Task Metadata_IsCorrectedUntilDataCollection_WithEachBadFieldNamed(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync(Stage.Induction, answered: 0);
        var coordinator = await app.WithTokenOf(world.Users["coordinator-in"]);
        var url = $"/api/v1/assessments/{world.AssessmentId}";
        var bad = await Expect(await coordinator.PutAsJsonAsync(url, new { nationalReferenceYear = 1800, nationalReferenceUrl = "ftp://x", round = 0 }), HttpStatusCode.BadRequest);
        Assert.Equal(["nationalReferenceUrl", "nationalReferenceYear", "round"],
            bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("location").GetString()).Order(StringComparer.Ordinal));
        var saved = await Expect(await coordinator.PutAsJsonAsync(url, new
        {
            titleEs = "Alpha, segunda propuesta",
            titleEn = "Alpha, second try",
            nationalReferenceTitleEs = "Perfil nacional 2019",
            nationalReferenceYear = 2019,
            nationalReferenceUrl = "https://example.org/profile"
        }), HttpStatusCode.OK);
        Assert.Equal("Alpha, segunda propuesta", saved.GetProperty("titleEs").GetString());
        var stored = await app.WithDb(db => db.Assessments.AsNoTracking().SingleAsync(a => a.Id == world.AssessmentId));
        Assert.Equal((2019, "Perfil nacional 2019"), (stored.NationalReferenceYear, stored.NationalReferenceTitle.Es));
        Assert.Contains("assessment.updated", await app.WithDb(db => db.Audit.Where(a => a.AssessmentId == world.AssessmentId).Select(a => a.Action).ToListAsync()));
        await Expect(await (await app.WithTokenOf(world.Users["researcher-in"])).PutAsJsonAsync(url, new { titleEs = "x" }), HttpStatusCode.Forbidden);

        await app.WithDb(async db =>
        {
            (await db.Assessments.SingleAsync(a => a.Id == world.AssessmentId)).Stage = Stage.DataCollection;
            await db.SaveChangesAsync();
        });
        var locked = await Expect(await coordinator.PutAsJsonAsync(url, new { titleEs = "tarde" }), HttpStatusCode.Conflict);
        Assert.Equal("assessment.metadata_locked", locked.GetProperty("code").GetString());
    }
}

public class NextRoundCliTests
{
    [Fact]
    public async Task TheCli_StartsTheNextRound_AndSaysWhatWasCarriedOver()
    {
        await using var core = await CoreServices.StartAsync(Faro.Data.DatabaseProviders.Sqlite);
        var id = await core.Db(async db => (await TestData.CityAssessmentAsync(db, await TestData.CountryAsync(db, "XT"), "Gamma", 4, Stage.Published)).Id);
        var result = await FaroCli.RunAsync(core.Database, "assessment", "next-round", "--from", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Matches(@"^created assessment \d+ \(round 2, requested\): 4 answers and 1 sources carried over to confirm", result.Stdout);
        var again = await FaroCli.RunAsync(core.Database, "assessment", "next-round", "--from", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("already been started", again.Stderr, StringComparison.Ordinal);
    }
}
