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
    }
}
