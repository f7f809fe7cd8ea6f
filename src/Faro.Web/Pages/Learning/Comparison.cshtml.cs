using Faro.FollowUp;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Faro.Web.Pages.Learning;

/// Two rounds of the same place, indicator by indicator.
public sealed class ComparisonModel(RoundComparisonService rounds, UiLanguage ui) : LearningPage
{
    [BindProperty(SupportsGet = true)] public int AssessmentId { get; set; }
    [BindProperty(SupportsGet = true)] public int? With { get; set; }

    public RoundsComparison? Result { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        GuardedAsync(async actor => Result = await rounds.CompareAsync(actor, AssessmentId, With, ui.Current, ct), ui.Current);
}
