using System.CommandLine;
using Faro.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faro.Cli;

/// Builds the same services as the web host from the same configuration keys, and turns every
/// failure into one line on stderr and a non-zero exit code.
public static class CliHost
{
    public static ServiceProvider BuildServices()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        // Logs go to stderr so that stdout carries only results (a token, a password, a list).
        // EF Core's own error logs are silenced: failures are reported once, as one line.
        services.AddLogging(b => b
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddFilter((category, level) =>
                category?.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) != true && level >= LogLevel.Warning));
        services.AddFaroCore(configuration);
        return services.BuildServiceProvider();
    }

    /// Messages follow the user's locale: Spanish when FARO_LANG, or else LANG, starts with "es"
    /// (es, es_PA.UTF-8), English otherwise. Refusals carry codes; their words come from the
    /// catalogue in this language.
    public static string Language =>
        (Environment.GetEnvironmentVariable("FARO_LANG") ?? Environment.GetEnvironmentVariable("LANG") ?? "en")
            .StartsWith("es", StringComparison.OrdinalIgnoreCase) ? Languages.Spanish : Languages.English;

    /// A line of the `cli.*` texts (`src/Faro/Texts/cli.*.json`) on standard output, in the user's
    /// language. Codes (stages, levels, statuses, formats) stay codes, as in the API, so scripts
    /// can read the lines in either language.
    public static void Say(string key, params object?[] args) => Console.WriteLine(Text(key, args));

    public static string Text(string key, params object?[] args) => Faro.Texts.TextCatalog.Default.Render(Language, key, args);

    public static void Action(this Command command, Func<ParseResult, IServiceProvider, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                await using var services = BuildServices();
                if (command.Name != "restore")
                {
                    // Every verb works on an up-to-date schema; migrating is idempotent and cheap.
                    await using var migrateScope = services.CreateAsyncScope();
                    await migrateScope.ServiceProvider.GetRequiredService<Faro.Operations.MigrationRunner>().MigrateAsync(ct);
                }

                await using var scope = services.CreateAsyncScope();
                return await action(parse, scope.ServiceProvider, ct);
            }
            catch (InputRejectedException e)
            {
                var lines = e.Errors.Select(x => x.Describe(Language)).ToList();
                await Console.Error.WriteLineAsync(lines.Count switch
                {
                    0 => $"faro: {e.Code}",
                    1 => $"faro: {lines[0]}",
                    _ => "faro: " + Text("cli.problems", lines.Count, string.Join(" | ", lines)),
                });
                return 2;
            }
            catch (RefusedException e)
            {
                await Console.Error.WriteLineAsync($"faro: {e.Text[Language]}");
                return 2;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await Console.Error.WriteLineAsync($"faro: {e.GetBaseException().Message.ReplaceLineEndings(" ")}");
                return 1;
            }
        });
}
