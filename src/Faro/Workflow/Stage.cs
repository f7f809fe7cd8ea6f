namespace Faro.Workflow;

/// The assessment stages, in order. The transition table and its gates live in `StageMachine`.
public enum Stage
{
    Requested,
    Induction,
    DataCollection,
    Validation,
    Drafting,
    GovernmentReview,
    Approved,
    Published,
    FollowUp,
}
