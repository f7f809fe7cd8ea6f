using System.Text.Json;
using Microsoft.Playwright;

namespace Faro.Tests.Browser;

/// One user's browser (own cookies) on the live server. Every page it lands on is checked: no
/// console error, no failed request of our own, no axe-core WCAG 2.1 A/AA violation.
public sealed class BrowserSession : IAsyncDisposable
{
    // axe-core takes seconds on a big page on two cores: each page is checked once per run for
    // each person (the same path shows different things to different roles); console errors and
    // failed requests are checked on every visit.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> AxeChecked = new();
    private static readonly Lazy<string> AxeSource = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Browser", "axe", "axe.min.js")));
    private readonly IBrowserContext context;
    private readonly List<string> problems = [];
    private readonly Uri server;

    public IPage Page { get; }

    private BrowserSession(IBrowserContext context, IPage page, Uri server)
    {
        this.context = context;
        Page = page;
        this.server = server;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"console error on {page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"script error on {page.Url}: {error}");
        // Sub-resources (CSS, JS, icons) that fail; the page itself may answer 4xx on purpose.
        page.RequestFinished += async (_, request) =>
        {
            if (!request.IsNavigationRequest && await request.ResponseAsync() is { Status: >= 400 } response)
            {
                problems.Add($"{response.Status} for {request.Url} on {page.Url}");
            }
        };
    }

    public static async Task<BrowserSession> OpenAsync(Chromium chromium, Uri server, string? acceptLanguage = "es", int width = 1280, int height = 900,
        bool javaScript = true)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = acceptLanguage,
            JavaScriptEnabled = javaScript,
            ExtraHTTPHeaders = acceptLanguage is null ? null : new Dictionary<string, string> { ["Accept-Language"] = acceptLanguage },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        return new BrowserSession(context, page, server);
    }

    /// Opens a page, expects it to succeed, and checks it.
    public async Task GotoAsync(string path)
    {
        var response = await Page.GotoAsync(path);
        Assert.True(response is { Ok: true }, $"GET {path}: {response?.Status}");
        await CheckAsync();
    }

    /// Clicks something that submits or navigates, waits for the next page, and checks it.
    public async Task ClickAndLandAsync(ILocator target)
    {
        // A marker on the old document: it is gone once the next page has replaced it.
        await Page.EvaluateAsync("() => { window.faroOldPage = true; }");
        await target.ClickAsync();
        await Page.WaitForFunctionAsync("() => !window.faroOldPage");
        await CheckAsync();
    }

    public async Task SignInAsync(string email, string password)
    {
        await GotoAsync("/account/sign-in");
        await Page.GetByLabel(new System.Text.RegularExpressions.Regex("Correo|E-mail")).FillAsync(email);
        await Page.GetByLabel(new System.Text.RegularExpressions.Regex("Contraseña|Password")).FillAsync(password);
        await ClickAndLandAsync(Page.Locator("main button[type=submit]"));
        Assert.DoesNotContain("/account/sign-in", Page.Url, StringComparison.Ordinal);
    }

    /// The page's own checks: console and script errors so far, then axe-core on the current DOM.
    public async Task CheckAsync()
    {
        await Page.WaitForLoadStateAsync(LoadState.Load);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        var who = await Page.Locator("header .who").AllInnerTextsAsync();
        var state = await Page.Locator(".error-summary, .notice").CountAsync();
        if (!AxeChecked.TryAdd($"{new Uri(Page.Url).AbsolutePath}|{string.Concat(who)}|{state}", true))
        {
            return;
        }

        problems.AddRange(await AxeAsync());
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// axe-core's WCAG 2.1 A/AA violations on the current DOM, one line each.
    public async Task<IReadOnlyList<string>> AxeAsync()
    {
        // Evaluated through the DevTools protocol, not as a <script> tag, so the page's CSP (no
        // inline scripts) stays on and is tested at the same time.
        await Page.EvaluateAsync("source => { if (!window.axe) { (0, eval)(source); } }", AxeSource.Value);
        var result = await Page.EvaluateAsync<JsonElement>("""
            async () => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
              return r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' -> ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
            }
            """);
        return result.EnumerateArray().Select(v => $"axe on {Page.Url}: {v.GetString()}").ToList();
    }

    /// Saves docs/screenshots/NAME.png (the 1280×900 viewport, or the full page) for the README.
    public async Task ScreenshotAsync(string name, bool fullPage = false)
    {
        var dir = Path.Combine(RepositoryRoot(), "docs", "screenshots");
        Directory.CreateDirectory(dir);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name + ".png"), FullPage = fullPage });
    }

    public async Task<string> MainTextAsync() => await Page.Locator("main").InnerTextAsync();

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Faro.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Faro.slnx not found above the test binaries");
    }

    public async ValueTask DisposeAsync()
    {
        await context.CloseAsync();
        _ = server;
    }
}
