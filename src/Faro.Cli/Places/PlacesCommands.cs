using System.CommandLine;
using Faro.People;
using Faro.Places;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Cli.Places;

public static class PlacesCommands
{
    public static Command Build()
    {
        var country = new Option<string>("--country") { Description = "ISO 3166-1 alpha-2 code of the country, e.g. PA.", Required = true };
        var file = new Argument<string>("FILE") { Description = "A CSV gazetteer in the COD shape (ADM1_ES, ADM1_PCODE, ADM2_ES, ADM2_PCODE, optional ADMn_EN), UTF-8." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only show what would be added and changed." };
        var import = new Command("import", "Import a country's administrative units from a CSV gazetteer (all or nothing).") { country, file, dryRun };
        import.Action(async (parse, services, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new InputRejectedException("file.not_found", new InputError(path, "file.not_found"));
            }

            if (new FileInfo(path).Length > GazetteerImport.MaxBytes)
            {
                throw new InputRejectedException("gazetteer.too_large", new InputError(path, "gazetteer.too_large",
                    new Phrase("refusal.gazetteer.too_large.2")));
            }

            var content = await File.ReadAllBytesAsync(path, ct);
            var importer = services.GetRequiredService<GazetteerImport>();
            var actor = Actor.System("cli");
            var lang = CliHost.Language;
            var preview = await importer.PreviewAsync(actor, parse.GetValue(country)!, content, ct);
            if (preview.Errors.Count > 0)
            {
                foreach (var e in preview.Errors)
                {
                    await Console.Error.WriteLineAsync($"faro: {Path.GetFileName(path)}: {e.Message[lang]}");
                }

                return 2;
            }

            if (!parse.GetValue(dryRun))
            {
                preview = await importer.ApplyAsync(actor, parse.GetValue(country)!, content, ct);
            }

            foreach (var u in preview.Units.Where(u => u.Change != GazetteerChange.Unchanged))
            {
                Console.WriteLine($"{CliHost.Text(u.Change == GazetteerChange.Added ? "cli.places.add" : "cli.places.change"),-7}ADM{u.Level} {u.PCode} {u.Name}");
            }

            CliHost.Say(parse.GetValue(dryRun) ? "cli.places.would_add" : "cli.places.added", preview.CountryIso2, preview.Added, preview.Changed, preview.Unchanged);
            return 0;
        });
        return new Command("places", "Countries' administrative units and institutions.") { import };
    }
}
