using Faro.Dialogue;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Faro.Web.Pages.Learning;

/// The national–local dialogue brief of an assessment, for coordinators and national reviewers.
public sealed class DialogueModel(DialogueService dialogue, UiLanguage ui) : LearningPage
{
    [BindProperty(SupportsGet = true)] public int AssessmentId { get; set; }

    public DialogueBrief? Brief { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        GuardedAsync(async actor => Brief = await dialogue.BriefAsync(actor, AssessmentId, ui.Current, ct), ui.Current);
}
