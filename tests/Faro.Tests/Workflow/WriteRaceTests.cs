using Faro.Assessments;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Workflow;

/// The guarded write path (AssessmentWriter): a write and a stage move started together never
/// leave a write that the new stage forbids. Before it, a context edit checked a stage read
/// before any lock and could commit after the move from drafting to government review.
public sealed class WriteRaceTests
{
    [Theory, AllProviders]
    public async Task ContextEdit_RacingTheMoveToGovernmentReview_LandsBeforeItOrIsRefused(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync(Stage.Drafting);
        var id = world.AssessmentId;
        await app.WithDb(async db =>
        {
            await TestData.SatisfyGatesAsync(db, id);
            await db.Assessments.Where(a => a.Id == id).ExecuteUpdateAsync(u => u
                .SetProperty(a => a.Context.En, "Alpha is fictional.").SetProperty(a => a.Context.Es, "Alpha es ficticia."));
        });
        var coordinator = await app.WithService<Faro.People.Actor, IServiceProvider>(s => TestData.ActorAsync(s, world, "coordinator-in"));
        var researcher = await app.WithService<Faro.People.Actor, IServiceProvider>(s => TestData.ActorAsync(s, world, "researcher-in"));

        for (var round = 0; round < 12; round++)
        {
            await app.WithDb(db => db.Assessments.Where(a => a.Id == id).ExecuteUpdateAsync(u => u.SetProperty(a => a.Stage, Stage.Drafting)));
            using var start = new SemaphoreSlim(0, 2);
            var edit = Task.Run(async () =>
            {
                await start.WaitAsync();
                await app.WithService<bool, AssessmentService>(async s =>
                {
                    await s.SetContextAsync(researcher, id, $"Alpha is fictional ({round}).", $"Alpha es ficticia ({round}).");
                    return true;
                });
            });
            var move = Task.Run(async () =>
            {
                await start.WaitAsync();
                await app.WithService<StageEvent, StageMachine>(s => s.MoveAsync(coordinator, id, Stage.GovernmentReview, null));
            });
            start.Release(2);
            await move;
            try
            {
                await edit;
            }
            catch (RefusedException e) when (e.Code == "assessment.locked")
            {
                // The edit saw the new stage under the lock: refused, as it must be.
            }

            var order = await app.WithDb(db => db.Audit.AsNoTracking().Where(a => a.AssessmentId == id
                    && (a.Action == "assessment.transition" || a.Action == "assessment.context_updated"))
                .OrderByDescending(a => a.Id).Select(a => a.Action).Take(2).ToListAsync());
            // The last thing that happened in this round is the move; an edit after it would be a
            // context written in government review.
            Assert.Equal("assessment.transition", order[0]);
        }
    }
}
