using Faro.People;
using Faro.Web.Account;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Faro.Web.Pages.Account;

/// The second step of sign-in for users with an authenticator app: the password step left a
/// short-lived two-factor cookie; a valid code turns it into the sign-in cookie.
public sealed class SignInTwoFactorModel(SignInManager<User> signIn, SignInThrottle throttle) : PageModel
{
    public string? Error { get; private set; }
    public string ReturnUrl { get; private set; } = "/";

    public async Task<IActionResult> OnGetAsync(string? returnUrl)
    {
        ReturnUrl = LocalUrls.Safe(returnUrl);
        return await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/SignIn") : Page();
    }

    public async Task<IActionResult> OnPostAsync(string? code, string? returnUrl)
    {
        ReturnUrl = LocalUrls.Safe(returnUrl);
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null || user.IsDisabled)
        {
            return RedirectToPage("/Account/SignIn");
        }

        if (!throttle.TryAttempt(HttpContext, user.Email))
        {
            Error = "signin.throttled";
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }

        var result = await signIn.TwoFactorAuthenticatorSignInAsync((code ?? "").Replace(" ", "", StringComparison.Ordinal), isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            return LocalRedirect(ReturnUrl);
        }

        Error = result.IsLockedOut ? "signin.locked" : "twofactor.failed";
        return Page();
    }
}
