using System.Net;
using System.Text.RegularExpressions;
using Faro.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Faro.Tests.Infrastructure;

/// The application factory is the test API: the real web host on a real database of the chosen
/// provider, plus intent methods ("sign in as", "with the database") so that tests read as cases.
public sealed partial class FaroApp : WebApplicationFactory<Program>
{
    private readonly TestDatabase database;
    private readonly bool seedDemo;

    // A run starts hundreds of hosts, and each one's web root is watched (the layout's
    // `asp-append-version`, the configuration files). With inotify every watcher holds one of the
    // user's 128 instances until the collector frees it, and a run hit that limit (IOException
    // "inotify instances"). Polling watchers hold none; production, one host, keeps inotify.
    static FaroApp() => Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");

    public FaroApp(string provider = DatabaseProviders.Sqlite, bool seedDemo = false)
    {
        database = TestDatabase.Create(provider);
        this.seedDemo = seedDemo;
    }

    public FaroOptions Options => database.Options;

    public TestDatabase Database => database;

    /// Further configuration (e.g. `Faro:Smtp:*`), set before the host first starts.
    public Dictionary<string, string?> Settings { get; } = [];

    /// The host's clock when a test asked for one with `UseFakeClock` (else the system's).
    public FakeTimeProvider? FakeClock { get; private set; }

    /// Gives the host a clock the test moves (`Advance`), so that expiry and deadlines are tested
    /// by letting time pass instead of rewriting stored dates. Call before the host first starts;
    /// it starts at the real time so that cookies and keys stay valid for the browser.
    public FakeTimeProvider UseFakeClock() => FakeClock ??= new FakeTimeProvider(TimeProvider.System.GetUtcNow());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in database.Settings())
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Faro:SeedDemoData", seedDemo ? "true" : "false");
        // Tests freeze what they publish (`FreezeAsync`) so that what a page shows never depends
        // on how far the background sweep has come; ProfileFreezerTests turns it back on.
        builder.UseSetting("Faro:FreezeInBackground", "false");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Testing");
        builder.ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<Faro.People.User>, RememberingPasswordHasher>());
        if (FakeClock is { } clock)
        {
            builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(clock));
        }
    }

    public async Task<T> WithDb<T>(Func<FaroDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<FaroDb>());
    }

    public async Task WithDb(Func<FaroDb, Task> work)
    {
        await using var scope = Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<FaroDb>());
    }

    public async Task<T> WithService<T, TService>(Func<TService, Task<T>> work)
        where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// What the web host's background `ProfileFreezer` does (off in tests): freezes every
    /// published assessment the test data wrote without snapshots, so the portal lists them.
    public Task<int> FreezePublishedAsync() =>
        WithService<int, Faro.Profiles.ProfileService>(s => s.FreezeUnfrozenAsync(int.MaxValue));

    /// A browser-like client: keeps cookies, does not follow redirects (tests assert them).
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<HttpClient> SignedInAs(string email, string password)
    {
        var client = Browser();
        var response = await client.PostForm("/account/sign-in", new() { ["email"] = email, ["password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode}");
        }

        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            database.Dispose();
        }
    }
}

public static partial class HttpForms
{
    /// Posts a form the way a browser does: first GETs the page to pick up its antiforgery token.
    public static async Task<HttpResponseMessage> PostForm(this HttpClient client, string url, Dictionary<string, string> fields, string? formPage = null)
    {
        var page = await client.GetStringAsync(formPage ?? url);
        var token = AntiforgeryToken().Match(page);
        var values = new Dictionary<string, string>(fields);
        if (token.Success)
        {
            values["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        }

        return await client.PostAsync(url, new FormUrlEncodedContent(values));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
