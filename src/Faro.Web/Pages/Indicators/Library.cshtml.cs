using Faro.Assessments;
using Faro.Data;
using Faro.People;
using Faro.Workflow;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Indicators;

/// The evidence library of one assessment: every source with how many answers cite it, searchable
/// and paged, retired ones only on request; each source links to its correction page.
public sealed class LibraryModel(FaroDb db, Access access, CurrentAssessment current, Faro.Web.Localization.UiLanguage lang) : PageModel
{
    public sealed record Row(int Id, LocalizedText Title, EvidenceType Type, string? IssuingBody, DateOnly? IssuedOn, string? FileName, bool IsPublic,
        DateTime? RetiredAt, int Cited);

    public const int PageSize = 50;

    public CurrentAssessment Current => current;
    public List<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public bool MayEdit => current.Standing.May(Permission.ManageEvidence) && StageMachine.IsEditable(current.Stage, Edit.Evidence) && current.Assessment.WithdrawnAt is null;

    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)] public bool Retired { get; set; }
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public bool HasNext => PageNumber * PageSize < Total;

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Private sources only for the roles that may read them (Access), the same search as the answer form.
        var query = EvidenceSearch.Matching(access.VisibleEvidence(current.Standing).AsNoTracking().Where(e => Retired || e.RetiredAt == null),
            Q, SourceTypes.Named(lang, Q));
        PageNumber = Math.Max(1, PageNumber);
        Total = await query.CountAsync(ct);
        Rows = await query.OrderBy(e => e.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(e => new Row(e.Id, e.Title, e.Type, e.IssuingBody, e.IssuedOn, e.FileName, e.IsPublic, e.RetiredAt,
                db.AnswerEvidence.Count(l => l.EvidenceId == e.Id)))
            .ToListAsync(ct);
    }
}
