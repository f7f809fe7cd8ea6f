using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Faro.Catalogue;
using Faro.People;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Catalogue;

/// Catalogue administration through `/api/v1/catalogues`, the admin page and the CLI: import as a
/// draft, read, replace the draft, publish (immutable), retire (kept by its assessments), crosswalk.
public class CatalogueAdminTests
{
    private const string Password = "a-long-password-1";

    /// The seed as version 2026.1: D1-02 renamed D1-02b (with a crosswalk entry) and the seed's
    /// last indicator gone without one.
    private static byte[] NextVersion(string? title = null)
    {
        var file = CatalogueService.ReadSeedFile();
        file.Version = "2026.1";
        file.PreviousVersion = "2025.1";
        file.Status = "published";
        if (title is not null)
        {
            file.Title!.En = title;
        }

        var renamed = file.Domains![0].Areas!.SelectMany(a => a.Indicators!).First(i => i.Code == "D1-02");
        renamed.Code = "D1-02b";
        var lastArea = file.Domains[^1].Areas!.Last(a => a.Indicators!.Count > 1);
        lastArea.Indicators!.RemoveAt(lastArea.Indicators.Count - 1);
        file.Crosswalk = [new CrosswalkFile { From = "D1-02", To = "D1-02b", Kind = "reworded", Note = "Clearer wording" }];
        return JsonSerializer.SerializeToUtf8Bytes(file, CatalogueFile.JsonOptions);
    }

    private static ByteArrayContent Json(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    [Theory, AllProviders]
    public async Task AnAdmin_ImportsADraft_ReplacesIt_PublishesIt_AndRetiresIt_WhileItsAssessmentsKeepIt(string provider)
    {
        using var app = new FaroApp(provider);
        var adminId = (await app.WithService<User, UserService>(u => u.AddAsync("admin@cat.test", "Admin", Role.Admin, ScopeSpec.None, Password, "test"))).Id;
        var coordinatorId = (await app.WithService<User, UserService>(u => u.AddAsync("pa@cat.test", "PA", Role.Coordinator, new ScopeSpec("PA", null, null), Password, "test"))).Id;
        var admin = await app.WithTokenOf(adminId);
        var coordinator = await app.WithTokenOf(coordinatorId);

        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.PostAsync("/api/v1/catalogues", Json(NextVersion()))).StatusCode);
        var created = await admin.PostAsync("/api/v1/catalogues", Json(NextVersion()));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var draft = await BodyAsync(created);
        var id = draft.GetProperty("id").GetInt32();
        Assert.Equal(("draft", 87, "2025.1"), (draft.GetProperty("status").GetString(), draft.GetProperty("indicators").GetInt32(), draft.GetProperty("previousVersion").GetString()));

        // Drafts are the admin's: others neither list nor read them, nor start assessments on them.
        var listed = await BodyAsync(await coordinator.GetAsync("/api/v1/catalogues"));
        Assert.DoesNotContain(listed.EnumerateArray(), c => c.GetProperty("id").GetInt32() == id);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/api/v1/catalogues/{id}")).StatusCode);
        var onDraft = await coordinator.PostAsync("/api/v1/assessments", new StringContent($$"""{"country":"PA","catalogueId":{{id}}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, onDraft.StatusCode);

        // The same version again, as a draft, replaces the draft in place.
        var replaced = await admin.PostAsync("/api/v1/catalogues", Json(NextVersion("Faro local catalogue, revised")));
        Assert.Equal(HttpStatusCode.Created, replaced.StatusCode);
        Assert.Equal(id, (await BodyAsync(replaced)).GetProperty("id").GetInt32());
        var detail = await BodyAsync(await admin.GetAsync($"/api/v1/catalogues/{id}"));
        Assert.Equal("Faro local catalogue, revised", detail.GetProperty("catalogue").GetProperty("title").GetProperty("en").GetString());
        Assert.Equal(6, detail.GetProperty("domains").GetArrayLength());
        Assert.Equal(87, await app.WithDb(db => db.Indicators.CountAsync(i => i.CatalogueId == id)));

        var crosswalk = await BodyAsync(await admin.GetAsync($"/api/v1/catalogues/{id}/crosswalk"));
        var entry = Assert.Single(crosswalk.GetProperty("entries").EnumerateArray());
        Assert.Equal(("D1-02", "D1-02b", "reworded"), (entry.GetProperty("from").GetString(), entry.GetProperty("to").GetString(), entry.GetProperty("kind").GetString()));
        Assert.Equal(86, crosswalk.GetProperty("same").GetInt32());
        Assert.Single(crosswalk.GetProperty("unmappedRemoved").EnumerateArray());
        Assert.Empty(crosswalk.GetProperty("unmappedNew").EnumerateArray());

        var published = await admin.PostAsync($"/api/v1/catalogues/{id}/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal("published", (await BodyAsync(published)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/v1/catalogues/{id}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.PostAsync($"/api/v1/catalogues/{id}/retire", null)).StatusCode);

        // Published is immutable: the same version is refused, naming `version`.
        var over = await BodyAsync(await admin.PostAsync("/api/v1/catalogues", Json(NextVersion("Changed after publication"))));
        var error = Assert.Single(over.GetProperty("errors").EnumerateArray());
        Assert.Equal(("version", "catalogue.version_exists"), (error.GetProperty("location").GetString(), error.GetProperty("code").GetString()));
        Assert.Equal("Faro local catalogue, revised", await app.WithDb(db => db.Catalogues.Where(c => c.Id == id).Select(c => c.Title.En).SingleAsync()));

        var assessment = await coordinator.PostAsync("/api/v1/assessments", new StringContent($$"""{"country":"PA","catalogueId":{{id}}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, assessment.StatusCode);
        var assessmentId = (await BodyAsync(assessment)).GetProperty("id").GetInt32();

        Assert.Equal("retired", (await BodyAsync(await admin.PostAsync($"/api/v1/catalogues/{id}/retire", null))).GetProperty("status").GetString());
        var refused = await BodyAsync(await coordinator.PostAsync("/api/v1/assessments", new StringContent($$"""{"country":"PA","catalogueId":{{id}}}""", Encoding.UTF8, "application/json")));
        Assert.Equal("catalogueId", Assert.Single(refused.GetProperty("errors").EnumerateArray()).GetProperty("location").GetString());
        Assert.Equal(id, await app.WithDb(db => db.Assessments.Where(a => a.Id == assessmentId).Select(a => a.CatalogueId).SingleAsync()));
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync($"/api/v1/catalogues/{id}")).StatusCode);

