using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Faro.Assessments;
using Faro.Data;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Security;

/// The holes an attack on a running Faro found (issue 8), each as the attack that worked.
public sealed partial class AttackFindingsTests
{
    private static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static MultipartFormDataContent FileForm(string name, byte[] bytes, string field = "file")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, field, name } };
    }

    [Theory, AllProviders]
    public async Task EvidenceApi_AClientNamedFile_IsRefused_AndNoServerFileCanBeReached(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync(Stage.DataCollection);
        var focal = await app.WithTokenOf(world.Users["focal-point-in"]);
        var id = world.AssessmentId;
        await File.WriteAllTextAsync(Path.Combine(app.Options.FullDataDirectory, "secret.txt"), "password hashes");

        foreach (var sha in new[] { "../faro.db-wal", "../secret.txt", "/etc/passwd", "zz", new string('a', 64) })
        {
            var created = await focal.PostAsJsonAsync($"/api/v1/assessments/{id}/evidence", new
            {
                titleEs = "x",
                type = "other",
                file = new { fileName = "x.txt", contentType = "text/plain", sha256 = sha, size = 1 },
            });
            var problem = await Problem(created, HttpStatusCode.BadRequest);
            Assert.Equal("request.unknown_member", problem.GetProperty("code").GetString());
            Assert.Equal("file", problem.GetProperty("errors")[0].GetProperty("location").GetString());
        }

        // PUT on the focal point's own source: the same refusal.
        var own = await (await focal.PostAsJsonAsync($"/api/v1/assessments/{id}/evidence", new { titleEs = "Propia (ficticia)", type = "report" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var ownId = own.GetProperty("id").GetInt32();
        var put = await focal.PutAsJsonAsync($"/api/v1/assessments/{id}/evidence/{ownId}", new
        {
            titleEs = "x",
            type = "other",
            file = new { fileName = "x.txt", contentType = "text/plain", sha256 = "../faro.db", size = 1 },
        });
        Assert.Equal("request.unknown_member", (await Problem(put, HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        Assert.Equal(0, await app.WithDb(db => db.Evidence.CountAsync(e => e.FileSha256 != null)));

        // The upload endpoint: the server names the file and detects its type; a client path is cut to its name.
        var upload = await focal.PutAsync($"/api/v1/assessments/{id}/evidence/{ownId}/file", FileForm("..\\..\\faro.db.txt", "hello"u8.ToArray()));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var stored = await app.WithDb(db => db.Evidence.AsNoTracking().SingleAsync(e => e.Id == ownId));
        Assert.Equal("faro.db.txt", stored.FileName);
        Assert.Equal("text/plain; charset=utf-8", stored.FileContentType);
        Assert.Matches("^[0-9a-f]{64}$", stored.FileSha256!);

        // A row that points outside the store (old data, a tampered backup) serves nothing.
        foreach (var hostile in new[] { "../secret.txt", "/etc/passwd", "not-hex", new string('A', 64) })
        {
            await app.WithDb(db => db.Evidence.Where(e => e.Id == ownId).ExecuteUpdateAsync(u => u.SetProperty(e => e.FileSha256, hostile)));
            var browser = await app.SignedInAs(WorkflowWorld.Email("focal-point-in"), WorkflowWorld.Password);
            var download = await browser.GetAsync($"/assessments/{id}/evidence/{ownId}/file");
            Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
            Assert.DoesNotContain("password hashes", await download.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PageUpload_WithAPathAsFileName_StoresUnderTheServersName_AndServesOnlyWhatWasUploaded()
    {
        using var app = new FaroApp();
        var world = await TestData.UiWorldAsync(app);
        var url = $"/assessments/{world.CollectingId}/indicators/D2-01";
        var focal = await app.SignedInAs(UiWorld.FocalPoint, UiWorld.Password);
        var page = await focal.GetStringAsync(url);
        var token = WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value);
        using var form = FileForm("../../faro.db\\x.txt", "uploaded text"u8.ToArray(), "EvidenceFile");
        form.Add(new StringContent(token), "__RequestVerificationToken");
        form.Add(new StringContent("Acta (ficticia)"), "EvidenceTitleEs");
        form.Add(new StringContent("Report"), "EvidenceType");
        form.Add(new StringContent("0"), "Revision");
        Assert.Equal(HttpStatusCode.Redirect, (await focal.PostAsync(url + "?handler=AddEvidence", form)).StatusCode);

        var stored = await app.WithDb(db => db.Evidence.AsNoTracking().SingleAsync(e => e.FileSha256 != null));
        Assert.Equal("x.txt", stored.FileName);
        var download = await focal.GetAsync($"/assessments/{world.CollectingId}/evidence/{stored.Id}/file");
        Assert.Equal("uploaded text", await download.Content.ReadAsStringAsync());
        Assert.True(File.Exists(Path.Combine(app.Options.FullDataDirectory, "evidence", stored.FileSha256!)));
    }

    [Theory, AllProviders]
    public async Task RefusedUpload_LeavesNoFileOnDisk(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync(Stage.Validation);
        var id = world.AssessmentId;
        var evidenceId = await app.WithDb(db => db.Evidence.Where(e => e.AssessmentId == id).Select(e => e.Id).FirstAsync());
        var store = Path.Combine(app.Options.FullDataDirectory, "evidence");
        int Files() => Directory.Exists(store) ? Directory.GetFiles(store).Length : 0;

        // A national reviewer may not change sources; a focal point may not change one they did not add.
        var reviewer = await app.WithTokenOf(world.Users["reviewer-in"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.PutAsync($"/api/v1/assessments/{id}/evidence/{evidenceId}/file",
            FileForm("a.txt", new byte[1000]))).StatusCode);
        var focal = await app.WithTokenOf(world.Users["focal-point-in"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await focal.PutAsync($"/api/v1/assessments/{id}/evidence/{evidenceId}/file",
            FileForm("a.txt", new byte[1000]))).StatusCode);
        // A locked stage: refused after the permission check, before anything is stored.
        await app.WithDb(db => db.Assessments.Where(a => a.Id == id).ExecuteUpdateAsync(u => u.SetProperty(a => a.Stage, Stage.Approved)));
        var coordinator = await app.WithTokenOf(world.Users["coordinator-in"]);
        Assert.Equal(HttpStatusCode.Conflict, (await coordinator.PutAsync($"/api/v1/assessments/{id}/evidence/{evidenceId}/file",
            FileForm("a.txt", "locked"u8.ToArray()))).StatusCode);
        Assert.Equal(0, Files());
    }

    [Theory, AllProviders]
    public async Task ControlCharacters_AreRefusedNamingTheField_AndAWriteFailureIsNotCalledStale(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync(Stage.DataCollection);
        var id = world.AssessmentId;
        var coordinator = await app.WithTokenOf(world.Users["coordinator-in"]);

        var comment = await Problem(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/comments", new { text = "a\u0000b" }), HttpStatusCode.BadRequest);
        Assert.Equal("request.control_character", comment.GetProperty("code").GetString());
        Assert.Equal("text", comment.GetProperty("errors")[0].GetProperty("location").GetString());
        var evidence = await Problem(await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/evidence", new { titleEs = "x\u0007", type = "report" }),
            HttpStatusCode.BadRequest);
        Assert.Equal("titleEs", evidence.GetProperty("errors")[0].GetProperty("location").GetString());
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/assessments/{id}/answers/{world.AssignedCode}")
        {
            Content = JsonContent.Create(new { status = "no", narrativeEs = "No\u0000existe" }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
        var answer = await coordinator.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(0, await app.WithDb(db => db.Comments.CountAsync()));
        Assert.Equal(0, await app.WithDb(db => db.AnswerRevisions.CountAsync()));

        // Tab and line breaks are text, not control characters.
        Assert.Equal(HttpStatusCode.Created, (await coordinator.PostAsJsonAsync($"/api/v1/assessments/{id}/comments",
            new { text = "line one\nline two\tend" })).StatusCode);
    }

    [Fact]
    public async Task ControlCharacters_AreRefusedBeforeAnySave_WhateverTheWriter()
    {
        await using var core = await CoreServices.StartAsync(DatabaseProviders.Sqlite);
        var e = await Assert.ThrowsAsync<InputRejectedException>(() => core.Db(async db =>
        {
            var country = await TestData.CountryAsync(db, "XQ");
            db.Jurisdictions.Add(new Faro.Places.Jurisdiction { CountryId = country.Id, Name = "Villa\u0000Nula", AdminLevel = 2, IsFictional = true });
            await db.SaveChangesAsync();
        }));
        Assert.Equal("name", e.Errors.Single().Location);
    }

    [Theory, AllProviders]
    public async Task Api_UnknownMembersWrongTypesAndEmptyBodies_AreProblemDocumentsNamingTheMember(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync(Stage.DataCollection);
        var id = world.AssessmentId;
        var coordinator = await app.WithTokenOf(world.Users["coordinator-in"]);

        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/assessments/{id}/answers/{world.AssignedCode}")
        {
            Content = new StringContent("{\"status\":\"no\",\"narrative\":{\"es\":\"x\"}}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
        var unknown = await Problem(await coordinator.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.Equal("request.unknown_member", unknown.GetProperty("code").GetString());
        Assert.Contains("narrative", unknown.GetProperty("errors")[0].GetProperty("location").GetString(), StringComparison.Ordinal);

        var wrongType = await Problem(await coordinator.PostAsync($"/api/v1/assessments/{id}/workshops",
            new StringContent("{\"kind\":\"launch\",\"attendance\":\"many\"}", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.Equal("request.invalid_json", wrongType.GetProperty("code").GetString());
        Assert.Equal("attendance", wrongType.GetProperty("errors")[0].GetProperty("location").GetString());

        var malformed = await Problem(await coordinator.PostAsync($"/api/v1/assessments/{id}/comments",
            new StringContent("{\"text\":", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.Equal("request.invalid_json", malformed.GetProperty("code").GetString());
        var empty = await Problem(await coordinator.PostAsync($"/api/v1/assessments/{id}/comments", new StringContent("", System.Text.Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest);
        Assert.Equal("request.body_missing", empty.GetProperty("code").GetString());
        Assert.Equal(0, await app.WithDb(db => db.AnswerRevisions.CountAsync()));

        // HEAD is answered like GET; a route that does not exist is a problem document, not the HTML page.
        Assert.Equal(HttpStatusCode.OK, (await coordinator.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/v1/assessments/{id}"))).StatusCode);
        await Problem(await coordinator.GetAsync("/api/v1/no-such-thing"), HttpStatusCode.NotFound);
    }

    [Theory, AllProviders]
    public async Task Transitions_AuthoriseBeforeReadingTheBody(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync(Stage.DataCollection);
        var anonymous = app.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"/api/v1/assessments/{world.AssessmentId}/transitions",
            new StringContent("not json", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync($"/api/v1/assessments/{world.AssessmentId}/transitions",
            new { to = "nowhere" })).StatusCode);
        var coordinator = await app.WithTokenOf(world.Users["coordinator-in"]);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.PostAsJsonAsync("/api/v1/assessments/999999/transitions", new { to = "nowhere" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await coordinator.PostAsJsonAsync($"/api/v1/assessments/{world.AssessmentId}/transitions",
            new { to = "nowhere" })).StatusCode);
    }

    [Theory, AllProviders]
    public async Task WorkshopMinutes_OfAPublishedAssessment_AreNotPublic(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync(Stage.Published);
        await app.WithDb(async db =>
        {
            db.Workshops.Add(new Workshop
            {
                AssessmentId = world.AssessmentId,
                Kind = WorkshopKind.Validation,
                Status = WorkshopStatus.Held,
                Date = new DateOnly(2026, 1, 11),
                Minutes = new("Internal minutes", "Acta interna"),
            });
            await db.SaveChangesAsync();
        });
        var anonymous = await app.Anonymous().GetStringAsync($"/api/v1/assessments/{world.AssessmentId}/workshops");
        Assert.DoesNotContain("Acta interna", anonymous, StringComparison.Ordinal);
        Assert.DoesNotContain("Internal minutes", anonymous, StringComparison.Ordinal);
        var coordinator = await app.WithTokenOf(world.Users["coordinator-in"]);
        Assert.Contains("Acta interna", await coordinator.GetStringAsync($"/api/v1/assessments/{world.AssessmentId}/workshops"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_AreForTheApiOnly_CannotCreateTokens_AndABadOneIs401()
    {
        using var app = new FaroApp();
        var world = await app.WorkflowWorldAsync(Stage.DataCollection);
        var viaToken = await app.WithTokenOf(world.Users["coordinator-in"]);

        var minted = await Problem(await viaToken.PostAsJsonAsync("/api/v1/tokens", new { name = "child" }), HttpStatusCode.Forbidden);
        Assert.Equal("token.by_token", minted.GetProperty("code").GetString());
        // A token on a page is not a session: the page asks to sign in.
        var page = await viaToken.GetAsync("/account/two-factor");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/account/sign-in", page.Headers.Location?.ToString(), StringComparison.Ordinal);

        var bad = app.WithToken("faro_not-a-real-token");
        var refused = await Problem(await bad.GetAsync("/api/v1/assessments"), HttpStatusCode.Unauthorized);
        Assert.Equal("auth.invalid_token", refused.GetProperty("code").GetString());

        // A signed-in session may create a token (with JSON, which a cross-site form cannot send).
        var browser = await app.SignedInAs(WorkflowWorld.Email("coordinator-in"), WorkflowWorld.Password);
        Assert.Equal(HttpStatusCode.Created, (await browser.PostAsJsonAsync("/api/v1/tokens", new { name = "mine" })).StatusCode);
        // ... but a body-less cookie POST, which a cross-site form could send, needs the antiforgery header.
        var admin = await app.SignedInAs(WorkflowWorld.Email("admin"), WorkflowWorld.Password);
        var disable = await admin.PostAsync($"/api/v1/users/{world.Users["researcher-in"]}/disable", null);
        Assert.Equal("request.antiforgery", (await Problem(disable, HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        Assert.False(await app.WithDb(db => db.Users.Where(u => u.Id == world.Users["researcher-in"]).Select(u => u.IsDisabled).SingleAsync()));
    }

    [Fact]
    public async Task TwoFactor_CannotBeTurnedOffWithoutThePasswordOrACode()
    {
        using var app = new FaroApp();
        var world = await app.WorkflowWorldAsync(Stage.DataCollection);
        var userId = world.Users["researcher-in"];
        var browser = await app.SignedInAs(WorkflowWorld.Email("researcher-in"), WorkflowWorld.Password);
        // Turned on behind the session's back (the security stamp stays), as if done on another device.
        await app.WithDb(db => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.TwoFactorEnabled, true)));
        var refused = await browser.PostForm("/account/two-factor?handler=Disable", new() { ["password"] = "wrong-password-123" }, "/account/two-factor");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True(await app.WithDb(db => db.Users.Where(u => u.Id == userId).Select(u => u.TwoFactorEnabled).SingleAsync()));
        var done = await browser.PostForm("/account/two-factor?handler=Disable", new() { ["password"] = WorkflowWorld.Password }, "/account/two-factor");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.False(await app.WithDb(db => db.Users.Where(u => u.Id == userId).Select(u => u.TwoFactorEnabled).SingleAsync()));
    }

    [Fact]
    public async Task SignIn_SaysTheSameForUnknownAndLockedAccounts_AndAHostileReturnUrlIsIgnored()
    {
        using var app = new FaroApp();
        var world = await app.WorkflowWorldAsync(Stage.DataCollection);
        var email = WorkflowWorld.Email("researcher-in");
        var browser = app.Browser();
        for (var i = 0; i < 6; i++)
        {
            await browser.PostForm("/account/sign-in", new() { ["email"] = email, ["password"] = "wrong-password-" + i });
        }

        var locked = await (await browser.PostForm("/account/sign-in", new() { ["email"] = email, ["password"] = "wrong-password-x" })).Content.ReadAsStringAsync();
        var unknown = await (await browser.PostForm("/account/sign-in", new() { ["email"] = "nobody@test.example", ["password"] = "wrong-password-x" }))
            .Content.ReadAsStringAsync();
        Assert.Equal(ErrorText().Match(unknown).Value, ErrorText().Match(locked).Value);
        Assert.NotEmpty(ErrorText().Match(locked).Value);

        var signedIn = app.Browser();
        var response = await signedIn.PostForm("/account/sign-in?returnUrl=%2F%01evil", new()
        {
            ["email"] = WorkflowWorld.Email("coordinator-in"),
            ["password"] = WorkflowWorld.Password,
            ["returnUrl"] = "/\u0001evil",
        }, "/account/sign-in");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task SignOut_WithoutAntiforgeryToken_IsRefused()
    {
        using var app = new FaroApp();
        await app.WorkflowWorldAsync(Stage.DataCollection);
        var browser = await app.SignedInAs(WorkflowWorld.Email("coordinator-in"), WorkflowWorld.Password);
        var response = await browser.PostAsync("/account/sign-out", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task BehindAProxy_TheAntiforgeryCookieIsSecure()
    {
        using var app = new FaroApp();
        using var proxied = app.WithWebHostBuilder(b => b.UseSetting("Faro:BehindProxy", "true"));
        var client = proxied.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/sign-in");
        request.Headers.Add("X-Forwarded-Proto", "https");
        var response = await client.SendAsync(request);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("faro.af=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UserAdd_ARepetitivePasswordOrAnInstitutionOfAnotherCountry_IsRefused()
    {
        using var app = new FaroApp();
        var world = await app.WorkflowWorldAsync(Stage.DataCollection);
        var weak = await Assert.ThrowsAsync<InputRejectedException>(() => app.WithService<Faro.People.User, Faro.People.UserService>(u =>
            u.AddAsync("weak@test.example", "Weak", Faro.People.Role.Researcher, new Faro.People.ScopeSpec(null, world.AssessmentId, null), "aaaaaaaaaaaa", "test")));
        Assert.Equal("password", weak.Errors.Single().Location);
        Assert.Equal("La contraseña debe usar al menos 5 caracteres distintos.", weak.Errors.Single().Message.Es);
        var elsewhere = await Assert.ThrowsAsync<InputRejectedException>(() => app.WithService<Faro.People.User, Faro.People.UserService>(u =>
            u.AddAsync("fp@test.example", "FP", Faro.People.Role.FocalPoint, new Faro.People.ScopeSpec(null, world.AssessmentId, world.OtherMunicipalityId),
                WorkflowWorld.Password, "test")));
        Assert.Equal("user.institution_elsewhere", elsewhere.Errors.Single().Code);
        Assert.False(await app.WithDb(db => db.Users.AnyAsync(u => u.Email == "weak@test.example" || u.Email == "fp@test.example")));
    }

    [Fact]
    public async Task OrphanSweep_RemovesOldUnreferencedFiles_AndKeepsReferencedAndRecentOnes()
    {
        await using var core = await CoreServices.StartAsync(DatabaseProviders.Sqlite);
        var (kept, orphan, recent) = await core.Run<EvidenceFiles, (StoredFile, StoredFile, StoredFile)>(async files =>
        {
            async Task<StoredFile> Store(string text)
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(text);
                await using var s = new MemoryStream(bytes);
                return await files.StoreAsync("f.txt", bytes.Length, s);
            }

            return (await Store("cited"), await Store("orphan"), await Store("in flight"));
        });
        await core.Db(async db =>
        {
            var country = await TestData.CountryAsync(db);
            var assessment = await TestData.CityAssessmentAsync(db, country, "Villa Barrida", answered: 0);
            db.Evidence.Add(new Evidence { AssessmentId = assessment.Id, Title = new("Cited", "Citada"), FileSha256 = kept.Sha256, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        var store = Path.Combine(core.Database.Options.FullDataDirectory, "evidence");
        foreach (var f in new[] { kept, orphan })
        {
            File.SetLastWriteTimeUtc(Path.Combine(store, f.Sha256), DateTime.UtcNow.AddDays(-2));
        }

        var removed = await core.Run<EvidenceFiles, int>(files => core.Db(db => files.SweepOrphansAsync(db, TimeSpan.FromHours(1), DateTime.UtcNow)));
        Assert.Equal(1, removed);
        Assert.True(File.Exists(Path.Combine(store, kept.Sha256)));
        Assert.False(File.Exists(Path.Combine(store, orphan.Sha256)));
        Assert.True(File.Exists(Path.Combine(store, recent.Sha256)));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("<div class=\"error-summary\"[^>]*>\\s*<p>[^<]*</p>")]
    private static partial Regex ErrorText();
}
