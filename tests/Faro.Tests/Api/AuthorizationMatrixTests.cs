using Faro.Assessments;
using Faro.Data;
using Faro.Notifications;
using Faro.People;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Tests.Api;

/// Every endpoint under /api/v1 × every role, in scope and out of scope. The endpoints come from
/// the app's own routing table, so an endpoint added without a row here fails the test.
/// "ok" means the request got past authorization (2xx, or a 400/409/412 about the request itself).
public class AuthorizationMatrixTests
{
    private const string Ok = "ok";
    private static readonly string[] Roles = ["anonymous", .. WorkflowWorld.Cast];
    private static readonly string[] InScope = ["admin", "coordinator-in", "researcher-in", "focal-point-in", "focal-point-other", "reviewer-in"];
    private static readonly string[] Team = ["admin", "coordinator-in", "researcher-in"];
    private static readonly string[] Managers = ["admin", "coordinator-in"];
    private static readonly string[] FocalPoints = ["focal-point-in", "focal-point-other"];

    /// In scope: the allowed roles "ok", the others 403; out of scope 404; no credentials 401.
    private static Dictionary<string, string> Scoped(params string[] allowed) => Roles.ToDictionary(r => r, r =>
        r == "anonymous" ? "401" : !InScope.Contains(r) ? "404" : allowed.Contains(r) ? Ok : "403");

    private static Dictionary<string, string> SignedIn() => Roles.ToDictionary(r => r, r => r == "anonymous" ? "401" : Ok);

    private static Dictionary<string, string> Everyone() => Roles.ToDictionary(r => r, _ => Ok);

    private static Dictionary<string, string> AdminOnly(string others) => Roles.ToDictionary(r => r, r => r == "anonymous" ? "401" : r == "admin" ? Ok : others);

    private sealed record Row(Dictionary<string, string> Expected, object? Body = null, string? IfMatch = null);

