using System.CommandLine;
using System.Text.Json;
using Faro.Catalogue;
using Faro.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Cli.Catalogue;

public static class CatalogueCommands
{
    public static Command Build()
    {
        var file = new Argument<string>("FILE") { Description = "A catalogue in Faro's JSON format, or an XLSForm-style .xlsx (survey, choices, settings)." };
        var import = new Command("import", "Import a new catalogue version (all or nothing).") { file };
        import.Action(async (parse, services, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new InputRejectedException("file.not_found", new InputError(path, "file.not_found",
                    new LocalizedText("The file does not exist.", "El archivo no existe.")));
            }

            var service = services.GetRequiredService<CatalogueService>();
            IndicatorCatalogue catalogue;
            if (new FileInfo(path).Length > CatalogueService.MaxFileBytes)
            {
                throw new InputRejectedException("catalogue.too_large", new InputError(path, "catalogue.too_large",
                    new LocalizedText($"The file is larger than {CatalogueService.MaxFileBytes / 1024 / 1024} MB.", $"El archivo pesa más de {CatalogueService.MaxFileBytes / 1024 / 1024} MB.")));
            }

            var bytes = await File.ReadAllBytesAsync(path, ct);
            if (Faro.Exchange.SafePackage.LooksLikeZip(bytes))
            {
                // A workbook: measured by SafePackage before the OpenXML SDK opens it.
                catalogue = await Faro.Exchange.CatalogueXlsForm.ImportAsync(service, bytes, "cli", ct);
            }
            else
            {
                using var stream = new MemoryStream(bytes, writable: false);
                catalogue = await service.ImportAsync(CatalogueService.Parse(stream, Path.GetFileName(path)), "cli", ct);
            }

            Console.WriteLine($"imported catalogue {catalogue.Code} {catalogue.Version} (id {catalogue.Id})");
            return 0;
        });

        var format = new Option<string>("--format") { Description = "json or xlsx (XLSForm-style: survey, choices, settings).", DefaultValueFactory = _ => "json" };
        var output = new Option<string>("--output", "-o") { Description = "The file to write.", Required = true };
        var id = new Option<string?>("--catalogue") { Description = "CODE@VERSION or id; the newest published catalogue by default." };
        var export = new Command("export", "Export a catalogue version.") { format, output, id };
        export.Action(async (parse, services, ct) =>
        {
            var kind = parse.GetValue(format)?.Trim().ToLowerInvariant();
            if (kind is not ("json" or "xlsx"))
            {
                throw new InputRejectedException("catalogue.bad_format", new InputError("--format", "catalogue.bad_format",
                    new LocalizedText($"'{kind}' is not a catalogue format (json, xlsx).", $"«{kind}» no es un formato de catálogo (json, xlsx).")));
            }

            var db = services.GetRequiredService<FaroDb>();
            var catalogueId = await ResolveAsync(db, parse.GetValue(id), ct);
            var exported = await services.GetRequiredService<CatalogueService>().ExportAsync(catalogueId, ct);
            var path = parse.GetValue(output)!;
            var temp = path + ".partial";
            if (kind == "xlsx")
            {
                await File.WriteAllBytesAsync(temp, Faro.Exchange.CatalogueXlsForm.Write(exported), ct);
            }
            else
            {
                await using var stream = File.Create(temp);
                await JsonSerializer.SerializeAsync(stream, exported, CatalogueFile.JsonOptions, ct);
            }

            File.Move(temp, path, overwrite: true);
            Console.WriteLine($"exported {exported.Code} {exported.Version} to {path}");
            return 0;
        });

        return new Command("catalogue", "Indicator catalogues.") { import, export };
    }

    private static async Task<int> ResolveAsync(FaroDb db, string? spec, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            return await db.Catalogues.Where(c => c.Status == CatalogueStatus.Published)
                .OrderByDescending(c => c.PublishedAt).Select(c => c.Id).FirstAsync(ct);
        }

        if (int.TryParse(spec, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        var parts = spec.Split('@', 2);
        return await db.Catalogues.Where(c => c.Code == parts[0] && (parts.Length == 1 || c.Version == parts[1]))
            .OrderByDescending(c => c.CreatedAt).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct)
            ?? throw new InputRejectedException("catalogue.not_found", new InputError("--catalogue", "catalogue.not_found",
                new LocalizedText($"No catalogue {spec}.", $"No existe el catálogo {spec}.")));
    }
}
