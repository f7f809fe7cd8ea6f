using Faro.Data;
using Faro.People;
using Faro.Web.Api;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.People;

public sealed record TokenRequest(string? Name, DateTime? ExpiresAt);

public sealed record RoleView(string Role, string? Country, int? AssessmentId, int? InstitutionId);

public sealed record MeView(int Id, string Name, string? Email, string Language, IReadOnlyList<RoleView> Roles);

public static class PeopleApi
{
    public static void MapPeopleApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiV1("", "People");
        api.MapGet("/me", async (Caller caller, FaroDb db, CancellationToken ct) =>
            {
                var userId = caller.Actor.RequireUser();
                var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, ct);
                var countries = await db.Countries.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Iso2, ct);
                return TypedResults.Ok(new MeView(user.Id, user.DisplayName, user.Email, user.PreferredLanguage, caller.Actor.Roles
                    .Select(r => new RoleView(r.Role.ToCode(), r.CountryId is { } c ? countries.GetValueOrDefault(c) : null, r.AssessmentId, r.InstitutionId)).ToList()));
            })
            .WithSummary("The caller, with roles and scopes.");

        api.MapGet("/tokens", async (Caller caller, TokenService tokens, CancellationToken ct) => TypedResults.Ok(await tokens.ListAsync(caller.Actor, ct)))
            .WithSummary("The caller's personal access tokens (never the secrets).");
        api.MapPost("/tokens", async (TokenRequest body, Caller caller, TokenService tokens, CancellationToken ct) =>
                TypedResults.Created("/api/v1/tokens", await tokens.CreateAsync(caller.Actor, caller.Actor.RequireUser(), body.Name, body.ExpiresAt?.ToUniversalTime(), ct)))
            .WithSummary("Creates a token for the caller; the secret is in this answer only.");
        api.MapDelete("/tokens/{tokenId:int}", async (int tokenId, Caller caller, TokenService tokens, CancellationToken ct) =>
            {
                await tokens.RevokeAsync(caller.Actor, tokenId, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Revokes a token (one's own; an admin: anyone's).");

        api.MapPost("/users/{userId:int}/disable", async (int userId, Caller caller, UserService users, CancellationToken ct) =>
            {
                await users.SetDisabledAsync(caller.Actor, userId, true, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Disables a user (admin): their sessions and tokens stop working.");
        api.MapPost("/users/{userId:int}/enable", async (int userId, Caller caller, UserService users, CancellationToken ct) =>
            {
                await users.SetDisabledAsync(caller.Actor, userId, false, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Enables a disabled user again (admin).");
    }
}
