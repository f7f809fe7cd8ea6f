namespace Faro;

/// One thing wrong with some input: where (sheet/row/cell, JSON path, form field), a stable code
/// that UIs and API clients can map, and the catalogue phrase that says it (by default
/// `refusal.<code>` with the given arguments), rendered by each host in its reader's language.
/// Trap: a single phrase argument binds to `Message`; pass the whole phrase yourself then.
public sealed record InputError(string Location, string Code, Phrase Message)
{
    public InputError(string location, string code, params object?[] args)
        : this(location, code, new Phrase("refusal." + code, args)) { }

    public string Describe(string lang) => $"{Location}: {Message[lang]}";
}

/// Raised when input is refused as a whole; nothing has been changed when it is thrown.
public sealed class InputRejectedException(string code, IReadOnlyList<InputError> errors)
    : Exception(errors.Count == 0 ? code : errors[0].Describe(Languages.English))
{
    public string Code { get; } = code;
    public IReadOnlyList<InputError> Errors { get; } = errors;

    public InputRejectedException(string code, InputError error) : this(code, [error]) { }

    public string Describe(string lang) => Errors.Count switch
    {
        0 => Code,
        1 => Errors[0].Describe(lang),
        _ => string.Join(Environment.NewLine, Errors.Select(e => e.Describe(lang))),
    };
}
