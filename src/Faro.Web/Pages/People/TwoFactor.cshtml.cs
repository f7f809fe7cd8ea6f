using Faro.Audit;
using Faro.Data;
using Faro.People;
using Faro.Web.Api;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Faro.Web.Pages.People;

/// Turns on two-factor sign-in with an authenticator app (TOTP). The key and the otpauth URI are
/// shown as text, to type or paste into the app: no QR image, so no script and no image library.
public sealed class TwoFactorModel(UserManager<User> users, SignInManager<User> signIn, AuditLog audit, FaroDb db) : PageModel
{
    public bool Enabled { get; private set; }
    public string? Key { get; private set; }
    public string? Uri { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() is null ? Challenge() : Page();

    public async Task<IActionResult> OnPostEnableAsync(string? code)
    {
        var user = await LoadAsync();
        if (user is null)
        {
            return Challenge();
        }

        var valid = await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider,
            (code ?? "").Replace(" ", "", StringComparison.Ordinal));
        if (!valid)
        {
            Error = "twofactor.failed";
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        await RecordAsync(user, enabled: true);
        await signIn.RefreshSignInAsync(user);
        return RedirectToPage();
    }

    /// Turning the second factor off weakens the account: it needs the password or a current code,
    /// so that a session left open (or stolen) is not enough.
    public async Task<IActionResult> OnPostDisableAsync(string? password, string? code)
    {
        var user = await LoadAsync();
        if (user is null)
        {
            return Challenge();
        }

        var proven = (!string.IsNullOrEmpty(password) && await users.CheckPasswordAsync(user, password))
            || (!string.IsNullOrWhiteSpace(code) && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider,
                code.Replace(" ", "", StringComparison.Ordinal)));
        if (!proven)
        {
            Error = "twofactor.disable_failed";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await RecordAsync(user, enabled: false);
        await signIn.RefreshSignInAsync(user);
        return RedirectToPage();
    }

    private async Task<User?> LoadAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return null;
        }

        Enabled = user.TwoFactorEnabled;
        if (!Enabled)
        {
            Key = await users.GetAuthenticatorKeyAsync(user);
            if (string.IsNullOrEmpty(Key))
            {
                await users.ResetAuthenticatorKeyAsync(user);
                Key = await users.GetAuthenticatorKeyAsync(user);
            }

            Uri = $"otpauth://totp/Faro:{System.Uri.EscapeDataString(user.Email ?? "")}?secret={Key}&issuer=Faro&digits=6";
        }

        return user;
    }

    private async Task RecordAsync(User user, bool enabled)
    {
        audit.Record(await HttpContext.ActorAsync(), enabled ? "user.two_factor_enabled" : "user.two_factor_disabled", "user", user.Id, null,
            new { twoFactor = !enabled }, new { twoFactor = enabled });
        await db.SaveChangesAsync();
    }
}
