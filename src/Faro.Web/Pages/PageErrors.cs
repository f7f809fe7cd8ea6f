using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Faro.Web.Pages;

/// Turns the core's refusals into the form's error summary, in the reader's language: each input
/// error goes to its field (the service's location mapped to the form's field id) and is prefixed
/// with the field's label, so the summary names the place of the problem.
public static class PageErrors
{
    public static void AddInput(this ModelStateDictionary state, InputRejectedException e, UiLanguage t,
        IReadOnlyDictionary<string, (string Field, string LabelKey)> fields)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(t);
        foreach (var error in e.Errors)
        {
            // "evidence[2].section" is reported on the "evidence" field.
            var root = error.Location.Split('[', '.')[0];
            var message = error.Message[t.Current];
            if (fields.TryGetValue(root, out var field))
            {
                state.AddModelError(field.Field, $"{t[field.LabelKey]}: {message}");
            }
            else
            {
                state.AddModelError(string.Empty, message);
            }
        }
    }

    public static void AddRefusal(this ModelStateDictionary state, RefusedException e, UiLanguage t)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(t);
        state.AddModelError(string.Empty, e.Text[t.Current]);
    }

    /// A field's own check, before the service is called.
    public static void AddField(this ModelStateDictionary state, string field, UiLanguage t, string labelKey, string messageKey) =>
        state.AddModelError(field, $"{t[labelKey]}: {t[messageKey]}");

    private static readonly Dictionary<string, (string Field, string LabelKey)> NoFields = [];

    /// The one write step of the page models: write first, and only when the core refuses show the
    /// page again with the refusal in the form. The reads of the page happen in `reshow`, so a
    /// successful write, which redirects (post/redirect/get), reads nothing it would throw away.
    /// `write` answers the redirect, or null when it put a refusal of its own in ModelState (a stale
    /// answer, a blocked move). An out-of-scope refusal is a 404, as for the page itself.
    public static async Task<IActionResult> WriteOrReshowAsync(this PageModel page, UiLanguage t, Func<Task<IActionResult?>> write,
        Func<Task<IActionResult>> reshow, IReadOnlyDictionary<string, (string Field, string LabelKey)>? fields = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(reshow);
        try
        {
            return await page.TryWriteAsync(t, write, fields) ?? await reshow();
        }
        catch (RefusedException e) when (e.Kind == RefusalKind.NotFound)
        {
            return page.NotFound();
        }
    }

    /// A write whose refusal goes to the form: its result, or null with the refusal in ModelState
    /// (input errors on their fields, other refusals in the summary).
    public static async Task<T?> TryWriteAsync<T>(this PageModel page, UiLanguage t, Func<Task<T>> write,
        IReadOnlyDictionary<string, (string Field, string LabelKey)>? fields = null) where T : class?
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(write);
        try
        {
            return await write();
        }
        catch (InputRejectedException e)
        {
            page.ModelState.AddInput(e, t, fields ?? NoFields);
        }
        catch (RefusedException e) when (e.Kind != RefusalKind.NotFound)
        {
            page.ModelState.AddRefusal(e, t);
        }

        return null;
    }
}
