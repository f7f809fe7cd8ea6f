using Faro.People;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Faro.Web.Pages.Account;

/// Where a one-time link lands (an invitation or a reset): the new password, twice. The secret comes
/// in the query and goes back in a hidden field; it is checked again, and used up, on the post.
public sealed class SetPasswordModel(UserService users, UiLanguage lang) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Confirm { get; set; }
    public string? Email { get; private set; }
    public bool Invalid { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // The page carries a secret: no Referer to anything it links to.
        Response.Headers["Referrer-Policy"] = "no-referrer";
        var user = await users.UserOfLinkAsync(Token, ct);
        Invalid = user is null;
        Email = user?.Email;
        if (Invalid)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Response.Headers["Referrer-Policy"] = "no-referrer";
        var user = await users.UserOfLinkAsync(Token, ct);
        if (user is null)
        {
            Invalid = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        Email = user.Email;
        if (!string.Equals(Password, Confirm, StringComparison.Ordinal))
        {
            ModelState.AddField("Confirm", lang, "password.confirm", "password.mismatch");
            return Page();
        }

        try
        {
            await users.SetPasswordWithLinkAsync(Token, Password, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        }
        catch (InputRejectedException e)
        {
            ModelState.AddInput(e, lang, new Dictionary<string, (string, string)> { ["password"] = ("Password", "password.new") });
            return Page();
        }
        catch (RefusedException)
        {
            Invalid = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        TempData["Saved"] = "password.set_done";
        return RedirectToPage("/Account/SignIn");
    }
}
