using System.CommandLine;
using Faro.Demo;
using Faro.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Cli.Demo;

public static class DemoCommands
{
    public static Command Build()
    {
        var synthetic = new Option<int>("--synthetic") { Description = "Also add N clearly fictional, generated assessments (for benchmarks).", DefaultValueFactory = _ => 0 };
        var command = new Command("demo", "Load the demo data into an empty database and print the demo sign-ins.") { synthetic };
        command.Action(async (parse, services, ct) =>
        {
            await services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
            var seeder = services.GetRequiredService<DemoSeeder>();
            var accounts = await seeder.SeedAsync(ct);
            foreach (var a in accounts)
            {
                Console.WriteLine($"demo account: {a.Email} {a.Password} {a.Role}");
            }

            var n = parse.GetValue(synthetic);
            if (n > 0)
            {
                var added = await seeder.SeedSyntheticAsync(n, done => Console.Error.WriteLine($"synthetic: {done}/{n}"), ct);
                CliHost.Say("cli.demo.synthetic_added", added);
            }

            return 0;
        });
        return command;
    }
}
