using Faro.Assessments;
using Faro.Web.Localization;

namespace Faro.Web.Pages.Indicators;

/// Source types whose name, in the reader's language, contains the search text ("ley" finds the
/// laws in Spanish, "law" in English): type names are UI text, so the search resolves them here.
public static class SourceTypes
{
    public static IReadOnlyCollection<EvidenceType> Named(UiLanguage lang, string? text)
    {
        if (text?.Trim() is not { Length: > 0 } q)
        {
            return [];
        }

        return Enum.GetValues<EvidenceType>()
            .Where(t => lang.Culture.CompareInfo.IndexOf(lang["evidence.type." + t.ToCode()], q,
                    System.Globalization.CompareOptions.IgnoreCase | System.Globalization.CompareOptions.IgnoreNonSpace) >= 0)
            .ToList();
    }
}
