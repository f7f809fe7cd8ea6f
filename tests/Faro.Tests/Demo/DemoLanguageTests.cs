using System.Net;
using System.Text.RegularExpressions;
using Faro.Demo;
using Faro.Tests.Infrastructure;

namespace Faro.Tests.Demo;

/// Issue 15 item 9: on the demo data, people and places read in the reader's language, the
/// fictional mark appears once, and the language switch of a profile opened with `?lang=` switches
/// the profile too.
public sealed partial class DemoLanguageTests : IAsyncLifetime
{
    private readonly FaroApp app = new(seedDemo: true);
    private IReadOnlyList<DemoAccount> accounts = [];

    public async Task InitializeAsync() =>
        accounts = await app.WithService<IReadOnlyList<DemoAccount>, DemoSeeder>(s => Task.FromResult(s.ReadSavedAccounts()));

    public Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }

    private async Task<HttpClient> SignedInAsync(string emailPart, string lang)
    {
        var account = accounts.First(a => a.Email.StartsWith(emailPart, StringComparison.Ordinal));
        var client = await app.SignedInAs(account.Email, account.Password);
        var switched = await client.PostForm("/account/language", new() { ["lang"] = lang, ["returnUrl"] = "/" }, "/");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        return client;
    }

    private static string MainOf(string html) => html[html.IndexOf("<main", StringComparison.Ordinal)..html.IndexOf("</main>", StringComparison.Ordinal)];

    [Theory]
    [InlineData("es", "ficticio", "fictional")]
    [InlineData("en", "fictional", "ficticio")]
    public async Task Home_OfTheDemoReviewer_NamesAndPlacesInTheUiLanguage_FictionalMarkOnce(string lang, string mark, string otherMark)
    {
        var client = await SignedInAsync("reviewer.valdoria", lang);
        var html = await client.GetStringAsync("/");

        // The greeting and the header name the user with an invented name, the same in both languages.
        Assert.Contains("Elena Marín (demo)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Demo national reviewer", html, StringComparison.Ordinal);
        var main = MainOf(html);
        Assert.DoesNotContain(otherMark, main, StringComparison.OrdinalIgnoreCase);
        var rows = TableRow().Matches(main).Select(m => m.Value).Where(r => r.Contains("/assessments/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(1, Regex.Count(r, mark, RegexOptions.IgnoreCase)));

        // The national assessment's own page: the country's name carries the mark, no tag repeats it.
        var national = NationalLink().Match(main);
        Assert.True(national.Success, "no national assessment on the reviewer's home");
        var page = MainOf(await client.GetStringAsync(national.Groups[1].Value));
        var start = page.IndexOf("class=\"page-head\"", StringComparison.Ordinal);
        var head = page[start..page.IndexOf("</h1>", start, StringComparison.Ordinal)];
        Assert.Equal(1, Regex.Count(head, mark, RegexOptions.IgnoreCase));
    }

    [Fact]
    public async Task Home_OfEveryDemoAccount_ShowsNoEnglishDemoLabelInSpanish()
    {
        foreach (var account in accounts)
        {
            var client = await SignedInAsync(account.Email, "es");
            var html = await client.GetStringAsync("/");
            Assert.Contains("(demo)", html, StringComparison.Ordinal);
            Assert.DoesNotMatch(EnglishDemoLabel(), html);
        }
    }

    [Fact]
    public async Task Profile_OpenedInEnglish_SwitchingToEspanol_ShowsTheSpanishProfile()
    {
        var client = app.Browser();
        var list = await client.GetStringAsync("/profiles");
        var id = ProfileLink().Match(list).Groups[1].Value;
        var english = await client.GetStringAsync($"/profiles/{id}?lang=en");
        Assert.Contains("<article class=\"profile\" lang=\"en\"", english, StringComparison.Ordinal);

        var link = WebUtility.HtmlDecode(SpanishSwitch().Match(english).Groups[1].Value);
        Assert.False(string.IsNullOrEmpty(link), "no Español switch on the profile");
        var switched = await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        var back = switched.Headers.Location!.ToString();
        Assert.Equal($"/profiles/{id}", back);

        var spanish = await client.GetStringAsync(back);
        Assert.Contains("<html lang=\"es\"", spanish, StringComparison.Ordinal);
        Assert.Contains("<article class=\"profile\" lang=\"es\"", spanish, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LanguageSwitch_SignedIn_KeepsOtherParameters_DropsLang()
    {
        var client = await SignedInAsync("coordinator", "es");
        var list = await client.GetStringAsync("/profiles");
        var id = ProfileLink().Match(list).Groups[1].Value;
        var html = await client.GetStringAsync($"/profiles/{id}?lang=en&x=1");
        var returnUrl = WebUtility.HtmlDecode(ReturnUrlField().Match(html).Groups[1].Value);
        Assert.Equal($"/profiles/{id}?x=1", returnUrl);
    }

    [GeneratedRegex("<tr>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex TableRow();

    [GeneratedRegex("<tr>\\s*<td>\\s*<a href=\"(/assessments/\\d+)\">Valdoria")]
    private static partial Regex NationalLink();

    [GeneratedRegex("Demo (admin|coordinator|researcher|focal point|national reviewer)")]
    private static partial Regex EnglishDemoLabel();

    [GeneratedRegex("href=\"/profiles/(\\d+)\"")]
    private static partial Regex ProfileLink();

    [GeneratedRegex("href=\"(/account/language\\?lang=es[^\"]*)\"")]
    private static partial Regex SpanishSwitch();

    [GeneratedRegex("name=\"returnUrl\" value=\"([^\"]*)\"")]
    private static partial Regex ReturnUrlField();
}
