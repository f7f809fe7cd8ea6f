using System.Text.Encodings.Web;
using System.Text.Json;

namespace Faro.Profiles;

/// The assembled profile as JSON, for other tools (portals, SDG reporting, translation). Accents
/// are written as UTF-8 rather than \u escapes: the file is data, never embedded in a page.
public static class JsonProfileRenderer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { EnumCodes.Json() },
    };

    public static byte[] Render(Profile profile) => JsonSerializer.SerializeToUtf8Bytes(profile, Options);
}
