using System.Net;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Places;

/// Issue 10 item 1: with the demo off, Faro starts on an empty database and the sign-in page says
/// how to create the first administrator, in both languages; nothing demo-like exists.
public class FirstRunTests
{
    [Theory, AllProviders]
    public async Task WithoutTheDemo_SignInExplainsTheFirstAdmin_InBothLanguages_AndNothingDemoExists(string provider)
    {
        using var app = new FaroApp(provider, seedDemo: false);
        var browser = app.Browser();

        foreach (var (lang, heading) in new[] { ("en", "Nobody can sign in yet"), ("es", "Todavía nadie puede iniciar sesión") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/account/sign-in");
            request.Headers.AcceptLanguage.ParseAdd(lang);
            var response = await browser.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.Contains(heading, html, StringComparison.Ordinal);
            Assert.Contains("faro user add --email you@example.org --name \"Your Name\" --role admin", html, StringComparison.Ordinal);
        }

        var (assessments, fictional, jurisdictions, users, countries) = await app.WithDb(async db => (
            await db.Assessments.CountAsync(), await db.Countries.CountAsync(c => c.IsFictional),
            await db.Jurisdictions.CountAsync(), await db.Users.CountAsync(), await db.Countries.CountAsync()));
        Assert.Equal((0, 0, 0, 0), (assessments, fictional, jurisdictions, users));
        Assert.Equal(249, countries);

        // Once an administrator exists the hint is gone: the sign-in page reveals no more than that.
        await app.WithService<bool, Faro.People.UserService>(async u =>
        {
            await u.AddAsync("admin@example.org", "Admin", Faro.People.Role.Admin, Faro.People.ScopeSpec.None, "a-long-enough-passphrase", actor: null);
            return true;
        });
        var after = await (await browser.GetAsync("/account/sign-in")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("first-run", after, StringComparison.Ordinal);
    }
}
