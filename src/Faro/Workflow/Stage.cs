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

public static class StageCodes
{
    public static string ToCode(this Stage stage) => stage switch
    {
        Stage.Requested => "requested",
        Stage.Induction => "induction",
        Stage.DataCollection => "data-collection",
        Stage.Validation => "validation",
        Stage.Drafting => "drafting",
        Stage.GovernmentReview => "government-review",
        Stage.Approved => "approved",
        Stage.Published => "published",
        Stage.FollowUp => "follow-up",
    };

    public static bool TryParse(string? code, out Stage stage)
    {
        foreach (var candidate in Enum.GetValues<Stage>())
        {
            if (string.Equals(candidate.ToCode(), code, StringComparison.OrdinalIgnoreCase))
            {
                stage = candidate;
                return true;
            }
        }

        stage = default;
        return false;
    }
}
