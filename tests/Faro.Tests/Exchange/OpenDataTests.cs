using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Exchange;

/// The open-data package of a published assessment, fetched as a signed-out visitor would.
public sealed class OpenDataTests
{
    private static async Task<(FaroApp App, TestData.ProfileCase Published, TestData.ProfileCase Draft)> SeedAsync(string provider)
    {
        var app = new FaroApp(provider);
        var (published, draft) = await app.WithDb(async db =>
        {
            var published = await TestData.ProfileAssessmentAsync(db, await TestData.CountryAsync(db));
            var draft = await TestData.ProfileAssessmentAsync(db, await TestData.CountryAsync(db, "XD"), Stage.Approved, "Villa Nueva");
            return (published, draft);
        });
        return (app, published, draft);
    }

    private static string Entry(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidOperationException($"{name} is not in the package");
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [Theory, AllProviders]
    public async Task PublishedPackage_HasTheCsvAndADescriptorOfEveryColumn_AndNoPrivateMaterial(string provider)
    {
        var (app, published, _) = await SeedAsync(provider);
        using var _ = app;
        var id = published.Assessment.Id;
        var response = await app.Anonymous().GetAsync($"/api/v1/open-data/{id}.zip");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        Assert.Equal(["answers.csv", "datapackage.json"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        var csv = Entry(zip, "answers.csv");
        var json = Entry(zip, "datapackage.json");

        using var descriptor = JsonDocument.Parse(json);
        var root = descriptor.RootElement;
        Assert.Equal("tabular-data-package", root.GetProperty("profile").GetString());
        Assert.Equal("CC-BY-4.0", root.GetProperty("licenses")[0].GetProperty("name").GetString());
        Assert.Equal("Faro", root.GetProperty("sources")[0].GetProperty("title").GetString());
        Assert.Equal(id, root.GetProperty("assessment").GetProperty("id").GetInt32());
        var resource = root.GetProperty("resources")[0];
        Assert.Equal("answers.csv", resource.GetProperty("path").GetString());
        var fields = resource.GetProperty("schema").GetProperty("fields").EnumerateArray().ToList();
        var lines = csv.Split("\r\n");
        Assert.Equal(lines[0].Split(','), fields.Select(f => f.GetProperty("name").GetString()));
        Assert.Equal(lines[1].Split(','), fields.Select(f => f.GetProperty("hxl").GetString()));
        Assert.All(fields, f =>
        {
            Assert.Contains(f.GetProperty("type").GetString(), new[] { "string", "integer", "datetime" });
            Assert.False(string.IsNullOrWhiteSpace(f.GetProperty("description").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(f.GetProperty("descriptionEs").GetString()));
        });

        var indicators = await app.WithDb(db => db.Indicators.CountAsync(i => i.CatalogueId == published.Assessment.CatalogueId));
        Assert.Equal(indicators + 2, lines.Count(l => l.Length > 0));
        // Public sources are cited; the private one (and the comments and review points, which all
        // carry the marker) appear nowhere.
        Assert.Contains(published.PublicEvidence, e => csv.Contains(e.Title.En!, StringComparison.Ordinal));
        Assert.DoesNotContain(TestData.PrivateMarker, csv, StringComparison.Ordinal);
        Assert.DoesNotContain(TestData.PrivateMarker, json, StringComparison.Ordinal);
        Assert.DoesNotContain("Interview notes", csv, StringComparison.Ordinal);
    }

    [Theory, AllProviders]
    public async Task DraftOrWithdrawn_IsNotFound_AndOnlyPublishedAreListed(string provider)
    {
        var (app, published, draft) = await SeedAsync(provider);
        using var _ = app;
        var client = app.Anonymous();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/open-data/{draft.Assessment.Id}.zip")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/open-data/999999.zip")).StatusCode);

        using (var list = JsonDocument.Parse(await client.GetStringAsync("/api/v1/open-data")))
        {
            var ids = list.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("assessmentId").GetInt32()).ToList();
            Assert.Contains(published.Assessment.Id, ids);
            Assert.DoesNotContain(draft.Assessment.Id, ids);
            Assert.Equal(ids.Count, list.RootElement.GetProperty("total").GetInt32());
        }

        var page = await client.GetStringAsync($"/profiles/{published.Assessment.Id}");
        Assert.Contains($"/api/v1/open-data/{published.Assessment.Id}.zip", page, StringComparison.Ordinal);

        await app.WithDb(async db =>
        {
            var a = await db.Assessments.SingleAsync(x => x.Id == published.Assessment.Id);
            a.WithdrawnAt = DateTime.UtcNow;
            a.WithdrawnReason = "test";
            await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/open-data/{published.Assessment.Id}.zip")).StatusCode);
        using var after = JsonDocument.Parse(await client.GetStringAsync("/api/v1/open-data"));
        Assert.DoesNotContain(after.RootElement.GetProperty("items").EnumerateArray(), i => i.GetProperty("assessmentId").GetInt32() == published.Assessment.Id);
    }
}
