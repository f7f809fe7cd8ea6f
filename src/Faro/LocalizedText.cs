using System.ComponentModel.DataAnnotations.Schema;

namespace Faro;

/// Languages Faro writes and reads. Every user-facing text exists in both; a missing one is shown
/// with a marker, never dropped silently.
public static class Languages
{
    public const string English = "en";
    public const string Spanish = "es";
    public static readonly IReadOnlyList<string> All = [English, Spanish];

    public static bool IsSupported(string? lang) => lang is English or Spanish;

    public static string Other(string lang) => lang == Spanish ? English : Spanish;
}

/// A text in English and Spanish, stored as two columns of its owner (an EF Core complex type).
[ComplexType]
public sealed class LocalizedText
{
    public string? En { get; set; }
    public string? Es { get; set; }

    public LocalizedText() { }

    public LocalizedText(string? en, string? es)
    {
        En = en;
        Es = es;
    }

    public string? this[string lang] => lang == Languages.Spanish ? Es : En;

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => string.IsNullOrWhiteSpace(En) && string.IsNullOrWhiteSpace(Es);

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsComplete => !string.IsNullOrWhiteSpace(En) && !string.IsNullOrWhiteSpace(Es);

    /// The text in the wanted language, or else in the other one with `IsFallback` set so that the
    /// caller can mark it.
    public (string Text, string Lang, bool IsFallback)? Resolve(string lang)
    {
        var wanted = this[lang];
        if (!string.IsNullOrWhiteSpace(wanted))
        {
            return (wanted, lang, false);
        }

        var other = Languages.Other(lang);
        var fallback = this[other];
        return string.IsNullOrWhiteSpace(fallback) ? null : (fallback, other, true);
    }

    public void Set(string lang, string? value)
    {
        if (lang == Languages.Spanish)
        {
            Es = value;
        }
        else
        {
            En = value;
        }
    }

    public LocalizedText Copy() => new(En, Es);

    public override string ToString() => En ?? Es ?? string.Empty;
}
