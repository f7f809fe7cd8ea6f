using Faro.Exchange;

namespace Faro.Web.Pages.Indicators;

/// How a revision was written, in words: the text key for a revision's `Source` (the answer form
/// needs no words; the others say where the change came from).
public static class RevisionSources
{
    public static string? Key(string? source) => source switch
    {
        null or "web" => null,
        "api" => "history.via_api",
        "demo" => "history.via_demo",
        ExchangeService.ImportSource => "history.via_import",
        _ when source.StartsWith("review:", StringComparison.Ordinal) => "history.via_review",
        _ when source.StartsWith("round:", StringComparison.Ordinal) => "history.via_round",
        _ when source.StartsWith("confirm:", StringComparison.Ordinal) => "history.via_confirm",
        _ => null,
    };
}
