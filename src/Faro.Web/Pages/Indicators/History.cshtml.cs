using Faro.Assessments;
using Faro.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Indicators;

/// Every revision of one answer, newest first, each with what it changed; paged by revision
/// number (`?before=`), so that an answer edited hundreds of times stays readable.
public sealed class HistoryModel(FaroDb db, CurrentAssessment current, AnswerHistory history) : PageModel
{
    public const int PageSize = 20;

    public CurrentAssessment Current => current;
    public string Code { get; private set; } = "";
    public LocalizedText Text { get; private set; } = new();
    public RevisionPage Revisions { get; private set; } = new("", 0, [], null);
    [BindProperty(SupportsGet = true)] public int? Before { get; set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        var a = current.Assessment;
        var indicator = await db.Indicators.AsNoTracking().Where(i => i.CatalogueId == a.CatalogueId && i.Code == code)
            .Select(i => new { i.Code, i.Text }).FirstOrDefaultAsync(ct);
        if (indicator is null)
        {
            return NotFound();
        }

        Code = indicator.Code;
        Text = indicator.Text;
        Revisions = await history.ReadAsync(current.Standing, indicator.Code, Before, PageSize, ct);
        return Page();
    }
}
