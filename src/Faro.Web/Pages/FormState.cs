using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Faro.Web.Pages;

/// Accessibility attributes of a form field with a server-side error: `aria-invalid` and the id of
/// its message for `aria-describedby` (null, so Razor drops the attribute, when the field is fine).
public static class FormState
{
    public static bool HasError(this ModelStateDictionary state, string field) =>
        state.TryGetValue(field, out var entry) && entry.Errors.Count > 0;

    public static string? Invalid(this ModelStateDictionary state, string field) => state.HasError(field) ? "true" : null;

    public static string? DescribedBy(this ModelStateDictionary state, string field, string? hint = null)
    {
        var ids = new[] { hint, state.HasError(field) ? field + "-error" : null }.Where(x => x is not null);
        var joined = string.Join(' ', ids);
        return joined.Length == 0 ? null : joined;
    }

    public static string FieldClass(this ModelStateDictionary state, string field) => state.HasError(field) ? "field has-error" : "field";
}
