using BenchmarkDotNet.Attributes;
using Faro.Data;
using Faro.Demo;
using Faro.Learning;
using Faro.People;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Bench.Suite;

/// Good-practice search and peer matching on the demo data plus `Synthetic` generated fictional
/// cities (`DemoSeeder.SeedSyntheticAsync`, what `faro demo --synthetic N` loads), seeded once per
/// case in [GlobalSetup]. A modest N keeps the suite short; `learning --synthetic 10000` (the
/// Stopwatch harness) is the large-installation figure.
[MemoryDiagnoser]
public class LearningBenchmarks
{
    private readonly Actor actor = Actor.System("bench");
    private BenchHost host = null!;
    private int reviewId;

    [Params(200)]
    public int Synthetic { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        host = await BenchHost.StartAsync();
        reviewId = await host.RunAsync(async s =>
        {
            var seeder = s.GetRequiredService<DemoSeeder>();
            await seeder.SeedAsync();
            await seeder.SeedSyntheticAsync(Synthetic);
            return await s.GetRequiredService<FaroDb>().Assessments
                .Where(a => a.Stage == Stage.GovernmentReview).Select(a => a.Id).FirstAsync();
        });
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await host.DisposeAsync();

    /// Words with and without accents in both languages (the index folds accents).
    [Benchmark]
    [Arguments("vivienda", "es")]
    [Arguments("migración", "es")]
    [Arguments("migracion", "es")]
    [Arguments("health", "en")]
    public Task<int> Search(string words, string lang) => host.RunAsync(async s =>
        (await s.GetRequiredService<GoodPracticeService>().SearchAsync(new PracticeQuery(words, Lang: lang), lang)).Items.Count);

    [Benchmark]
    public Task<int> SearchWithFacets() => host.RunAsync(async s =>
        (await s.GetRequiredService<GoodPracticeService>().SearchAsync(new PracticeQuery("vivienda", Domain: "D3", Country: "XV", Lang: "es"), "es")).Items.Count);

    /// No words: newest assessment first, with a domain and country facet, third page.
    [Benchmark]
    public Task<int> FacetsOnly() => host.RunAsync(async s =>
        (await s.GetRequiredService<GoodPracticeService>().SearchAsync(new PracticeQuery(null, Domain: "D4", Country: "XV", Page: 3), "es")).Items.Count);

    /// Peers of every gap of the demo city in government review.
    [Benchmark]
    public Task<int> Peers() => host.RunAsync(async s =>
        (await s.GetRequiredService<PeerService>().PeersAsync(actor, reviewId, "es")).Sum(g => g.Peers.Count));
}
