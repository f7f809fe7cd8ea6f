using System.Security.Claims;
using Faro.People;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Faro.Web;

public static class AccountEndpoints
{
    public static void MapAccount(this WebApplication app)
    {
        var group = app.MapGroup("/account").ExcludeFromDescription();
        group.MapPost("/sign-out", async (SignInManager<User> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/sign-in");
        });

        // Works signed in (remembered on the user) and signed out (a cookie), with or without JS.
        group.MapPost("/language", async (HttpContext context, UserManager<User> users, SignInManager<User> signIn) =>
        {
            var form = await context.Request.ReadFormAsync();
            var lang = form["lang"].ToString();
            var returnUrl = form["returnUrl"].ToString();
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

            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl : "/");
        }).AllowAnonymous();
    }

    private static bool IsLocal(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
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
