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

    /// Answer saves take the assessment's lock shared (they do not queue behind each other), so
    /// two first saves of one answer can now run side by side: one lands, the others are stale
    /// (412 with the current answer), none fails with a database error.
    [Theory, AllProviders]
    public async Task FirstSavesOfOneAnswer_Together_OneLandsTheOthersAreStale(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync(Stage.DataCollection);
        var id = world.AssessmentId;
        var code = await app.WithDb(db => db.Indicators
            .Where(i => db.Assessments.Any(a => a.Id == id && a.CatalogueId == i.CatalogueId)
                && !db.Answers.Any(x => x.AssessmentId == id && x.IndicatorId == i.Id))
            .OrderBy(i => i.Code).Select(i => i.Code).FirstAsync());
        var researcher = await app.WithService<Faro.People.Actor, IServiceProvider>(s => TestData.ActorAsync(s, world, "researcher-in"));

        const int Writers = 6;
        using var start = new SemaphoreSlim(0, Writers);
        var saves = Enumerable.Range(0, Writers).Select(n => Task.Run(async () =>
        {
            await start.WaitAsync();
            try
            {
                await app.WithService<AnswerView, AnswerService>(s => s.SaveAsync(researcher, id, code,
                    new AnswerInput("no", $"Writer {n}", $"Persona {n}", null, []), 0));
                return "saved";
            }
            catch (StaleAnswerException)
            {
                return "stale";
            }
        })).ToList();
        start.Release(Writers);
        var outcomes = await Task.WhenAll(saves);

        Assert.Equal(1, outcomes.Count(o => o == "saved"));
        Assert.Equal(Writers - 1, outcomes.Count(o => o == "stale"));
        var stored = await app.WithDb(db => db.Answers.AsNoTracking()
            .Where(a => a.AssessmentId == id && a.Indicator!.Code == code).Select(a => a.Revision).ToListAsync());
        Assert.Equal([1], stored);
    }

    /// A save racing the move from drafting to government review (where answers are locked)
    /// lands before the move or is refused; never after it.
    [Theory, AllProviders]
    public async Task AnswerSave_RacingTheMoveToGovernmentReview_LandsBeforeItOrIsRefused(string provider)
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

        for (var round = 0; round < 8; round++)
        {
            await app.WithDb(db => db.Assessments.Where(a => a.Id == id).ExecuteUpdateAsync(u => u.SetProperty(a => a.Stage, Stage.Drafting)));
            var current = await app.WithService<AnswerView, AnswerService>(s => s.GetAsync(researcher, id, world.AssignedCode));
            using var start = new SemaphoreSlim(0, 2);
            var save = Task.Run(async () =>
            {
                await start.WaitAsync();
                // Only the narratives change: allowed in drafting, not in government review.
                await app.WithService<AnswerView, AnswerService>(s => s.SaveAsync(researcher, id, world.AssignedCode,
                    new AnswerInput(current.Status, $"Narrative {round}", $"Narrativa {round}", current.ResponsibleInstitutionId,
                        current.Evidence), current.Revision));
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
                await save;
            }
            catch (RefusedException e) when (e.Code == "assessment.locked")
            {
                // The save saw the new stage under the lock: refused, as it must be.
            }

            var order = await app.WithDb(db => db.Audit.AsNoTracking().Where(a => a.AssessmentId == id
                    && (a.Action == "assessment.transition" || a.Action == "answer.updated"))
                .OrderByDescending(a => a.Id).Select(a => a.Action).Take(2).ToListAsync());
            Assert.Equal("assessment.transition", order[0]);
        }
    }
}
