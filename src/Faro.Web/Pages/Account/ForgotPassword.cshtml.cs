using Faro.People;
using Faro.Web.People;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Faro.Web.Pages.Account;

/// "Forgot password", only with SMTP. The answer is the same whether or not the address belongs to
/// someone, so the page cannot be used to find out who has an account.
public sealed class ForgotPasswordModel(UserService users, LinkMail mail, ILogger<ForgotPasswordModel> logger) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    public bool Available => mail.Enabled;
    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!mail.Enabled)
        {
            return Page();
        }

        if (await users.RequestResetAsync(Email?.Trim(), HttpContext.Connection.RemoteIpAddress?.ToString(), ct) is { } reset)
        {
            try
            {
                await mail.SendAsync(reset.User, LinkMail.Url(Request, reset.Link), invite: false, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Telling the visitor would reveal that the address exists; the operator reads the log.
                logger.LogError(e, "The password reset e-mail could not be sent.");
            }
        }

        Sent = true;
        return Page();
    }
}
