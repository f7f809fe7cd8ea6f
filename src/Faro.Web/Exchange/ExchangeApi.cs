using Faro.Exchange;
using Faro.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace Faro.Web.Exchange;

/// A preview or apply result for API clients: messages in the caller's language, each error
/// placed by sheet, row and column (or submission and element).
public sealed record ImportPreviewView(string Format, int AssessmentId, bool Applied, bool StageAllows, bool CanApply,
    IReadOnlyList<RowChange> Changes, IReadOnlyList<string> Unchanged, IReadOnlyList<RowConflict> Conflicts, IReadOnlyList<ImportErrorView> Errors)
{
    public static ImportPreviewView Of(ImportPreview p, string lang)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.Format, p.AssessmentId, p.Applied, p.StageAllows, p.CanApply, p.Changes, p.Unchanged, p.Conflicts,
            p.Errors.Select(e => new ImportErrorView(e.Location, e.Sheet, e.Row, e.Column, e.Code, e.Message[lang])).ToList());
    }
}

public sealed record ImportErrorView(string Location, string Sheet, int? Row, string? Column, string Code, string Message);

public static class ExchangeApi
{
    public static void MapExchangeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiV1("/assessments", "Exchange");
        api.MapGet("/{id:int}/export", async (int id, [FromQuery] string? format, [FromQuery] string? lang, [FromQuery] int? institution, Caller caller,
                ExchangeService exchange, CancellationToken ct) =>
            {
                var file = await exchange.ExportAsync(caller.Actor, id, ExchangeService.ParseFormat(format), lang, institution, ct);
                return TypedResults.File(file.Content, file.ContentType, file.FileName);
            })
            .WithSummary("Exports the questionnaire with the current answers: format=xlsx (default), csv (HXL row under the header), json or xform (ODK); lang=en|es|both; institution=ID for one institution's indicators (a focal point always gets only theirs).");
        api.MapPost("/{id:int}/imports/preview", async (int id, Caller caller, HttpRequest request, ExchangeService exchange, CancellationToken ct) =>
            {
                var preview = await exchange.PreviewAsync(caller.Actor, id, await BodyAsync(request, ct), ct);
                return TypedResults.Ok(ImportPreviewView.Of(preview, caller.Lang));
            })
            .WithSummary("Previews an import (the request body is the XLSX questionnaire or ODK submission XML): every change (field, old → new), unchanged row, conflict and error with its place. Changes nothing.");
        api.MapPost("/{id:int}/imports", async (int id, Caller caller, HttpRequest request, ExchangeService exchange, CancellationToken ct) =>
            {
                var applied = await exchange.ApplyAsync(caller.Actor, id, await BodyAsync(request, ct), ct);
                return TypedResults.Ok(ImportPreviewView.Of(applied, caller.Lang));
            })
            .WithSummary("Applies an import, all or nothing in one transaction: 400 `import.invalid` with every error placed, 409 `assessment.locked` outside the editable stages; conflicts are reported and not applied.");

        // Open data: public material of published assessments, for anyone, without an account.
        var open = app.MapApiV1("/open-data", "Open data");
        open.MapGet("", async ([FromQuery] string? country, [FromQuery] int? page, OpenDataService openData, CancellationToken ct) =>
                TypedResults.Ok(await openData.ListAsync(country, page ?? 1, ct)))
            .AllowAnonymous()
            .WithSummary("Lists the open-data packages, one per published (or follow-up) assessment that is not withdrawn, 50 a page (?page=N), filtered by ?country=ISO2.");
        open.MapGet("/{id:int}.zip", async (int id, Caller caller, OpenDataService openData, CancellationToken ct) =>
            {
                // 404 for everyone, signed in or not: an account changes nothing about what is open data.
                if (!await openData.IsPublishedAsync(id, ct))
                {
                    var missing = RefusedException.NotFound("assessment");
                    return RefusalFilter.Problem(StatusCodes.Status404NotFound, missing.Code, missing.Text[caller.Lang], null);
                }

                var file = await openData.PackageAsync(id, ct);
                return TypedResults.File(file.Content, file.ContentType, file.FileName);
            })
            .AllowAnonymous()
            .WithSummary("The Frictionless Data Package of a published assessment: answers.csv (HXL row under the header, public sources only) and datapackage.json (every column with type, description and HXL tag; licence `Faro:OpenData:License`; source; assessment). 404 `assessment.not_found` for anything not published.");
    }

    /// The file is the request body, read with a bound: a larger one is refused before parsing.
    private static async Task<byte[]> BodyAsync(HttpRequest request, CancellationToken ct) =>
        await SafePackage.ReadBoundedAsync(request.Body, ct)
        ?? throw new InputRejectedException("import.too_large", new InputError("file", "import.too_large", SafePackage.TooLarge));
}
