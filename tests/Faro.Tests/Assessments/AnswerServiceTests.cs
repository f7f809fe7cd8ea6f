using Faro.Assessments;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Tests.Assessments;

public class AnswerServiceTests
{
    private static async Task<(CoreServices Core, WorkflowWorld World)> StartAsync(string provider, Stage stage = Stage.DataCollection)
    {
        var core = await CoreServices.StartAsync(provider);
        var world = await core.Run<IServiceProvider, WorkflowWorld>(s => TestData.WorkflowWorldAsync(s, stage));
        return (core, world);
    }

    private static Task<AnswerView> Save(CoreServices core, WorkflowWorld world, string who, string code, AnswerInput input, int? revision) =>
        core.Run<IServiceProvider, AnswerView>(async s => await s.GetRequiredService<AnswerService>()
            .SaveAsync(await TestData.ActorAsync(s, world, who), world.AssessmentId, code, input, revision));

    private static Task<AnswerView> Get(CoreServices core, WorkflowWorld world, string code) =>
        core.Run<IServiceProvider, AnswerView>(async s => await s.GetRequiredService<AnswerService>()
            .GetAsync(await TestData.ActorAsync(s, world, "admin"), world.AssessmentId, code));

    [Theory, AllProviders]
    public async Task TwoWriters_WithTheSameRevision_TheSecondIsStale_AndTheFirstSurvives(string provider)
    {
        var (core, world) = await StartAsync(provider);
        await using var _ = core;
        var read = await Get(core, world, world.AssignedCode);
        var first = await Save(core, world, "researcher-in", world.AssignedCode,
            new AnswerInput("no", "First writer", "Primera persona", null, []), read.Revision);
        var stale = await Assert.ThrowsAsync<StaleAnswerException>(() => Save(core, world, "focal-point-in", world.AssignedCode,
            new AnswerInput("yes", "Second writer", "Segunda persona", null, []), read.Revision));

        Assert.Equal("answer.stale", stale.Code);
        Assert.Equal(("no", "First writer", first.Revision), (stale.Current.Status, stale.Current.NarrativeEn, stale.Current.Revision));
        var stored = await Get(core, world, world.AssignedCode);
        Assert.Equal(("First writer", read.Revision + 1), (stored.NarrativeEn, stored.Revision));
        await core.Db(async db =>
        {
            Assert.Equal(1, await db.AnswerRevisions.CountAsync(r => r.AnswerId == first.AnswerId && r.Revision == first.Revision));
            var entry = await db.Audit.SingleAsync(a => a.Action == "answer.updated");
            Assert.Contains("First writer", entry.After, StringComparison.Ordinal);
            Assert.Contains("Answer", entry.Before, StringComparison.Ordinal);
        });
    }

    [Theory, AllProviders]
    public async Task FirstAnswer_IsCreatedFromRevisionZero(string provider)
    {
        var (core, world) = await StartAsync(provider);
        await using var _ = core;
        var code = await core.Db(db => db.Indicators.OrderByDescending(i => i.Code).Select(i => i.Code).FirstAsync());
        Assert.Equal(0, (await Get(core, world, code)).Revision);
        var saved = await Save(core, world, "researcher-in", code, new AnswerInput("unknown", null, "Sin datos", null, []), 0);
        Assert.Equal((1, "unknown"), (saved.Revision, saved.Status));
        Assert.Equal("\"1\"", saved.ETag);
    }

    [Theory, AllProviders]
    public async Task Save_WithoutRevision_AskForOne_AndBadInputNamesTheField(string provider)
    {
        var (core, world) = await StartAsync(provider);
        await using var _ = core;
        var e = await Assert.ThrowsAsync<RefusedException>(() => Save(core, world, "researcher-in", world.AssignedCode, new AnswerInput("yes", null, null, null, []), null));
        Assert.Equal(RefusalKind.PreconditionRequired, e.Kind);
        var bad = await Assert.ThrowsAsync<InputRejectedException>(() => Save(core, world, "researcher-in", world.AssignedCode,
            new AnswerInput("maybe", null, null, 999_999, [new EvidenceLink(123_456, null)]), 1));
        Assert.Equal(["status", "responsibleInstitutionId", "evidence[0].evidenceId"], bad.Errors.Select(x => x.Location).ToArray());
        Assert.Equal(1, (await Get(core, world, world.AssignedCode)).Revision);
    }

    [Theory, AllProviders]
    public async Task FocalPoints_WriteOnlyTheirInstitutionsIndicators(string provider)
    {
        var (core, world) = await StartAsync(provider);
        await using var _ = core;
        var input = new AnswerInput("no", "x", "x", null, []);
        var other = await Assert.ThrowsAsync<RefusedException>(() => Save(core, world, "focal-point-other", world.AssignedCode, input, 1));
        Assert.Equal((RefusalKind.Forbidden, "answer.not_assigned"), (other.Kind, other.Code));
        var outside = await Assert.ThrowsAsync<RefusedException>(() => Save(core, world, "focal-point-out", world.AssignedCode, input, 1));
        Assert.Equal(RefusalKind.NotFound, outside.Kind);
        var validate = await Assert.ThrowsAsync<RefusedException>(() => Save(core, world, "focal-point-in", world.AssignedCode, input with { IsValidated = true }, 1));
        Assert.Equal("answer.validate_forbidden", validate.Code);
        Assert.Equal(2, (await Save(core, world, "focal-point-in", world.AssignedCode, input, 1)).Revision);
    }

    [Theory, AllProviders]
    public async Task InDrafting_OnlyNarrativesChange_AndFromApprovedOnNothing(string provider)
    {
        var (core, world) = await StartAsync(provider, Stage.Drafting);
        await using var _ = core;
        var current = await Get(core, world, world.AssignedCode);
        var narrativeOnly = new AnswerInput(current.Status, "Better words", "Mejores palabras", current.ResponsibleInstitutionId, current.Evidence);
        Assert.Equal("Better words", (await Save(core, world, "researcher-in", world.AssignedCode, narrativeOnly, current.Revision)).NarrativeEn);

        var locked = await Assert.ThrowsAsync<RefusedException>(() => Save(core, world, "researcher-in", world.AssignedCode,
            narrativeOnly with { Status = "no" }, current.Revision + 1));
        Assert.Equal((RefusalKind.Conflict, "assessment.locked"), (locked.Kind, locked.Code));

        await core.Db(db => db.Assessments.Where(a => a.Id == world.AssessmentId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Stage, Stage.Approved)));
        var approved = await Assert.ThrowsAsync<RefusedException>(() => Save(core, world, "coordinator-in", world.AssignedCode,
            narrativeOnly with { NarrativeEn = "Again" }, current.Revision + 1));
        Assert.Equal("assessment.locked", approved.Code);
    }

    [Theory, AllProviders]
    public async Task AuditRows_CannotBeChangedOrDeletedThroughTheApplication(string provider)
    {
        var (core, world) = await StartAsync(provider);
        await using var _ = core;
        await Save(core, world, "researcher-in", world.AssignedCode, new AnswerInput("no", "a", "a", null, []), 1);
        await core.Db(async db =>
        {
            var entry = await db.Audit.FirstAsync();
            entry.Action = "tampered";
            Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
            db.ChangeTracker.Clear();
            db.Audit.Remove(await db.Audit.FirstAsync());
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        });
    }
}
