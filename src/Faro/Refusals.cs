namespace Faro;

/// Why a request is refused once the input itself is well formed. Hosts map each kind to one
/// answer (HTTP: 401, 404, 403, 409, 412, 428); the core never speaks HTTP.
public enum RefusalKind
{
    /// No signed-in user where one is needed.
    Unauthenticated,
    /// Outside the caller's scope, or absent: the two must look the same, so nothing leaks.
    NotFound,
    /// The caller sees the resource but may not do this to it.
    Forbidden,
    /// The resource is in a state that does not allow this (locked stage, gate, invalid move).
    Conflict,
    /// The caller's copy is older than the stored one.
    Stale,
    /// A write that must say which version it replaces did not say it.
    PreconditionRequired,
}

/// A refusal with a stable code that UIs and API clients map, and the catalogue phrase that says
/// it (by default `refusal.<code>` with the given arguments). It carries no finished sentence: each
/// host renders `Text` in its reader's language. Nothing has been changed when it is thrown.
/// The phrase comes first in the constructor that takes one, so that a single phrase meant as an
/// argument (a stage's name) cannot be taken for the whole message.
public class RefusedException(Phrase text, RefusalKind kind, string code)
    : Exception($"{code}: {text.En}")
{
    public RefusedException(RefusalKind kind, string code, params object?[] args)
        : this(new Phrase("refusal." + code, args), kind, code) { }

    public RefusalKind Kind { get; } = kind;
    public string Code { get; } = code;
    public Phrase Text { get; } = text;

    /// Extra members for the problem document (the blockers of a gate, the current answer).
    public virtual IReadOnlyDictionary<string, object?> Details(string lang) => new Dictionary<string, object?>();

    // One text for every "not found": saying which kind of thing was not found in scope is all
    // the caller may learn.
    public static RefusedException NotFound(string what) =>
        new(new Phrase("refusal.not_found"), RefusalKind.NotFound, what + ".not_found");

    public static RefusedException Forbidden(string code, params object?[] args) => new(RefusalKind.Forbidden, code, args);

    public static RefusedException Conflict(string code, params object?[] args) => new(RefusalKind.Conflict, code, args);

    public static RefusedException Unauthenticated() => new(RefusalKind.Unauthenticated, "auth.required");
}
