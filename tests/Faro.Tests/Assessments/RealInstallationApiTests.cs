using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Assessments;

/// The browser journey of issue 10 (RealInstallationJourneyTests) as a script would do it, on both
/// providers: an empty installation, the first administrator and every token from the CLI, then
/// the API only, from the coordinator's invitation to round 2 with its answers to confirm.
public class RealInstallationApiTests
{
    private static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<HttpClient> TokenClientAsync(FaroApp app, string email)
    {
        var cli = await FaroCli.RunAsync(app.Database, "token", "create", "--user", email, "--expires", "2099-12-31");
        Assert.True(cli.ExitCode == 0, cli.Stderr);
        return app.WithToken(cli.Stdout.Trim());
    }

    private static async Task MoveAsync(HttpClient client, int id, string to) =>
        await Expect(await client.PostAsJsonAsync($"/api/v1/assessments/{id}/transitions", new { to }), HttpStatusCode.OK);

    private static Task<HttpResponseMessage> PutAnswerAsync(HttpClient client, int id, string code, object body, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/assessments/{id}/answers/{code}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return client.SendAsync(request);
    }

    [Theory, AllProviders]
    public async Task EmptyInstallation_ToASecondRound_ThroughTheApi(string provider)
    {
        using var app = new FaroApp(provider);
        Assert.Equal(0, await app.WithDb(db => db.Assessments.CountAsync()));
        var add = await FaroCli.RunWithInputAsync(app.Database, "cuatro tucanes verdes en la cordillera\n", "user", "add", "--email", "admin@faro.test",
            "--name", "Admin (ficticio)", "--role", "admin", "--password-stdin");
        Assert.True(add.ExitCode == 0, add.Stderr);
        var admin = await TokenClientAsync(app, "admin@faro.test");

        var invited = await Expect(await admin.PostAsJsonAsync("/api/v1/users/invitations",
            new { email = "coordinadora@faro.test", name = "Carla (ficticia)", role = "coordinator", scope = "country:PA", language = "es" }), HttpStatusCode.Created);
        Assert.False(string.IsNullOrEmpty(invited.GetProperty("link").GetString()));
        var coordinator = await TokenClientAsync(app, "coordinadora@faro.test");

        // Places from a gazetteer (the CLI verb), an institution of the district.
        var csv = Path.Combine(app.Database.Options.FullDataDirectory, "gazetteer.csv");
        Directory.CreateDirectory(app.Database.Options.FullDataDirectory);
        await File.WriteAllTextAsync(csv, "ADM1_ES,ADM1_PCODE,ADM2_ES,ADM2_PCODE\nPanamá Oeste,PA13,Capira,PA1303\n");
        var import = await FaroCli.RunAsync(app.Database, "places", "import", "--country", "PA", csv);
        Assert.True(import.ExitCode == 0, import.Stderr);
        var (capira, municipality) = await app.WithDb(async db =>
        {
            var place = await db.Jurisdictions.SingleAsync(j => j.Code == "PA1303");
            var institution = new Faro.Places.Institution
            {
                CountryId = place.CountryId,
                JurisdictionId = place.Id,
                Name = new LocalizedText("Municipality of Capira", "Municipio de Capira"),
                Kind = Faro.Places.InstitutionKind.LocalGovernment
            };
            db.Institutions.Add(institution);
            await db.SaveChangesAsync();
            return (place.Id, institution.Id);
        });

        var created = await Expect(await coordinator.PostAsJsonAsync("/api/v1/assessments", new { country = "PA", jurisdictionId = capira }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal("requested", created.GetProperty("stage").GetString());

        var workshop = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/workshops",
            new { kind = "induction", status = "held", date = "2026-09-02", institutionIds = new[] { municipality } }), HttpStatusCode.Created);
        await Expect(await coordinator.PutAsJsonAsync($"/api/v1/assessments/{id}/workshops/{workshop.GetProperty("id").GetInt32()}/attendance",
            new { attendees = new[] { new { name = "Ana Ficticia", institutionId = (int?)municipality, role = "Planificadora" } } }), HttpStatusCode.OK);
        await MoveAsync(coordinator, id, "induction");
        await MoveAsync(coordinator, id, "data-collection");

        // The focal point: invited with their scope, named, given one indicator; they answer it.
        var answers = (await Expect(await coordinator.GetAsync($"/api/v1/assessments/{id}/answers"), HttpStatusCode.OK)).EnumerateArray()
            .Select(a => a.GetProperty("indicatorCode").GetString()!).ToList();
        var code = answers[0];
        await Expect(await coordinator.PostAsJsonAsync("/api/v1/users/invitations", new
        {
            email = "punto.focal@faro.test",
            name = "Pedro (ficticio)",
            role = "focal-point",
            scope = $"assessment:{id},institution:{municipality}",
            language = "es"
        }), HttpStatusCode.Created);
        await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/focal-points", new { institutionId = municipality, userEmail = "punto.focal@faro.test" }),
            HttpStatusCode.Created);
        await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/assignments", new { institutionId = municipality, indicatorCodes = new[] { code } }),
            HttpStatusCode.OK);
        var focal = await TokenClientAsync(app, "punto.focal@faro.test");
        var source = await Expect(await focal.PostAsJsonAsync($"/api/v1/assessments/{id}/evidence",
            new { titleEs = "Acuerdo municipal de prueba (ficticio)", type = "ordinance", url = "https://example.org/acuerdo" }), HttpStatusCode.Created);
        await Expect(await PutAnswerAsync(focal, id, code, new
        {
            status = "yes",
            narrativeEs = "Texto de prueba.",
            evidence = new[] { new { evidenceId = source.GetProperty("id").GetInt32() } }
        }, "\"0\""), HttpStatusCode.OK);
        foreach (var other in answers.Skip(1))
        {
            await Expect(await PutAnswerAsync(coordinator, id, other, new { status = "no" }, "\"0\""), HttpStatusCode.OK);
        }

        await MoveAsync(coordinator, id, "validation");
        await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/workshops",
            new { kind = "validation", status = "held", date = "2027-01-11", institutionIds = new[] { municipality } }), HttpStatusCode.Created);
        await MoveAsync(coordinator, id, "drafting");
        await Expect(await coordinator.PutAsJsonAsync($"/api/v1/assessments/{id}/context", new { en = "Test context.", es = "Contexto de prueba." }), HttpStatusCode.OK);
        foreach (var stage in new[] { "government-review", "approved", "published" })
        {
            await MoveAsync(coordinator, id, stage);
        }

        // Round 2: every answer carried over as a draft; the focal point confirms theirs.
        var started = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/next-round", new { }), HttpStatusCode.Created);
        Assert.Equal(answers.Count, started.GetProperty("answersCarried").GetInt32());
        var round2 = started.GetProperty("assessmentId").GetInt32();
        var carried = (await Expect(await focal.GetAsync($"/api/v1/assessments/{round2}/answers"), HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.All(carried, a => Assert.True(a.GetProperty("isCarriedOver").GetBoolean()));
        await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{round2}/workshops",
            new { kind = "induction", status = "held", date = "2028-09-02" }), HttpStatusCode.Created);
        await MoveAsync(coordinator, round2, "induction");
        await MoveAsync(coordinator, round2, "data-collection");
        var confirm = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/assessments/{round2}/answers/{code}/confirm");
        confirm.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        var confirmed = await Expect(await focal.SendAsync(confirm), HttpStatusCode.OK);
        Assert.Equal(("yes", false), (confirmed.GetProperty("status").GetString(), confirmed.GetProperty("isCarriedOver").GetBoolean()));
        var blocked = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{round2}/transitions", new { to = "validation" }), HttpStatusCode.Conflict);
        Assert.Equal(answers.Count - 1, blocked.GetProperty("blockers").EnumerateArray().Count(b => b.GetProperty("code").GetString() == "answer.carried_over"));
    }
}
