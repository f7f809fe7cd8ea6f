using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Faro;

/// The one text form of every enum value: the member name in kebab case (`DataCollection` →
/// `data-collection`, `NotApplicable` → `not-applicable`). The API's JSON, forms, the CLI, exports,
/// audit lines and text keys (`"answer." + status.ToCode()`) all use it, so a value reads the same
/// everywhere. The database stores the member name (EF Core's default), which is the only other
/// form; renaming a member is therefore a migration.
public static class EnumCodes
{
    public static readonly JsonNamingPolicy Policy = JsonNamingPolicy.KebabCaseLower;

    public static string ToCode<T>(this T value) where T : struct, Enum =>
        Table<T>.Codes.TryGetValue(value, out var code) ? code : throw new ArgumentOutOfRangeException(nameof(value), value, null);

    /// Parses a code, ignoring case and surrounding spaces; never a number, never a member name.
    public static bool TryParse<T>(string? code, out T value) where T : struct, Enum =>
        Table<T>.Values.TryGetValue((code ?? "").Trim(), out value);

    /// Every code of `T`, in declaration order (for error messages and choice lists).
    public static IReadOnlyList<string> All<T>() where T : struct, Enum => Table<T>.Ordered;

    /// The JSON converter for every enum: codes in and out, numbers refused.
    public static JsonConverter Json() => new JsonStringEnumConverter(Policy, allowIntegerValues: false);

    private static class Table<T> where T : struct, Enum
    {
        public static readonly IReadOnlyList<string> Ordered = Enum.GetValues<T>().Select(v => Policy.ConvertName(v.ToString())).ToList();
        public static readonly FrozenDictionary<T, string> Codes = Enum.GetValues<T>().ToFrozenDictionary(v => v, v => Policy.ConvertName(v.ToString()));
        public static readonly FrozenDictionary<string, T> Values =
            Enum.GetValues<T>().ToFrozenDictionary(v => Policy.ConvertName(v.ToString()), v => v, StringComparer.OrdinalIgnoreCase);
    }
}
