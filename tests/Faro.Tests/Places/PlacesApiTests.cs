using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Faro.People;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Places;

/// Places through `/api/v1`: create, edit, deactivate jurisdictions and institutions, scope,
/// and the gazetteer upload, on both providers.
public class PlacesApiTests
{
    private const string Gazetteer =
        "ADM0_ES,ADM0_PCODE,ADM1_ES,ADM1_EN,ADM1_PCODE,ADM2_ES,ADM2_PCODE\n" +
        "Panamá,PA,Panamá Oeste,West Panama,PA13,La Chorrera,PA1301\n" +
        "Panamá,PA,Panamá Oeste,West Panama,PA13,Arraiján,PA1302\n";

    private sealed record Clients(HttpClient Admin, HttpClient Panama, HttpClient Colombia);

    private static async Task<Clients> ClientsAsync(FaroApp app)
    {
        async Task<int> UserAsync(string email, Role role, ScopeSpec scope) =>
            (await app.WithService<Faro.People.User, UserService>(u => u.AddAsync(email, email, role, scope, "a-long-password-1", "test"))).Id;
        var admin = await UserAsync("admin@places.test", Role.Admin, ScopeSpec.None);
        var pa = await UserAsync("pa@places.test", Role.Coordinator, new ScopeSpec("PA", null, null));
        var co = await UserAsync("co@places.test", Role.Coordinator, new ScopeSpec("CO", null, null));
        return new Clients(await app.WithTokenOf(admin), await app.WithTokenOf(pa), await app.WithTokenOf(co));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    [Theory, AllProviders]
    public async Task ACoordinator_CreatesEditsAndDeactivatesJurisdictionsAndInstitutions_OfTheirCountry(string provider)
    {
        using var app = new FaroApp(provider);
        var c = await ClientsAsync(app);

        var province = await c.Panama.PostAsync("/api/v1/jurisdictions", Json("""{"country":"pa","name":"Panamá Oeste","nameEn":"West Panama","adminLevel":1,"code":"PA-10","codeSystem":"iso-3166-2"}"""));
        Assert.Equal(HttpStatusCode.Created, province.StatusCode);
        var provinceId = (await BodyAsync(province)).GetProperty("id").GetInt32();
        var district = await c.Panama.PostAsync("/api/v1/jurisdictions", Json($$"""{"country":"PA","name":"La Chorrera","adminLevel":2,"code":"PA1301","codeSystem":"P-code","parentId":{{provinceId}}}"""));
        Assert.Equal(HttpStatusCode.Created, district.StatusCode);
        var created = await BodyAsync(district);
        var districtId = created.GetProperty("id").GetInt32();
        Assert.Equal(("Panamá Oeste", "PA"), (created.GetProperty("parentName").GetString(), created.GetProperty("country").GetString()));

        var edited = await c.Panama.PutAsync($"/api/v1/jurisdictions/{districtId}",
            Json($$"""{"name":"La Chorrera","nameEn":"La Chorrera district","adminLevel":2,"code":"PA1301","codeSystem":"p-code","parentId":{{provinceId}},"population":161470,"areaKm2":769.5}"""));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var after = await BodyAsync(edited);
        Assert.Equal((161470, 769.5m, "P-code"), (after.GetProperty("population").GetInt32(), after.GetProperty("areaKm2").GetDecimal(), after.GetProperty("codeSystem").GetString()));

        var institution = await c.Panama.PostAsync("/api/v1/institutions",
            Json($$"""{"country":"PA","nameEs":"Municipio de La Chorrera","acronym":"MLC","kind":"local-government","jurisdictionId":{{districtId}}}"""));
        Assert.Equal(HttpStatusCode.Created, institution.StatusCode);
        var institutionId = (await BodyAsync(institution)).GetProperty("id").GetInt32();
        var renamed = await c.Panama.PutAsync($"/api/v1/institutions/{institutionId}",
            Json($$"""{"nameEs":"Alcaldía de La Chorrera","nameEn":"La Chorrera municipality","kind":"local-government","jurisdictionId":{{districtId}}}"""));
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);

        // The province keeps an active district: deactivate that first.
        var refused = await c.Panama.PostAsync($"/api/v1/jurisdictions/{provinceId}/deactivate", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("jurisdiction.has_active_units", (await BodyAsync(refused)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await c.Panama.PostAsync($"/api/v1/jurisdictions/{districtId}/deactivate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c.Panama.PostAsync($"/api/v1/institutions/{institutionId}/deactivate", null)).StatusCode);

        var active = await BodyAsync(await c.Panama.GetAsync("/api/v1/jurisdictions?country=PA&level=2&active=true"));
        Assert.Equal(0, active.GetProperty("total").GetInt32());
        var all = await BodyAsync(await c.Panama.GetAsync($"/api/v1/jurisdictions?country=PA&parent={provinceId}"));
        Assert.False(Assert.Single(all.GetProperty("items").EnumerateArray()).GetProperty("isActive").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await c.Panama.PostAsync($"/api/v1/jurisdictions/{districtId}/reactivate", null)).StatusCode);

        // Nothing was deleted, and every change has its audit line.
        var actions = await app.WithDb(db => db.Audit.Where(a => a.EntityType == "jurisdiction" || a.EntityType == "institution").Select(a => a.Action).ToListAsync());
        Assert.Equal(["institution.created", "institution.deactivated", "institution.updated", "jurisdiction.created", "jurisdiction.created",
            "jurisdiction.deactivated", "jurisdiction.reactivated", "jurisdiction.updated"], actions.Order(StringComparer.Ordinal));
        Assert.Equal(2, await app.WithDb(db => db.Jurisdictions.CountAsync()));
    }

    [Theory, AllProviders]
    public async Task ACoordinatorOfAnotherCountry_IsRefused_AndDuplicateCodesAndBadParentsAreNamed(string provider)
    {
        using var app = new FaroApp(provider);
        var c = await ClientsAsync(app);
        var province = await BodyAsync(await c.Admin.PostAsync("/api/v1/jurisdictions", Json("""{"country":"PA","name":"Coclé","adminLevel":1,"code":"PA-2","codeSystem":"iso-3166-2"}""")));
        var provinceId = province.GetProperty("id").GetInt32();
        var bogota = await BodyAsync(await c.Colombia.PostAsync("/api/v1/jurisdictions", Json("""{"country":"CO","name":"Bogotá","adminLevel":1,"code":"CO-DC","codeSystem":"iso-3166-2"}""")));

        var other = await c.Colombia.PostAsync("/api/v1/jurisdictions", Json("""{"country":"PA","name":"Penonomé","adminLevel":2}"""));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal("places.forbidden", (await BodyAsync(other)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await c.Colombia.PutAsync($"/api/v1/jurisdictions/{provinceId}", Json("""{"name":"X","adminLevel":1}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await c.Colombia.PostAsync($"/api/v1/jurisdictions/{provinceId}/deactivate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await c.Colombia.PostAsync("/api/v1/institutions", Json("""{"country":"PA","nameEs":"X","kind":"academia"}"""))).StatusCode);

        var duplicate = await c.Panama.PostAsync("/api/v1/jurisdictions", Json("""{"country":"PA","name":"Otra","adminLevel":1,"code":"pa-2","codeSystem":"iso-3166-2"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        var error = Assert.Single((await BodyAsync(duplicate)).GetProperty("errors").EnumerateArray());
        Assert.Equal(("code", "jurisdiction.duplicate_code"), (error.GetProperty("location").GetString(), error.GetProperty("code").GetString()));
        Assert.Contains("Coclé", error.GetProperty("message").GetString(), StringComparison.Ordinal);

        // A parent of another country, a parent of the same level, and a level out of range.
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/jurisdictions")
        {
            Content = Json($$"""{"country":"PA","name":"Penonomé","adminLevel":2,"parentId":{{bogota.GetProperty("id").GetInt32()}}}"""),
        };
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("es"));
        var foreign = await c.Panama.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        var foreignError = Assert.Single((await BodyAsync(foreign)).GetProperty("errors").EnumerateArray());
        Assert.Equal(("parentId", "La unidad superior debe ser una jurisdicción del mismo país."), (foreignError.GetProperty("location").GetString(), foreignError.GetProperty("message").GetString()));
        var sameLevel = await BodyAsync(await c.Panama.PostAsync("/api/v1/jurisdictions", Json($$"""{"country":"PA","name":"Aguadulce","adminLevel":1,"parentId":{{provinceId}}}""")));
        Assert.Equal("jurisdiction.parent_level", Assert.Single(sameLevel.GetProperty("errors").EnumerateArray()).GetProperty("code").GetString());
        var several = await BodyAsync(await c.Panama.PostAsync("/api/v1/jurisdictions", Json("""{"country":"PA","name":"","adminLevel":4,"code":"PA 1","population":-1}""")));
        Assert.Equal(["name", "adminLevel", "code", "codeSystem", "population"], several.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("location").GetString()));
        var badKind = await BodyAsync(await c.Panama.PostAsync("/api/v1/institutions", Json("""{"country":"PA","nameEs":"X","kind":"church"}""")));
        Assert.Equal("kind", Assert.Single(badKind.GetProperty("errors").EnumerateArray()).GetProperty("location").GetString());

        Assert.Equal(2, await app.WithDb(db => db.Jurisdictions.CountAsync()));
        Assert.Equal(0, await app.WithDb(db => db.Institutions.CountAsync()));
        // Reading is open to anyone signed in; without a token it is 401.
        Assert.Equal(HttpStatusCode.OK, (await c.Colombia.GetAsync($"/api/v1/jurisdictions/{provinceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/v1/jurisdictions")).StatusCode);
    }

    [Theory, AllProviders]
    public async Task TheGazetteer_IsPreviewedThenImported_AsMultipart_AndABadFileChangesNothing(string provider)
    {
        using var app = new FaroApp(provider);
        var c = await ClientsAsync(app);
        static MultipartFormDataContent File(byte[] bytes)
        {
            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "file", "pa.csv");
            return form;
        }

        var preview = await c.Panama.PostAsync("/api/v1/countries/PA/gazetteer/preview", File(Encoding.UTF8.GetBytes(Gazetteer)));
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var seen = await BodyAsync(preview);
        Assert.Equal((3, 0, 0), (seen.GetProperty("added").GetInt32(), seen.GetProperty("changed").GetInt32(), seen.GetProperty("unchanged").GetInt32()));
        Assert.Equal(0, await app.WithDb(db => db.Jurisdictions.CountAsync()));

        Assert.Equal(HttpStatusCode.Forbidden, (await c.Colombia.PostAsync("/api/v1/countries/PA/gazetteer", File(Encoding.UTF8.GetBytes(Gazetteer)))).StatusCode);
        var applied = await c.Panama.PostAsync("/api/v1/countries/PA/gazetteer", File(Encoding.UTF8.GetBytes(Gazetteer)));
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.True((await BodyAsync(applied)).GetProperty("applied").GetBoolean());
        Assert.Equal(3, await app.WithDb(db => db.Jurisdictions.CountAsync()));

        // Each refusal names its row and column (in Spanish when asked), and nothing changes.
        var cases = new (byte[] File, int Row, string? Column, string Code)[]
        {
            (Encoding.UTF8.GetBytes(Gazetteer + "Panamá,PA,Panamá Oeste,West Panama,PA13,,PA1303\n"), 4, "ADM2_ES", "gazetteer.required"),
            (Encoding.UTF8.GetBytes(Gazetteer + "Panamá,PA,Panamá Oeste,West Panama,PA13,Capira,PA1301\n"), 4, "ADM2_PCODE", "gazetteer.duplicate_pcode"),
            (Encoding.UTF8.GetBytes(Gazetteer + "Panamá,PA,,,PA09,Santiago,PA0901\n"), 4, "ADM1_ES", "gazetteer.unknown_parent"),
            (Encoding.Latin1.GetBytes(Gazetteer), 2, "ADM0_ES", "gazetteer.encoding"),
        };
        foreach (var (file, row, column, code) in cases)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/countries/PA/gazetteer") { Content = File(file) };
            request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("es"));
            var refused = await c.Panama.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = await BodyAsync(refused);
            Assert.Equal("gazetteer.invalid", problem.GetProperty("code").GetString());
            var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
            Assert.Equal(code, error.GetProperty("code").GetString());
            Assert.StartsWith(column is null ? $"Fila {row}:" : $"Fila {row}, columna {column}:", error.GetProperty("message").GetString(), StringComparison.Ordinal);

            var previewed = await BodyAsync(await c.Panama.PostAsync("/api/v1/countries/PA/gazetteer/preview", File(file)));
            var placed = Assert.Single(previewed.GetProperty("errors").EnumerateArray());
            Assert.Equal(row, placed.GetProperty("row").GetInt32());
            Assert.Equal(column, placed.GetProperty("column").GetString());
        }

        Assert.Equal(3, await app.WithDb(db => db.Jurisdictions.CountAsync()));
        Assert.Equal("Arraiján", await app.WithDb(db => db.Jurisdictions.Where(j => j.Code == "PA1302").Select(j => j.Name).SingleAsync()));
    }
}
