using System.Security.Claims;
using Faro.People;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Faro.Web.Account;

public static class AccountEndpoints
{
    public static void MapAccount(this WebApplication app)
    {
        var group = app.MapGroup("/account").ExcludeFromDescription();
        group.MapPost("/sign-out", async (HttpContext context, IAntiforgery antiforgery, SignInManager<User> signIn) =>
        {
            // Checked here: with no form parameter to bind, the antiforgery middleware lets a
            // body-less cross-site POST through, and anyone could sign a user out.
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/sign-in");
        });

        // Works signed in (remembered on the user) and signed out (a cookie), with or without JS.
        // [FromForm] binding makes the antiforgery middleware validate the token.
        group.MapPost("/language", async ([FromForm] string lang, [FromForm] string? returnUrl, HttpContext context,
            UserManager<User> users, SignInManager<User> signIn) =>
        {
            returnUrl ??= "/";
            if (!Languages.IsSupported(lang))
            {
                return Results.BadRequest();
            }

            context.Response.Cookies.Append(UiLanguage.Cookie, lang, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = context.Request.IsHttps,
                MaxAge = TimeSpan.FromDays(365),
            });
            if (context.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(context.User) is { } user)
            {
                user.PreferredLanguage = lang;
                await users.UpdateAsync(user);
                await signIn.RefreshSignInAsync(user);
            }

            return Results.LocalRedirect(LocalUrls.Safe(returnUrl));
        }).AllowAnonymous();

        group.MapOidc();
    }

}

/// The one rule for where Faro redirects after sign-in or a language change: a path of this site
/// (not `//host` or `/\\host`), without control characters (which cannot go into a Location header).
public static class LocalUrls
{
    public static string Safe(string? url) =>
        url is { Length: > 0 and <= 2000 } && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal)
            && !url.StartsWith("/\\", StringComparison.Ordinal) && !url.Any(char.IsControl)
            ? url : "/";
}

/// Puts the user's language and display name into the sign-in cookie.
public sealed class FaroClaimsFactory(UserManager<User> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<User>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(FaroClaims.Language, user.PreferredLanguage));
        identity.AddClaim(new Claim("faro:name", user.DisplayName));
        return identity;
    }
}
