using Faro.Data;
using Faro.People;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.People;

/// The signed-in user's own account: password (the current one required), language, and the way
/// to two-factor sign-in.
public sealed class SettingsModel(UserService users, CurrentUser me, UiLanguage lang, FaroDb db, UserManager<User> identity,
    SignInManager<User> signIn) : PageModel
{
    [BindProperty] public string? Current { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Confirm { get; set; }
    [BindProperty] public string? Language { get; set; }
    public string? Email { get; private set; }
    public bool TwoFactor { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!string.Equals(Password, Confirm, StringComparison.Ordinal))
        {
            ModelState.AddField("Confirm", lang, "password.confirm", "password.mismatch");
            return Page();
        }

        try
        {
            await users.ChangePasswordAsync(await me.ActorAsync(ct), Current, Password, ct);
        }
        catch (InputRejectedException e)
        {
            ModelState.AddInput(e, lang, new Dictionary<string, (string, string)>
            {
                ["current"] = ("Current", "password.current"),
                ["password"] = ("Password", "password.new"),
            });
            return Page();
        }

        // The security stamp changed: sign this session in again, other sessions end.
        if (await identity.FindByIdAsync(me.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } user)
        {
            await signIn.RefreshSignInAsync(user);
        }

        TempData["Saved"] = "password.changed";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostLanguageAsync(CancellationToken ct)
    {
        try
        {
            await users.SetLanguageAsync(await me.ActorAsync(ct), Language, ct);
        }
        catch (InputRejectedException e)
        {
            await LoadAsync(ct);
            ModelState.AddInput(e, lang, new Dictionary<string, (string, string)> { ["language"] = ("Language", "layout.language") });
            return Page();
        }

        Response.Cookies.Append(UiLanguage.Cookie, Language!, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = Request.IsHttps,
            MaxAge = TimeSpan.FromDays(365),
        });
        if (await identity.FindByIdAsync(me.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } user)
        {
            await signIn.RefreshSignInAsync(user);
        }

        TempData["Saved"] = "settings.language_saved";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == me.Id).Select(u => new { u.Email, u.PreferredLanguage, u.TwoFactorEnabled }).SingleAsync(ct);
        Email = user.Email;
        Language ??= user.PreferredLanguage;
        TwoFactor = user.TwoFactorEnabled;
    }
}
