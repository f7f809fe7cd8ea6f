using Faro.Demo;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Browser;

/// Issue 15 point 10: every main page of every role, in both languages, on a 390 px phone screen
/// on the demo data: nothing scrolls sideways (tables scroll inside their own box) and axe-core
/// finds no WCAG 2.1 A/AA violation at that width (scrollable regions reachable by keyboard). One
/// browser page per person, reused for all their pages; every problem is listed at the end.
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class NarrowScreenTests(Chromium chromium) : IAsyncLifetime
{
    private readonly FaroApp app = new(seedDemo: true);
    private Uri server = null!;
    private IReadOnlyList<DemoAccount> accounts = [];

    public async Task InitializeAsync()
    {
        server = app.StartKestrel();
        accounts = await app.WithService<IReadOnlyList<DemoAccount>, DemoSeeder>(s => Task.FromResult(s.ReadSavedAccounts()));
    }

    public Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }

    private const string WidthProblem = """
        () => {
          const width = document.scrollingElement.scrollWidth;
          if (width <= window.innerWidth) { return ''; }
          const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : '');
          // What sticks out and is not inside a box of its own that scrolls or clips it.
          const clipped = e => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) { if (getComputedStyle(p).overflowX !== 'visible') { return true; } } return false; };
          const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !clipped(e));
          const outermost = wide.filter(e => !wide.includes(e.parentElement)).slice(0, 6).map(name);
          return width + ' px wide: ' + outermost.join(', ');
        }
        """;

    [Fact]
    public async Task EveryMainPage_OnA390PxScreen_InBothLanguages_HasNoSidewaysScrollAndNoAxeViolation()
    {
        var ids = await app.WithDb(async db =>
        {
            var laChorrera = await db.Assessments.Where(a => a.Jurisdiction!.Name == "La Chorrera").Select(a => a.Id).FirstAsync();
            var review = await db.Assessments.Where(a => a.Stage == Stage.GovernmentReview).Select(a => new { a.Id, a.CountryId }).FirstAsync();
            var published = await db.Assessments.Where(a => a.Stage == Stage.Published || a.Stage == Stage.FollowUp).OrderByDescending(a => a.PreviousRoundId != null)
                .Select(a => a.Id).FirstAsync();
            var catalogue = await db.Catalogues.Select(c => c.Id).FirstAsync();
            var assigned = await db.Assignments.Where(x => x.AssessmentId == laChorrera).Select(x => x.Indicator!.Code).OrderBy(c => c).FirstAsync();
            return (laChorrera, review.Id, published, catalogue, assigned);
        });
        var (lc, review, published, catalogue, code) = ids;

        // Each person (an e-mail part of a demo account, or null for a reader who is not signed in)
        // with the main pages of their role.
        var people = new (string? Account, string[] Paths)[]
        {
            (null, ["/", "/profiles", $"/profiles/{published}", "/good-practices", "/challenges", "/account/sign-in"]),
            ("admin", ["/", "/inbox", "/people/users", "/places", "/catalogues", $"/catalogues/{catalogue}", "/account/settings", "/account/two-factor"]),
            ("coordinator", ["/", "/assessments/new", $"/assessments/{lc}", $"/assessments/{lc}/participants", $"/assessments/{lc}/workshops", $"/assessments/{lc}/evidence",
                $"/assessments/{lc}/exchange", $"/assessments/{review}", $"/assessments/{review}/review", $"/assessments/{review}/changes",
                $"/assessments/{published}", $"/assessments/{published}/actions", $"/assessments/{published}/peers"]),
            ("researcher.la-chorrera", ["/", $"/assessments/{lc}"]),
            ("focal.la-chorrera", ["/", $"/assessments/{lc}/indicators/{code}"]),
            ("reviewer.valdoria", ["/", $"/assessments/{review}", $"/assessments/{review}/review"]),
        };

        var found = new List<string>();
        foreach (var lang in new[] { "es", "en" })
        {
            foreach (var (account, paths) in people)
            {
                await using var s = await BrowserSession.OpenAsync(chromium, server, lang, width: 390, height: 844);
                if (account is not null)
                {
                    var demo = accounts.First(a => a.Email.StartsWith(account + "@", StringComparison.Ordinal) || a.Email.Contains(account, StringComparison.Ordinal));
                    await app.WithDb(db => db.Users.Where(u => u.Email == demo.Email).ExecuteUpdateAsync(u => u.SetProperty(x => x.PreferredLanguage, lang)));
                    await s.SignInAsync(demo.Email, demo.Password);
                }

                foreach (var path in paths)
                {
                    var response = await s.Page.GotoAsync(path);
                    if (response is not { Ok: true })
                    {
                        found.Add($"{lang} {account ?? "public"} {path}: {response?.Status}");
                        continue;
                    }

                    Assert.Equal(lang, await s.Page.Locator("html").GetAttributeAsync("lang"));
                    if (await s.Page.EvaluateAsync<string>(WidthProblem) is { Length: > 0 } wide)
                    {
                        found.Add($"{lang} {account ?? "public"} {path}: {wide}");
                    }

                    found.AddRange((await s.AxeAsync()).Select(v => $"{lang} {account ?? "public"} {path}: {v}"));
                    // An assessment's sub-page names itself in its h1, not only the place (the crumb).
                    if (System.Text.RegularExpressions.Regex.IsMatch(path, "^/assessments/\\d+/")
                        && await s.Page.EvaluateAsync<bool>("() => { const place = document.querySelector('.crumbs li:nth-child(2)'); return !!place && document.querySelector('h1').innerText.trim() === place.innerText.trim(); }"))
                    {
                        found.Add($"{lang} {account ?? "public"} {path}: the h1 is only the place");
                    }
                }
            }
        }

        // The Spanish navigation of the person with the most menu items fits one line at 1280 px.
        await using (var wide = await BrowserSession.OpenAsync(chromium, server, "es"))
        {
            var admin = accounts.First(a => a.Email.StartsWith("admin@", StringComparison.Ordinal));
            await app.WithDb(db => db.Users.Where(u => u.Email == admin.Email).ExecuteUpdateAsync(u => u.SetProperty(x => x.PreferredLanguage, "es")));
            await wide.SignInAsync(admin.Email, admin.Password);
            var lines = await wide.Page.EvaluateAsync<int>("""
                () => [...document.querySelectorAll('header.site .bar > *, header.site nav li')]
                  .map(e => { const r = e.getBoundingClientRect(); return r.top + r.height / 2; })
                  .sort((a, b) => a - b).filter((y, i, all) => i === 0 || y - all[i - 1] > 8).length
                """);
            if (lines != 1)
            {
                found.Add($"es admin /: the header takes {lines} lines at 1280 px");
            }
        }

        Assert.True(found.Count == 0, $"{found.Count} problems:{Environment.NewLine}{string.Join(Environment.NewLine, found)}");
    }
}
