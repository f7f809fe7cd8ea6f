using Faro.People;
using Faro.Workflow;

namespace Faro.Tests.Workflow;

/// The transition table, who may make each move and the locks, as pure logic.
public class TransitionTableTests
{
    private static AssessmentAccess Standing(bool admin = false, bool coordinator = false, bool researcher = false, bool focalPoint = false,
        bool reviewer = false) =>
        new(Actor.Anonymous(null), 1, 1, Stage.DataCollection, 0, admin, coordinator, researcher, reviewer,
            focalPoint ? new HashSet<int> { 7 } : new HashSet<int>(), new HashSet<int>());

    private static AssessmentAccess StandingOf(string role) => role switch
    {
        "admin" => Standing(admin: true),
        "coordinator" => Standing(coordinator: true),
        "researcher" => Standing(researcher: true),
        "focal-point" => Standing(focalPoint: true),
        "reviewer" => Standing(reviewer: true),
        _ => Standing(),
    };

    [Fact]
    public void EveryStageButTheLast_HasExactlyOneForwardMove_ToTheNextStage()
    {
        foreach (var stage in Enum.GetValues<Stage>())
        {
            var forward = StageMachine.Table.Where(t => t.From == stage && t.Kind == Faro.Workflow.StageEventKind.Forward).ToList();
            if (stage == Stage.FollowUp)
            {
                Assert.Empty(forward);
            }
            else
            {
                Assert.Equal(stage + 1, Assert.Single(forward).To);
            }
        }
    }

    [Fact]
    public void BackMovesAndReopens_GoToEarlierStages_AndNeedAReason()
    {
        foreach (var t in StageMachine.Table.Where(t => t.Kind != Faro.Workflow.StageEventKind.Forward))
        {
            Assert.True(t.To < t.From, $"{t.From} -> {t.To}");
            Assert.True(t.NeedsReason);
        }

        Assert.All(StageMachine.Table.Where(t => t.Kind == Faro.Workflow.StageEventKind.Forward), t => Assert.False(t.NeedsReason));
    }

    [Fact]
    public void Reopen_IsOnlyFromApprovedOrPublished_AndBackOnlyFromWorkingStages()
    {
        Assert.All(StageMachine.Table.Where(t => t.Kind == Faro.Workflow.StageEventKind.Reopen),
            t => Assert.Contains(t.From, new[] { Stage.Approved, Stage.Published }));
        Assert.All(StageMachine.Table.Where(t => t.Kind == Faro.Workflow.StageEventKind.Back), t => Assert.False(StageMachine.IsLocked(t.From)));
    }

    [Fact]
    public void TheTable_HasNoDuplicateMoves() =>
        Assert.Equal(StageMachine.Table.Count, StageMachine.Table.Select(t => (t.From, t.To)).Distinct().Count());

    [Theory]
    [InlineData(Stage.Requested, Stage.Induction, "Forward")]
    [InlineData(Stage.Induction, Stage.DataCollection, "Forward")]
    [InlineData(Stage.DataCollection, Stage.Validation, "Forward")]
    [InlineData(Stage.Validation, Stage.Drafting, "Forward")]
    [InlineData(Stage.Drafting, Stage.GovernmentReview, "Forward")]
    [InlineData(Stage.GovernmentReview, Stage.Approved, "Forward")]
    [InlineData(Stage.Approved, Stage.Published, "Forward")]
    [InlineData(Stage.Published, Stage.FollowUp, "Forward")]
    [InlineData(Stage.Validation, Stage.DataCollection, "Back")]
    [InlineData(Stage.Drafting, Stage.Validation, "Back")]
    [InlineData(Stage.Drafting, Stage.DataCollection, "Back")]
    [InlineData(Stage.GovernmentReview, Stage.Drafting, "Back")]
    [InlineData(Stage.GovernmentReview, Stage.DataCollection, "Back")]
    [InlineData(Stage.Induction, Stage.Requested, "Back")]
    [InlineData(Stage.Approved, Stage.Drafting, "Reopen")]
    [InlineData(Stage.Approved, Stage.GovernmentReview, "Reopen")]
    [InlineData(Stage.Published, Stage.DataCollection, "Reopen")]
    [InlineData(Stage.Requested, Stage.DataCollection, null)]
    [InlineData(Stage.DataCollection, Stage.Drafting, null)]
    [InlineData(Stage.Validation, Stage.Published, null)]
    [InlineData(Stage.GovernmentReview, Stage.Published, null)]
    [InlineData(Stage.FollowUp, Stage.Drafting, null)]
    [InlineData(Stage.FollowUp, Stage.Published, null)]
    [InlineData(Stage.Published, Stage.Approved, null)]
    [InlineData(Stage.Drafting, Stage.Drafting, null)]
    [InlineData(Stage.Approved, Stage.Requested, null)]
    public void Find_KnowsEachMove(Stage from, Stage to, string? kind) =>
        Assert.Equal(kind, StageMachine.Find(from, to)?.Kind.ToString());