    private static Dictionary<string, Row> Matrix(string code, string otherCode) => new()
    {
        ["GET /api/v1/assessments"] = new(Everyone()),
        ["GET /api/v1/assessments/{id}"] = new(Scoped(InScope)),
        // Starting an assessment: admin or the country's coordinator (XT is the in-scope country).
        ["POST /api/v1/assessments"] = new(Roles.ToDictionary(r => r, r => r == "anonymous" ? "401" : r is "admin" or "coordinator-in" ? Ok : "403"),
            new { country = "XT", titleEn = "Test national assessment (fictional)", titleEs = "Evaluación nacional de prueba (ficticia)" }),
        // Without a reason: who gets past authorization is answered 400 and nothing is withdrawn.
        ["POST /api/v1/assessments/{id}/withdraw"] = new(Scoped(Managers), new { reason = "" }),
        // In validation: whoever may change the details is answered 409 `assessment.metadata_locked`.
        ["PUT /api/v1/assessments/{id}"] = new(Scoped(Managers), new { titleEs = "Alpha (ficticia)" }),
        // Not published: whoever may start the next round is answered 409 `assessment.next_round_stage`.
        ["POST /api/v1/assessments/{id}/next-round"] = new(Scoped(Managers), new { }),
        ["GET /api/v1/assessments/{id}/rounds"] = new(Scoped(InScope)),
        // Not carried over: whoever may write the answer is answered 409 `answer.not_carried_over`.
        ["POST /api/v1/assessments/{id}/answers/{code}/confirm"] = new(Scoped([.. Team, "focal-point-in"]), null, "\"999\""),
        // Bulk: the answer is not carried over, so whoever may write it is answered 400 naming it.
        ["POST /api/v1/assessments/{id}/answers/confirm"] = new(Scoped([.. Team, "focal-point-in"]), new { answers = new[] { new { code, revision = 999 } } }),
        ["PUT /api/v1/assessments/{id}/context"] = new(Scoped(Team), new { en = "Alpha is fictional.", es = "Alpha es ficticia." }),
        ["GET /api/v1/assessments/{id}/answers"] = new(Scoped(InScope)),
        ["GET /api/v1/assessments/{id}/answers/{code}"] = new(Scoped(InScope)),
        ["GET /api/v1/assessments/{id}/answers/{code}/revisions"] = new(Scoped(InScope)),
        // A stale ETag: whoever gets past authorization is answered 412 and nothing changes.
        ["PUT /api/v1/assessments/{id}/answers/{code}"] = new(Scoped([.. Team, "focal-point-in"]), new { status = "no" }, "\"999\""),
        ["GET /api/v1/assessments/{id}/answers/{code}/history"] = new(Scoped(Team)),
        ["GET /api/v1/assessments/{id}/audit"] = new(Scoped(Team)),
        ["GET /api/v1/assessments/{id}/evidence"] = new(Scoped(InScope)),
        ["POST /api/v1/assessments/{id}/evidence"] = new(Scoped([.. Team, .. FocalPoints]), new { titleEs = "Fuente (ficticia)", type = "report" }),
        // The library's source was added by the test data, not by a focal point: theirs to read, not to change.
        ["PUT /api/v1/assessments/{id}/evidence/{evidenceId}"] = new(Scoped(Team), new { titleEs = "Plan (ficticio)", type = "plan" }),
        // No file sent: whoever gets past authorization is told to send one (400).
        ["PUT /api/v1/assessments/{id}/evidence/{evidenceId}/file"] = new(Scoped(Team)),
        ["DELETE /api/v1/assessments/{id}/evidence/{evidenceId}"] = new(Scoped(Team)),
        // Without a reason: 400 for whoever may manage evidence, nothing is retired.
        ["POST /api/v1/assessments/{id}/evidence/{evidenceId}/retire"] = new(Scoped([.. Team, .. FocalPoints]), new { reason = "" }),
        // Not retired: the team is answered 409; focal points did not add this source (403).
        ["POST /api/v1/assessments/{id}/evidence/{evidenceId}/reinstate"] = new(Scoped(Team)),
        ["GET /api/v1/assessments/{id}/comments"] = new(Scoped([.. Team, .. FocalPoints, "reviewer-in"])),
        ["POST /api/v1/assessments/{id}/comments"] = new(Scoped([.. Team, .. FocalPoints, "reviewer-in"]), new { text = "A comment", visibility = "shared" }),
        ["GET /api/v1/assessments/{id}/workshops"] = new(Scoped(InScope)),
        ["POST /api/v1/assessments/{id}/workshops"] = new(Scoped(Managers), new { kind = "launch", status = "planned", date = "2026-06-01" }),
        ["PUT /api/v1/assessments/{id}/workshops/{workshopId}"] = new(Scoped(Managers), new { kind = "launch", status = "planned", date = "2026-06-02" }),
        // Without a reason or a name: 400 for managers, nothing changes.
        ["POST /api/v1/assessments/{id}/workshops/{workshopId}/cancel"] = new(Scoped(Managers), new { reason = "" }),
        ["PUT /api/v1/assessments/{id}/workshops/{workshopId}/attendance"] = new(Scoped(Managers), new { attendees = new[] { new { name = "" } } }),
        // No file sent: 400 `workshop.file_missing` for managers.
        ["PUT /api/v1/assessments/{id}/workshops/{workshopId}/minutes"] = new(Scoped(Managers)),
        // No minutes file attached: not found for everyone in scope (CorrectionsApiTests downloads one).
        ["GET /api/v1/assessments/{id}/workshops/{workshopId}/minutes"] = new(Roles.ToDictionary(r => r, r => r == "anonymous" ? "401" : "404")),
        ["PUT /api/v1/assessments/{id}/focal-points/{focalPointId}"] = new(Scoped(Managers), new { institutionId = 0, contactName = "Contact (fictional)" }),
        // The admin (first in the cast) removes the focal point; for the coordinator it is then gone
        // (404 after the role check); the other roles in scope get 403.
        ["DELETE /api/v1/assessments/{id}/focal-points/{focalPointId}"] = new(Roles.ToDictionary(r => r, r =>
            r == "anonymous" ? "401" : r == "admin" ? Ok : !InScope.Contains(r) || r == "coordinator-in" ? "404" : "403")),
        ["POST /api/v1/assessments/{id}/assignments/remove"] = new(Scoped(Managers), new { institutionId = 0, indicatorCodes = new[] { otherCode } }),
        // An unknown target institution: 400 for managers, nothing moves.
        ["POST /api/v1/assessments/{id}/assignments/reassign"] = new(Scoped(Managers), new { fromInstitutionId = 1, toInstitutionId = -1, indicatorCodes = new[] { otherCode } }),
        ["GET /api/v1/assessments/{id}/focal-points"] = new(Scoped([.. Team, .. FocalPoints, "reviewer-in"])),
        ["POST /api/v1/assessments/{id}/focal-points"] = new(Scoped(Managers), new { institutionId = 0, contactName = "Contact (fictional)" }),
        ["GET /api/v1/assessments/{id}/assignments"] = new(Scoped([.. Team, .. FocalPoints, "reviewer-in"])),
        ["POST /api/v1/assessments/{id}/assignments"] = new(Scoped(Managers), new { institutionId = 0, indicatorCodes = new[] { otherCode } }),
        ["GET /api/v1/assessments/{id}/transitions"] = new(Scoped(InScope)),
        // No validation workshop is held: a coordinator's move is blocked (409), nobody else's is allowed.
        ["POST /api/v1/assessments/{id}/transitions"] = new(Scoped(Managers), new { to = "drafting" }),
        // Anonymous readers get only published snapshots; this assessment is in validation.
        ["GET /api/v1/assessments/{id}/profile"] = new(Roles.ToDictionary(r => r, r => InScope.Contains(r) ? Ok : "404")),
        ["GET /api/v1/assessments/{id}/review-points"] = new(Scoped([.. Team, .. FocalPoints, "reviewer-in"])),
        ["POST /api/v1/assessments/{id}/review-points"] = new(Scoped(Team), new { findingEn = "A finding" }),
        // The point is on an indicator of the municipality: the health office's focal point may not reply.
        ["POST /api/v1/assessments/{id}/review-points/{pointId}/reply"] = new(Scoped("admin", "focal-point-in"), new { reply = "agree" }),
        ["POST /api/v1/assessments/{id}/review-points/{pointId}/resolve"] = new(Scoped(Managers), new { resolution = "changed" }),
        ["GET /api/v1/notifications"] = new(SignedIn()),
        // Someone else's notification and token: not found for everyone (an admin may revoke any token).
        ["POST /api/v1/notifications/{notificationId}/read"] = new(Roles.ToDictionary(r => r, r => r == "anonymous" ? "401" : "404")),
        ["POST /api/v1/notifications/read-all"] = new(SignedIn()),
        ["GET /api/v1/me"] = new(SignedIn()),
        ["GET /api/v1/tokens"] = new(SignedIn()),
        // The matrix calls with tokens, and a token may not create tokens (a signed-in session may).
        ["POST /api/v1/tokens"] = new(AdminOnly("403").ToDictionary(kv => kv.Key, kv => kv.Key == "anonymous" ? "401" : "403"), new { name = "matrix" }),
        ["DELETE /api/v1/tokens/{tokenId}"] = new(AdminOnly("404")),
        // The dialogue is between governments: the country's coordinators and national reviewers.
        ["GET /api/v1/assessments/{id}/dialogue"] = new(Scoped("admin", "coordinator-in", "reviewer-in")),
        ["GET /api/v1/assessments/{id}/peers"] = new(Scoped(InScope)),
        ["GET /api/v1/assessments/{id}/exchange-requests"] = new(Scoped([.. Team, .. FocalPoints])),
        // No peer named: whoever gets past authorization is answered 400 and nothing is asked.
        ["POST /api/v1/assessments/{id}/exchange-requests"] = new(Scoped([.. Team, .. FocalPoints]), new { message = "How? (fictional)" }),
        // No such request: not found for everyone signed in (ExchangeRequestTests covers the rules).
        ["POST /api/v1/exchange-requests/{requestId}/accept"] = new(Roles.ToDictionary(r => r, r => r == "anonymous" ? "401" : "404"), new { note = "ok" }),
        ["POST /api/v1/exchange-requests/{requestId}/decline"] = new(Roles.ToDictionary(r => r, r => r == "anonymous" ? "401" : "404"), new { note = "no" }),
        ["POST /api/v1/exchange-requests/{requestId}/withdraw"] = new(Roles.ToDictionary(r => r, r => r == "anonymous" ? "401" : "404")),
        // Without `with` and without an earlier round: 400 for whoever gets past authorization.
        ["GET /api/v1/assessments/{id}/comparison"] = new(Scoped(InScope)),
        ["GET /api/v1/good-practices"] = new(Everyone()),
        ["GET /api/v1/challenges"] = new(Everyone()),
        ["GET /api/v1/assessments/{id}/actions"] = new(Scoped(InScope)),
        ["GET /api/v1/assessments/{id}/actions.csv"] = new(Scoped(InScope)),
        ["GET /api/v1/assessments/{id}/actions/proposals"] = new(Scoped(InScope)),
        // The assessment is in validation: whoever may write the plan gets 409 `action.not_follow_up`.
        ["POST /api/v1/assessments/{id}/actions"] = new(Scoped(Team), new { indicatorCode = code, textEs = "Acción (ficticia)" }),
        // No such action: the team gets 409 (stage) before the lookup; others 403.
        ["PUT /api/v1/assessments/{id}/actions/{actionId}"] = new(Scoped(Team), new { textEs = "Acción (ficticia)" }),
        ["DELETE /api/v1/assessments/{id}/actions/{actionId}"] = new(Scoped(Team)),
        // The bystander is a researcher of Beta (country XU): its coordinator manages them, XT's does not see them.
        ["POST /api/v1/users/{userId}/disable"] = new(People(others: "403", xt: "404", xu: Ok)),
        ["POST /api/v1/users/{userId}/enable"] = new(People(others: "403", xt: "404", xu: Ok)),
        // An invitation in XT: XT's coordinator may (the second call finds the role given: 409), XU's may not.
        ["POST /api/v1/users/invitations"] = new(People(others: "403", xt: Ok, xu: "403"),
            new { email = "invitee@test.example", name = "Invitee (fictional)", role = "national-reviewer", scope = "country:XT", language = "en" }),
        // The bystander set a password already: whoever may act on them is told so (409).
        ["POST /api/v1/users/{userId}/invitation-link"] = new(People(others: "403", xt: "404", xu: Ok)),
        ["POST /api/v1/users/{userId}/roles"] = new(People(others: "403", xt: "403", xu: Ok), new { role = "national-reviewer", scope = "country:XU" }),
        // The admin revokes the bystander's role first; after that it is gone for everyone.
        ["DELETE /api/v1/users/{userId}/roles/{roleId}"] = new(People(others: "403", xt: "404", xu: "404")),
        // A wrong current password: whoever is signed in is answered 400 and nothing changes.
        ["PUT /api/v1/me/password"] = new(SignedIn(), new { current = "not-the-password", password = "a-new-long-passphrase" }),
        ["PUT /api/v1/me/language"] = new(SignedIn(), new { language = "en" }),
        ["GET /api/v1/assessments/{id}/export"] = new(Scoped(InScope)),
        // The body is not a workbook: whoever may import gets 400 `import.corrupt`, nothing changes.
        ["POST /api/v1/assessments/{id}/imports/preview"] = new(Scoped([.. Team, .. FocalPoints]), new { not = "a workbook" }),
        ["POST /api/v1/assessments/{id}/imports"] = new(Scoped([.. Team, .. FocalPoints]), new { not = "a workbook" }),
        // Open data is public: anyone lists it; the test assessment is in validation, so its package
        // is "not found" for everyone, the admin included (only published material is open data).
        ["GET /api/v1/open-data"] = new(Everyone()),
        ["GET /api/v1/open-data/{id}.zip"] = new(Roles.ToDictionary(r => r, _ => "404")),
        // Places are public facts: anyone signed in reads them; only XT's managers change XT's.
        // An empty name: who gets past authorization is answered 400 and nothing is written.
        ["GET /api/v1/jurisdictions"] = new(SignedIn()),
        ["GET /api/v1/jurisdictions/{jurisdictionId}"] = new(SignedIn()),
        ["POST /api/v1/jurisdictions"] = new(XtManagers(), new { country = "XT", name = "", adminLevel = 2 }),
        ["PUT /api/v1/jurisdictions/{jurisdictionId}"] = new(XtManagers(), new { name = "", adminLevel = 2 }),
        ["POST /api/v1/jurisdictions/{jurisdictionId}/deactivate"] = new(XtManagers()),
        ["POST /api/v1/jurisdictions/{jurisdictionId}/reactivate"] = new(XtManagers()),
        ["GET /api/v1/institutions"] = new(SignedIn()),
        ["GET /api/v1/institutions/{institutionId}"] = new(SignedIn()),
        ["POST /api/v1/institutions"] = new(XtManagers(), new { country = "XT", kind = "academia" }),
        ["PUT /api/v1/institutions/{institutionId}"] = new(XtManagers(), new { kind = "academia" }),
        ["POST /api/v1/institutions/{institutionId}/deactivate"] = new(XtManagers()),
        // The health office's jurisdiction was deactivated above: managers get 409, nothing changes.
        ["POST /api/v1/institutions/{institutionId}/reactivate"] = new(XtManagers()),
        // No file: the preview lists the error (200), the import refuses it (400).
        ["POST /api/v1/countries/{iso2}/gazetteer/preview"] = new(XtManagers()),
        ["POST /api/v1/countries/{iso2}/gazetteer"] = new(XtManagers()),
        // Published catalogues are read by anyone signed in; administration is the admin's. Not a
        // catalogue: the admin is answered 400; the seed is published already (409), then retired.
        ["GET /api/v1/catalogues"] = new(SignedIn()),
        ["GET /api/v1/catalogues/{catalogueId}"] = new(SignedIn()),
        ["GET /api/v1/catalogues/{catalogueId}/crosswalk"] = new(SignedIn()),
        ["GET /api/v1/catalogues/{catalogueId}/export"] = new(SignedIn()),
        ["POST /api/v1/catalogues"] = new(AdminOnly("403"), new { not = "a catalogue" }),
        ["POST /api/v1/catalogues/{catalogueId}/publish"] = new(AdminOnly("403")),
        ["POST /api/v1/catalogues/{catalogueId}/retire"] = new(AdminOnly("403")),
    };

