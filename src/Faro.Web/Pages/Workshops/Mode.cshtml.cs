using Faro.Assessments;
using Faro.Catalogue;
using Faro.Data;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Workshops;

/// Workshop mode, for a projector: one indicator at a time in large type with its current answer,
/// and the decision of the room recorded as the workshop goes.
public sealed class ModeModel(FaroDb db, CurrentAssessment current, UiLanguage lang, WorkshopService workshops) : PageModel
{
    public CurrentAssessment Current => current;
    public Workshop Workshop { get; private set; } = null!;
    public Indicator Indicator { get; private set; } = null!;
    public Answer? Answer { get; private set; }
    public int Position { get; private set; }
    public int Count { get; private set; }
    public string? PrevCode { get; private set; }
    public string? NextCode { get; private set; }

    [BindProperty] public string? Decision { get; set; }

    public async Task<IActionResult> OnGetAsync(int workshopId, string? code, CancellationToken ct)
    {
        if (!await LoadAsync(workshopId, code, ct))
        {
            return NotFound();
        }

        Decision = await db.WorkshopDecisions.AsNoTracking().Where(d => d.WorkshopId == workshopId && d.IndicatorId == Indicator.Id)
            .Select(d => d.Text).FirstOrDefaultAsync(ct);
        return Page();
    }

    /// Records the decision and moves on to the next indicator.
    public async Task<IActionResult> OnPostAsync(int workshopId, string? code, CancellationToken ct)
    {
        if (!await LoadAsync(workshopId, code, ct))
        {
            return NotFound();
        }

        // Read first: the decision is recorded for the indicator on screen, and the next one is where it goes.
        return await this.WriteOrReshowAsync(lang, async () =>
        {
            await workshops.RecordDecisionAsync(current.Actor, current.Id, workshopId, Indicator.Code, Decision, ct);
            return Redirect($"/assessments/{current.Id}/workshops/{workshopId}/mode/{Uri.EscapeDataString(NextCode ?? Indicator.Code)}");
        }, () => Task.FromResult<IActionResult>(Page()), DecisionFields);
    }

    private static readonly Dictionary<string, (string, string)> DecisionFields = new() { ["text"] = ("Decision", "workshop.decision") };

    private async Task<bool> LoadAsync(int workshopId, string? code, CancellationToken ct)
    {
        var workshop = await db.Workshops.AsNoTracking().FirstOrDefaultAsync(w => w.Id == workshopId && w.AssessmentId == current.Id, ct);
        if (workshop is null)
        {
            return false;
        }

        Workshop = workshop;
        var order = await db.Indicators.AsNoTracking().Where(i => i.CatalogueId == current.Assessment.CatalogueId)
            .OrderBy(i => i.Area!.Domain!.Order).ThenBy(i => i.Area!.Order).ThenBy(i => i.Order)
            .Select(i => i.Code).ToListAsync(ct);
        var index = code is null ? 0 : order.IndexOf(code);
        if (index < 0)
        {
            return false;
        }

        var found = order[index];
        Indicator = await db.Indicators.AsNoTracking().Include(i => i.Area).ThenInclude(a => a!.Domain)
            .FirstAsync(i => i.CatalogueId == current.Assessment.CatalogueId && i.Code == found, ct);
        Answer = await db.Answers.AsNoTracking().FirstOrDefaultAsync(x => x.AssessmentId == current.Id && x.IndicatorId == Indicator.Id, ct);
        Position = index + 1;
        Count = order.Count;
        PrevCode = index > 0 ? order[index - 1] : null;
        NextCode = index < order.Count - 1 ? order[index + 1] : null;
        return true;
    }
}
