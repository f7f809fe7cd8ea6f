using System.CommandLine;
using System.Text.Json;
using Faro.Catalogue;
using Faro.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Cli;

public static class CatalogueCommands
{
    public static Command Build()
    {
        var file = new Argument<string>("FILE") { Description = "A catalogue in Faro's JSON format." };
        var import = new Command("import", "Import a new catalogue version (all or nothing).") { file };
        import.Action(async (parse, services, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new InputRejectedException("file.not_found", new InputError(path, "file.not_found",
                    new LocalizedText("The file does not exist.", "El archivo no existe.")));
            }

            CatalogueFile parsed;
            await using (var stream = File.OpenRead(path))
            {
                parsed = CatalogueService.Parse(stream, Path.GetFileName(path));
            }

            var catalogue = await services.GetRequiredService<CatalogueService>().ImportAsync(parsed, "cli", ct);
            Console.WriteLine($"imported catalogue {catalogue.Code} {catalogue.Version} (id {catalogue.Id})");
            return 0;
        });

        var format = new Option<string>("--format") { Description = "json (xlsx comes with data exchange).", DefaultValueFactory = _ => "json" };
        var output = new Option<string>("--output", "-o") { Description = "The file to write.", Required = true };
        var id = new Option<string?>("--catalogue") { Description = "CODE@VERSION or id; the newest published catalogue by default." };
        var export = new Command("export", "Export a catalogue version.") { format, output, id };
        export.Action(async (parse, services, ct) =>
        {
            if (parse.GetValue(format) is not "json")
            {
                throw new InputRejectedException("catalogue.bad_format", new InputError("--format", "catalogue.bad_format",
                    new LocalizedText("Only json is available for catalogue export in this version.", "En esta versión solo se exporta el catálogo en json.")));
            }

            var db = services.GetRequiredService<FaroDb>();
            var catalogueId = await ResolveAsync(db, parse.GetValue(id), ct);
            var exported = await services.GetRequiredService<CatalogueService>().ExportAsync(catalogueId, ct);
            var path = parse.GetValue(output)!;
            var temp = path + ".partial";
            await using (var stream = File.Create(temp))
            {
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
