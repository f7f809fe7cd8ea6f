using Faro.Assessments;
using Faro.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Workshops;

public sealed class DetailModel(FaroDb db, CurrentAssessment current) : PageModel
{
    public sealed record DecisionRow(string Code, LocalizedText Indicator, string Text, DateTime At);

    public CurrentAssessment Current => current;
    public Workshop Workshop { get; private set; } = null!;
    public List<LocalizedText> Institutions { get; private set; } = [];
    public List<DecisionRow> Decisions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int workshopId, CancellationToken ct)
    {
        var workshop = await db.Workshops.AsNoTracking().FirstOrDefaultAsync(w => w.Id == workshopId && w.AssessmentId == current.Id, ct);
        if (workshop is null)
        {
            return NotFound();
        }

        Workshop = workshop;
        Institutions = await db.WorkshopInstitutions.AsNoTracking().Where(x => x.WorkshopId == workshopId)
            .Select(x => x.Institution!.Name).ToListAsync(ct);
        Decisions = (await db.WorkshopDecisions.AsNoTracking().Where(d => d.WorkshopId == workshopId)
                .Join(db.Indicators, d => d.IndicatorId, i => i.Id, (d, i) => new { i.Code, IndicatorText = i.Text, Decision = d.Text, d.RecordedAt })
                .ToListAsync(ct))
            .OrderBy(d => d.Code, StringComparer.Ordinal)
            .Select(d => new DecisionRow(d.Code, d.IndicatorText, d.Decision, d.RecordedAt)).ToList();
        return Page();
    }
}
