using System.Text.Json;
using Faro.Catalogue;
using Faro.Exchange;
using Faro.People;
using Faro.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace Faro.Web.Catalogue;

public static class CatalogueApi
{
    public static void MapCatalogueApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiV1("/catalogues", "Catalogue");
        api.MapGet("", async (Caller caller, CatalogueService catalogues, CancellationToken ct) => TypedResults.Ok(await catalogues.ListAsync(caller.Actor, ct)))
            .WithSummary("The catalogue versions with their status (draft, published, retired), indicator count and how many assessments use each; drafts only for administrators.");
        api.MapGet("/{catalogueId:int}", async (int catalogueId, Caller caller, CatalogueService catalogues, CancellationToken ct) =>
                TypedResults.Ok(await catalogues.GetAsync(caller.Actor, catalogueId, ct)))
            .WithSummary("One version with its domains, sub-areas and indicators (both languages).");
        api.MapGet("/{catalogueId:int}/crosswalk", async (int catalogueId, Caller caller, CatalogueService catalogues, CancellationToken ct) =>
                TypedResults.Ok(await catalogues.CrosswalkAsync(caller.Actor, catalogueId, ct)))
            .WithSummary("The version's crosswalk to its previous version: the entries (from, to, kind, note), how many codes are the same, and the codes removed or new without an entry.");
        api.MapGet("/{catalogueId:int}/export", async (int catalogueId, [FromQuery] string? format, Caller caller, CatalogueService catalogues, CancellationToken ct) =>
            {
                var summary = (await catalogues.GetAsync(caller.Actor, catalogueId, ct)).Catalogue;
                var file = await catalogues.ExportAsync(catalogueId, ct);
                var name = $"{summary.Code}-{summary.Version}";
                return (format ?? "json").Trim().ToLowerInvariant() switch
                {
                    "xlsx" => Results.File(CatalogueXlsForm.Write(file), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx"),
                    "json" => Results.File(JsonSerializer.SerializeToUtf8Bytes(file, CatalogueFile.JsonOptions), "application/json", name + ".json"),
                    _ => throw new InputRejectedException("catalogue.bad_format", new InputError("format", "catalogue.bad_format")),
                };
            })
            .WithSummary("Exports a version as Faro's catalogue JSON (?format=json, default) or an XLSForm-style workbook (?format=xlsx).");
        api.MapPost("", async (HttpRequest request, Caller caller, CatalogueService catalogues, CancellationToken ct) =>
            {
                // Only an administrator's file is read at all.
                CatalogueService.RequireAdmin(caller.Actor);
                var imported = await ImportDraftAsync(catalogues, caller.Actor, await BodyAsync(request, ct), "body", ct);
                return TypedResults.Created($"/api/v1/catalogues/{imported.Id}", (await catalogues.GetAsync(caller.Actor, imported.Id, ct)).Catalogue);
            })
            .Accepts<CatalogueFile>("application/json", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            .WithSummary("Imports a version as a draft (administrators): the body is Faro's catalogue JSON or an XLSForm-style XLSX. A draft of the same code and version that no assessment uses is replaced; a published or retired version never is (400 `catalogue.invalid`, `version`).");
        api.MapPost("/{catalogueId:int}/publish", async (int catalogueId, Caller caller, CatalogueService catalogues, CancellationToken ct) =>
                TypedResults.Ok(await catalogues.PublishAsync(caller.Actor, catalogueId, ct)))
            .WithSummary("Publishes a draft (administrators): immutable from then on, and offered for new assessments; 409 `catalogue.not_draft` otherwise.");
        api.MapPost("/{catalogueId:int}/retire", async (int catalogueId, Caller caller, CatalogueService catalogues, CancellationToken ct) =>
                TypedResults.Ok(await catalogues.RetireAsync(caller.Actor, catalogueId, ct)))
            .WithSummary("Retires a published version (administrators): no longer offered for new assessments; those that use it keep it. 409 `catalogue.not_published` otherwise.");
    }

    /// A workbook or a JSON file, imported as a draft; shared by the API and the admin page.
    public static async Task<IndicatorCatalogue> ImportDraftAsync(CatalogueService catalogues, Actor actor, byte[] content, string sourceName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(catalogues);
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length == 0)
        {
            throw new InputRejectedException("catalogue.invalid", new InputError("file", "catalogue.empty"));
        }

        if (SafePackage.LooksLikeZip(content))
        {
            return await CatalogueXlsForm.ImportAsync(catalogues, content, actor, asDraft: true, ct);
        }

        using var stream = new MemoryStream(content, writable: false);
        var file = CatalogueService.Parse(stream, sourceName);
        file.Status = "draft";
        return await catalogues.ImportAsync(file, actor, ct);
    }

    private static async Task<byte[]> BodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > CatalogueService.MaxFileBytes)
            {
                throw new InputRejectedException("catalogue.invalid", new InputError("file", "catalogue.too_large", CatalogueService.MaxFileBytes / 1024 / 1024));
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
