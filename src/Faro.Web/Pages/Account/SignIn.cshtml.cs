using Faro.People;
using Faro.Web.Account;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Account;

public sealed class SignInModel(SignInManager<User> signIn, UserManager<User> users, SignInThrottle throttle, IAuthenticationSchemeProvider schemes)
    : PageModel
{
    public string? Error { get; private set; }
    public string? Email { get; private set; }
    public string ReturnUrl { get; private set; } = "/";
    /// The display name of the organisation's identity provider, when OpenID Connect is on.
    public string? SingleSignOn { get; private set; }
    /// True on a fresh installation: nobody can sign in yet, so the page says how to create the
    /// first administrator with the CLI (there is deliberately no web form for that).
    public bool NoUsersYet { get; private set; }

    public async Task OnGetAsync(string? returnUrl, string? error)
    {
        ReturnUrl = LocalUrls.Safe(returnUrl);
        Error = error == "oidc" ? "signin.oidc_failed" : null;
        await FindSingleSignOnAsync();
    }

    public async Task<IActionResult> OnPostAsync(string? email, string? password, string? returnUrl)
    {
        ReturnUrl = LocalUrls.Safe(returnUrl);
        Email = email;
        await FindSingleSignOnAsync();
        if (!throttle.TryAttempt(HttpContext, email))
        {
            Error = "signin.throttled";
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }

        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email);
        if (user is null || user.IsDisabled || string.IsNullOrEmpty(password))
        {
            // The same answer, in the same time, for unknown and disabled accounts: without the
            // hash check an unknown e-mail answered in 3 ms and a known one in 100, an account list.
            users.PasswordHasher.VerifyHashedPassword(new User { DisplayName = "" }, TimingHash, password ?? "");
            Error = "signin.failed";
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(ReturnUrl);
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Account/SignInTwoFactor", new { returnUrl = ReturnUrl });
        }

        // A locked account answers like a wrong password: "locked" would tell that the e-mail has
        // an account. The message says that accounts lock after repeated failures.
        Error = "signin.failed";
        return Page();
    }

    /// A hash of a random password, made once, verified for unknown accounts to spend the time a
    /// real check takes.
    private static readonly string TimingHash = new PasswordHasher<User>().HashPassword(new User { DisplayName = "" },
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18)));

    private async Task FindSingleSignOnAsync()
    {
        SingleSignOn = (await schemes.GetSchemeAsync(OidcSignIn.Scheme))?.DisplayName;
        NoUsersYet = !await users.Users.AnyAsync(HttpContext.RequestAborted);
    }
}
