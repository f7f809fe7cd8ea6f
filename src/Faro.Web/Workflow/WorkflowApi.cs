using Faro.Assessments;
using Faro.People;
using Faro.Web.Api;
using Faro.Workflow;

namespace Faro.Web.Workflow;

public sealed record TransitionRequest(string? To, string? Reason, int? Version);

public sealed record StageEventView(int Id, string? From, string To, string Kind, string? Reason, int? ById, string? ByName, DateTime At);

public sealed record ReviewPointRequest(string? IndicatorCode, string? FindingEn, string? FindingEs);

public sealed record ReplyRequest(string? Reply, string? Reason, string? ProposedChange);

public sealed record ResolveRequest(string? Resolution, string? Reason, ReviewChange? Change = null);

public static class WorkflowApi
{
    public static void MapWorkflowApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiV1("/assessments/{id:int}", "Workflow");

        api.MapGet("/transitions", async (int id, Caller caller, StageMachine stages, CancellationToken ct) =>
                TypedResults.Ok((await stages.HistoryAsync(caller.Actor, id, ct)).Select(e => new StageEventView(e.Id, e.From?.ToCode(), e.To.ToCode(),
                    e.Kind.ToCode(), e.Reason, e.ById, e.By?.DisplayName, e.At)).ToList()))
            .WithSummary("Every move of the assessment: who, when, why.");
        api.MapPost("/transitions", async (int id, TransitionRequest? body, Caller caller, Access access, StageMachine stages, AssessmentService assessments,
                CancellationToken ct) =>
            {
                // Who may see the assessment is settled before what is wrong with the body: an
                // anonymous caller gets 401 and an unknown assessment 404, never a 400 that tells more.
                await access.AssessmentAsync(caller.Actor, id, ct);
                if (!EnumCodes.TryParse<Stage>(body?.To, out var to))
                {
                    throw new InputRejectedException("transition.bad_stage", new InputError("to", "transition.bad_stage",
                        body?.To, string.Join(", ", EnumCodes.All<Stage>())));
                }

                await stages.MoveAsync(caller.Actor, id, to, body?.Reason, body?.Version, ct);
                return TypedResults.Ok(await assessments.GetAsync(caller.Actor, id, ct));
            })
            .WithSummary("Moves the assessment: 409 `assessment.gate_blocked` with `blockers`, 403 when the role may not make the move, 400 when a back-move has no reason.");

        api.MapGet("/review-points", async (int id, Caller caller, ReviewService review, CancellationToken ct) =>
                TypedResults.Ok(await review.ListAsync(caller.Actor, id, ct)))
            .WithSummary("Findings of the government review with replies and resolutions.");
        api.MapPost("/review-points", async (int id, ReviewPointRequest body, Caller caller, ReviewService review, CancellationToken ct) =>
                TypedResults.Created($"/api/v1/assessments/{id}/review-points",
                    await review.RaiseAsync(caller.Actor, id, body.IndicatorCode, body.FindingEn, body.FindingEs, ct)))
            .WithSummary("Puts a finding to the government (in government-review).");
        api.MapPost("/review-points/{pointId:int}/reply", async (int id, int pointId, ReplyRequest body, Caller caller, ReviewService review,
                CancellationToken ct) => TypedResults.Ok(await review.ReplyAsync(caller.Actor, id, pointId, body.Reply, body.Reason, body.ProposedChange, ct)))
            .WithSummary("A focal point's right of reply: agree, or disagree with a reason and a proposed change.");
        api.MapPost("/review-points/{pointId:int}/resolve", async (int id, int pointId, ResolveRequest body, Caller caller, ReviewService review,
                CancellationToken ct) => TypedResults.Ok(await review.ResolveAsync(caller.Actor, id, pointId, body.Resolution, body.Reason, body.Change, ct)))
            .WithSummary("A coordinator resolves a point: changed (carrying the answer's new status and narratives for a point on an indicator), or kept with a reason.");
    }
}
