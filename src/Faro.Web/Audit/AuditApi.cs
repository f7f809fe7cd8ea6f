using Faro.Audit;
using Faro.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace Faro.Web.Audit;

public static class AuditApi
{
    public static void MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiV1("/assessments/{id:int}", "Audit");
        api.MapGet("/audit", async (int id, [FromQuery] long? before, [FromQuery] int? take, Caller caller, AuditLog audit, CancellationToken ct) =>
                TypedResults.Ok(await audit.ReadAsync(caller.Actor, id, null, before, take ?? 200, ct)))
            .WithSummary("The assessment's audit trail, newest first; page with ?before=ID.");
        api.MapGet("/answers/{code}/history", async (int id, string code, [FromQuery] long? before, [FromQuery] int? take, Caller caller, AuditLog audit,
                CancellationToken ct) => TypedResults.Ok(await audit.ReadAsync(caller.Actor, id, code, before, take ?? 200, ct)))
            .WithSummary("The audit trail of one indicator: answers, comments, review points.");
    }
}
