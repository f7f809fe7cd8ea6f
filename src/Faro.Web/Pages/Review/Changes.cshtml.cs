using Faro.Assessments;
using Faro.Data;
using Faro.Workflow;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Review;

/// What changed since the last approval: every answer saved after the assessment last entered
/// `approved`, with its status and narratives then and now. Before any approval, the reference is
/// the last entry into government review, and the page says so.
public sealed class ChangesModel(FaroDb db, CurrentAssessment current) : PageModel
{
    public sealed record Change(string Code, LocalizedText Indicator, AnswerStatus? StatusBefore, AnswerStatus? StatusNow,
        LocalizedText? NarrativeBefore, LocalizedText NarrativeNow, bool EvidenceChanged, string? By, DateTime At);

    public CurrentAssessment Current => current;
    public Stage? ReferenceStage { get; private set; }
    public DateTime? ReferenceAt { get; private set; }
    public List<Change> Changes { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var a = current.Assessment;
        foreach (var stage in new[] { Stage.Approved, Stage.GovernmentReview })
        {
            var at = await db.StageEvents.AsNoTracking().Where(e => e.AssessmentId == a.Id && e.To == stage)
                .OrderByDescending(e => e.At).Select(e => (DateTime?)e.At).FirstOrDefaultAsync(ct);
            if (at is not null)
            {
                (ReferenceStage, ReferenceAt) = (stage, at);
                break;
            }
        }

        if (ReferenceAt is not { } since)
        {
            return;
        }

        var changed = await db.Answers.AsNoTracking().Where(x => x.AssessmentId == a.Id && x.UpdatedAt > since)
            .Select(x => new
            {
                x.Id,
                x.Indicator!.Code,
                x.Indicator.Text,
                x.Status,
                x.Narrative,
                Evidence = x.Evidence.Select(e => e.EvidenceId).ToList(),
                By = db.Users.Where(u => u.Id == x.UpdatedById).Select(u => u.DisplayName).FirstOrDefault(),
                x.UpdatedAt,
            })
            .ToListAsync(ct);
        var ids = changed.Select(c => c.Id).ToList();
        var before = (await db.AnswerRevisions.AsNoTracking().Where(r => ids.Contains(r.AnswerId) && r.At <= since).ToListAsync(ct))
            .GroupBy(r => r.AnswerId).ToDictionary(g => g.Key, g => g.MaxBy(r => r.Revision)!);
        Changes = changed.OrderBy(c => c.Code, StringComparer.Ordinal).Select(c =>
        {
            var then = before.GetValueOrDefault(c.Id);
            var evidenceThen = then?.EvidenceIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Order().ToList() ?? [];
            var evidenceNow = c.Evidence.Select(e => e.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
            return new Change(c.Code, c.Text, then?.Status, c.Status, then?.Narrative, c.Narrative, !evidenceThen.SequenceEqual(evidenceNow), c.By, c.UpdatedAt);
        }).ToList();
    }
}
