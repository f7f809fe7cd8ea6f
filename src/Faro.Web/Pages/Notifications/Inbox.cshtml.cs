using Faro.Notifications;
using Faro.Web.Api;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Faro.Web.Pages.Notifications;

/// The in-app inbox: what happened to the user's assessments, in the user's language.
public sealed class InboxModel(Notifier notifier, UiLanguage lang) : PageModel
{
    public IReadOnlyList<NotificationView> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Items = await notifier.InboxAsync(await HttpContext.ActorAsync(), lang.Current, ct: ct);

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        await notifier.MarkReadAsync(await HttpContext.ActorAsync(), null, ct);
        return RedirectToPage();
    }
}
