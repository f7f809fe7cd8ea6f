using Faro.Audit;
using Faro.Notifications;
using Faro.People;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Tests.Workflow;

public class StageMachineTests
{
    private static async Task<(CoreServices Core, WorkflowWorld World)> StartAsync(string provider, Stage stage = Stage.Induction, int answered = 10)
    {
        var core = await CoreServices.StartAsync(provider);
        var world = await core.Run<IServiceProvider, WorkflowWorld>(s => TestData.WorkflowWorldAsync(s, stage, answered));
        return (core, world);
    }

    private static Task<StageEvent> Move(CoreServices core, WorkflowWorld world, string who, Stage to, string? reason = null) =>
        core.Run<IServiceProvider, StageEvent>(async s =>
            await s.GetRequiredService<StageMachine>().MoveAsync(await TestData.ActorAsync(s, world, who), world.AssessmentId, to, reason));

    [Theory, AllProviders]
    public async Task Move_WithoutHeldInductionWorkshop_IsBlockedWithANamedBlocker(string provider)
    {
        var (core, world) = await StartAsync(provider);
        await using var _ = core;
        var e = await Assert.ThrowsAsync<TransitionBlockedException>(() => Move(core, world, "coordinator-in", Stage.DataCollection));
        Assert.Equal("assessment.gate_blocked", e.Code);
        var blocker = Assert.Single(e.Blockers);
        Assert.Equal(("workshop:induction", "workshop.induction_missing"), (blocker.Item, blocker.Code));
        Assert.Equal(Stage.Induction, await core.Db(db => db.Assessments.Where(a => a.Id == world.AssessmentId).Select(a => a.Stage).SingleAsync()));
    }

    [Theory, AllProviders]
    public async Task MoveToValidation_ListsEveryUnansweredIndicatorAndYesWithoutEvidence(string provider)
    {
        var (core, world) = await StartAsync(provider, Stage.DataCollection, answered: 10);
        await using var _ = core;
        // One Yes answer loses its evidence.
        var code = await core.Db(async db =>
        {
            var link = await db.AnswerEvidence.Include(l => l.Evidence).FirstAsync(l => db.Answers.Any(a => a.Id == l.AnswerId && a.AssessmentId == world.AssessmentId));
            db.AnswerEvidence.Remove(link);
            await db.SaveChangesAsync();
            return await db.Answers.Where(a => a.Id == link.AnswerId).Select(a => a.Indicator!.Code).SingleAsync();
        });

        var e = await Assert.ThrowsAsync<TransitionBlockedException>(() => Move(core, world, "coordinator-in", Stage.Validation));
        Assert.Equal(78, e.Blockers.Count(b => b.Code == "answer.missing"));
        Assert.Equal(code, Assert.Single(e.Blockers, b => b.Code == "evidence.missing").Item);
        Assert.Single(e.Blockers, b => b.Code == "focal_points.missing");
        Assert.All(e.Blockers, b => Assert.False(string.IsNullOrEmpty(b.Message.Es)));
    }

    [Theory, AllProviders]
    public async Task Coordinator_MovesThroughEveryStage_OnceTheGatesAreSatisfied(string provider)
    {
        var (core, world) = await StartAsync(provider, Stage.Requested);
        await using var _ = core;
        await core.Db(db => TestData.SatisfyGatesAsync(db, world.AssessmentId));
        foreach (var stage in Enum.GetValues<Stage>().Skip(1))
        {
            var move = await Move(core, world, "coordinator-in", stage);
            Assert.Equal(stage, move.To);
        }

        await core.Db(async db =>
        {
            Assert.Equal(8, await db.StageEvents.CountAsync(e => e.AssessmentId == world.AssessmentId));
            Assert.Equal(8, await db.Audit.CountAsync(e => e.AssessmentId == world.AssessmentId && e.Action == "assessment.transition"));
            var assessment = await db.Assessments.SingleAsync(a => a.Id == world.AssessmentId);
            Assert.Equal((Stage.FollowUp, 8), (assessment.Stage, assessment.Version));
            // The researcher heard of every move.
            Assert.Equal(8, await db.Notifications.CountAsync(n => n.UserId == world.Users["researcher-in"] && n.Kind == Notifier.StageChanged));
        });
    }

