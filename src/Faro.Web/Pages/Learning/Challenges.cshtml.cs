using Faro.Learning;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faro.Web.Pages.Learning;

/// Common challenges of a country or region, from published assessments only: public.
[AllowAnonymous]
public sealed class ChallengesModel(ChallengeService challenges, UiLanguage ui) : LearningPage
{
    [BindProperty(SupportsGet = true)] public string? Scope { get; set; }

    public ChallengeReport? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => string.IsNullOrWhiteSpace(Scope)
        ? Page()
        : await GuardedAsync(async _ => Report = await challenges.ForAsync(Scope, ui.Current, ct), ui.Current);
}
