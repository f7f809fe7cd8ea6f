using Faro.Assessments;
using Faro.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Workshops;

public sealed class IndexModel(FaroDb db, CurrentAssessment current) : PageModel
{
    public sealed record Row(int Id, WorkshopKind Kind, WorkshopStatus Status, DateOnly Date, string? Place, int? Attendance,
        List<LocalizedText> Institutions, int Decisions);

    public CurrentAssessment Current => current;
    public List<Row> Workshops { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Workshops = await db.Workshops.AsNoTracking().Where(w => w.AssessmentId == current.Id)
            .OrderBy(w => w.Date).ThenBy(w => w.Id)
            .Select(w => new Row(w.Id, w.Kind, w.Status, w.Date, w.Place, w.Attendance,
                w.Institutions.Select(i => i.Institution!.Name).ToList(), w.Decisions.Count))
            .ToListAsync(ct);
}