    [Theory]
    [InlineData(Stage.DataCollection, Stage.Validation, "researcher", true)]
    [InlineData(Stage.Validation, Stage.Drafting, "researcher", false)]
    [InlineData(Stage.Drafting, Stage.GovernmentReview, "researcher", false)]
    [InlineData(Stage.Validation, Stage.DataCollection, "researcher", false)]
    [InlineData(Stage.Approved, Stage.Drafting, "researcher", false)]
    [InlineData(Stage.DataCollection, Stage.Validation, "focal-point", false)]
    [InlineData(Stage.DataCollection, Stage.Validation, "reviewer", false)]
    [InlineData(Stage.GovernmentReview, Stage.Approved, "focal-point", false)]
    [InlineData(Stage.GovernmentReview, Stage.Approved, "coordinator", true)]
    [InlineData(Stage.Approved, Stage.Published, "coordinator", true)]
    [InlineData(Stage.Published, Stage.Drafting, "coordinator", true)]
    [InlineData(Stage.Published, Stage.Drafting, "admin", true)]
    [InlineData(Stage.Requested, Stage.Induction, "admin", true)]
    public void MayMake_FollowsTheRoles(Stage from, Stage to, string role, bool expected)
    {
        Assert.Equal(expected, StageMachine.MayMake(StageMachine.Find(from, to)!, StandingOf(role)));
    }

    [Theory]
    [InlineData(Stage.Requested, false, false, true, true)]
    [InlineData(Stage.Induction, false, false, true, true)]
    [InlineData(Stage.DataCollection, true, true, true, true)]
    [InlineData(Stage.Validation, true, true, true, true)]
    [InlineData(Stage.Drafting, false, true, true, true)]
    [InlineData(Stage.GovernmentReview, false, false, false, true)]
    [InlineData(Stage.Approved, false, false, false, false)]
    [InlineData(Stage.Published, false, false, false, false)]
    [InlineData(Stage.FollowUp, false, false, false, false)]
    public void Locks_FollowTheStage(Stage stage, bool answer, bool narrative, bool context, bool setup)
    {
        Assert.Equal(answer, StageMachine.IsEditable(stage, Edit.Answer));
        Assert.Equal(narrative, StageMachine.IsEditable(stage, Edit.Narrative));
        Assert.Equal(narrative, StageMachine.IsEditable(stage, Edit.Evidence));
        Assert.Equal(context, StageMachine.IsEditable(stage, Edit.Context));
        Assert.Equal(setup, StageMachine.IsEditable(stage, Edit.Setup));
        Assert.Equal(setup, StageMachine.IsEditable(stage, Edit.Comment));
        Assert.Equal(stage == Stage.GovernmentReview, StageMachine.IsEditable(stage, Edit.Review));
    }

    [Theory]
    [InlineData("admin", new[] { "read", "readinternal", "writecontent", "readprivateevidence", "manageevidence", "comment", "commentinternal", "managesetup", "movestage", "raisefinding", "replyfinding", "resolvefinding" })]
    [InlineData("coordinator", new[] { "read", "readinternal", "writecontent", "readprivateevidence", "manageevidence", "comment", "commentinternal", "managesetup", "movestage", "raisefinding", "resolvefinding" })]
    [InlineData("researcher", new[] { "read", "readinternal", "writecontent", "readprivateevidence", "manageevidence", "comment", "commentinternal", "movestage", "raisefinding" })]
    [InlineData("focal-point", new[] { "read", "readprivateevidence", "manageevidence", "comment", "replyfinding" })]
    [InlineData("reviewer", new[] { "read", "comment", "raisefinding" })]
    [InlineData("public", new[] { "read" })]
    public void Permissions_FollowTheRoles(string role, string[] allowed)
    {
        var actual = Enum.GetValues<Permission>().Where(StandingOf(role).May).Select(p => p.ToString().ToLowerInvariant()).ToArray();
        Assert.Equal(allowed, actual);
    }
}
