using Faro.Assessments;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Tests.Operations;

/// The save path's SQL, counted: an answer save must not grow queries with the size of the
/// assessment (evidence, answers, users). The budget is the count measured on 2 December 2026 (8 on both providers, 9 for the
/// first save of a fresh SQLite connection, which sets its pragmas) plus one;
/// docs/performance.md lists what each command is for.
public sealed class SaveQueryBudgetTests
{
    private const int Budget = 10;

    [Theory, AllProviders]
    public async Task AnswerSave_StaysWithinItsQueryBudget(string provider)
    {
        await using var core = await CoreServices.StartAsync(provider);
        var world = await core.Run<IServiceProvider, WorkflowWorld>(s => TestData.WorkflowWorldAsync(s, Stage.DataCollection));
        using var counter = new QueryCounter(core.Database);
        var revision = await core.Run<IServiceProvider, int>(async s => (await s.GetRequiredService<AnswerService>()
            .GetAsync(await TestData.ActorAsync(s, world, "admin"), world.AssessmentId, world.AssignedCode)).Revision);
        var start = revision;
        var counts = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            await core.Run<IServiceProvider>(async s =>
            {
                var actor = await TestData.ActorAsync(s, world, "researcher-in");
                var answers = s.GetRequiredService<AnswerService>();
                var queries = await counter.CountAsync(async () =>
                    revision = (await answers.SaveAsync(actor, world.AssessmentId, world.AssignedCode,
                        new AnswerInput(i % 2 == 0 ? "partial" : "yes", $"Save {i}", $"Guardado {i}", null, []), revision)).Revision);
                counts.Add(queries.Count);
                Assert.True(queries.Count <= Budget, $"save {i} ran {queries.Count} commands: {string.Join(" | ", queries.Select(q => q[..Math.Min(q.Length, 100)]))}");
            });
        }

        Console.WriteLine($"answer save commands ({provider}): {string.Join(", ", counts)}");
        Assert.Equal(start + 3, revision);
    }
}
