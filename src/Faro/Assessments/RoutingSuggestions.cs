using Faro.Places;

namespace Faro.Assessments;

/// Which indicators an institution is likely to answer: the focal-point routing suggested in
/// domain.md §8.3 from the La Chorrera participants, by acronym (Panama's agencies) and, for
/// municipalities, by kind. A starting point for the coordinator, never an automatic assignment.
public static class RoutingSuggestions
{
    private static readonly string[] Municipality =
    [
        .. Range("D2", 1, 18), .. Range("D3", 1, 10), "D1-08", "D1-13", "D1-16", "D4-01", .. Range("D4", 9, 12),
        .. Range("D5", 1, 3), "D5-06", "D5-08", "D5-10", "D6-06",
    ];

    private static readonly Dictionary<string, string[]> ByAcronym = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MINSA"] = [.. Range("D1", 1, 4), "D5-05"],
        ["SENNIAF"] = ["D1-09", "D6-05"],
        ["INAMU"] = ["D1-10", "D6-07"],
        ["MITRADEL"] = ["D1-14", .. Range("D4", 2, 4), "D6-10"],
        ["AMPYME"] = ["D4-06", "D4-07"],
        ["PN"] = [.. Range("D6", 4, 6), "D6-13", "D6-14"],
        ["MIVIOT"] = ["D1-12", "D2-07", "D5-02"],
        // Not in the source list, but probably needed (domain.md §8.3, marked as inference there).
        ["MEDUCA"] = [.. Range("D1", 5, 7)],
        ["TE"] = ["D1-18"],
        ["SNM"] = ["D1-17", "D6-01", "D6-02", "D6-12"],
        ["SINAPROC"] = [.. Range("D5", 1, 12)],
        ["MIRE"] = ["D3-01", "D3-02", "D5-07"],
    };

    public static IReadOnlyList<string> For(Institution institution)
    {
        ArgumentNullException.ThrowIfNull(institution);
        if (institution.Acronym is { } acronym && ByAcronym.TryGetValue(acronym, out var codes))
        {
            return codes;
        }

        return institution.Kind == InstitutionKind.LocalGovernment ? Municipality : [];
    }

    private static IEnumerable<string> Range(string domain, int from, int to) =>
        Enumerable.Range(from, to - from + 1).Select(n => $"{domain}-{n:00}");
}