    [Theory, AllProviders]
    public async Task BackMove_WithoutReason_IsRefused_AndWithOne_IsRecordedAndNotified(string provider)
    {
        var (core, world) = await StartAsync(provider, Stage.Validation);
        await using var _ = core;
        var e = await Assert.ThrowsAsync<InputRejectedException>(() => Move(core, world, "coordinator-in", Stage.DataCollection, "  "));
        Assert.Equal("transition.reason_required", e.Code);
        Assert.Equal("reason", e.Errors.Single().Location);

        var move = await Move(core, world, "coordinator-in", Stage.DataCollection, "Evidence for D1 is weak");
        Assert.Equal((Faro.Workflow.StageEventKind.Back, "Evidence for D1 is weak"), (move.Kind, move.Reason));
        var inbox = await core.Run<IServiceProvider, IReadOnlyList<NotificationView>>(async s =>
            await s.GetRequiredService<Notifier>().InboxAsync(await TestData.ActorAsync(s, world, "focal-point-in"), Languages.Spanish));
        Assert.Contains(inbox, n => n.Kind == Notifier.Returned && n.Text.Contains("Evidence for D1 is weak", StringComparison.Ordinal)
            && n.Text.Contains("Validación", StringComparison.Ordinal));
    }

    [Theory, AllProviders]
    public async Task Moves_RespectRoleAndScope(string provider)
    {
        var (core, world) = await StartAsync(provider, Stage.Validation);
        await using var _ = core;
        Assert.Equal(RefusalKind.NotFound, (await Assert.ThrowsAsync<RefusedException>(() => Move(core, world, "coordinator-out", Stage.Drafting))).Kind);
        Assert.Equal(RefusalKind.NotFound, (await Assert.ThrowsAsync<RefusedException>(() => Move(core, world, "focal-point-out", Stage.Drafting))).Kind);
        Assert.Equal(RefusalKind.Forbidden, (await Assert.ThrowsAsync<RefusedException>(() => Move(core, world, "focal-point-in", Stage.Drafting))).Kind);
        Assert.Equal(RefusalKind.Forbidden, (await Assert.ThrowsAsync<RefusedException>(() => Move(core, world, "researcher-in", Stage.Drafting))).Kind);
        Assert.Equal(RefusalKind.Forbidden, (await Assert.ThrowsAsync<RefusedException>(() => Move(core, world, "reviewer-in", Stage.Drafting))).Kind);
        var skip = await Assert.ThrowsAsync<RefusedException>(() => Move(core, world, "coordinator-in", Stage.Published));
        Assert.Equal("assessment.invalid_transition", skip.Code);
    }

    [Theory, AllProviders]
    public async Task Researcher_MayHandTheMatrixToValidation(string provider)
    {
        var (core, world) = await StartAsync(provider, Stage.DataCollection);
        await using var _ = core;
        await core.Db(db => TestData.SatisfyGatesAsync(db, world.AssessmentId));
        Assert.Equal(Stage.Validation, (await Move(core, world, "researcher-in", Stage.Validation)).To);
    }

    [Theory, AllProviders]
    public async Task Approval_WhileReviewPointsAreOpen_IsRefused_UntilResolved(string provider)
    {
        var (core, world) = await StartAsync(provider, Stage.GovernmentReview);
        await using var _ = core;
        var point = await core.Run<IServiceProvider, ReviewPointView>(async s => await s.GetRequiredService<ReviewService>()
            .RaiseAsync(await TestData.ActorAsync(s, world, "researcher-in"), world.AssessmentId, world.AssignedCode, "Health access is partial", null));
        var e = await Assert.ThrowsAsync<TransitionBlockedException>(() => Move(core, world, "coordinator-in", Stage.Approved));
        Assert.Equal((world.AssignedCode, "review.open"), (e.Blockers.Single().Item, e.Blockers.Single().Code));

        await core.Run<IServiceProvider>(async s => await s.GetRequiredService<ReviewService>()
            .ResolveAsync(await TestData.ActorAsync(s, world, "coordinator-in"), world.AssessmentId, point.Id, "kept", "Access is partial as the report says."));
        Assert.Equal(Stage.Approved, (await Move(core, world, "coordinator-in", Stage.Approved)).To);
    }

    [Theory, AllProviders]
    public async Task Publishing_CallsThePublicationHookInsideTheMove(string provider)
    {
        await using var core = await CoreServices.StartAsync(provider, configure: (services, _) => services.AddScoped<IPublicationHook, RecordingHook>());
        var world = await core.Run<IServiceProvider, WorkflowWorld>(s => TestData.WorkflowWorldAsync(s, Stage.Approved));
        await Move(core, world, "coordinator-in", Stage.Published);
        var audit = await core.Db(db => db.Audit.Where(a => a.Action == "test.hook").SingleAsync());
        Assert.Equal(world.AssessmentId, audit.AssessmentId);
    }

    /// Writes an audit line through the same context, as the profile publisher will write its snapshot.
    private sealed class RecordingHook(AuditLog audit) : IPublicationHook
    {
        public Task OnPublishedAsync(int assessmentId, CancellationToken ct)
        {
            audit.Record(Actor.System("hook"), "test.hook", "assessment", assessmentId, assessmentId);
            return Task.CompletedTask;
        }
    }
}
