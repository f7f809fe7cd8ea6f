using System.Net;
using Faro.People;
using Faro.Tests.Infrastructure;

namespace Faro.Tests.Web;

public class HostTests
{
    [Theory, AllProviders]
    public async Task Health_AndReadiness_Answer200(string provider)
    {
        using var app = new FaroApp(provider);
        var client = app.Browser();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_IsServed()
    {
        using var app = new FaroApp();
        var response = await app.Browser().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"openapi\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_WhenSignedOut_RedirectsToSignIn()
    {
        using var app = new FaroApp();
        var response = await app.Browser().GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/account/sign-in", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Theory, AllProviders]
    public async Task Home_ListsOnlyTheAssessmentsInTheUsersScope(string provider)
    {
        using var app = new FaroApp(provider);
        var (mine, other) = await app.WithDb(async db =>
        {
            var xt = await TestData.CountryAsync(db, "XT");
            var xu = await TestData.CountryAsync(db, "XU");
            return (await TestData.CityAssessmentAsync(db, xt, "Villa Mía"), await TestData.CityAssessmentAsync(db, xu, "Villa Ajena"));
        });
        await app.WithService<User, UserService>(u => u.AddAsync("coord@example.org", "Coord", Role.Coordinator, new ScopeSpec("XT", null, null), "a-long-password-1", "test"));

        var client = await app.SignedInAs("coord@example.org", "a-long-password-1");
        var home = await client.GetStringAsync("/");

        Assert.Contains("Villa Mía", home, StringComparison.Ordinal);
        Assert.DoesNotContain("Villa Ajena", home, StringComparison.Ordinal);
        Assert.Contains("10 de 88 respondidos", home, StringComparison.Ordinal);
        _ = (mine, other);
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_SaysSoInSpanish_AndLocksAfterFiveFailures()
    {
        using var app = new FaroApp();
        await app.WithService<User, UserService>(u => u.AddAsync("ana@example.org", "Ana", Role.Admin, ScopeSpec.None, "a-long-password-1", "test"));
        var client = app.Browser();
        for (var i = 0; i < 4; i++)
        {
            var page = await (await client.PostForm("/account/sign-in", new() { ["email"] = "ana@example.org", ["password"] = "wrong" })).Content.ReadAsStringAsync();
            Assert.Contains("El correo o la contraseña no son correctos.", page, StringComparison.Ordinal);
        }

        var fifth = await (await client.PostForm("/account/sign-in", new() { ["email"] = "ana@example.org", ["password"] = "wrong" })).Content.ReadAsStringAsync();
        Assert.Contains("bloqueada", fifth, StringComparison.Ordinal);
        var right = await client.PostForm("/account/sign-in", new() { ["email"] = "ana@example.org", ["password"] = "a-long-password-1" });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task LanguageSwitch_IsRememberedForTheUser()
    {
        using var app = new FaroApp();
        await app.WithService<User, UserService>(u => u.AddAsync("ana@example.org", "Ana", Role.Admin, ScopeSpec.None, "a-long-password-1", "test"));
        var client = await app.SignedInAs("ana@example.org", "a-long-password-1");
        Assert.Contains("<html lang=\"es\">", await client.GetStringAsync("/"), StringComparison.Ordinal);

        var switched = await client.PostForm("/account/language", new() { ["lang"] = "en", ["returnUrl"] = "/" }, formPage: "/");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);

        // A new browser (no language cookie) still gets English: the choice is stored on the user.
        var fresh = await app.SignedInAs("ana@example.org", "a-long-password-1");
        var home = await fresh.GetStringAsync("/");
        Assert.Contains("<html lang=\"en\">", home, StringComparison.Ordinal);
        Assert.Contains("Assessments", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LanguageSwitch_WithoutAntiforgeryToken_IsRefused()
    {
        using var app = new FaroApp();
        var response = await app.Browser().PostAsync("/account/language", new FormUrlEncodedContent(new Dictionary<string, string> { ["lang"] = "en" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("en;q=0.3, es-PA;q=0.9", "es")]
    [InlineData("es;q=0.2, en-GB;q=0.8", "en")]
    [InlineData("fr, en;q=0.5, es;q=0.4", "en")]
    [InlineData("fr, de;q=0.5", "es")]
    public async Task AcceptLanguage_IsNegotiatedByQValue_WithRegionalFallback_AndSpanishWhenNeitherIsAsked(string header, string expected)
    {
        using var app = new FaroApp();
        var request = new HttpRequestMessage(HttpMethod.Get, "/account/sign-in");
        request.Headers.TryAddWithoutValidation("Accept-Language", header);
        var page = await (await app.CreateClient(new() { HandleCookies = false }).SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains($"<html lang=\"{expected}\">", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LanguageCookie_GoesBeforeAcceptLanguage()
    {
        using var app = new FaroApp();
        var request = new HttpRequestMessage(HttpMethod.Get, "/account/sign-in");
        request.Headers.TryAddWithoutValidation("Accept-Language", "es");
        request.Headers.TryAddWithoutValidation("Cookie", "faro.lang=en");
        var page = await (await app.CreateClient(new() { HandleCookies = false }).SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en\">", page, StringComparison.Ordinal);
    }
}
