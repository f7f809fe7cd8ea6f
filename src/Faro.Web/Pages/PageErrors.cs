using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

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
            var message = error.Message[t.Current] ?? error.Message.En ?? error.Code;
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
        state.AddModelError(string.Empty, e.Text[t.Current] ?? e.Text.En ?? e.Code);
    }

    /// A field's own check, before the service is called.
    public static void AddField(this ModelStateDictionary state, string field, UiLanguage t, string labelKey, string messageKey) =>
        state.AddModelError(field, $"{t[labelKey]}: {t[messageKey]}");
}
