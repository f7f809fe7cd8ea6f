using Faro.Data;
using Faro.People;
using Faro.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.People;

/// A minimal admin page to disable and re-enable users; the rules are in `UserService`.
public sealed class UsersModel(FaroDb db, UserService users) : PageModel
{
    public sealed record Row(int Id, string DisplayName, string? Email, bool IsDisabled);

    public IReadOnlyList<Row> Users { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!(await HttpContext.ActorAsync()).IsAdmin)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        Users = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).Select(u => new Row(u.Id, u.DisplayName, u.Email, u.IsDisabled)).ToListAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostDisableAsync(int id, CancellationToken ct) => SetAsync(id, true, ct);

    public Task<IActionResult> OnPostEnableAsync(int id, CancellationToken ct) => SetAsync(id, false, ct);

    private async Task<IActionResult> SetAsync(int id, bool disabled, CancellationToken ct)
    {
        try
        {
            await users.SetDisabledAsync(await HttpContext.ActorAsync(), id, disabled, ct);
        }
        catch (RefusedException e)
        {
            return StatusCode(e.Kind == RefusalKind.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status403Forbidden);
        }

        return RedirectToPage();
    }
}
