using Faro.FollowUp;
using Faro.Web.Api;

namespace Faro.Web.FollowUp;

public static class FollowUpApi
{
    public static void MapFollowUpApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiV1("/assessments/{id:int}", "FollowUp");
        api.MapGet("/comparison", async (int id, int? with, Caller caller, RoundComparisonService rounds, CancellationToken ct) =>
                TypedResults.Ok(await rounds.CompareAsync(caller.Actor, id, with, caller.Lang, ct)))
            .WithSummary("Compares two rounds of the same place per indicator: improved, regressed, unchanged, changed, new, retired (through the catalogue crosswalk), with both narratives and the wording \"more/less developed than in round N\".");

        api.MapGet("/actions", async (int id, Caller caller, ActionPlanService plan, CancellationToken ct) =>
                TypedResults.Ok(await plan.ListAsync(caller.Actor, id, ct)))
            .WithSummary("The follow-up action plan, with overdue flags.");
        api.MapGet("/actions.csv", async (int id, Caller caller, ActionPlanService plan, CancellationToken ct) =>
                TypedResults.File(await plan.CsvAsync(caller.Actor, id, caller.Lang, ct), "text/csv; charset=utf-8", $"action-plan-{id}.csv"))
            .WithSummary("The action plan as CSV, headers in the caller's language.");
        api.MapGet("/actions/proposals", async (int id, Caller caller, ActionPlanService plan, CancellationToken ct) =>
                TypedResults.Ok(await plan.ProposalsAsync(caller.Actor, id, ct)))
            .WithSummary("Gap indicators (no/partial) that no action covers yet.");
        api.MapPost("/actions", async (int id, ActionInput body, Caller caller, ActionPlanService plan, CancellationToken ct) =>
                TypedResults.Created($"/api/v1/assessments/{id}/actions", await plan.CreateAsync(caller.Actor, id, body, ct)))
            .WithSummary("Adds an action on a gap indicator (team, once published).");
        api.MapPut("/actions/{actionId:int}", async (int id, int actionId, ActionInput body, Caller caller, ActionPlanService plan, CancellationToken ct) =>
                TypedResults.Ok(await plan.UpdateAsync(caller.Actor, id, actionId, body, ct)))
            .WithSummary("Edits an action: text, owner, due date, status (planned, in-progress, done, dropped), progress notes.");
        api.MapDelete("/actions/{actionId:int}", async (int id, int actionId, Caller caller, ActionPlanService plan, CancellationToken ct) =>
            {
                await plan.RemoveAsync(caller.Actor, id, actionId, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Removes an action from the plan; its history stays in the audit trail.");
    }
}