    /// The admin and XT's coordinator "ok", everyone else signed in 403.
    private static Dictionary<string, string> XtManagers() =>
        Roles.ToDictionary(r => r, r => r == "anonymous" ? "401" : r is "admin" or "coordinator-in" ? Ok : "403");

    /// Managing people: the admin "ok", the coordinators of XT and XU as given, everyone else `others`.
    private static Dictionary<string, string> People(string others, string xt, string xu) => Roles.ToDictionary(r => r, r => r switch
    {
        "anonymous" => "401",
        "admin" => Ok,
        "coordinator-in" => xt,
        "coordinator-out" => xu,
        _ => others,
    });

    [Theory, AllProviders]
    public async Task EveryEndpoint_ForEveryRole_InAndOutOfScope_AnswersAsTheRulesSay(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync(Stage.Validation);
        var ids = await app.WithService<Dictionary<string, string>, IServiceProvider>(async s =>
        {
            var db = s.GetRequiredService<FaroDb>();
            var bystander = await s.GetRequiredService<UserService>().AddAsync("bystander@test.example", "Bystander", Role.Researcher,
                new ScopeSpec(null, world.OtherAssessmentId, null), WorkflowWorld.Password, "test");
            var token = await s.GetRequiredService<TokenService>().CreateAsync(Actor.System("test"), bystander.Id, "bystander", null);
            var notification = new Notification { UserId = bystander.Id, Kind = Notifier.StageChanged, At = DateTime.UtcNow };
            db.Notifications.Add(notification);
            var workshop = new Workshop { AssessmentId = world.AssessmentId, Kind = WorkshopKind.Launch, Date = new DateOnly(2026, 6, 1) };
            db.Workshops.Add(workshop);
            var indicatorId = await db.Indicators.Where(i => i.CatalogueId == db.Catalogues.Min(c => c.Id)).Where(i => i.Code == world.AssignedCode).Select(i => i.Id).FirstAsync();
            var point = new ReviewPoint { AssessmentId = world.AssessmentId, IndicatorId = indicatorId, Finding = new("Finding", "Hallazgo"), RaisedAt = DateTime.UtcNow };
            db.ReviewPoints.Add(point);
            var focalPoint = new FocalPoint { AssessmentId = world.AssessmentId, InstitutionId = world.HealthOfficeId, ContactName = "Contact (fictional)", AssignedAt = DateTime.UtcNow };
            db.FocalPoints.Add(focalPoint);
            await db.SaveChangesAsync();
            return new Dictionary<string, string>
            {
                ["id"] = world.AssessmentId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["code"] = world.AssignedCode,
                ["evidenceId"] = (await db.Evidence.Where(e => e.AssessmentId == world.AssessmentId).Select(e => e.Id).FirstAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["workshopId"] = workshop.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["pointId"] = point.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["notificationId"] = notification.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["tokenId"] = token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["userId"] = bystander.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["actionId"] = "999999",
                ["focalPointId"] = focalPoint.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["requestId"] = "999999",
                ["roleId"] = (await db.RoleAssignments.Where(r => r.UserId == bystander.Id).Select(r => r.Id).FirstAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["jurisdictionId"] = (await db.Assessments.Where(a => a.Id == world.AssessmentId).Select(a => a.JurisdictionId).FirstAsync())!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["institutionId"] = world.HealthOfficeId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["iso2"] = "XT",
                ["catalogueId"] = (await db.Assessments.Where(a => a.Id == world.AssessmentId).Select(a => a.CatalogueId).FirstAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["otherCode"] = await db.Indicators.Where(i => i.CatalogueId == db.Catalogues.Min(c => c.Id)).OrderBy(i => i.Code).Select(i => i.Code).Skip(1).FirstAsync(),
            };
        });

        var matrix = Matrix(ids["code"], ids["otherCode"]);
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()!.HttpMethods
                .Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .ToHashSet();
        Assert.Empty(routes.Except(matrix.Keys));
        Assert.Empty(matrix.Keys.Except(routes));

        var clients = new Dictionary<string, HttpClient> { ["anonymous"] = app.Anonymous() };
        foreach (var who in WorkflowWorld.Cast)
        {
            clients[who] = await app.WithTokenOf(world.Users[who]);
        }

        var failures = new List<string>();
        foreach (var (route, row) in matrix)
        {
            var method = route[..route.IndexOf(' ', StringComparison.Ordinal)];
            var url = ids.Aggregate(route[(method.Length + 1)..], (u, kv) => u.Replace("{" + kv.Key + "}", kv.Value, StringComparison.Ordinal));
            foreach (var role in Roles)
            {
                var body = row.Body is null ? null : System.Text.Json.JsonSerializer.Serialize(row.Body, FaroJson)
                    .Replace("\"institutionId\":0", $"\"institutionId\":{world.HealthOfficeId}", StringComparison.Ordinal);
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (body is not null)
                {
                    request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
                }

                if (row.IfMatch is not null)
                {
                    request.Headers.TryAddWithoutValidation("If-Match", row.IfMatch);
                }

                var response = await clients[role].SendAsync(request);
                var status = (int)response.StatusCode;
                var actual = status is 401 or 403 or 404 or >= 500 ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : Ok;
                if (actual != row.Expected[role])
                {
                    failures.Add($"{route} as {role}: expected {row.Expected[role]}, got {status} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        // Nothing the matrix sent was allowed to change the stage or an answer.
        Assert.Equal(Stage.Validation, await app.WithDb(db => db.Assessments.Where(a => a.Id == world.AssessmentId).Select(a => a.Stage).SingleAsync()));
        Assert.Equal(0, await app.WithDb(db => db.AnswerRevisions.CountAsync()));
    }

    private static readonly System.Text.Json.JsonSerializerOptions FaroJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// "/api/v1/assessments/{id:int}/" -> "/api/v1/assessments/{id}"
    private static string Normalize(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+):[^}]+\}", "{$1}").TrimEnd('/');
}
