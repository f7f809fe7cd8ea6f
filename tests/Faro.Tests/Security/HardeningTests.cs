using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Faro.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Tests.Security;

public partial class HardeningTests
{
    private static HttpClient Client(WebApplicationFactory<Program> factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [Fact]
    public async Task PagesAndApi_CarryTheSecurityHeaders()
    {
        using var app = new FaroApp();
        var client = app.Browser();
        foreach (var url in new[] { "/account/sign-in", "/api/v1/assessments", "/api/v1/me", "/" })
        {
            var response = await client.GetAsync(url);
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        }
    }

    [Fact]
    public async Task SetPasswordPage_KeepsItsNoReferrerPolicy_SoTheTokenInItsAddressNeverLeaves()
    {
        using var app = new FaroApp();
        var response = await app.Browser().GetAsync("/account/set-password?token=abc");
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task AnOversizedApiBody_IsRefusedInTheCallersLanguage()
    {
        using var app = new FaroApp();
        using var small = app.WithWebHostBuilder(b => b.UseSetting("Faro:Limits:MaxRequestBodyMegabytes", "1"));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tokens") { Content = new ByteArrayContent(new byte[2 * 1024 * 1024]) };
        // English, not the default Spanish: the language is negotiated before the size check.
        request.Headers.TryAddWithoutValidation("Accept-Language", "en");
        var response = await small.CreateClient(new() { HandleCookies = false }).SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("request.too_large", body, StringComparison.Ordinal);
        Assert.Contains("The request is larger than 1 MB.", body, StringComparison.Ordinal);
    }

    /// The CSP forbids inline script and style, so the pages must not use them.
    [Fact]
    public void Pages_UseNoInlineScriptsStylesOrEventHandlers()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Faro.slnx")))
        {
            root = root.Parent!;
        }

        var offences = Directory.EnumerateFiles(Path.Combine(root.FullName, "src", "Faro.Web"), "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(file => InlineCode().Matches(File.ReadAllText(file)).Select(m => $"{Path.GetFileName(file)}: {m.Value}"))
            .ToList();
        Assert.Empty(offences);
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle\s*=|\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineCode();

    [Fact]
    public async Task Errors_ShowAGenericPage_AndAProblem_WithoutStackTraces()
    {
        using var app = new FaroApp();
        using var failing = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, ThrowingStartup>()));
        var client = Client(failing);
        var page = await client.GetAsync("/boom");
        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<h1>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("secret detail", html, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", html, StringComparison.Ordinal);
        Assert.True(page.Headers.Contains("Content-Security-Policy"));

        var api = await client.GetAsync("/api/v1/boom");
        Assert.Equal(HttpStatusCode.InternalServerError, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        var json = await api.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret detail", json, StringComparison.Ordinal);
        Assert.DoesNotContain("at Faro", json, StringComparison.Ordinal);
    }

    private sealed class ThrowingStartup : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Run(context => context.Request.Path.Value!.EndsWith("/boom", StringComparison.Ordinal)
                ? throw new InvalidOperationException("secret detail of the server")
                : Task.CompletedTask);
        };
    }

    [Fact]
    public async Task ARequestOverTheSizeLimit_IsRefusedWith413()
    {
        using var app = new FaroApp();
        using var small = app.WithWebHostBuilder(b => b.UseSetting("Faro:Limits:MaxRequestBodyMegabytes", "1"));
        var client = Client(small);
        var response = await client.PostAsync("/api/v1/tokens", new ByteArrayContent(new byte[2 * 1024 * 1024]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("request.too_large", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forms_WithoutTheAntiforgeryToken_AreRefused()
    {
        using var app = new FaroApp();
        var client = app.Browser();
        var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "a@b.c", ["password"] = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task BehindAProxy_PlainHttpIsRedirectedToHttps_AndForwardedHttpsIsServed()
    {
        using var app = new FaroApp();
        using var proxied = app.WithWebHostBuilder(b => b.UseSetting("Faro:BehindProxy", "true"));
        var client = Client(proxied);
        var plain = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
        Assert.StartsWith("https://", plain.Headers.Location!.ToString(), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("X-Forwarded-Proto", "https");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
    }

    [Theory, AllProviders]
    public async Task FiveWrongPasswords_LockTheAccount_EvenForTheRightPassword(string provider)
    {
        using var app = new FaroApp(provider);
        await app.WorkflowWorldAsync();
        var client = app.Browser();
        var email = WorkflowWorld.Email("researcher-in");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostForm("/account/sign-in", new() { ["email"] = email, ["password"] = "wrong-password-" + i })).StatusCode);
        }

        var right = await client.PostForm("/account/sign-in", new() { ["email"] = email, ["password"] = WorkflowWorld.Password });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("15", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var lockoutEnd = await app.WithDb(db => db.Users.Where(u => u.Email == email).Select(u => u.LockoutEnd).SingleAsync());
        Assert.True(lockoutEnd > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task SignIn_IsRateLimitedPerAccount_AndPerAddress()
    {
        using var app = new FaroApp();
        var client = app.Browser();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostForm("/account/sign-in", new() { ["email"] = "target@test.example", ["password"] = "guess-" + i })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests,
            (await client.PostForm("/account/sign-in", new() { ["email"] = "target@test.example", ["password"] = "guess" })).StatusCode);

        // 11 attempts so far from this address; 19 more on other accounts reach 30, then it stops.
        for (var i = 0; i < 19; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostForm("/account/sign-in", new() { ["email"] = $"other{i}@test.example", ["password"] = "guess" })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests,
            (await client.PostForm("/account/sign-in", new() { ["email"] = "fresh@test.example", ["password"] = "guess" })).StatusCode);
    }

    [Theory, AllProviders]
    public async Task TwoFactor_OnceEnabled_SignInAsksForTheAppsCode(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync();
        var email = WorkflowWorld.Email("coordinator-in");
        var browser = await app.SignedInAs(email, WorkflowWorld.Password);
        var setup = await browser.GetStringAsync("/account/two-factor");
        var key = Regex.Match(setup, "<code id=\"totp-key\">([A-Z2-7]+)</code>").Groups[1].Value;
        Assert.NotEmpty(key);
        Assert.Contains("otpauth://totp/Faro:", setup, StringComparison.Ordinal);
        var wrong = await browser.PostForm("/account/two-factor?handler=Enable", new() { ["code"] = "000000" }, "/account/two-factor");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var enabled = await browser.PostForm("/account/two-factor?handler=Enable", new() { ["code"] = Totp(key) }, "/account/two-factor");
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        Assert.True(await app.WithDb(db => db.Users.Where(u => u.Id == world.Users["coordinator-in"]).Select(u => u.TwoFactorEnabled).SingleAsync()));

        var fresh = app.Browser();
        var password = await fresh.PostForm("/account/sign-in", new() { ["email"] = email, ["password"] = WorkflowWorld.Password });
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.StartsWith("/account/sign-in-2fa", password.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fresh.GetAsync("/api/v1/me")).StatusCode);
        var code = await fresh.PostForm("/account/sign-in-2fa", new() { ["code"] = Totp(key), ["returnUrl"] = "/" });
        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/v1/me")).StatusCode);
        Assert.Contains("user.two_factor_enabled", await app.WithDb(db => db.Audit.Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task OpenIdConnect_IsOffUnlessConfigured_AndNeverSignsInWithoutAMatchingUser()
    {
        using var app = new FaroApp();
        var client = app.Browser();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/account/sign-in-oidc")).StatusCode);
        Assert.DoesNotContain("sign-in-oidc", await client.GetStringAsync("/account/sign-in"), StringComparison.Ordinal);

        using var withIdp = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Faro:Oidc:Authority", "https://idp.test.example");
            b.UseSetting("Faro:Oidc:ClientId", "faro");
            b.UseSetting("Faro:Oidc:DisplayName", "Test IdP");
        });
        var sso = Client(withIdp);
        Assert.Contains("Test IdP", await sso.GetStringAsync("/account/sign-in"), StringComparison.Ordinal);
        var complete = await sso.GetAsync("/account/oidc/complete");
        Assert.Equal(HttpStatusCode.Redirect, complete.StatusCode);
        Assert.Equal("/account/sign-in?error=oidc", complete.Headers.Location!.OriginalString);
    }

    /// RFC 6238 with the parameters of ASP.NET Core Identity's authenticator: SHA-1, 30 s, 6 digits.
    private static string Totp(string base32Key)
    {
        var key = Base32(base32Key);
        var counter = BitConverter.GetBytes(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }

#pragma warning disable CA5350 // SHA-1 is what RFC 6238 and authenticator apps use.
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = new StringBuilder();
        foreach (var c in text.TrimEnd('='))
        {
            bits.Append(Convert.ToString(alphabet.IndexOf(c, StringComparison.Ordinal), 2).PadLeft(5, '0'));
        }

        return Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.ToString(i * 8, 8), 2)).ToArray();
    }
}
