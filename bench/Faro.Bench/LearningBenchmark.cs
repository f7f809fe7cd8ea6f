using System.Diagnostics;
using System.Globalization;
using Faro.Data;
using Faro.Demo;
using Faro.Learning;
using Faro.Operations;
using Faro.People;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faro.Bench;

/// Times the good-practice search and peer matching (issue 12) on a synthetic installation: the
/// demo data plus N generated fictional assessments (what `faro demo --synthetic N` loads), in a
/// fresh SQLite database or an empty PostgreSQL database given by its connection string. Search: a
/// few words with and without accents, both languages, with facets; peers: all gaps of the demo
/// city in government review.
public static class LearningBenchmark
{
    private const int WarmUp = 5;

    public static async Task RunAsync(int runs, int synthetic, string provider = "sqlite", string? connectionString = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "faro-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dataDirectory);
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Faro:DataDirectory"] = dataDirectory,
                ["Faro:Database:Provider"] = provider,
                ["Faro:Database:ConnectionString"] = connectionString,
                ["Faro:SeedDemoData"] = "false",
            }).Build();
            var services = new ServiceCollection()
                .AddSingleton<IConfiguration>(configuration)
                .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
                .AddFaroCore(configuration)
                .BuildServiceProvider();
            await using var _ = services;
            int reviewId;
            var seeding = Stopwatch.StartNew();
            await using (var scope = services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<MigrationRunner>().MigrateAsync();
                Console.Error.WriteLine($"seeding the demo and {synthetic} synthetic cities on {provider}…");
                var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
                await seeder.SeedAsync();
                await seeder.SeedSyntheticAsync(synthetic);
                reviewId = await scope.ServiceProvider.GetRequiredService<FaroDb>().Assessments
                    .Where(a => a.Stage == Stage.GovernmentReview).Select(a => a.Id).FirstAsync();
            }

            seeding.Stop();
            var actor = Actor.System("bench");
            var cases = new List<(string Name, Func<Task<int>> Work)>();
            foreach (var (q, lang) in new[] { ("vivienda", "es"), ("migración", "es"), ("migracion", "es"), ("health", "en") })
            {
                cases.Add(($"search \"{q}\" ({lang})", async () =>
                {
                    await using var scope = services.CreateAsyncScope();
                    return (await scope.ServiceProvider.GetRequiredService<GoodPracticeService>().SearchAsync(new PracticeQuery(q, Lang: lang), lang)).Items.Count;
                }
                ));
            }

            foreach (var (name, query) in new[]
            {
                ("search \"vivienda\", domain D3, country XV", new PracticeQuery("vivienda", Domain: "D3", Country: "XV", Lang: "es")),
                ("search \"salud\", domain D2 (es)", new PracticeQuery("salud", Domain: "D2", Lang: "es")),
                ("no words, domain D4, country XV, page 3", new PracticeQuery(null, Domain: "D4", Country: "XV", Page: 3)),
            })
            {
                cases.Add((name, async () =>
                {
                    await using var scope = services.CreateAsyncScope();
                    return (await scope.ServiceProvider.GetRequiredService<GoodPracticeService>().SearchAsync(query, "es")).Items.Count;
                }
                ));
            }

            cases.Add(("search, no words, facets only", async () =>
            {
                await using var scope = services.CreateAsyncScope();
                return (await scope.ServiceProvider.GetRequiredService<GoodPracticeService>().SearchAsync(new PracticeQuery(null), "es")).Items.Count;
            }
            ));
            cases.Add(("peers of every gap (city in review)", async () =>
            {
                await using var scope = services.CreateAsyncScope();
                return (await scope.ServiceProvider.GetRequiredService<PeerService>().PeersAsync(actor, reviewId, "es")).Sum(g => g.Peers.Count);
            }
            ));

            var counts = new int[cases.Count];
            for (var pass = 0; pass < WarmUp; pass++)
            {
                for (var i = 0; i < cases.Count; i++)
                {
                    counts[i] = await cases[i].Work();
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
                $"Learning benchmark ({provider}): demo + {synthetic} synthetic assessments (seeded in {seeding.Elapsed.TotalSeconds:0} s), {runs} timed passes after {WarmUp} warm-up passes, {Environment.ProcessorCount} logical cores, .NET {Environment.Version}"));
            Console.WriteLine();
            Console.WriteLine("| Case | p50 (ms) | p95 (ms) | Min (ms) | Results (first page) |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            for (var i = 0; i < cases.Count; i++)
            {
                Array.Sort(times[i]);
                var s = times[i];
                var p95 = s[Math.Min(s.Length - 1, (int)Math.Ceiling(0.95 * s.Length) - 1)];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {cases[i].Name} | {s[s.Length / 2]:0.0} | {p95:0.0} | {s[0]:0.0} | {counts[i]} |"));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
