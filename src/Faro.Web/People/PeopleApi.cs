using Faro.Data;
using Faro.People;
using Faro.Web.Api;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.People;

public sealed record TokenRequest(string? Name, DateTime? ExpiresAt);

public sealed record RoleView(string Role, string? Country, int? AssessmentId, int? InstitutionId);

public sealed record MeView(int Id, string Name, string? Email, string Language, IReadOnlyList<RoleView> Roles);

public sealed record InvitationRequest(string? Email, string? Name, string? Role, string? Scope, string? Language);

public sealed record RoleRequest(string? Role, string? Scope);

/// `Link` is the one-time set-password address when it was not e-mailed (no SMTP): shown only here.
public sealed record InvitationView(int UserId, bool IsNew, string? Link, bool Mailed);

public sealed record PasswordChangeRequest(string? Current, string? Password);

public sealed record LanguageRequest(string? Language);

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
            .WithSummary("Enables a disabled user again (admin, or a coordinator for people of their countries).");

        api.MapPost("/users/invitations", async (InvitationRequest body, Caller caller, UserService users, LinkMail mail, HttpRequest request,
                CancellationToken ct) =>
            {
                var (role, scope) = ParseRole(body.Role, body.Scope);
                var invitation = await users.InviteAsync(caller.Actor, body.Email ?? "", body.Name ?? "", role, scope, body.Language ?? Languages.Spanish, ct);
                return TypedResults.Created($"/api/v1/users/{invitation.User.Id}", await HandOverAsync(invitation.User, invitation.IsNew, invitation.Link, mail, request, ct));
            })
            .WithSummary("Invites a person with a role and scope (or adds the role to an existing user); a new user gets a one-time link to set a password.");
        api.MapPost("/users/{userId:int}/invitation-link", async (int userId, Caller caller, UserService users, LinkMail mail, HttpRequest request,
                FaroDb db, CancellationToken ct) =>
            {
                var link = await users.ReinviteAsync(caller.Actor, userId, ct);
                var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, ct);
                return TypedResults.Ok(await HandOverAsync(user, false, link, mail, request, ct));
            })
            .WithSummary("A new one-time link for an invited user who has not set a password yet; earlier links stop working.");
        api.MapPost("/users/{userId:int}/roles", async (int userId, RoleRequest body, Caller caller, UserService users, CancellationToken ct) =>
            {
                var (role, scope) = ParseRole(body.Role, body.Scope);
                await users.GrantAsync(caller.Actor, userId, role, scope, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Grants a role in a scope (admin; a coordinator: any role but admin, in their countries).");
        api.MapDelete("/users/{userId:int}/roles/{roleId:int}", async (int userId, int roleId, Caller caller, UserService users, CancellationToken ct) =>
            {
                await users.RevokeAsync(caller.Actor, userId, roleId, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Revokes one role (admin; a coordinator: roles of their countries).");
        api.MapPut("/me/password", async (PasswordChangeRequest body, Caller caller, UserService users, CancellationToken ct) =>
            {
                await users.ChangePasswordAsync(caller.Actor, body.Current, body.Password, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Changes the caller's password; the current one is required.");
        api.MapPut("/me/language", async (LanguageRequest body, Caller caller, UserService users, CancellationToken ct) =>
            {
                await users.SetLanguageAsync(caller.Actor, body.Language, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Sets the caller's language (en or es) for the UI and e-mails.");
    }

    private static (Role Role, ScopeSpec Scope) ParseRole(string? roleCode, string? scopeText)
    {
        if (!EnumCodes.TryParse<Role>(roleCode, out var role))
        {
            throw new InputRejectedException("user.bad_role", new InputError("role", "user.bad_role"));
        }

        if (!ScopeSpec.TryParse(scopeText, out var scope, out var error))
        {
            throw new InputRejectedException("user.bad_scope", new InputError("scope", "user.bad_scope", error!));
        }

        return (role, scope);
    }

    private static async Task<InvitationView> HandOverAsync(User user, bool isNew, string? link, LinkMail mail, HttpRequest request, CancellationToken ct)
    {
        if (link is null)
        {
            return new InvitationView(user.Id, isNew, null, false);
        }

        var url = LinkMail.Url(request, link);
        return await mail.SendAsync(user, url, invite: true, ct)
            ? new InvitationView(user.Id, isNew, null, true)
            : new InvitationView(user.Id, isNew, url, false);
    }
}
