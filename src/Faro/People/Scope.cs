using System.Globalization;

namespace Faro.People;

/// A role's scope as written on the command line and in the API: `country:PA`,
/// `assessment:12`, or `assessment:12,institution:4`.
public sealed record ScopeSpec(string? CountryIso2, int? AssessmentId, int? InstitutionId)
{
    public static ScopeSpec None { get; } = new(null, null, null);

    public static bool TryParse(string? text, out ScopeSpec scope, out Phrase? error)
    {
        scope = None;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        string? country = null;
        int? assessment = null, institution = null;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split(':', 2, StringSplitOptions.TrimEntries);
            if (kv.Length != 2)
            {
                error = new Phrase("refusal.scope.not_kind_value", part);
                return false;
            }

            switch (kv[0].ToLowerInvariant())
            {
                case "country" when kv[1].Length == 2:
                    country = kv[1].ToUpperInvariant();
                    break;
                case "assessment" when int.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out var a):
                    assessment = a;
                    break;
                case "institution" when int.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out var i):
                    institution = i;
                    break;
                default:
                    error = new Phrase("refusal.scope.unknown", part);
                    return false;
            }
        }

        scope = new ScopeSpec(country, assessment, institution);
        return true;
    }

    /// Which scope each role needs.
    // The role's code stays in these texts: it is what the operator types after --role.
    public Phrase? ProblemFor(Role role) => role switch
    {
        Role.Admin => CountryIso2 is null && AssessmentId is null && InstitutionId is null ? null : new Phrase("refusal.scope.admin_none"),
        Role.Coordinator or Role.NationalReviewer => CountryIso2 is not null && AssessmentId is null && InstitutionId is null
            ? null : new Phrase("refusal.scope.needs_country", role.ToCode()),
        Role.Researcher => AssessmentId is not null && CountryIso2 is null && InstitutionId is null
            ? null : new Phrase("refusal.scope.needs_assessment"),
        Role.FocalPoint => AssessmentId is not null && InstitutionId is not null && CountryIso2 is null
            ? null : new Phrase("refusal.scope.needs_institution"),
    };
}
