using System.CommandLine;
using Faro.Profiles;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Cli.Profiles;

public static class ProfileCommands
{
    public static Command Build()
    {
        var assessment = new Option<int>("--assessment") { Description = "The assessment's id (see `faro assessment list`).", Required = true };
        var format = new Option<string>("--format") { Description = "html, pdf, docx or json.", Required = true };
        var lang = new Option<string>("--lang") { Description = "en or es.", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "The file to write.", Required = true };
        var command = new Command("profile", "Write an assessment's Migration Governance Profile: the frozen snapshot once published, otherwise the current draft.")
        {
            assessment, format, lang, output,
        };
        command.Action(async (parse, services, ct) =>
        {
            var (parsedFormat, parsedLang) = ProfileFormats.Parse(parse.GetValue(format), parse.GetValue(lang), "--format", "--lang");
            await services.GetRequiredService<Faro.Operations.MigrationRunner>().MigrateAsync(ct);
            var id = parse.GetValue(assessment);
            var file = await services.GetRequiredService<ProfileService>().CurrentAsync(id, parsedFormat, parsedLang, ct)
                ?? throw new InputRejectedException("assessment.not_found", new InputError("--assessment", "assessment.not_found", id));

            // Written next to the target and renamed: a crash leaves no half-written profile.
            var path = Path.GetFullPath(parse.GetValue(output)!);
            var temp = path + ".partial";
            await File.WriteAllBytesAsync(temp, file.Content, ct);
            File.Move(temp, path, overwrite: true);
            CliHost.Say(file.IsSnapshot ? "cli.profile.snapshot_written" : "cli.profile.current_written", id, parsedFormat.Code(), parsedLang, file.Content.Length, path);
            return 0;
        });
        return command;
    }
}
