using System.Globalization;
using Faro.Places;
using Faro.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace Faro.Web.Places;

/// A gazetteer preview for API clients and the upload page: each unit with what would happen to it,
/// each error with its row and column and the message in the caller's language.
public sealed record GazetteerPreviewView(string Country, bool Applied, int Added, int Changed, int Unchanged,
    IReadOnlyList<GazetteerUnitView> Units, IReadOnlyList<GazetteerErrorView> Errors)
{
    public static GazetteerPreviewView Of(GazetteerPreview p, bool applied, string lang)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.CountryIso2, applied, p.Added, p.Changed, p.Unchanged,
            p.Units.Select(u => new GazetteerUnitView(u.Row, u.Level, u.PCode, u.Name, u.NameEn, u.ParentPCode, u.Change.ToCode())).ToList(),
            p.Errors.Select(e => GazetteerErrorView.Of(e, lang)).ToList());
    }
}

public sealed record GazetteerUnitView(int Row, int Level, string PCode, string Name, string? NameEn, string? ParentPCode, string Change);

/// `Location` is "ROW:COLUMN" (e.g. "5:ADM2_PCODE"), "ROW", or "file" for the file as a whole.
public sealed record GazetteerErrorView(string Location, int? Row, string? Column, string Code, string Message)
{
    public static GazetteerErrorView Of(InputError e, string lang)
    {
        ArgumentNullException.ThrowIfNull(e);
        var parts = e.Location.Split(':', 2);
        int? row = int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : null;
        return new(e.Location, row, row is not null && parts.Length == 2 ? parts[1] : null, e.Code, e.Message[lang]);
    }
}

