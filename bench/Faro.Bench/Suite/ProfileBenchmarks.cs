using BenchmarkDotNet.Attributes;
using Faro.Data;
using Faro.Profiles;
using Faro.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Bench.Suite;

/// The profile of the full 88-indicator test assessment (`TestData.ProfileAssessmentAsync`, in
/// stage approved so that nothing is frozen and every request renders), per format and language:
/// `Render` turns an assembled model into the file; `AssembleAndRender` is a request for a draft
/// profile end to end (`ProfileService.CurrentAsync`: read the database, build the model, render).
[MemoryDiagnoser]
public class ProfileBenchmarks
{
    private BenchHost host = null!;
    private int assessmentId;
    private Profile profile = null!;

    [ParamsAllValues]
    public ProfileFormat Format { get; set; }

    [Params("en", "es")]
    public string Lang { get; set; } = "en";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        host = await BenchHost.StartAsync();
        assessmentId = await host.RunAsync(async s =>
        {
            var db = s.GetRequiredService<FaroDb>();
            var c = await TestData.ProfileAssessmentAsync(db, await TestData.CountryAsync(db), Workflow.Stage.Approved);
            return c.Assessment.Id;
        });
        profile = (await host.RunAsync(s => s.GetRequiredService<ProfileAssembler>().AssembleAsync(assessmentId, Lang)))!;
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await host.DisposeAsync();

    [Benchmark]
    public byte[] Render() => ProfileFormats.Render(profile, Format);

    [Benchmark]
    public Task<int> AssembleAndRender() => host.RunAsync(async s =>
        (await s.GetRequiredService<ProfileService>().CurrentAsync(assessmentId, Format, Lang))!.Content.Length);
}
