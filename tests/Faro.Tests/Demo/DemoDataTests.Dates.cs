using System.Globalization;
using System.Net;
using Faro.Demo;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Demo;

public partial class DemoDataTests
{
    /// The pages a reader sees of a real place, in both languages: no date of the day the demo was
    /// loaded, in any of the forms the pages print dates in, may appear there (it is the date of no
    /// real event); the sourced dates do appear. The stored side is
    /// Seed_RealPlaces_CarryNoDateThatNoSourceGives.
    [Fact]
    public async Task RealPlacePages_PrintTheSourcedDates_AndNeverTheDayTheDemoWasLoaded()
    {
        using var app = new FaroApp(seedDemo: true);
        _ = app.Browser();
        var accounts = await app.WithService<IReadOnlyList<DemoAccount>, DemoSeeder>(s => Task.FromResult(s.ReadSavedAccounts()));
        var admin = accounts.Single(a => a.Role == "admin");
        var (id, loadedAt) = await app.WithDb(async db => await db.Assessments.Where(a => a.Jurisdiction!.Name == "La Chorrera")
            .Select(a => new ValueTuple<int, DateTime>(a.Id, a.CreatedAt)).SingleAsync());
        var loaded = DateOnly.FromDateTime(loadedAt);
        var client = await app.SignedInAs(admin.Email, admin.Password);

        foreach (var lang in new[] { "en", "es" })
        {
            await client.PostForm("/account/language", new() { ["lang"] = lang, ["returnUrl"] = "/" }, formPage: "/");
            var culture = CultureInfo.GetCultureInfo(lang);
            string[] forms = [loaded.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), loaded.ToString("D", culture), loaded.ToString("d", culture),
                loaded.ToString("d MMMM yyyy", culture)];
            var all = "";
            foreach (var page in new[] { $"/assessments/{id}", $"/assessments/{id}/workshops", $"/assessments/{id}/participants" })
            {
                var response = await client.GetAsync(page);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
                Assert.Contains($"<html lang=\"{lang}\">", html, StringComparison.Ordinal);
                var main = html[html.IndexOf("<main", StringComparison.Ordinal)..];
                Assert.All(forms, f => Assert.False(main.Contains(f, StringComparison.Ordinal), $"{page} ({lang}) prints {f}, the day the demo was loaded"));
                all += main;
            }

            Assert.Contains(new DateOnly(2021, 9, 2).ToString("D", culture), all, StringComparison.Ordinal);
            Assert.Contains(new DateOnly(2022, 1, 11).ToString("D", culture), all, StringComparison.Ordinal);
        }
    }
}
