using Faro.Assessments;
using Faro.Data;
using Faro.People;
using Faro.Web.Localization;
using Faro.Workflow;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages;

/// What a page folder asks of the caller. Folders that follow the workflow steps each declare one
/// need for reading (GET) and one for writing (POST), so page models hold only the happy path.
public enum Need
{
    /// In the assessment's scope (or, for pages without an assessment, signed in).
    Read,
    /// Admin, or coordinator of the assessment's country (of any country for pages without one).
    Manage,
    /// The page decides per handler (answer writes depend on the indicator's assignment), through the core services.
    Handler,
}

/// The caller's standing on one assessment. Names follow `AssessmentAccess` of the workflow so the
/// two can be swapped.
public sealed record AssessmentStanding(bool IsAdmin, bool IsCoordinator, bool IsResearcher, bool IsNationalReviewer,
    IReadOnlySet<int> FocalPointInstitutions, IReadOnlySet<int> AssignedIndicators)
{
    public bool IsFocalPoint => FocalPointInstitutions.Count > 0;
    public bool IsTeam => IsAdmin || IsCoordinator || IsResearcher;
    public bool IsManager => IsAdmin || IsCoordinator;
    public bool MayWriteAnswer(int indicatorId) => IsTeam || AssignedIndicators.Contains(indicatorId);
}

/// The assessment a page is about, loaded and scope-checked once by `AssessmentGuard`.
public sealed class CurrentAssessment
{
    private Assessment? assessment;
    private AssessmentStanding? standing;

    public Assessment Assessment => assessment ?? throw new InvalidOperationException("no assessment on this page");
    public AssessmentStanding Standing => standing ?? throw new InvalidOperationException("no assessment on this page");
    public int Id => Assessment.Id;
    public Stage Stage => Assessment.Stage;

    /// "La Chorrera (Panamá)" in the reader's language.
    public string Place(string lang) =>
        Assessment.Jurisdiction?.Name ?? Assessment.Country?.Name.Resolve(lang)?.Text ?? "";

    internal void Set(Assessment a, AssessmentStanding s)
    {
        assessment = a;
        standing = s;
    }
}

/// Loads the `{assessmentId}` of the route through `Access.VisibleAssessments` (outside the caller's
/// scope: 404, so nothing reveals that it exists) and checks the folder's need (403 otherwise).
public sealed class AssessmentGuard(Need read, Need write) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var services = context.HttpContext.RequestServices;
        var caller = services.GetRequiredService<Caller>();
        var need = HttpMethods.IsGet(context.HttpContext.Request.Method) || HttpMethods.IsHead(context.HttpContext.Request.Method) ? read : write;
        var roles = await caller.RolesAsync(context.HttpContext.RequestAborted);

        if (context.RouteData.Values.TryGetValue("assessmentId", out var raw)
            && int.TryParse(Convert.ToString(raw, System.Globalization.CultureInfo.InvariantCulture), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var assessmentId))
        {
            var db = services.GetRequiredService<FaroDb>();
            var access = services.GetRequiredService<Access>();
            var assessment = await access.VisibleAssessments(roles).AsNoTracking()
                .Include(a => a.Jurisdiction).Include(a => a.Country)
                .FirstOrDefaultAsync(a => a.Id == assessmentId, context.HttpContext.RequestAborted);
            if (assessment is null)
            {
                context.Result = new NotFoundResult();
                return;
            }

            var standing = await StandingAsync(db, roles, assessment, context.HttpContext.RequestAborted);
            if (need == Need.Manage && !standing.IsManager)
            {
                context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
                return;
            }

            services.GetRequiredService<CurrentAssessment>().Set(assessment, standing);
        }
        else if (need == Need.Manage && !roles.Any(r => r.Role is Role.Admin or Role.Coordinator))
        {
            context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
            return;
        }

        await next();
    }

    private static async Task<AssessmentStanding> StandingAsync(FaroDb db, IReadOnlyList<RoleAssignment> roles, Assessment a, CancellationToken ct)
    {
        var institutions = roles.Where(r => r.Role == Role.FocalPoint && r.AssessmentId == a.Id && r.InstitutionId != null)
            .Select(r => r.InstitutionId!.Value).ToHashSet();
        var assigned = institutions.Count == 0
            ? []
            : (await db.Assignments.AsNoTracking().Where(x => x.AssessmentId == a.Id && institutions.Contains(x.InstitutionId))
                .Select(x => x.IndicatorId).ToListAsync(ct)).ToHashSet();
        return new AssessmentStanding(
            roles.Any(r => r.Role == Role.Admin),
            roles.Any(r => r.Role == Role.Coordinator && r.CountryId == a.CountryId),
            roles.Any(r => r.Role == Role.Researcher && r.AssessmentId == a.Id),
            roles.Any(r => r.Role == Role.NationalReviewer && r.CountryId == a.CountryId),
            institutions, assigned);
    }
}

public static class PageConventions
{
    /// The folder guards, in one place: what each step of the workflow asks of the caller.
    public static void AddFaroFolders(this PageConventionCollection conventions)
    {
        Guard(conventions, "/Assessments", Need.Read, Need.Handler);
        Guard(conventions, "/Indicators", Need.Read, Need.Handler);
        Guard(conventions, "/Workshops", Need.Read, Need.Manage);
        Guard(conventions, "/Review", Need.Read, Need.Handler);
        Guard(conventions, "/People", Need.Manage, Need.Manage);
        Guard(conventions, "/Places", Need.Manage, Need.Manage);
    }

    private static void Guard(PageConventionCollection conventions, string folder, Need read, Need write) =>
        conventions.AddFolderApplicationModelConvention(folder, model => model.Filters.Add(new AssessmentGuard(read, write)));
}
