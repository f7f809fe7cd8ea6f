using Faro.Assessments;
using Faro.People;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Indicators;

/// Downloads an uploaded evidence file: always as an attachment with its stored type and nosniff,
/// so an uploaded file is never rendered as a page of ours. Private files only for the team and
/// the focal points.
public sealed class EvidenceFileModel(Access access, CurrentAssessment current, EvidenceFiles files) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int evidenceId, CancellationToken ct)
    {
        var e = await access.VisibleEvidence(current.Standing).AsNoTracking()
            .Where(x => x.Id == evidenceId && x.FileSha256 != null)
            .Select(x => new { x.FileName, x.FileContentType, x.FileSha256 }).FirstOrDefaultAsync(ct);
        var path = e is null ? null : files.PathOf(e.FileSha256!);
        if (e is null || !System.IO.File.Exists(path))
        {
            return NotFound();
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        return PhysicalFile(path!, e.FileContentType ?? "application/octet-stream", e.FileName);
    }
}
