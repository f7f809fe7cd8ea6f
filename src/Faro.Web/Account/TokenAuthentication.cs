using System.Security.Claims;
using System.Text.Encodings.Web;
using Faro.People;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Faro.Web.Account;

/// `Authorization: Bearer faro_…` with a personal access token. The principal carries only the
/// user id (and name and language for messages); roles are read fresh on every request by
/// `Access`, so a revoked role or a disabled user takes effect at once.
public sealed class TokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    TokenService tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Token";

    /// Cookie for browsers, token for scripts: the request's Authorization header decides.
    public const string CookieOrToken = "CookieOrToken";

    public static bool HasBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!HasBearer(Request))
        {
            return AuthenticateResult.NoResult();
        }

        var token = Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        if (await tokens.OwnerAsync(token, Context.RequestAborted) is not { } user)
        {
            return AuthenticateResult.Fail("The token is unknown, expired or revoked, or its owner is disabled.");
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, user.UserName ?? ""),
            new Claim("faro:name", user.DisplayName),
            new Claim(Localization.FaroClaims.Language, user.PreferredLanguage),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
