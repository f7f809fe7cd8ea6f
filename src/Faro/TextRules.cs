namespace Faro;

/// The one rule for what a stored text may hold: no control characters other than tab, line feed
/// and carriage return. NUL breaks PostgreSQL (and a SQLite backup restored into it); the others
/// have no place in a title, a narrative or a name and can hide text from a reader.
public static class TextRules
{
    public static bool HasControlCharacter(string? text)
    {
        if (text is null)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
            {
                return true;
            }
        }

        return false;
    }

    /// A user's text quoted back in an error message, cut so that a pasted page cannot swamp it.
    public static string Quote(string text, int max = 60) => text.Length <= max ? text : text[..max] + "…";

    public static InputError ControlCharacterError(string location) => new(location, "text.control_character");
}
