using Faro.Learning;
using Faro.Web.Api;

namespace Faro.Web.Learning;

public static class LearningApi
{
    public static void MapLearningApi(this IEndpointRouteBuilder app)
    {
        var practices = app.MapApiV1("/good-practices", "Learning");
        practices.MapGet("", async (string? q, string? domain, string? indicator, string? country, string? lang, int? page, Caller caller,
                GoodPracticeService library, CancellationToken ct) =>
                TypedResults.Ok(await library.SearchAsync(new PracticeQuery(q, domain, indicator, country, lang, page ?? 1), lang ?? caller.Lang, ct)))
            .WithSummary("The good-practice library: `yes` findings of published profiles, public evidence only. Full-text search ignoring accents and case, ranked by relevance; facets and pages of 20.");

        var challenges = app.MapApiV1("/challenges", "Learning");
        challenges.MapGet("", async (string? scope, Caller caller, ChallengeService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ForAsync(scope ?? "", caller.Lang, ct)))
            .WithSummary("Common challenges of a country (ISO alpha-2) or UN M49 region: the indicators most often no/partial across published assessments, with practices elsewhere. Descriptive, never a ranking of cities.");

        var assessment = app.MapApiV1("/assessments/{id:int}", "Learning");
        assessment.MapGet("/peers", async (int id, Caller caller, PeerService peers, CancellationToken ct) =>
                TypedResults.Ok(await peers.PeersAsync(caller.Actor, id, caller.Lang, ct)))
            .WithSummary("For each gap (no/partial), published places answering yes on that indicator, best first, with the score and the reasons (see docs/learning.md).");
        assessment.MapGet("/exchange-requests", async (int id, int? page, Caller caller, PeerExchangeService exchanges, CancellationToken ct) =>
                TypedResults.Ok(await exchanges.ListAsync(caller.Actor, id, caller.Lang, page ?? 1, ct)))
            .WithSummary("Exchange requests in and out of the assessment (team and focal points), newest first in pages of 20 (`page`, `total`, `hasNext`), with the focal points' contacts once accepted.");
        assessment.MapPost("/exchange-requests", async (int id, ExchangeRequestInput body, Caller caller, PeerExchangeService exchanges, CancellationToken ct) =>
            {
                var created = await exchanges.RequestAsync(caller.Actor, id, body, caller.Lang, ct);
                return TypedResults.Created($"/api/v1/assessments/{id}/exchange-requests", created);
            })
            .WithSummary("Asks a published peer about its practice on an indicator it answers yes (team and focal points); the coordinators of both countries are notified.");

        var requests = app.MapApiV1("/exchange-requests/{requestId:int}", "Learning");
        requests.MapPost("/accept", async (int requestId, ExchangeAnswerInput body, Caller caller, PeerExchangeService exchanges, CancellationToken ct) =>
                TypedResults.Ok(await exchanges.AcceptAsync(caller.Actor, requestId, body, caller.Lang, ct)))
            .WithSummary("Accepts an open request (a coordinator of either country, or an admin), with an optional note; both sides then see the focal points' contacts.");
        requests.MapPost("/decline", async (int requestId, ExchangeAnswerInput body, Caller caller, PeerExchangeService exchanges, CancellationToken ct) =>
                TypedResults.Ok(await exchanges.DeclineAsync(caller.Actor, requestId, body, caller.Lang, ct)))
            .WithSummary("Declines an open request with a reason (a coordinator of either country, or an admin).");
        requests.MapPost("/withdraw", async (int requestId, Caller caller, PeerExchangeService exchanges, CancellationToken ct) =>
                TypedResults.Ok(await exchanges.WithdrawAsync(caller.Actor, requestId, caller.Lang, ct)))
            .WithSummary("Withdraws an open request (its requester).");
    }
}
