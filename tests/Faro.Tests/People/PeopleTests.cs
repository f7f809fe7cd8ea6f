using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Faro.People;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.People;

public partial class PeopleTests
{
    private const string Strong = "seven blue herons over the river";

    [Theory, AllProviders]
    public async Task CoordinatorInvites_TheLinkSetsAPasswordOnce_AndOnlyItsHashIsStored(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync();
        var coordinator = await app.SignedInAs(WorkflowWorld.Email("coordinator-in"), WorkflowWorld.Password);
        var posted = await coordinator.PostForm("/people/users", new()
        {
            ["Email"] = "new.researcher@test.example",
            ["Name"] = "Nora Nueva (fictional)",
            ["RoleCode"] = "researcher",
            ["Assessment"] = world.AssessmentId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Language"] = "en",
        });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var page = await coordinator.GetStringAsync("/people/users");
        var url = new Uri(WebUtility.HtmlDecode(InviteLink().Match(page).Groups[1].Value));
        var secret = Uri.UnescapeDataString(url.Query["?token=".Length..]);
        // Shown once: the next view of the page no longer has it.
        Assert.DoesNotMatch(InviteLink(), await coordinator.GetStringAsync("/people/users"));

        var link = await app.WithDb(db => db.PasswordLinks.AsNoTracking().SingleAsync());
        Assert.Equal(TokenService.Hash(secret), link.Hash);
        Assert.Null(link.UsedAt);
        Assert.True(link.ExpiresAt <= DateTime.UtcNow.AddDays(7).AddMinutes(1));

        var invited = app.Browser();
        Assert.Equal(HttpStatusCode.OK, (await invited.GetAsync(url.PathAndQuery)).StatusCode);
        // The shipped list refuses a common password, in the user's language, and changes nothing.
        var common = await invited.PostForm(url.PathAndQuery, new() { ["Token"] = secret, ["Password"] = "1qaz2wsx3edc4rfv", ["Confirm"] = "1qaz2wsx3edc4rfv" });
        Assert.Equal(HttpStatusCode.OK, common.StatusCode);
        Assert.Contains("demasiado común", await common.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await app.WithDb(db => db.Users.Where(u => u.Email == "new.researcher@test.example").Select(u => u.PasswordHash).SingleAsync()));
        var tooShort = await invited.PostForm(url.PathAndQuery, new() { ["Token"] = secret, ["Password"] = "short-one", ["Confirm"] = "short-one" });
        Assert.Contains("al menos 12 caracteres", await tooShort.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var set = await invited.PostForm(url.PathAndQuery, new() { ["Token"] = secret, ["Password"] = Strong, ["Confirm"] = Strong });
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        await app.SignedInAs("new.researcher@test.example", Strong);

        // Single use: the same link is refused afterwards.
        Assert.Equal(HttpStatusCode.NotFound, (await app.Browser().GetAsync(url.PathAndQuery)).StatusCode);
        var again = await invited.PostForm(url.PathAndQuery, new() { ["Token"] = secret, ["Password"] = Strong + "x", ["Confirm"] = Strong + "x" }, "/account/sign-in");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var actions = await app.WithDb(db => db.Audit.Select(a => a.Action).ToListAsync());
        Assert.Contains("user.role_granted", actions);
        Assert.Contains("user.password_set", actions);
    }

    [Theory, AllProviders]
    public async Task AnExpiredLink_IsRefused(string provider)
    {
        using var app = new FaroApp(provider);
        var clock = app.UseFakeClock();
        var world = await app.WorkflowWorldAsync();
        var admin = await app.WithTokenOf(world.Users["admin"]);
        var created = await admin.PostAsJsonAsync("/api/v1/users/invitations",
            new { email = "late@test.example", name = "Late (fictional)", role = "national-reviewer", scope = "country:XT", language = "es" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var view = (await created.Content.ReadFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>())!;
        var url = new Uri(view["link"].GetString()!);
        clock.Advance(UserService.InviteLifetime + TimeSpan.FromMinutes(1));
        var page = await app.Browser().GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("ya no es válido", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory, AllProviders]
    public async Task InvitingAndRevoking_FollowRoleAndScope(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync();
        var coordinator = await app.WithTokenOf(world.Users["coordinator-in"]);
        var researcher = await app.WithTokenOf(world.Users["researcher-in"]);
        object Invite(string role, string scope) => new { email = "x@test.example", name = "X (fictional)", role, scope, language = "en" };

        // Never an admin, never another country, never by a researcher.
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.PostAsJsonAsync("/api/v1/users/invitations", Invite("admin", ""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.PostAsJsonAsync("/api/v1/users/invitations", Invite("coordinator", "country:XU"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.PostAsJsonAsync("/api/v1/users/invitations",
            Invite("focal-point", $"assessment:{world.AssessmentId},institution:{world.OtherMunicipalityId}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await researcher.PostAsJsonAsync("/api/v1/users/invitations", Invite("coordinator", "country:XT"))).StatusCode);
        Assert.Equal(0, await app.WithDb(db => db.Users.CountAsync(u => u.Email == "x@test.example")));

        var ok = await coordinator.PostAsJsonAsync("/api/v1/users/invitations",
            Invite("focal-point", $"assessment:{world.AssessmentId},institution:{world.HealthOfficeId}"));
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var userId = await app.WithDb(db => db.Users.Where(u => u.Email == "x@test.example").Select(u => u.Id).SingleAsync());
        var roleId = await app.WithDb(db => db.RoleAssignments.Where(r => r.UserId == userId).Select(r => r.Id).SingleAsync());

        // XU's coordinator does not see this person; a researcher may not revoke; XT's coordinator may.
        var outside = await app.WithTokenOf(world.Users["coordinator-out"]);
        Assert.Equal(HttpStatusCode.NotFound, (await outside.DeleteAsync($"/api/v1/users/{userId}/roles/{roleId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outside.PostAsync($"/api/v1/users/{userId}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await researcher.DeleteAsync($"/api/v1/users/{userId}/roles/{roleId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.PostAsync($"/api/v1/users/{userId}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.PostAsync($"/api/v1/users/{userId}/enable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.DeleteAsync($"/api/v1/users/{userId}/roles/{roleId}")).StatusCode);
        Assert.False(await app.WithDb(db => db.RoleAssignments.AnyAsync(r => r.Id == roleId)));

        // A coordinator may not touch an admin, nor disable someone who also works in another country.
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.PostAsync($"/api/v1/users/{world.Users["admin"]}/disable", null)).StatusCode);
        var admin = await app.WithTokenOf(world.Users["admin"]);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/v1/users/{world.Users["researcher-in"]}/roles",
            new { role = "researcher", scope = $"assessment:{world.OtherAssessmentId}" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.PostAsync($"/api/v1/users/{world.Users["researcher-in"]}/disable", null)).StatusCode);
        var actions = await app.WithDb(db => db.Audit.Select(a => a.Action).ToListAsync());
        Assert.Contains("user.role_revoked", actions);
        Assert.Contains("user.disabled", actions);
        Assert.Contains("user.enabled", actions);
    }

    [Theory, AllProviders]
    public async Task ChangingThePassword_NeedsTheCurrentOne_AndTheLanguageIsRemembered(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync();
        var me = await app.SignedInAs(WorkflowWorld.Email("researcher-in"), WorkflowWorld.Password);
        var wrong = await me.PostForm("/account/settings?handler=Password", new() { ["Current"] = "not-my-password", ["Password"] = Strong, ["Confirm"] = Strong }, "/account/settings");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("current password is not right", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var changed = await me.PostForm("/account/settings?handler=Password", new() { ["Current"] = WorkflowWorld.Password, ["Password"] = Strong, ["Confirm"] = Strong }, "/account/settings");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        await app.SignedInAs(WorkflowWorld.Email("researcher-in"), Strong);
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.SignedInAs(WorkflowWorld.Email("researcher-in"), WorkflowWorld.Password));

        var language = await me.PostForm("/account/settings?handler=Language", new() { ["Language"] = "es" }, "/account/settings");
        Assert.Equal(HttpStatusCode.Redirect, language.StatusCode);
        Assert.Equal("es", await app.WithDb(db => db.Users.Where(u => u.Id == world.Users["researcher-in"]).Select(u => u.PreferredLanguage).SingleAsync()));
        var token = await app.WithTokenOf(world.Users["researcher-in"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await token.PutAsJsonAsync("/api/v1/me/language", new { language = "fr" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await token.PutAsJsonAsync("/api/v1/me/password", new { current = Strong, password = "password1234" })).StatusCode);
        Assert.Contains("user.password_changed", await app.WithDb(db => db.Audit.Select(a => a.Action).ToListAsync()));
        Assert.Contains("user.language_changed", await app.WithDb(db => db.Audit.Select(a => a.Action).ToListAsync()));
    }

    [Theory, AllProviders]
    public async Task ForgotPassword_AnswersTheSame_ForAnyAddress_AndTwoFactorShowsAQrCode(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync();
        // Without SMTP the page says whom to ask, and makes no link.
        var page = await app.Browser().GetStringAsync("/account/forgot-password");
        Assert.Contains("pida a su coordinador o administrador", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<form method=\"post\"", page, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDb(db => db.PasswordLinks.CountAsync()));
        // The service makes a link only for a known, enabled address; the page answers the same either way.
        Assert.Null(await app.WithService<(User, string)?, UserService>(u => u.RequestResetAsync("nobody@test.example", null)));
        Assert.NotNull(await app.WithService<(User, string)?, UserService>(u => u.RequestResetAsync(WorkflowWorld.Email("researcher-in"), null)));

        var me = await app.SignedInAs(WorkflowWorld.Email("researcher-in"), WorkflowWorld.Password);
        Assert.Contains("href=\"/account/settings\"", await me.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Contains("href=\"/account/two-factor\"", await me.GetStringAsync("/account/settings"), StringComparison.Ordinal);
        var twoFactor = await me.GetStringAsync("/account/two-factor");
        Assert.Matches("<svg[^>]*>.*<rect", twoFactor.Replace("\n", "", StringComparison.Ordinal));
        Assert.Equal(world.Users.Count, await app.WithDb(db => db.Users.CountAsync()));
    }

    [Fact]
    public void TheShippedList_RefusesCommonPasswords_InAnyCase()
    {
        Assert.True(CommonPasswordValidator.IsCommon("123qweasdzxc"));
        Assert.True(CommonPasswordValidator.IsCommon("1QAZ2wsx3edc4RFV"));
        Assert.True(CommonPasswordValidator.IsCommon("Password"));
        Assert.False(CommonPasswordValidator.IsCommon(Strong));
    }

    [GeneratedRegex("id=\"invite-link\">([^<]+)<")]
    private static partial Regex InviteLink();
}
