using Faro.Data;
using Faro.People;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Account;

/// Optional sign-in through the organisation's identity provider (OpenID Connect), on when
/// `Faro:Oidc:Authority` is set (with `ClientId`, `ClientSecret`, optional `DisplayName`). The
/// provider only proves an e-mail address: it is matched to an existing, enabled Faro user, whose
/// roles then apply. Nobody is created on the way in, so no one can become an admin this way.
public static class OidcSignIn
{
    public const string Scheme = "oidc";

    public static void AddOidc(this AuthenticationBuilder authentication, IConfiguration configuration)
    {
        var section = configuration.GetSection("Faro:Oidc");
        if (string.IsNullOrWhiteSpace(section["Authority"]))
        {
            return;
        }

        authentication.AddOpenIdConnect(Scheme, section["DisplayName"] ?? "Single sign-on", o =>
        {
            o.Authority = section["Authority"];
            o.ClientId = section["ClientId"];
            o.ClientSecret = section["ClientSecret"];
            o.ResponseType = "code";
            o.UsePkce = true;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("email");
            o.Scope.Add("profile");
            o.MapInboundClaims = false;
            o.GetClaimsFromUserInfoEndpoint = true;
            o.SignInScheme = IdentityConstants.ExternalScheme;
            o.CallbackPath = "/account/oidc/callback";
            o.RequireHttpsMetadata = section.GetValue("RequireHttpsMetadata", true);
        });
    }

    public static void MapOidc(this RouteGroupBuilder account)
    {
        account.MapGet("/sign-in-oidc", async (string? returnUrl, IAuthenticationSchemeProvider schemes) =>
            await schemes.GetSchemeAsync(Scheme) is null
                ? Results.NotFound()
                : Results.Challenge(new AuthenticationProperties { RedirectUri = "/account/oidc/complete?returnUrl=" + Uri.EscapeDataString(Local(returnUrl)) }, [Scheme]))
            .AllowAnonymous();

        account.MapGet("/oidc/complete", async (string? returnUrl, HttpContext context, FaroDb db, SignInManager<User> signIn) =>
        {
            var external = await context.AuthenticateAsync(IdentityConstants.ExternalScheme);
            await context.SignOutAsync(IdentityConstants.ExternalScheme);
            var principal = external.Principal;
            var email = principal?.FindFirst("email")?.Value ?? principal?.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value;
            var verified = principal?.FindFirst("email_verified")?.Value;
            if (!external.Succeeded || string.IsNullOrWhiteSpace(email) || string.Equals(verified, "false", StringComparison.OrdinalIgnoreCase))
            {
                return Results.LocalRedirect("/account/sign-in?error=oidc");
            }

            var normalized = email.Trim().ToUpperInvariant();
            var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized && !u.IsDisabled);
            if (user is null)
            {
                return Results.LocalRedirect("/account/sign-in?error=oidc");
            }

            await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: Scheme);
            return Results.LocalRedirect(Local(returnUrl));
        }).AllowAnonymous();
    }

    private static string Local(string? url) =>
        url is not null && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";
}
