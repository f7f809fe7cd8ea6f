using Faro.Assessments;
using Faro.Data;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.People;

/// What a user may see, by role and scope. Every read of assessment data starts from
/// `VisibleAssessments`, so a resource outside the caller's scope is simply not found.
public sealed class Access(FaroDb db)
{
    public async Task<IReadOnlyList<RoleAssignment>> RolesOfAsync(int userId, CancellationToken ct = default) =>
        await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == userId).ToListAsync(ct);

    public IQueryable<Assessment> VisibleAssessments(IReadOnlyList<RoleAssignment> roles)
    {
        if (roles.Any(r => r.Role == Role.Admin))
        {
            return db.Assessments;
        }

        var coordinatorCountries = roles.Where(r => r.Role == Role.Coordinator && r.CountryId != null).Select(r => r.CountryId!.Value).ToList();
        var reviewerCountries = roles.Where(r => r.Role == Role.NationalReviewer && r.CountryId != null).Select(r => r.CountryId!.Value).ToList();
        var assessmentIds = roles.Where(r => r.Role is Role.Researcher or Role.FocalPoint && r.AssessmentId != null).Select(r => r.AssessmentId!.Value).ToList();
        // National reviewers read local assessments from validation on, never earlier drafts. Stages
        // are stored as names, so "from validation on" is a list, not a comparison.
        var reviewable = Enum.GetValues<Stage>().Where(s => s >= Stage.Validation).ToList();
        return db.Assessments.Where(a =>
            coordinatorCountries.Contains(a.CountryId)
            || assessmentIds.Contains(a.Id)
            || (reviewerCountries.Contains(a.CountryId) && reviewable.Contains(a.Stage)));
    }
}
