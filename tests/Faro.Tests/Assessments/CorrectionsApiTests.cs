using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Faro.Assessments;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Tests.Assessments;

/// Issue 10 item 7: what was entered can be corrected or retired, with history, never silently lost.
public class CorrectionsApiTests
{
    private static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    private static Task<List<string>> Actions(FaroApp app, int assessmentId) =>
        app.WithDb(db => db.Audit.Where(a => a.AssessmentId == assessmentId).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());

    [Theory, AllProviders]
    public async Task Evidence_IsRetiredWithAReason_LeavesTheChoiceList_AndStaysWhereCited(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync(Stage.DataCollection, answered: 3);
        var id = world.AssessmentId;
        var coordinator = await app.WithTokenOf(world.Users["coordinator-in"]);
        var plan = await app.WithDb(db => db.Evidence.Where(e => e.AssessmentId == id).Select(e => e.Id).FirstAsync());
        var cited = await app.WithDb(db => db.AnswerEvidence.CountAsync(l => l.EvidenceId == plan));
        Assert.True(cited > 0);

        var edited = await Expect(await coordinator.PutAsJsonAsync($"/api/v1/assessments/{id}/evidence/{plan}",
            new { titleEs = "Plan corregido", type = "plan", issuingBody = "Municipio", url = "https://example.org/plan-v2", isPublic = false }), HttpStatusCode.OK);
        Assert.False(edited.GetProperty("isPublic").GetBoolean());

        var noReason = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/evidence/{plan}/retire", new { reason = " " }), HttpStatusCode.BadRequest);
        Assert.Equal("reason", noReason.GetProperty("errors")[0].GetProperty("location").GetString());
        var retired = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/evidence/{plan}/retire",
            new { reason = "Superseded by the 2026 plan." }), HttpStatusCode.OK);
        Assert.Equal("Superseded by the 2026 plan.", retired.GetProperty("retiredReason").GetString());
        Assert.DoesNotContain((await Expect(await coordinator.GetAsync($"/api/v1/assessments/{id}/evidence"), HttpStatusCode.OK)).EnumerateArray(),
            e => e.GetProperty("id").GetInt32() == plan);
        Assert.Contains((await Expect(await coordinator.GetAsync($"/api/v1/assessments/{id}/evidence?retired=true"), HttpStatusCode.OK)).EnumerateArray(),
            e => e.GetProperty("id").GetInt32() == plan);
        Assert.Equal(cited, await app.WithDb(db => db.AnswerEvidence.CountAsync(l => l.EvidenceId == plan)));
        await Expect(await coordinator.DeleteAsync($"/api/v1/assessments/{id}/evidence/{plan}"), HttpStatusCode.Conflict);
        await Expect(await coordinator.PostAsync($"/api/v1/assessments/{id}/evidence/{plan}/reinstate", null), HttpStatusCode.OK);
        Assert.Equal(["evidence.updated", "evidence.retired", "evidence.reinstated"],
            (await Actions(app, id)).Where(a => a.StartsWith("evidence.", StringComparison.Ordinal)));
    }

    /// An institution of the assessment's country in another place: one Faro knows, but not one of
    /// the assessment's.
    private static Task<int> NeighbourInstitutionAsync(FaroApp app, WorkflowWorld world) => app.WithDb(async db =>
    {
        var place = new Faro.Places.Jurisdiction { CountryId = world.CountryId, Name = "Distrito vecino (ficticio)", AdminLevel = 2 };
        var office = new Faro.Places.Institution
        {
            CountryId = world.CountryId,
            Jurisdiction = place,
            Name = new Faro.LocalizedText("Neighbouring municipality (fictional)", "Municipio vecino (ficticio)"),
            Kind = Faro.Places.InstitutionKind.LocalGovernment,
            IsFictional = true,
        };
        db.Institutions.Add(office);
        await db.SaveChangesAsync();
        return office.Id;
    });

    [Theory, AllProviders]
    public async Task TheServices_AcceptOnlyTheAssessmentsInstitutions_AsThePagesOfferThem(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync(Stage.DataCollection, answered: 0);
        var id = world.AssessmentId;
        var coordinator = await app.WithTokenOf(world.Users["coordinator-in"]);
        var neighbour = await NeighbourInstitutionAsync(app, world);

        // Another place's municipality, though of the same country, takes no part here; nor does another country's.
        await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/focal-points",
            new { institutionId = world.OtherMunicipalityId, contactName = "Persona ficticia" }), HttpStatusCode.BadRequest);
        var other = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/focal-points",
            new { institutionId = neighbour, contactName = "Persona ficticia" }), HttpStatusCode.BadRequest);
        Assert.Equal(("institutionId", "participation.unknown_institution"),
            (other.GetProperty("errors")[0].GetProperty("location").GetString(), other.GetProperty("errors")[0].GetProperty("code").GetString()));
        var answer = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/assessments/{id}/answers/{world.AssignedCode}")
        {
            Content = JsonContent.Create(new { status = "no", responsibleInstitutionId = neighbour }),
        };
        answer.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
        var refused = await Expect(await coordinator.SendAsync(answer), HttpStatusCode.BadRequest);
        Assert.Equal("responsibleInstitutionId", refused.GetProperty("errors")[0].GetProperty("location").GetString());

        // A deactivated institution: refused for new work, still accepted where the assessment already uses it.
        await app.WithDb(async db =>
        {
            foreach (var i in await db.Institutions.Where(i => i.Id == world.HealthOfficeId || i.Id == world.MunicipalityId).ToListAsync())
            {
                i.IsActive = false;
            }

            await db.SaveChangesAsync();
        });
        await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/focal-points",
            new { institutionId = world.HealthOfficeId, contactName = "Persona ficticia" }), HttpStatusCode.BadRequest);
        await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/focal-points",
            new { institutionId = world.MunicipalityId, contactName = "Persona ficticia" }), HttpStatusCode.Created);
        Assert.Equal(0, await app.WithDb(db => db.FocalPoints.CountAsync(f => f.AssessmentId == id && f.InstitutionId != world.MunicipalityId)));
    }

    /// Issue 9 item 6: indicator assignments (assign and reassign) and focal-point roles take only
    /// the assessment's institutions, as the pages offer them; another place's institution of the
    /// same country is refused in the caller's language, and nothing is stored.
    [Theory, AllProviders]
    public async Task AssignmentsAndRoles_ForAnInstitutionOutsideTheAssessment_AreRefused_AndNothingIsStored(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync(Stage.DataCollection, answered: 0);
        var id = world.AssessmentId;
        var coordinator = await app.WithTokenOf(world.Users["coordinator-in"]);
        var neighbour = await NeighbourInstitutionAsync(app, world);
        var second = await app.WithDb(async db =>
        {
            var catalogue = await db.Assessments.Where(a => a.Id == id).Select(a => a.CatalogueId).SingleAsync();
            return await db.Indicators.Where(i => i.CatalogueId == catalogue && i.Code != world.AssignedCode).OrderBy(i => i.Code).Select(i => i.Code).FirstAsync();
        });
        var before = await app.WithDb(db => db.Assignments.Where(a => a.AssessmentId == id).OrderBy(a => a.Id)
            .Select(a => new { a.IndicatorId, a.InstitutionId }).ToListAsync());

        var assign = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/assignments",
            new { institutionId = neighbour, indicatorCodes = new[] { second } }), HttpStatusCode.BadRequest);
        var error = assign.GetProperty("errors")[0];
        Assert.Equal(("institutionId", "participation.unknown_institution"), (error.GetProperty("location").GetString(), error.GetProperty("code").GetString()));
        Assert.Contains("cannot take part in this assessment", error.GetProperty("message").GetString(), StringComparison.Ordinal);

        // Nor may anyone be made its focal point for that institution.
        var invite = await Expect(await coordinator.PostAsJsonAsync("/api/v1/users/invitations", new
        {
            email = "vecino@test.example",
            name = "Vecino (ficticio)",
            role = "focal-point",
            scope = $"assessment:{id},institution:{neighbour}",
            language = "en",
        }), HttpStatusCode.BadRequest);
        Assert.Equal("user.institution_elsewhere", invite.GetProperty("code").GetString());
        Assert.False(await app.WithDb(db => db.Users.AnyAsync(u => u.Email == "vecino@test.example")));

        // The refusal speaks the caller's language: the coordinator now reads Faro in Spanish.
        await app.WithDb(db => db.Users.Where(u => u.Id == world.Users["coordinator-in"])
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.PreferredLanguage, Faro.Languages.Spanish)));
        var reassign = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/assignments/reassign",
            new { fromInstitutionId = world.MunicipalityId, toInstitutionId = neighbour, indicatorCodes = new[] { world.AssignedCode } }),
            HttpStatusCode.BadRequest);
        error = reassign.GetProperty("errors")[0];
        Assert.Equal("participation.unknown_institution", error.GetProperty("code").GetString());
        Assert.Contains("no puede participar en esta evaluación", error.GetProperty("message").GetString(), StringComparison.Ordinal);

        // Nothing stored: the assignments are as they were, and no audit line speaks of the refused ones.
        Assert.Equal(before, await app.WithDb(db => db.Assignments.Where(a => a.AssessmentId == id).OrderBy(a => a.Id)
            .Select(a => new { a.IndicatorId, a.InstitutionId }).ToListAsync()));
        Assert.DoesNotContain(await app.WithDb(db => db.Audit.Where(a => a.AssessmentId == id).Select(a => a.Action).ToListAsync()),
            action => action.StartsWith("assignment.", StringComparison.Ordinal));

        // The assessment's own institutions are accepted: the health office of its place takes an
        // indicator, then the municipality's indicator moves to it.
        await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/assignments",
            new { institutionId = world.HealthOfficeId, indicatorCodes = new[] { second } }), HttpStatusCode.OK);
        await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/assignments/reassign",
            new { fromInstitutionId = world.MunicipalityId, toInstitutionId = world.HealthOfficeId, indicatorCodes = new[] { world.AssignedCode } }),
            HttpStatusCode.OK);
        var after = await app.WithDb(db => db.Assignments.Where(a => a.AssessmentId == id).Select(a => a.InstitutionId).ToListAsync());
        Assert.Equal(2, after.Count);
        Assert.All(after, institution => Assert.Equal(world.HealthOfficeId, institution));
    }

    [Theory, AllProviders]
    public async Task FocalPoints_AreReplacedOrRemoved_AndAssignmentsMovedOrTakenAway(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync(Stage.DataCollection, answered: 0);
        var id = world.AssessmentId;
        var coordinator = await app.WithTokenOf(world.Users["coordinator-in"]);
        var named = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/focal-points",
            new { institutionId = world.HealthOfficeId, userEmail = WorkflowWorld.Email("researcher-out") }), HttpStatusCode.Created);
        var fp = named.GetProperty("id").GetInt32();
        var outsider = await app.WithTokenOf(world.Users["researcher-out"]);
        await Expect(await outsider.GetAsync($"/api/v1/assessments/{id}"), HttpStatusCode.OK);

        // Replaced by a contact without an account: the replaced user loses the access it gave.
        var replaced = await Expect(await coordinator.PutAsJsonAsync($"/api/v1/assessments/{id}/focal-points/{fp}",
            new { institutionId = world.HealthOfficeId, contactName = "Dra. Ficticia", contactEmail = "ficticia@example.org" }), HttpStatusCode.OK);
        Assert.Equal(("Dra. Ficticia", JsonValueKind.Null), (replaced.GetProperty("contactName").GetString(), replaced.GetProperty("userId").ValueKind));
        await Expect(await outsider.GetAsync($"/api/v1/assessments/{id}"), HttpStatusCode.NotFound);
        await Expect(await coordinator.DeleteAsync($"/api/v1/assessments/{id}/focal-points/{fp}"), HttpStatusCode.NoContent);
        Assert.Empty((await Expect(await coordinator.GetAsync($"/api/v1/assessments/{id}/focal-points"), HttpStatusCode.OK)).EnumerateArray());

        // The world assigns its first indicator to the municipality: move it, then take it away.
        var code = world.AssignedCode;
        var bad = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/assignments/reassign",
            new { fromInstitutionId = world.MunicipalityId, toInstitutionId = world.HealthOfficeId, indicatorCodes = new[] { code, "NOPE-99" } }), HttpStatusCode.BadRequest);
        Assert.Equal("indicatorCodes", bad.GetProperty("errors")[0].GetProperty("location").GetString());
        var moved = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/assignments/reassign",
            new { fromInstitutionId = world.MunicipalityId, toInstitutionId = world.HealthOfficeId, indicatorCodes = new[] { code } }), HttpStatusCode.OK);
        Assert.Equal(world.HealthOfficeId, moved[0].GetProperty("institutionId").GetInt32());
        var focalIn = await app.WithTokenOf(world.Users["focal-point-in"]);
        var denied = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/assessments/{id}/answers/{code}") { Content = JsonContent.Create(new { status = "no" }) };
        denied.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
        await Expect(await focalIn.SendAsync(denied), HttpStatusCode.Forbidden);
        var removed = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/assignments/remove",
            new { institutionId = world.HealthOfficeId, indicatorCodes = new[] { code } }), HttpStatusCode.OK);
        Assert.Single(removed.EnumerateArray());
        Assert.Empty((await Expect(await coordinator.GetAsync($"/api/v1/assessments/{id}/assignments"), HttpStatusCode.OK)).EnumerateArray());
        var actions = await Actions(app, id);
        Assert.Equal(["focal_point.named", "focal_point.replaced", "focal_point.removed", "assignment.reassigned", "assignment.removed"],
            actions.Where(a => a.StartsWith("focal_point.", StringComparison.Ordinal) || a.StartsWith("assignment.", StringComparison.Ordinal)));
    }

    [Theory, AllProviders]
    public async Task Workshops_AreCancelled_WithAttendanceListAndMinutesFile(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync(Stage.Induction, answered: 0);
        var id = world.AssessmentId;
        var coordinator = await app.WithTokenOf(world.Users["coordinator-in"]);
        var workshop = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/workshops",
            new { kind = "induction", status = "held", date = "2026-09-02", place = "Salón municipal", institutionIds = new[] { world.MunicipalityId } }), HttpStatusCode.Created);
        var wid = workshop.GetProperty("id").GetInt32();

        // Attendance: all or nothing, each bad row named.
        var bad = await Expect(await coordinator.PutAsJsonAsync($"/api/v1/assessments/{id}/workshops/{wid}/attendance", new
        {
            attendees = new object[] { new { name = "Ana Ficticia", institutionId = world.MunicipalityId, role = "Planner" }, new { name = "", role = "x" },
                new { name = "Luis", institutionId = world.OtherMunicipalityId } },
        }), HttpStatusCode.BadRequest);
        Assert.Equal(["attendees[1].name", "attendees[2].institutionId"], bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("location").GetString()));
        Assert.Equal(0, await app.WithDb(db => db.WorkshopAttendees.CountAsync()));
        var listed = await Expect(await coordinator.PutAsJsonAsync($"/api/v1/assessments/{id}/workshops/{wid}/attendance", new
        {
            attendees = new object[] { new { name = "Ana Ficticia", institutionId = world.MunicipalityId, role = "Planner" },
                new { name = "Luis Ficticio", institutionName = "Civil society network (fictional)", role = "Coordinator" } },
        }), HttpStatusCode.OK);
        Assert.Equal(2, listed.GetProperty("attendance").GetInt32());
        Assert.Equal("Civil society network (fictional)", listed.GetProperty("attendees")[1].GetProperty("institutionName").GetString());

        // Minutes: same checks as evidence files.
        using (var wrong = new MultipartFormDataContent { { new ByteArrayContent("MZ not a pdf"u8.ToArray()), "file", "minutes.pdf" } })
        {
            var refused = await Expect(await coordinator.PutAsync($"/api/v1/assessments/{id}/workshops/{wid}/minutes", wrong), HttpStatusCode.BadRequest);
            Assert.Equal("file", refused.GetProperty("errors")[0].GetProperty("location").GetString());
        }

        using (var minutes = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4 minutes"u8.ToArray()), "file", "acta.pdf" } })
        {
            var attached = await Expect(await coordinator.PutAsync($"/api/v1/assessments/{id}/workshops/{wid}/minutes", minutes), HttpStatusCode.OK);
            Assert.Equal("acta.pdf", attached.GetProperty("minutesFileName").GetString());
        }

        var download = await coordinator.GetAsync($"/api/v1/assessments/{id}/workshops/{wid}/minutes");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("%PDF-1.4 minutes", await download.Content.ReadAsStringAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        await Expect(await (await app.WithTokenOf(world.Users["coordinator-out"])).GetAsync($"/api/v1/assessments/{id}/workshops/{wid}/minutes"), HttpStatusCode.NotFound);
        // Minutes share the evidence store: the orphan sweep keeps a file that only minutes point at.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Faro.Data.FaroDb>();
            await scope.ServiceProvider.GetRequiredService<EvidenceFiles>().SweepOrphansAsync(db, TimeSpan.Zero, DateTime.UtcNow.AddDays(1));
        }

        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync($"/api/v1/assessments/{id}/workshops/{wid}/minutes")).StatusCode);

        // Cancelled with a reason: kept, no longer opens the gate.
        await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/workshops/{wid}/cancel", new { reason = "" }), HttpStatusCode.BadRequest);
        var cancelled = await Expect(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/workshops/{wid}/cancel",
            new { reason = "Postponed by the municipality." }), HttpStatusCode.OK);
        Assert.Equal(("cancelled", "Postponed by the municipality."), (cancelled.GetProperty("status").GetString(), cancelled.GetProperty("cancelledReason").GetString()));
        var view = await Expect(await coordinator.GetAsync($"/api/v1/assessments/{id}"), HttpStatusCode.OK);
        Assert.Contains(view.GetProperty("blockers").EnumerateArray(), b => b.GetProperty("code").GetString() == "workshop.induction_missing");
        Assert.Equal(["workshop.recorded", "workshop.attendance_recorded", "workshop.minutes_attached", "workshop.cancelled"],
            (await Actions(app, id)).Where(a => a.StartsWith("workshop.", StringComparison.Ordinal)));
    }
}
