using System.Security.Claims;
using Faro.People;
using Faro.Web.Account;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Faro.Web.Api;

/// The caller of an API endpoint: the actor the core services check (user and roles, or nobody)
/// and the language of messages. Bound from the request by every handler that takes it.
public sealed record Caller(Actor Actor, string Lang)
{
    public static async ValueTask<Caller> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var lang = context.RequestServices.GetRequiredService<UiLanguage>().Current;
        var address = context.Connection.RemoteIpAddress?.ToString();
        if (context.User.Identity?.IsAuthenticated == true
            && int.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var userId))
        {
            var access = context.RequestServices.GetRequiredService<Access>();
            var actor = await access.ActorAsync(userId, address, context.RequestAborted);
            return new Caller(actor with { ViaToken = context.User.Identity.AuthenticationType == TokenAuthenticationHandler.SchemeName }, lang);
        }

        return new Caller(Actor.Anonymous(address), lang);
    }
}

public static class ApiV1
{
    /// The actor of the current request, for Razor page handlers calling the core services.
    public static async Task<Actor> ActorAsync(this HttpContext context) => (await Caller.BindAsync(context)).Actor;

    /// The `/api/v1` group every feature's endpoints hang from. Authorization is not a group
    /// policy: the core services decide by role and scope (and published material is public), and
    /// `RefusalFilter` turns their refusals into problem documents with a stable `code`.
    public static RouteGroupBuilder MapApiV1(this IEndpointRouteBuilder app, string path, string tag) =>
        app.MapGroup("/api/v1" + path)
            .AddEndpointFilter<RefusalFilter>()
            .WithTags(tag)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static bool IsApi(this HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
}

/// Maps the core's refusals to HTTP: out of scope 404 (or 401 without credentials, so that signing
/// in is the obvious next step and existence is still not revealed), not allowed 403, state 409,
/// stale 412, missing precondition 428, bad input 400 naming each field.
public sealed class RefusalFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context);
        }
        catch (RefusedException e)
        {
            var http = context.HttpContext;
            var lang = http.RequestServices.GetRequiredService<UiLanguage>().Current;
            var signedIn = http.User.Identity?.IsAuthenticated == true;
            var status = e.Kind switch
            {
                RefusalKind.Unauthenticated => StatusCodes.Status401Unauthorized,
                RefusalKind.NotFound or RefusalKind.Forbidden when !signedIn => StatusCodes.Status401Unauthorized,
                RefusalKind.NotFound => StatusCodes.Status404NotFound,
                RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
                RefusalKind.Conflict => StatusCodes.Status409Conflict,
                RefusalKind.Stale => StatusCodes.Status412PreconditionFailed,
                RefusalKind.PreconditionRequired => StatusCodes.Status428PreconditionRequired,
            };
            if (status == StatusCodes.Status401Unauthorized)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return Problem(status, "auth.required", RefusedException.Unauthenticated().Text[lang], null);
            }

            return Problem(status, e.Code, e.Text[lang], e.Details(lang));
        }
        catch (InputRejectedException e)
        {
            var lang = context.HttpContext.RequestServices.GetRequiredService<UiLanguage>().Current;
            return Problem(StatusCodes.Status400BadRequest, e.Code, e.Errors.Count == 1 ? e.Errors[0].Describe(lang) : e.Describe(lang),
                new Dictionary<string, object?>
                {
                    ["errors"] = e.Errors.Select(x => new { location = x.Location, code = x.Code, message = x.Message[lang] }).ToList(),
                });
        }
    }

    public static IResult Problem(int status, string code, string? title, IReadOnlyDictionary<string, object?>? details)
    {
        var problem = new ProblemDetails { Status = status, Title = title };
        problem.Extensions["code"] = code;
        foreach (var (key, value) in details ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        return TypedResults.Problem(problem);
    }
}