public static class PlacesApi
{
    public static void MapPlacesApi(this IEndpointRouteBuilder app)
    {
        var jurisdictions = app.MapApiV1("/jurisdictions", "Places");
        jurisdictions.MapGet("", async ([FromQuery] string? country, [FromQuery] int? level, [FromQuery] int? parent, [FromQuery] string? q,
                [FromQuery] bool? active, [FromQuery] int? page, [FromQuery] int? pageSize, Caller caller, PlacesService places, CancellationToken ct) =>
                TypedResults.Ok(await places.ListJurisdictionsAsync(caller.Actor, new JurisdictionQuery(country, level, parent, q, active, page ?? 1, pageSize ?? 50), ct)))
            .WithSummary("Jurisdictions, by level then name, paged (?page=1&pageSize=50, at most 200): filter by ?country=ISO2, ?level=1..3, ?parent=ID, ?q=text (name or code), ?active=true|false.");
        jurisdictions.MapGet("/{jurisdictionId:int}", async (int jurisdictionId, Caller caller, PlacesService places, CancellationToken ct) =>
                TypedResults.Ok(await places.GetJurisdictionAsync(caller.Actor, jurisdictionId, ct)))
            .WithSummary("One jurisdiction.");
        jurisdictions.MapPost("", async (JurisdictionInput body, Caller caller, PlacesService places, CancellationToken ct) =>
            {
                var created = await places.CreateJurisdictionAsync(caller.Actor, body, ct);
                return TypedResults.Created($"/api/v1/jurisdictions/{created.Id}", created);
            })
            .WithSummary("Creates a jurisdiction (admin, or coordinator of the country): country, name (local language), nameEn, adminLevel 1..3, code with codeSystem (iso-3166-2, national, P-code; unique in the country), parentId of a higher level in the same country, population, areaKm2.");
        jurisdictions.MapPut("/{jurisdictionId:int}", async (int jurisdictionId, JurisdictionInput body, Caller caller, PlacesService places, CancellationToken ct) =>
                TypedResults.Ok(await places.UpdateJurisdictionAsync(caller.Actor, jurisdictionId, body, ct)))
            .WithSummary("Replaces a jurisdiction's fields (the same rules as creating; its country does not change).");
        jurisdictions.MapPost("/{jurisdictionId:int}/deactivate", async (int jurisdictionId, Caller caller, PlacesService places, CancellationToken ct) =>
                TypedResults.Ok(await places.SetJurisdictionActiveAsync(caller.Actor, jurisdictionId, false, ct)))
            .WithSummary("Deactivates a jurisdiction: kept wherever it is used, no longer offered for new work; 409 `jurisdiction.has_active_units` while units below it are active.");
        jurisdictions.MapPost("/{jurisdictionId:int}/reactivate", async (int jurisdictionId, Caller caller, PlacesService places, CancellationToken ct) =>
                TypedResults.Ok(await places.SetJurisdictionActiveAsync(caller.Actor, jurisdictionId, true, ct)))
            .WithSummary("Reactivates a jurisdiction; 409 `jurisdiction.parent_inactive` while the unit it is part of is deactivated.");

        var institutions = app.MapApiV1("/institutions", "Places");
        institutions.MapGet("", async ([FromQuery] string? country, [FromQuery] int? jurisdiction, [FromQuery] string? kind, [FromQuery] string? q,
                [FromQuery] bool? active, [FromQuery] int? page, [FromQuery] int? pageSize, Caller caller, PlacesService places, CancellationToken ct) =>
                TypedResults.Ok(await places.ListInstitutionsAsync(caller.Actor, new InstitutionQuery(country, jurisdiction, kind, q, active, page ?? 1, pageSize ?? 50), ct)))
            .WithSummary("Institutions by name, paged (?page=1&pageSize=50, at most 200): filter by ?country=ISO2, ?jurisdiction=ID, ?kind=CODE, ?q=text (name or acronym), ?active=true|false.");
        institutions.MapGet("/{institutionId:int}", async (int institutionId, Caller caller, PlacesService places, CancellationToken ct) =>
                TypedResults.Ok(await places.GetInstitutionAsync(caller.Actor, institutionId, ct)))
            .WithSummary("One institution.");
        institutions.MapPost("", async (InstitutionInput body, Caller caller, PlacesService places, CancellationToken ct) =>
            {
                var created = await places.CreateInstitutionAsync(caller.Actor, body, ct);
                return TypedResults.Created($"/api/v1/institutions/{created.Id}", created);
            })
            .WithSummary("Creates an institution (admin, or coordinator of the country): country, nameEs and/or nameEn, acronym, kind (local-government, regional-government, national-agency, civil-society, international-organisation, academia, private-sector), jurisdictionId (null for a national body).");
        institutions.MapPut("/{institutionId:int}", async (int institutionId, InstitutionInput body, Caller caller, PlacesService places, CancellationToken ct) =>
                TypedResults.Ok(await places.UpdateInstitutionAsync(caller.Actor, institutionId, body, ct)))
            .WithSummary("Replaces an institution's fields (its country does not change).");
        institutions.MapPost("/{institutionId:int}/deactivate", async (int institutionId, Caller caller, PlacesService places, CancellationToken ct) =>
                TypedResults.Ok(await places.SetInstitutionActiveAsync(caller.Actor, institutionId, false, ct)))
            .WithSummary("Deactivates an institution: its answers, focal points and workshops keep naming it; no longer offered for new work.");
        institutions.MapPost("/{institutionId:int}/reactivate", async (int institutionId, Caller caller, PlacesService places, CancellationToken ct) =>
                TypedResults.Ok(await places.SetInstitutionActiveAsync(caller.Actor, institutionId, true, ct)))
            .WithSummary("Reactivates an institution.");

        var countries = app.MapApiV1("/countries", "Places");
        countries.MapPost("/{iso2}/gazetteer/preview", async (string iso2, HttpRequest request, Caller caller, GazetteerImport gazetteer, CancellationToken ct) =>
            {
                // Who may import is checked before the file is read, so an outsider learns nothing from a 400.
                await gazetteer.RequireManagerAsync(caller.Actor, iso2, ct);
                var preview = await gazetteer.PreviewAsync(caller.Actor, iso2, await FileAsync(request, ct), ct);
                return TypedResults.Ok(GazetteerPreviewView.Of(preview, false, caller.Lang));
            })
            .Accepts<IFormFile>("multipart/form-data", "text/csv")
            .WithSummary("Previews a CSV gazetteer (multipart field `file`, or the body as text/csv; UTF-8, COD columns ADM1_ES, ADM1_PCODE, ADM2_ES, ADM2_PCODE, optional ADMn_EN): units added, changed, unchanged, and errors by row and column. Changes nothing.");
        countries.MapPost("/{iso2}/gazetteer", async (string iso2, HttpRequest request, Caller caller, GazetteerImport gazetteer, CancellationToken ct) =>
            {
                await gazetteer.RequireManagerAsync(caller.Actor, iso2, ct);
                var applied = await gazetteer.ApplyAsync(caller.Actor, iso2, await FileAsync(request, ct), ct);
                return TypedResults.Ok(GazetteerPreviewView.Of(applied, true, caller.Lang));
            })
            .Accepts<IFormFile>("multipart/form-data", "text/csv")
            .WithSummary("Imports a CSV gazetteer (as the preview), all or nothing: 400 `gazetteer.invalid` with every error by row and column, and nothing changed.");
    }

    /// The CSV, from a multipart form (`file`) or the raw body, read with a bound.
    private static async Task<byte[]> FileAsync(HttpRequest request, CancellationToken ct)
    {
        Stream source;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file") ?? throw new InputRejectedException("gazetteer.invalid", new InputError("file", "gazetteer.no_file"));
            source = file.OpenReadStream();
        }
        else
        {
            source = request.Body;
        }

        await using (source)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > GazetteerImport.MaxBytes)
                {
                    throw new InputRejectedException("gazetteer.invalid", new InputError("file", "gazetteer.too_large", GazetteerImport.MaxBytes / 1024 / 1024));
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }
}
