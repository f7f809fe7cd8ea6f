namespace Faro.Assessments;

/// The answer statuses as written in the API, imports and exports.
public static class AnswerStatusCodes
{
    public static string ToCode(this AnswerStatus status) => status switch
    {
        AnswerStatus.Yes => "yes",
        AnswerStatus.Partial => "partial",
        AnswerStatus.No => "no",
        AnswerStatus.NotApplicable => "not-applicable",
        AnswerStatus.NationalCompetence => "national-competence",
        AnswerStatus.Unknown => "unknown",
    };

    public static bool TryParse(string? code, out AnswerStatus status)
    {
        foreach (var candidate in Enum.GetValues<AnswerStatus>())
        {
            if (string.Equals(candidate.ToCode(), code, StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }
}
