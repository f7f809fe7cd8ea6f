using System.Net;
using Faro.People;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.People;

public class UsersPageTests
{
    private const string Password = "a-long-password-1";

    [Theory, AllProviders]
    public async Task ACoordinator_GrantsARoleToAnExistingUser_FromTheLists_AndRevokesIt(string provider)
    {
        using var app = new FaroApp(provider);
        await app.WithService<User, UserService>(u => u.AddAsync("coord@users.test", "Coordinadora", Role.Coordinator, new ScopeSpec("PA", null, null), Password, "test", language: "en"));
        var reviewer = await app.WithService<User, UserService>(u => u.AddAsync("reviewer@users.test", "Revisor", Role.NationalReviewer, new ScopeSpec("PA", null, null), Password, "test"));
        var browser = await app.SignedInAs("coord@users.test", Password);
        var page = await browser.GetStringAsync("/people/users");
        Assert.Contains("Grant a role to someone already here", page, StringComparison.Ordinal);
        var id = reviewer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // A coordinator cannot grant admin, and a coordinator role needs a country from the list.
        var forged = await browser.PostForm("/people/users?handler=Grant", new() { ["GrantUser"] = id, ["RoleCode"] = "admin" }, "/people/users");
        Assert.Contains("Role: ", WebUtility.HtmlDecode(await forged.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var noCountry = await browser.PostForm("/people/users?handler=Grant", new() { ["GrantUser"] = id, ["RoleCode"] = "coordinator", ["Country"] = "CO" }, "/people/users");
        Assert.Equal(HttpStatusCode.OK, noCountry.StatusCode);
        Assert.Equal(1, await app.WithDb(db => db.RoleAssignments.CountAsync(r => r.UserId == reviewer.Id)));

        var granted = await browser.PostForm("/people/users?handler=Grant", new() { ["GrantUser"] = id, ["RoleCode"] = "coordinator", ["Country"] = "PA" }, "/people/users");
        Assert.Equal(HttpStatusCode.Redirect, granted.StatusCode);
        var role = await app.WithDb(db => db.RoleAssignments.SingleAsync(r => r.UserId == reviewer.Id && r.Role == Role.Coordinator));
        Assert.True(await app.WithDb(db => db.Audit.AnyAsync(a => a.EntityType == "user" && a.EntityId == id && a.Action.Contains("role"))));

        var revoked = await browser.PostForm($"/people/users?handler=Revoke&id={id}&roleId={role.Id}", [], "/people/users");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.False(await app.WithDb(db => db.RoleAssignments.AnyAsync(r => r.Id == role.Id)));
    }

    [Fact]
    public async Task ForgotPassword_WithSmtp_MailsAOneTimeLinkThatSetsANewPassword()
    {
        await using var smtp = TinySmtpServer.Start();
        using var app = new FaroApp();
        app.Settings["Faro:Smtp:Host"] = "127.0.0.1";
        app.Settings["Faro:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["Faro:Smtp:Security"] = "None";
        app.Settings["Faro:Smtp:From"] = "faro@test.example";
        await app.WithService<User, UserService>(u => u.AddAsync("olvido@users.test", "Olvido", Role.NationalReviewer, new ScopeSpec("PA", null, null), Password, "test"));

        var browser = app.Browser();
        var asked = await browser.PostForm("/account/forgot-password", new() { ["Email"] = "olvido@users.test" });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var unknown = await browser.PostForm("/account/forgot-password", new() { ["Email"] = "nobody@users.test" });
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);

        // One message, to the user who exists, in their language, with the link.
        var mail = Assert.Single(smtp.Messages);
        Assert.Contains("RCPT TO:<olvido@users.test>", mail, StringComparison.Ordinal);
        Assert.Contains("restablecer su contraseña", mail, StringComparison.Ordinal);
        var link = System.Text.RegularExpressions.Regex.Match(mail, @"https?://[^/\s]+(/account/set-password\?token=[^\s]+)").Groups[1].Value;
        Assert.NotEmpty(link);
        var token = Uri.UnescapeDataString(link[(link.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        var set = await browser.PostForm(link, new() { ["Token"] = token, ["Password"] = "a-brand-new-passphrase", ["Confirm"] = "a-brand-new-passphrase" });
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        await app.SignedInAs("olvido@users.test", "a-brand-new-passphrase");
    }
}
