using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Faro.People;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Places;

public partial class PlacesPageTests
{
    private const string Password = "a-long-password-1";

    private static async Task<HttpClient> CoordinatorAsync(FaroApp app, string iso2 = "PA")
    {
        var email = $"coord-{iso2.ToLowerInvariant()}@places.test";
        await app.WithService<User, UserService>(u => u.AddAsync(email, "Coordinadora", Role.Coordinator, new ScopeSpec(iso2, null, null), Password, "test",
            language: "en"));
        return await app.SignedInAs(email, Password);
    }

    [Theory, AllProviders]
    public async Task ACoordinator_AddsEditsAndDeactivatesAJurisdiction_AndAnInstitution_InTheUI(string provider)
    {
        using var app = new FaroApp(provider);
        var browser = await CoordinatorAsync(app);

        var added = await browser.PostForm("/places/jurisdictions?country=PA", new()
        {
            ["country"] = "PA",
            ["Name"] = "Panamá Oeste",
            ["NameEn"] = "West Panama",
            ["AdminLevel"] = "1",
            ["Code"] = "PA-10",
            ["CodeSystem"] = "iso-3166-2",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var provinceId = await app.WithDb(db => db.Jurisdictions.Where(j => j.Code == "PA-10").Select(j => j.Id).SingleAsync());
        Assert.Equal($"/places/jurisdictions/{provinceId}", added.Headers.Location!.ToString());

        var district = await browser.PostForm("/places/jurisdictions?country=PA", new()
        {
            ["country"] = "PA",
            ["Name"] = "La Chorrera",
            ["AdminLevel"] = "2",
            ["ParentId"] = provinceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Code"] = "PA1301",
            ["CodeSystem"] = "P-code",
            ["Population"] = "161470",
            ["AreaKm2"] = "769,5",
        });
        Assert.Equal(HttpStatusCode.Redirect, district.StatusCode);
        var districtId = await app.WithDb(db => db.Jurisdictions.Where(j => j.Code == "PA1301").Select(j => j.Id).SingleAsync());
        Assert.Equal(769.5m, await app.WithDb(db => db.Jurisdictions.Where(j => j.Id == districtId).Select(j => j.AreaKm2).SingleAsync()));

        // A duplicate code is refused on its field; nothing is saved.
        var duplicate = await browser.PostForm($"/places/jurisdictions/{districtId}", new()
        {
            ["country"] = "PA",
            ["Name"] = "La Chorrera",
            ["AdminLevel"] = "2",
            ["Code"] = "pa-10",
            ["CodeSystem"] = "iso-3166-2",
        });
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Contains("Code: The code pa-10 is already used by Panamá Oeste in this country.", WebUtility.HtmlDecode(await duplicate.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal("PA1301", await app.WithDb(db => db.Jurisdictions.Where(j => j.Id == districtId).Select(j => j.Code).SingleAsync()));

        var edited = await browser.PostForm($"/places/jurisdictions/{districtId}", new()
        {
            ["country"] = "PA",
            ["Name"] = "La Chorrera",
            ["NameEn"] = "La Chorrera District",
            ["AdminLevel"] = "2",
            ["ParentId"] = provinceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Code"] = "PA1301",
            ["CodeSystem"] = "P-code",
        });
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal("La Chorrera District", await app.WithDb(db => db.Jurisdictions.Where(j => j.Id == districtId).Select(j => j.NameEn).SingleAsync()));

        var institution = await browser.PostForm("/places/institutions?country=PA", new()
        {
            ["country"] = "PA",
            ["NameEs"] = "Municipio de La Chorrera",
            ["Kind"] = "local-government",
            ["JurisdictionId"] = districtId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Redirect, institution.StatusCode);
        var institutionPage = institution.Headers.Location!.ToString();

        // Deactivate: the list of active places no longer shows it; "deactivated" does; reactivate.
        var deactivated = await browser.PostForm($"/places/jurisdictions/{districtId}?handler=Deactivate", [], $"/places/jurisdictions/{districtId}");
        Assert.Equal(HttpStatusCode.Redirect, deactivated.StatusCode);
        Assert.DoesNotContain("<td>La Chorrera ", await browser.GetStringAsync("/places?country=PA&level=2"), StringComparison.Ordinal);
        var inactive = await browser.GetStringAsync("/places?country=PA&level=2&show=inactive");
        Assert.True(inactive.Contains("<td>La Chorrera ", StringComparison.Ordinal), inactive[inactive.IndexOf("<main", StringComparison.Ordinal)..]);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostForm($"{institutionPage}?handler=Deactivate", [], institutionPage)).StatusCode);
        Assert.False(await app.WithDb(db => db.Institutions.Select(i => i.IsActive).SingleAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostForm($"/places/jurisdictions/{districtId}?handler=Reactivate", [], $"/places/jurisdictions/{districtId}")).StatusCode);
        Assert.True(await app.WithDb(db => db.Jurisdictions.Where(j => j.Id == districtId).Select(j => j.IsActive).SingleAsync()));

        // Another country's places are not this coordinator's to open.
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/places/jurisdictions?country=CO")).StatusCode);
    }

    [Fact]
    public async Task TheJurisdictionList_IsPagedAndFiltered_AtRealSize()
    {
        using var app = new FaroApp();
        var browser = await CoordinatorAsync(app);
        var csv = new StringBuilder("ADM1_ES,ADM1_PCODE,ADM2_ES,ADM2_PCODE\n");
        for (var i = 1; i <= 120; i++)
        {
            csv.Append(CultureInfo($"Provincia {i / 40 + 1},PA{i / 40 + 1:00},Distrito {i:000},PA{i / 40 + 1:00}{i:000}\n"));
        }

        await app.WithService<Faro.Places.GazetteerPreview, Faro.Places.GazetteerImport>(g => g.ApplyAsync(Actor.System("test"), "PA", Encoding.UTF8.GetBytes(csv.ToString())));
        var first = await browser.GetStringAsync("/places?country=PA&level=2");
        Assert.Contains("120 in all; 1–50 shown", first, StringComparison.Ordinal);
        Assert.Contains("Distrito 001", first, StringComparison.Ordinal);
        Assert.DoesNotContain("Distrito 051", first, StringComparison.Ordinal);
        Assert.Contains("Page 1 of 3", first, StringComparison.Ordinal);
        var third = await browser.GetStringAsync("/places?country=PA&level=2&p=3");
        Assert.Contains("Distrito 120", third, StringComparison.Ordinal);
        var found = await browser.GetStringAsync("/places?country=PA&q=distrito%2007");
        Assert.True(Row().Count(found) == 10, found[found.IndexOf("<main", StringComparison.Ordinal)..]);
    }

    private static string CultureInfo(FormattableString s) => s.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("<td>Distrito 07[0-9] ")]
    private static partial Regex Row();

    [Theory, AllProviders]
    public async Task TheGazetteerPage_PreviewsByRowAndColumn_ThenAppliesTheFileKeptOnTheServer(string provider)
    {
        using var app = new FaroApp(provider);
        var browser = await CoordinatorAsync(app);
        async Task<HttpResponseMessage> UploadAsync(string csv)
        {
            var page = await browser.GetStringAsync("/places/gazetteer?country=PA");
            var token = WebUtility.HtmlDecode(Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
            var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("PA"), "Country" } };
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "Upload", "pa.csv");
            return await browser.PostAsync("/places/gazetteer?handler=Preview", form);
        }

        var bad = WebUtility.HtmlDecode(await (await UploadAsync("ADM1_ES,ADM1_PCODE,ADM2_ES,ADM2_PCODE\nPanamá Oeste,PA13,,PA1301\n")).Content.ReadAsStringAsync());
        Assert.Contains("<td>2</td><td>ADM2_ES</td><td>Row 2, column ADM2_ES: a name is required.</td>", bad, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Apply", bad, StringComparison.Ordinal);

        var good = WebUtility.HtmlDecode(await (await UploadAsync("ADM1_ES,ADM1_PCODE,ADM2_ES,ADM2_PCODE\nPanamá Oeste,PA13,La Chorrera,PA1301\n")).Content.ReadAsStringAsync());
        Assert.Contains("2 to add, 0 to change, 0 unchanged.", good, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDb(db => db.Jurisdictions.CountAsync()));
        var pending = Regex.Match(good, "name=\"Pending\" value=\"([0-9a-f]{32})\"").Groups[1].Value;
        var token = Regex.Match(good, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

        // A forged id reaches nothing; the real one applies exactly the previewed file.
        var forged = await browser.PostAsync("/places/gazetteer?handler=Apply", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Country"] = "PA",
            ["Pending"] = "../../faro.db",
        }));
        Assert.Contains("upload it again", WebUtility.HtmlDecode(await forged.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var applied = await browser.PostAsync("/places/gazetteer?handler=Apply", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Country"] = "PA",
            ["Pending"] = pending,
        }));
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        Assert.Equal(2, await app.WithDb(db => db.Jurisdictions.CountAsync()));
        var again = await browser.PostAsync("/places/gazetteer?handler=Apply", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Country"] = "PA",
            ["Pending"] = pending,
        }));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }
}
