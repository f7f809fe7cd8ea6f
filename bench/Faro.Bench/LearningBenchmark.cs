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
/// city in government review; the public portal's list, paged and filtered, and one profile's page.
public static class LearningBenchmark
{
    private const int WarmUp = 5;

    /// With `seeded`, the database (the data directory's SQLite file, or the connection's
    /// PostgreSQL database) already holds the demo and the synthetic cities (`faro demo --synthetic
    /// N`): it is migrated and measured, never seeded or deleted, so a run takes seconds, not the
    /// minutes of seeding.
    public static async Task RunAsync(int runs, int synthetic, string provider = "sqlite", string? connectionString = null,
        string? seededDirectory = null, string? only = null)
    {
        var seeded = seededDirectory is not null || (provider == "postgres" && synthetic == 0);
        var dataDirectory = seededDirectory ?? Path.Combine(Path.GetTempPath(), "faro-bench-" + Guid.NewGuid().ToString("N")[..8]);
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
                if (!seeded)
                {
                    Console.Error.WriteLine($"seeding the demo and {synthetic} synthetic cities on {provider}…");
                    var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
                    await seeder.SeedAsync();
                    await seeder.SeedSyntheticAsync(synthetic);
                    // What the web host's ProfileFreezer would do in the background, so that the
                    // portal cases list every published profile (about 0.3 s each).
                    Console.Error.WriteLine("freezing the published profiles…");
                    await scope.ServiceProvider.GetRequiredService<Faro.Profiles.ProfileService>().FreezeUnfrozenAsync(int.MaxValue);
                }
                reviewId = await scope.ServiceProvider.GetRequiredService<FaroDb>().Assessments
                    .Where(a => a.Stage == Stage.GovernmentReview).Select(a => a.Id).FirstAsync();
            }

