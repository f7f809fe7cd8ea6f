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
    }
}
