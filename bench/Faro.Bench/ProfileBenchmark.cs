using System.Diagnostics;
using System.Globalization;
using Faro.Data;
using Faro.Operations;
using Faro.Profiles;
using Faro.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faro.Bench;

/// Times the profile on a full assessment (88 answered indicators, evidence, workshops, a previous
/// round) in a fresh SQLite database: assembling the model from the database per language, then
/// rendering each format from it, then both together as a request for a draft would. Each case is
/// warmed up first (JIT, font loading), then timed `runs` times; median, 95th percentile and
/// minimum are printed as a Markdown table for docs/performance.md.
public static class ProfileBenchmark
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
                // Approved: the full profile without freezing, so every request renders.
                var c = await TestData.ProfileAssessmentAsync(db, await TestData.CountryAsync(db), Workflow.Stage.Approved);
                assessmentId = c.Assessment.Id;
            }

            // Every case is a closure returning the output size. They run round-robin (warm-up
            // passes first, then timed passes), so that JIT tiering and noise from other processes on
            // the machine are spread evenly over the cases instead of landing on whichever runs first.
            var cases = new List<(string Name, string Lang, Func<Task<int?>> Work)>();
            foreach (var lang in Languages.All)
            {
                Profile? profile = null;
                await using (var scope = services.CreateAsyncScope())
                {
                    profile = await scope.ServiceProvider.GetRequiredService<ProfileAssembler>().AssembleAsync(assessmentId, lang);
                }

                async Task<int?> Assemble()
                {
                    await using var scope = services.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<ProfileAssembler>().AssembleAsync(assessmentId, lang);
                    return null;
                }

                async Task<int?> AssembleAndRender(ProfileFormat format)
                {
                    await using var scope = services.CreateAsyncScope();
                    return (await scope.ServiceProvider.GetRequiredService<ProfileService>().CurrentAsync(assessmentId, format, lang))!.Content.Length;
                }

                cases.Add(("assemble (database → model)", lang, Assemble));
                foreach (var format in ProfileFormats.All)
                {
                    cases.Add(($"render {format.Code()}", lang, () => Task.FromResult<int?>(ProfileFormats.Render(profile!, format).Length)));
                }

                foreach (var format in ProfileFormats.All)
                {
                    cases.Add(($"assemble + render {format.Code()}", lang, () => AssembleAndRender(format)));
                }
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
                $"Profile benchmark: {runs} timed passes after {WarmUp} warm-up passes, {Environment.ProcessorCount} logical cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}"));
            Console.WriteLine();
            Console.WriteLine("| Case | Language | Median (ms) | p95 (ms) | Min (ms) | Output |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|");
            for (var i = 0; i < cases.Count; i++)
            {
                Array.Sort(times[i]);
                Report(cases[i].Name, cases[i].Lang, times[i], sizes[i]);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static void Report(string name, string lang, double[] sorted, int? size)
    {
        static double Percentile(double[] s, double p) => s[Math.Min(s.Length - 1, (int)Math.Ceiling(p * s.Length) - 1)];
        var output = size is { } bytes ? (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB" : "–";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {lang} | {Percentile(sorted, 0.5):0.0} | {Percentile(sorted, 0.95):0.0} | {sorted[0]:0.0} | {output} |"));
    }
}
