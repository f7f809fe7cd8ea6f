using System.CommandLine;
using Faro.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Cli.Operations;

public static class OperationsCommands
{
    public static Command Migrate()
    {
        var command = new Command("migrate", "Create or update the database schema and load the seed catalogue.");
        command.Action(async (_, services, ct) =>
        {
            await services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
            CliHost.Say("cli.migrate.done");
            return 0;
        });
        return command;
    }

    public static Command Backup()
    {
        var output = new Option<string>("--output", "-o") { Description = "The archive to write (.zip).", Required = true };
        var command = new Command("backup", "Write one portable archive of all data (any provider).") { output };
        command.Action(async (parse, services, ct) =>
        {
            var manifest = await services.GetRequiredService<BackupService>().BackupAsync(parse.GetValue(output)!, ct);
            CliHost.Say("cli.backup.done", parse.GetValue(output), manifest.Tables.Values.Sum(), manifest.Tables.Count, manifest.Files?.Count ?? 0);
            return 0;
        });
        return command;
    }

    public static Command Restore()
    {
        var file = new Argument<string>("FILE") { Description = "An archive written by 'faro backup'." };
        var command = new Command("restore", "Load a backup into a new, empty database of either provider.") { file };
        command.Action(async (parse, services, ct) =>
        {
            await services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
            var restored = await services.GetRequiredService<BackupService>().RestoreAsync(parse.GetValue(file)!, ct);
            CliHost.Say("cli.restore.done", restored.Rows, restored.Files, restored.Manifest.CreatedAt);
            return 0;
        });
        return command;
    }
}
