using Faro.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Faro.Web.Pages.Learning;

/// The learning pages call the core services, which check role and scope; a refusal becomes the
/// page's answer: sign in first, not found (existence not revealed), or forbidden.
public abstract class LearningPage : PageModel
{
    public string? Error { get; protected set; }

    protected async Task<IActionResult> GuardedAsync(Func<Faro.People.Actor, Task> work, string lang)
    {
        ArgumentNullException.ThrowIfNull(work);
        var actor = await HttpContext.ActorAsync();
        try
        {
            await work(actor);
            return Page();
        }
        catch (RefusedException) when (!actor.IsAuthenticated)
        {
            return Challenge();
        }
        catch (RefusedException e) when (e.Kind == RefusalKind.NotFound)
        {
            return NotFound();
        }
        catch (RefusedException e) when (e.Kind == RefusalKind.Forbidden)
        {
            return Forbid();
        }
        catch (RefusedException e)
        {
            Error = e.Text[lang];
            return Page();
        }
        catch (InputRejectedException e)
        {
            Error = e.Describe(lang);
            return Page();
        }
    }
}
