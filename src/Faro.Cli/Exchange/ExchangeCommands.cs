using System.CommandLine;
using Faro.Exchange;
using Faro.People;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Cli.Exchange;

/// `faro export` and `faro import`: the same files as the UI and API, written by the operator
/// (the CLI acts as the system, like an admin).
public static class ExchangeCommands
{
    public static Command Export()
    {
        var assessment = new Option<int>("--assessment") { Description = "The assessment's id (see `faro assessment list`).", Required = true };
        var format = new Option<string>("--format") { Description = "xlsx, csv, json or xform.", DefaultValueFactory = _ => "xlsx" };
        var lang = new Option<string>("--lang") { Description = "en, es or both.", DefaultValueFactory = _ => "both" };
        var institution = new Option<int?>("--institution") { Description = "Only the indicators assigned to this institution." };
        var output = new Option<string>("--output", "-o") { Description = "The file to write.", Required = true };
        var command = new Command("export", "Export an assessment's questionnaire and answers.") { assessment, format, lang, institution, output };
        command.Action(async (parse, services, ct) =>
        {
            var file = await services.GetRequiredService<ExchangeService>().ExportAsync(Actor.System("cli"), parse.GetValue(assessment),
                ExchangeService.ParseFormat(parse.GetValue(format)), parse.GetValue(lang), parse.GetValue(institution), ct);
            var path = parse.GetValue(output)!;
            var temp = path + ".partial";
            await File.WriteAllBytesAsync(temp, file.Content, ct);
            File.Move(temp, path, overwrite: true);
            CliHost.Say("cli.export.done", file.FileName, file.Content.Length, path);
            return 0;
        });
        return command;
    }

    public static Command Import()
    {
        var assessment = new Option<int>("--assessment") { Description = "The assessment's id.", Required = true };
        var file = new Argument<string>("FILE") { Description = "An XLSX questionnaire exported by Faro, or ODK submission XML." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only show what would change." };
        var command = new Command("import", "Import a filled questionnaire: shows every change, conflict and error; applies all or nothing.")
        {
            assessment, file, dryRun,
        };
        command.Action(async (parse, services, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new InputRejectedException("file.not_found", new InputError(path, "file.not_found"));
            }

            byte[]? content;
            await using (var stream = File.OpenRead(path))
            {
                content = await SafePackage.ReadBoundedAsync(stream, ct);
            }

            if (content is null)
            {
                throw new InputRejectedException("import.too_large", new InputError(path, "import.too_large", SafePackage.TooLarge));
            }

            var exchange = services.GetRequiredService<ExchangeService>();
            var actor = Actor.System("cli");
            var preview = await exchange.PreviewAsync(actor, parse.GetValue(assessment), content, ct);
            Print(preview);
            if (preview.Errors.Count > 0)
            {
                throw new InputRejectedException("import.invalid", preview.Errors.Select(e => e.ToInputError()).ToList());
            }

            if (parse.GetValue(dryRun) || preview.Changes.Count == 0)
            {
                CliHost.Say(parse.GetValue(dryRun) ? "cli.import.dry_run" : "cli.import.no_changes");
                return 0;
            }

            var applied = await exchange.ApplyAsync(actor, parse.GetValue(assessment), content, ct);
            CliHost.Say("cli.import.applied", applied.Changes.Count, applied.Conflicts.Count);
            return 0;
        });
        return command;
    }

    private static void Print(ImportPreview preview)
    {
        var lang = CliHost.Language;
        foreach (var change in preview.Changes)
        {
            foreach (var f in change.Fields)
            {
                CliHost.Say("cli.import.change", change.Code, f.Field, Short(f.Old), Short(f.New));
            }
        }

        foreach (var conflict in preview.Conflicts)
        {
            CliHost.Say("cli.import.conflict", conflict.Code, conflict.ExportedRevision, conflict.CurrentRevision, string.Join(", ", conflict.Fields.Select(f => f.Field)));
        }

        foreach (var error in preview.Errors)
        {
            CliHost.Say("cli.import.error", error.Location, error.Message[lang]);
        }

        CliHost.Say("cli.import.summary", preview.Changes.Count, preview.Unchanged.Count, preview.Conflicts.Count, preview.Errors.Count);
    }

    private static string Short(string? text) => text is null ? CliHost.Text("cli.import.empty") : text.Length > 60 ? text[..57].ReplaceLineEndings(" ") + "..." : text.ReplaceLineEndings(" ");
}
