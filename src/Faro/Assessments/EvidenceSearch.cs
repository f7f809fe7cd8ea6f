namespace Faro.Assessments;

/// The one search over an assessment's evidence library (the library page and the answer form):
/// a text matches a title in either language or the issuing body, case-insensitively on both
/// providers (lower-cased on both sides: SQLite's LIKE ignores case, PostgreSQL's does not), or
/// a source type whose name the caller's language matched (type names are UI text, so the page
/// resolves them and passes the types in).
public static class EvidenceSearch
{
    public static IQueryable<Evidence> Matching(IQueryable<Evidence> sources, string? text, IReadOnlyCollection<EvidenceType> types)
    {
        if (text?.Trim().ToLowerInvariant() is not { Length: > 0 } q)
        {
            return sources;
        }

        var typeList = types.ToList();
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL lower(), never run in .NET
        return sources.Where(e => (e.Title.Es != null && e.Title.Es.ToLower().Contains(q)) || (e.Title.En != null && e.Title.En.ToLower().Contains(q))
            || (e.IssuingBody != null && e.IssuingBody.ToLower().Contains(q)) || typeList.Contains(e.Type));
#pragma warning restore CA1304, CA1311, CA1862
    }
}