        var actions = await app.WithDb(db => db.Audit.Where(a => a.EntityType == "catalogue" && a.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["catalogue.imported", "catalogue.draft_replaced", "catalogue.published", "catalogue.retired"], actions);
    }

    [Fact]
    public async Task TheAdminPage_ImportsAWorkbookAsADraft_AndPublishesIt_AndIsForAdminsOnly()
    {
        using var app = new FaroApp();
        await app.WithService<User, UserService>(u => u.AddAsync("admin@cat.test", "Admin", Role.Admin, ScopeSpec.None, Password, "test", language: "en"));
        await app.WithService<User, UserService>(u => u.AddAsync("pa@cat.test", "PA", Role.Coordinator, new ScopeSpec("PA", null, null), Password, "test"));
        var coordinator = await app.SignedInAs("pa@cat.test", Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.GetAsync("/catalogues")).StatusCode);
        var browser = await app.SignedInAs("admin@cat.test", Password);

        var file = CatalogueService.ReadSeedFile();
        file.Version = "2026.2";
        file.PreviousVersion = "2025.1";
        var workbook = Faro.Exchange.CatalogueXlsForm.Write(file);
        var page = await browser.GetStringAsync("/catalogues");
        Assert.Contains("faro-local 2025.1", page, StringComparison.Ordinal);
        var token = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        form.Add(new ByteArrayContent(workbook), "Upload", "catalogue.xlsx");
        var imported = await browser.PostAsync("/catalogues?handler=Import", form);
        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        var id = await app.WithDb(db => db.Catalogues.Where(c => c.Version == "2026.2").Select(c => c.Id).SingleAsync());
        Assert.Equal($"/catalogues/{id}", imported.Headers.Location!.ToString());
        Assert.Equal(CatalogueStatus.Draft, await app.WithDb(db => db.Catalogues.Where(c => c.Id == id).Select(c => c.Status).SingleAsync()));
        var shown = await browser.GetStringAsync($"/catalogues/{id}");
        Assert.Contains("<summary><strong>D1</strong>", shown, StringComparison.Ordinal);
        Assert.Contains("draft", shown, StringComparison.Ordinal);

        var publish = await browser.PostForm($"/catalogues/{id}?handler=Publish", [], $"/catalogues/{id}");
        Assert.Equal(HttpStatusCode.Redirect, publish.StatusCode);
        Assert.Contains("The version was published.", await browser.GetStringAsync($"/catalogues/{id}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/catalogues/{id}/crosswalk")).StatusCode);

        // Publishing again is refused on the page with the reason, and nothing changes.
        await browser.PostForm($"/catalogues/{id}?handler=Publish", [], $"/catalogues/{id}");
        Assert.Contains("Only a draft can be published", await browser.GetStringAsync($"/catalogues/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCli_ListsPublishesAndRetires()
    {
        using var db = TestDatabase.Create(Faro.Data.DatabaseProviders.Sqlite);
        var path = Path.Combine(db.Options.DataDirectory, "next.json");
        await File.WriteAllBytesAsync(path, NextVersion());
        var imported = await FaroCli.RunAsync(db, "catalogue", "import", path, "--draft");
        Assert.True(imported.ExitCode == 0, imported.Stderr);
        Assert.Contains("draft", imported.Stdout, StringComparison.Ordinal);

        var list = await FaroCli.RunAsync(db, "catalogue", "list");
        Assert.Contains("faro-local@2026.1  draft", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("faro-local@2025.1  published", list.Stdout, StringComparison.Ordinal);
        var publish = await FaroCli.RunAsync(db, "catalogue", "publish", "faro-local@2026.1");
        Assert.True(publish.ExitCode == 0, publish.Stderr);
        Assert.Equal("faro-local@2026.1: published", publish.Stdout.Trim());
        var retire = await FaroCli.RunAsync(db, "catalogue", "retire", "faro-local@2025.1");
        Assert.Equal("faro-local@2025.1: retired", retire.Stdout.Trim());
        var again = await FaroCli.RunAsync(db, "catalogue", "retire", "faro-local@2025.1");
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("Only a published version can be retired.", again.Stderr, StringComparison.Ordinal);
    }
}
