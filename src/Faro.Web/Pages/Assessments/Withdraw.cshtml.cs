using Faro.Assessments;
using Faro.People;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Faro.Web.Pages.Assessments;

/// Withdraws an assessment that stops, with a reason: it is kept, read-only, out of the lists.
public sealed class WithdrawModel(CurrentAssessment current, UiLanguage lang, AssessmentCreation creation) : PageModel
{
    public CurrentAssessment Current => current;
    public bool MayWithdraw => current.Assessment.WithdrawnAt is null && !Access.IsPublicStage(current.Stage);

    [BindProperty] public string? Reason { get; set; }

    public void OnGet()
    {
    }

    private static readonly Dictionary<string, (string, string)> ReasonFields = new() { ["reason"] = ("Reason", "withdraw.reason") };

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => this.WriteOrReshowAsync(lang, async () =>
    {
        await creation.WithdrawAsync(current.Actor, current.Id, Reason, ct);
        TempData["Saved"] = "withdraw.done";
        return Redirect($"/assessments/{current.Id}");
    }, () => Task.FromResult<IActionResult>(Page()), ReasonFields);
}
