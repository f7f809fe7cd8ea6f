using Faro.Learning;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Faro.Web.Pages.Learning;

/// Published places that answer `yes` where this assessment has a gap, with the reasons.
public sealed class PeersModel(PeerService peers, UiLanguage ui) : LearningPage
{
    [BindProperty(SupportsGet = true)] public int AssessmentId { get; set; }

    public IReadOnlyList<GapPeers> Gaps { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        GuardedAsync(async actor => Gaps = await peers.PeersAsync(actor, AssessmentId, ui.Current, ct), ui.Current);
}
