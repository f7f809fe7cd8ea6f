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
        var draft = new Option<bool>("--draft") { Description = "Import as a draft whatever the file says (publish it later with `catalogue publish`); a draft of the same version is replaced." };
        var import = new Command("import", "Import a new catalogue version (all or nothing).") { file, draft };
        import.Action(async (parse, services, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new InputRejectedException("file.not_found", new InputError(path, "file.not_found"));
            }

            var service = services.GetRequiredService<CatalogueService>();
            IndicatorCatalogue catalogue;
            if (new FileInfo(path).Length > CatalogueService.MaxFileBytes)
            {
                throw new InputRejectedException("catalogue.too_large", new InputError(path, "catalogue.too_large", CatalogueService.MaxFileBytes / 1024 / 1024));
            }

            var bytes = await File.ReadAllBytesAsync(path, ct);
            if (Faro.Exchange.SafePackage.LooksLikeZip(bytes))
            {
                // A workbook: measured by SafePackage before the OpenXML SDK opens it.
                catalogue = await Faro.Exchange.CatalogueXlsForm.ImportAsync(service, bytes, Faro.People.Actor.System("cli"), parse.GetValue(draft), ct);
            }
            else
            {
                using var stream = new MemoryStream(bytes, writable: false);
                var parsed = CatalogueService.Parse(stream, Path.GetFileName(path));
                if (parse.GetValue(draft))
                {
                    parsed.Status = "draft";
                }

                catalogue = await service.ImportAsync(parsed, "cli", ct);
            }

            CliHost.Say("cli.catalogue.imported", catalogue.Code, catalogue.Version, catalogue.Id, catalogue.Status.ToCode());
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
                    new Phrase("refusal.catalogue.bad_format.2", kind)));
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
            CliHost.Say("cli.catalogue.exported", exported.Code, exported.Version, path);
            return 0;
        });

        var list = new Command("list", "List the catalogue versions with their status.");
        list.Action(async (parse, services, ct) =>
        {
            var all = await services.GetRequiredService<CatalogueService>().ListAsync(Faro.People.Actor.System("cli"), ct);
            foreach (var c in all)
            {
                Console.WriteLine(CliHost.Text("cli.catalogue.row", System.FormattableString.Invariant($"{c.Id,4}"), $"{c.Code}@{c.Version}", $"{c.Status,-9}", c.Indicators, c.Assessments)
                    + (c.PreviousVersion is null ? "" : CliHost.Text("cli.catalogue.after", c.PreviousVersion)));
            }

            return 0;
        });

        Command Move(string name, string description, Func<CatalogueService, int, CancellationToken, Task<CatalogueSummary>> move)
        {
            var which = new Argument<string>("CATALOGUE") { Description = "CODE@VERSION or id." };
            var command = new Command(name, description) { which };
            command.Action(async (parse, services, ct) =>
            {
                var catalogueId = await ResolveAsync(services.GetRequiredService<FaroDb>(), parse.GetValue(which), ct);
                var moved = await move(services.GetRequiredService<CatalogueService>(), catalogueId, ct);
                CliHost.Say("cli.catalogue.moved", $"{moved.Code}@{moved.Version}", moved.Status);
                return 0;
            });
            return command;
        }

        var cli = Faro.People.Actor.System("cli");
        var publish = Move("publish", "Publish a draft version: immutable from then on, offered for new assessments.", (s, id, ct) => s.PublishAsync(cli, id, ct));
        var retire = Move("retire", "Retire a published version: no longer offered for new assessments; those that use it keep it.", (s, id, ct) => s.RetireAsync(cli, id, ct));
        return new Command("catalogue", "Indicator catalogues.") { import, export, list, publish, retire };
    }

    private static async Task<int> ResolveAsync(FaroDb db, string? spec, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            return await db.Catalogues.NewestPublishedFirst().Select(c => c.Id).FirstAsync(ct);
        }

        if (int.TryParse(spec, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        var parts = spec.Split('@', 2);
        return await db.Catalogues.Where(c => c.Code == parts[0] && (parts.Length == 1 || c.Version == parts[1]))
            .OrderByDescending(c => c.CreatedAt).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct)
            ?? throw new InputRejectedException("catalogue.not_found", new InputError("--catalogue", "catalogue.not_found",
                new Phrase("refusal.catalogue.not_found.2", spec)));
    }
}
