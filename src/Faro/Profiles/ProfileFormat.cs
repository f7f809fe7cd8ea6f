namespace Faro.Profiles;

public enum ProfileFormat
{
    Html,
    Pdf,
    Docx,
    Json,
}

public static class ProfileFormats
{
    public static readonly IReadOnlyList<ProfileFormat> All = Enum.GetValues<ProfileFormat>();

    /// The portal's page shows the `<article>` of the HTML inside its own layout; it is frozen with
    /// the other formats under this code, but is not offered as a download.
    public const string ArticleCode = "html-article";

    public static string Code(this ProfileFormat format) => format.ToCode();

    public static string ContentType(this ProfileFormat format) => format switch
    {
        ProfileFormat.Html => "text/html; charset=utf-8",
        ProfileFormat.Pdf => "application/pdf",
        ProfileFormat.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ProfileFormat.Json => "application/json; charset=utf-8",
    };

    public static bool TryParse(string? code, out ProfileFormat format)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Code(), code, StringComparison.OrdinalIgnoreCase))
            {
                format = candidate;
                return true;
            }
        }

        format = default;
        return false;
    }

    public static byte[] Render(Profile profile, ProfileFormat format) => format switch
    {
        ProfileFormat.Html => HtmlProfileRenderer.Render(profile),
        ProfileFormat.Pdf => PdfProfileRenderer.Render(profile),
        ProfileFormat.Docx => DocxProfileRenderer.Render(profile),
        ProfileFormat.Json => JsonProfileRenderer.Render(profile),
    };

    /// Checks the format and language a caller asked for; the error names the parameter.
    public static (ProfileFormat Format, string Lang) Parse(string? format, string? lang, string formatField = "format", string langField = "lang")
    {
        var errors = new List<InputError>();
        if (!TryParse(format, out var parsed))
        {
            errors.Add(new InputError(formatField, "profile.bad_format", format));
        }

        if (!Languages.IsSupported(lang))
        {
            errors.Add(new InputError(langField, "profile.bad_lang", lang));
        }

        return errors.Count > 0 ? throw new InputRejectedException(errors[0].Code, errors) : (parsed, lang!);
    }
}
