using System.Diagnostics;
using System.Globalization;
using Faro.Data;
using Faro.Exchange;
using Faro.Operations;
using Faro.People;
using Faro.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faro.Bench;

/// Times the XLSX questionnaire export and the import preview of the same full questionnaire (the
/// 88-indicator assessment of the profile tests) in a fresh SQLite database, per export language:
/// export = read the database and write the workbook; preview = measure and read the workbook and
/// compare every row with the stored answers (what a person waits for after uploading).
public static class ExchangeBenchmark
{
    private const int WarmUp = 10;

    public static async Task RunAsync(int runs)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "faro-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dataDirectory);
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Faro:DataDirectory"] = dataDirectory,
                ["Faro:Database:Provider"] = "sqlite",
                ["Faro:SeedDemoData"] = "false",
            }).Build();
            var services = new ServiceCollection()
                .AddSingleton<IConfiguration>(configuration)
                .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
                .AddFaroCore(configuration)
                .BuildServiceProvider();
            await using var _ = services;
            int assessmentId;
            await using (var scope = services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<MigrationRunner>().MigrateAsync();
                var db = scope.ServiceProvider.GetRequiredService<FaroDb>();
                var c = await TestData.ProfileAssessmentAsync(db, await TestData.CountryAsync(db), Workflow.Stage.DataCollection);
                assessmentId = c.Assessment.Id;
            }

            var actor = Actor.System("bench");
            var cases = new List<(string Name, string Lang, Func<Task<int?>> Work)>();
            foreach (var lang in new[] { "en", "es", "both" })
            {
                async Task<byte[]> Export()
                {
                    await using var scope = services.CreateAsyncScope();
                    return (await scope.ServiceProvider.GetRequiredService<ExchangeService>().ExportAsync(actor, assessmentId, ExportFormat.Xlsx, lang, null)).Content;
                }

                var file = await Export();
                cases.Add(("xlsx export", lang, async () => (await Export()).Length));
                cases.Add(("xlsx import preview", lang, async () =>
                {
                    await using var scope = services.CreateAsyncScope();
                    var preview = await scope.ServiceProvider.GetRequiredService<ExchangeService>().PreviewAsync(actor, assessmentId, file);
                    if (preview.Errors.Count > 0 || preview.Changes.Count > 0)
                    {
                        throw new InvalidOperationException("the round trip is not clean");
                    }

                    return file.Length;
                }
                ));
            }

            var sizes = new int?[cases.Count];
            for (var pass = 0; pass < WarmUp; pass++)
            {
                for (var i = 0; i < cases.Count; i++)
                {
                    sizes[i] = await cases[i].Work();
                }
            }

            var times = cases.Select(_ => new double[runs]).ToArray();
            for (var run = 0; run < runs; run++)
            {
                for (var i = 0; i < cases.Count; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await cases[i].Work();
                    times[i][run] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Exchange benchmark: {runs} timed passes after {WarmUp} warm-up passes, {Environment.ProcessorCount} logical cores, .NET {Environment.Version}"));
            Console.WriteLine();
            Console.WriteLine("| Case | Language | Median (ms) | p95 (ms) | Min (ms) | File |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|");
            for (var i = 0; i < cases.Count; i++)
            {
                Array.Sort(times[i]);
                var s = times[i];
                var p95 = s[Math.Min(s.Length - 1, (int)Math.Ceiling(0.95 * s.Length) - 1)];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {cases[i].Name} | {cases[i].Lang} | {s[s.Length / 2]:0.0} | {p95:0.0} | {s[0]:0.0} | {sizes[i] / 1024.0:0.0} KiB |"));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