            seeding.Stop();
            var actor = Actor.System("bench");
            var cases = new List<(string Name, Func<Task<int>> Work)>();
            // Each search with words twice: as a first search after a publication (the rank cache
            // emptied before the call: the database ranks every matching practice) and repeated
            // (the ranked first pages from `PracticeRankCache`; the practices are read again).
            // Searches without words are never cached.
            foreach (var (name, query, lang) in new[]
            {
                ("search \"vivienda\" (es)", new PracticeQuery("vivienda", Lang: "es"), "es"),
                ("search \"migración\" (es)", new PracticeQuery("migración", Lang: "es"), "es"),
                ("search \"migracion\" (es)", new PracticeQuery("migracion", Lang: "es"), "es"),
                ("search \"health\" (en)", new PracticeQuery("health", Lang: "en"), "en"),
                ("search \"vivienda\", domain D3, country XV", new PracticeQuery("vivienda", Domain: "D3", Country: "XV", Lang: "es"), "es"),
                ("search \"salud\", domain D2 (es)", new PracticeQuery("salud", Domain: "D2", Lang: "es"), "es"),
                ("no words, domain D4, country XV, page 3", new PracticeQuery(null, Domain: "D4", Country: "XV", Page: 3), "es"),
            })
            {
                foreach (var first in query.Q is null ? [false] : new[] { true, false })
                {
                    cases.Add((query.Q is null ? name : name + (first ? ", first" : ", repeated"), async () =>
                    {
                        await using var scope = services.CreateAsyncScope();
                        if (first)
                        {
                            scope.ServiceProvider.GetRequiredService<PracticeRankCache>().Clear();
                        }

                        return (await scope.ServiceProvider.GetRequiredService<GoodPracticeService>().SearchAsync(query, lang)).Items.Count;
                    }
                    ));
                }
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

            // The public portal's list (issue 14): what a request costs when the output cache
            // misses (after a publication), over the profiles frozen so far (`ProfileFreezer`).
            int portalId, portalYear;
            await using (var scope = services.CreateAsyncScope())
            {
                var first = await scope.ServiceProvider.GetRequiredService<Faro.Profiles.ProfileService>().PortalAsync(null, null, null, 1);
                var db = scope.ServiceProvider.GetRequiredService<FaroDb>();
                var published = await db.Assessments.CountAsync(a => Access.PublicStages.Contains(a.Stage));
                Console.Error.WriteLine($"portal: {first.Total} profiles listed, {published} assessments published (the rest not frozen yet, or without answers)");
                portalId = first.Profiles.Count > 0 ? first.Profiles[^1].AssessmentId : 0;
                portalYear = first.Years.Count > 0 ? first.Years[^1] : 2000;
            }

            foreach (var (name, country, lang, year, page, place) in new (string, string?, string?, int?, int, string?)[]
            {
                ("portal list, first page", null, null, null, 1, null),
                ("portal list, country XV, complete in Spanish, page 20", "XV", "es", null, 20, null),
                ($"portal list, year {portalYear}, page 5", null, null, portalYear, 5, null),
                ("portal list, place \"CITY 12\"", null, null, null, 1, "CITY 12"),
            })
            {
                cases.Add((name, async () =>
                {
                    await using var scope = services.CreateAsyncScope();
                    return (await scope.ServiceProvider.GetRequiredService<Faro.Profiles.ProfileService>().PortalAsync(country, lang, year, page, place)).Total;
                }
                ));
            }

            cases.Add(("portal, one profile's page (files)", async () =>
            {
                await using var scope = services.CreateAsyncScope();
                return (await scope.ServiceProvider.GetRequiredService<Faro.Profiles.ProfileService>().PublishedProfileAsync(portalId))?.Files.Count ?? 0;
            }
            ));

            if (only is not null)
            {
                cases.RemoveAll(c => !c.Name.Contains(only, StringComparison.OrdinalIgnoreCase));
            }

            var counts = new int[cases.Count];
            for (var pass = 0; pass < WarmUp; pass++)
            {
                for (var i = 0; i < cases.Count; i++)
                {
                    counts[i] = await cases[i].Work();
                }
            }

            // Wall time per call, and this process's CPU time per call (summed over the passes: the
            // kernel counts it in 10 ms ticks), which the other work of a shared machine inflates far
            // less than the wall time.
            var times = cases.Select(_ => new double[runs]).ToArray();
            var cpu = new TimeSpan[cases.Count];
            using var self = Process.GetCurrentProcess();
            for (var run = 0; run < runs; run++)
            {
                for (var i = 0; i < cases.Count; i++)
                {
                    self.Refresh();
                    var cpuBefore = self.TotalProcessorTime;
                    var started = Stopwatch.GetTimestamp();
                    await cases[i].Work();
                    times[i][run] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    self.Refresh();
                    cpu[i] += self.TotalProcessorTime - cpuBefore;
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Learning benchmark ({provider}): demo + {(seeded ? "the installation's" : synthetic)} synthetic assessments ({(seeded ? "already seeded" : $"seeded in {seeding.Elapsed.TotalSeconds:0} s")}), load average {Load()} at the end, {runs} timed passes after {WarmUp} warm-up passes, {Environment.ProcessorCount} logical cores, .NET {Environment.Version}"));
            Console.WriteLine();
            Console.WriteLine("| Case | p50 (ms) | p95 (ms) | Min (ms) | CPU per call (ms) | Results (first page; portal: matching profiles) |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            for (var i = 0; i < cases.Count; i++)
            {
                Array.Sort(times[i]);
                var s = times[i];
                var p95 = s[Math.Min(s.Length - 1, (int)Math.Ceiling(0.95 * s.Length) - 1)];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {cases[i].Name} | {s[s.Length / 2]:0.0} | {p95:0.0} | {s[0]:0.0} | {cpu[i].TotalMilliseconds / runs:0.0} | {counts[i]} |"));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (seededDirectory is null)
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    /// The 1-minute load average, so that a figure can be read against what else the machine was doing.
    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
