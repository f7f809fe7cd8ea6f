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
            Console.WriteLine("database is up to date");
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
            Console.WriteLine($"backup written: {parse.GetValue(output)} ({manifest.Tables.Values.Sum()} rows in {manifest.Tables.Count} tables, {manifest.Files?.Count ?? 0} files)");
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
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"restored {restored.Rows} rows and {restored.Files} files from a backup of {restored.Manifest.CreatedAt:yyyy-MM-dd HH:mm} UTC"));
            return 0;
        });
        return command;
    }
}
