using BenchmarkDotNet.Attributes;
using Faro.Assessments;
using Faro.People;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Bench.Suite;

/// One answer save as the API's PUT makes it (`AnswerService.SaveAsync` on SQLite): the researcher
/// of the assessment replaces the answer at the revision it last saw, in a scope of its own; the
/// stored revision moves on by one and the new ETag comes back. Status and narratives alternate, so
/// that every save is a real change with its revision row and audit line.
[MemoryDiagnoser]
public class AnswerSaveBenchmarks
{
    private BenchHost host = null!;
    private WorkflowWorld world = null!;
    private Actor researcher = null!;
    private int revision;
    private int saves;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        host = await BenchHost.StartAsync();
        world = await host.RunAsync(s => TestData.WorkflowWorldAsync(s, Stage.DataCollection));
        researcher = await host.RunAsync(s => TestData.ActorAsync(s, world, "researcher-in"));
        revision = await host.RunAsync(async s =>
            (await s.GetRequiredService<AnswerService>().GetAsync(researcher, world.AssessmentId, world.AssignedCode)).Revision);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await host.DisposeAsync();

    [Benchmark]
    public async Task<string> Save()
    {
        var n = ++saves;
        var input = new AnswerInput(n % 2 == 0 ? "partial" : "yes", $"Benchmark save {n}", $"Guardado de prueba {n}", null, []);
        var saved = await host.RunAsync(s => s.GetRequiredService<AnswerService>()
            .SaveAsync(researcher, world.AssessmentId, world.AssignedCode, input, revision));
        // A save that did not move the revision on would be timing a refusal, not a write.
        if (saved.ETag != AnswerService.ETagOf(revision + 1))
        {
            throw new InvalidOperationException($"save {n}: expected revision {revision + 1}, got {saved.ETag}");
        }

        revision = saved.Revision;
        return saved.ETag;
    }
}
