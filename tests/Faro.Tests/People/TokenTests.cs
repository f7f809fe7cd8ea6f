using System.Net;
using Faro.People;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.People;

public class TokenTests
{
    [Theory, AllProviders]
    public async Task OnlyTheHashIsStored_AndTheTokenWorksUntilRevoked(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync();
        var created = await app.WithService<CreatedToken, TokenService>(t => t.CreateAsync(Actor.System("test"), world.Users["researcher-in"], "laptop", null));
        var stored = await app.WithDb(db => db.AccessTokens.AsNoTracking().SingleAsync(t => t.Id == created.Id));
        Assert.Equal(TokenService.Hash(created.Token), stored.Hash);
        Assert.DoesNotContain(created.Token, stored.Hash + stored.Prefix + stored.Name, StringComparison.Ordinal);
        Assert.Equal(64, stored.Hash.Length);
        Assert.StartsWith("faro_", created.Token, StringComparison.Ordinal);

        var client = app.WithToken(created.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
        var other = await app.WithTokenOf(world.Users["coordinator-in"]);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/v1/tokens/{created.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/tokens/{created.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(2, await app.WithDb(db => db.Audit.CountAsync(a => a.EntityType == "token" && a.EntityId == created.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Theory, AllProviders]
    public async Task ExpiredTokens_AndTokensOfDisabledUsers_AreRejected(string provider)
    {
        using var app = new FaroApp(provider);
        var clock = app.UseFakeClock();
        var world = await app.WorkflowWorldAsync();
        var created = await app.WithService<CreatedToken, TokenService>(t => t.CreateAsync(Actor.System("test"), world.Users["researcher-in"], "short",
            clock.GetUtcNow().UtcDateTime.AddHours(1)));
        var shortLived = app.WithToken(created.Token);
        Assert.Equal(HttpStatusCode.OK, (await shortLived.GetAsync("/api/v1/me")).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(HttpStatusCode.Unauthorized, (await shortLived.GetAsync("/api/v1/me")).StatusCode);

        var researcher = await app.WithTokenOf(world.Users["researcher-in"]);
        var browser = await app.SignedInAs(WorkflowWorld.Email("researcher-in"), WorkflowWorld.Password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/me")).StatusCode);
        var admin = await app.WithTokenOf(world.Users["admin"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await researcher.PostAsync($"/api/v1/users/{world.Users["admin"]}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/users/{world.Users["researcher-in"]}/disable", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await researcher.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/me")).StatusCode);
        var page = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/account/sign-in", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("user.disabled", await app.WithDb(db => db.Audit.Select(a => a.Action).ToListAsync()));
    }

    [Theory, AllProviders]
    public async Task CliTokenCreate_PrintsOnlyTheToken_AndRefusesAnUnknownUser(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync();
        var result = await FaroCli.RunAsync(app.Database, "token", "create", "--user", WorkflowWorld.Email("reviewer-in"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        var token = result.Stdout.TrimEnd('\n');
        Assert.Matches("^faro_[A-Za-z0-9_-]{43}$", token);
        // The token acts with its owner's scope: a national reviewer does not see data collection.
        Assert.Equal(HttpStatusCode.NotFound, (await app.WithToken(token).GetAsync($"/api/v1/assessments/{world.AssessmentId}/answers")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.WithToken(token).GetAsync("/api/v1/me")).StatusCode);

        var unknown = await FaroCli.RunAsync(app.Database, "token", "create", "--user", "nobody@test.example");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal("", unknown.Stdout);
        Assert.Contains("--user", unknown.Stderr, StringComparison.Ordinal);
        var past = await FaroCli.RunAsync(app.Database, "token", "create", "--user", WorkflowWorld.Email("reviewer-in"), "--expires", "2001-01-01");
        Assert.Equal(2, past.ExitCode);
        Assert.Contains("--expires", past.Stderr, StringComparison.Ordinal);
    }
}
