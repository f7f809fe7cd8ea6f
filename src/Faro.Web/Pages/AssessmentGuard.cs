using Faro.Assessments;
using Faro.Data;
using Faro.People;
using Faro.Workflow;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.Filters;
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
    /// The handler decides through the core services (answer writes depend on the indicator's
    /// assignment, replies on being a focal point), which refuse with a stable code.
    Handler,
}

/// The assessment a page is about, loaded and scope-checked once by `AssessmentGuard`.
public sealed class CurrentAssessment
{
    private Assessment? assessment;
    private AssessmentAccess? standing;
    private Actor? actor;

    public Assessment Assessment => assessment ?? throw new InvalidOperationException("no assessment on this page");
    /// The caller's standing, from `Access.AssessmentAsync`: the same rules the services apply.
    public AssessmentAccess Standing => standing ?? throw new InvalidOperationException("no assessment on this page");
    public Actor Actor => actor ?? throw new InvalidOperationException("no assessment on this page");
    public int Id => Assessment.Id;
    public Stage Stage => Assessment.Stage;

    /// The jurisdiction's name, or the country's for a national assessment, in the reader's language.
    public string Place(string lang) =>
        Assessment.Jurisdiction?.Name ?? Assessment.Country?.Name.Resolve(lang)?.Text ?? "";

    internal void Set(Assessment a, AssessmentAccess s, Actor who)
    {
        assessment = a;
        standing = s;
        actor = who;
    }
}

/// Loads the `{assessmentId}` of the route with the caller's standing. Outside the caller's scope
/// the answer is 404 (nothing reveals that it exists); a folder need the standing does not meet is
/// 403. Signed-in people who see an assessment only because it is published read it on its public
/// profile, not here.
public sealed class AssessmentGuard(Need read, Need write) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var user = services.GetRequiredService<CurrentUser>();
        var method = http.Request.Method;
        var need = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? read : write;
        var actor = await user.ActorAsync(http.RequestAborted);

        if (context.RouteData.Values.TryGetValue("assessmentId", out var raw)
            && int.TryParse(Convert.ToString(raw, System.Globalization.CultureInfo.InvariantCulture), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var assessmentId))
        {
            AssessmentAccess standing;
            try
            {
                standing = await services.GetRequiredService<Access>().AssessmentAsync(actor, assessmentId, http.RequestAborted);
            }
            catch (RefusedException e) when (e.Kind == RefusalKind.NotFound)
            {
                context.Result = new NotFoundResult();
                return;
            }

            if (standing.IsPublicReader)
            {
                context.Result = new NotFoundResult();
                return;
            }

            if (need == Need.Manage && !standing.May(Permission.ManageSetup))
            {
                context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
                return;
            }

            var assessment = await services.GetRequiredService<FaroDb>().Assessments.AsNoTracking()
                .Include(a => a.Jurisdiction).Include(a => a.Country)
                .FirstAsync(a => a.Id == assessmentId, http.RequestAborted);
            services.GetRequiredService<CurrentAssessment>().Set(assessment, standing, actor);
        }
        else if (need == Need.Manage && !await user.IsManagerAsync(http.RequestAborted))
        {
            context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
            return;
        }

        await next();
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
        Guard(conventions, "/Exchange", Need.Read, Need.Handler);
    }

    /// Pages that ask something else than their folder: a form only managers use (the workshop
    /// form), and a page everyone signed in uses for themselves (their own account and two-factor
    /// settings, checked by their page models).
    private static readonly Dictionary<string, (Need Read, Need Write)> Exceptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/Workshops/Edit"] = (Need.Manage, Need.Manage),
        ["/Assessments/New"] = (Need.Manage, Need.Manage),
        ["/Assessments/Edit"] = (Need.Manage, Need.Manage),
        ["/Assessments/Withdraw"] = (Need.Manage, Need.Manage),
        ["/Assessments/NextRound"] = (Need.Manage, Need.Manage),
        ["/People/TwoFactor"] = (Need.Read, Need.Read),
        ["/People/Settings"] = (Need.Read, Need.Read),
    };

    private static void Guard(PageConventionCollection conventions, string folder, Need read, Need write) =>
        conventions.AddFolderApplicationModelConvention(folder, model =>
            model.Filters.Add(Exceptions.TryGetValue(model.ViewEnginePath, out var own) ? new AssessmentGuard(own.Read, own.Write) : new AssessmentGuard(read, write)));
}
