using System.Text.Json;
using Faro.Texts;
using Faro.Workflow;

namespace Faro.Notifications;

/// The words of notifications and their e-mails: the catalogue's `notification.<kind>` keys
/// (`Texts/notifications.*.json`). They are rendered when read or mailed, not when raised, so each
/// reader gets their own language, also outside any web request (the mailer).
public static class NotificationTexts
{
    public static (string Subject, string Body) Render(Notification notification, string lang)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var catalog = TextCatalog.Default;
        var data = notification.Data is null ? new NotificationData() : JsonSerializer.Deserialize<NotificationData>(notification.Data, Audit.AuditLog.Json)!;
        var assessment = data.Assessment?.Resolve(lang)?.Text ?? catalog.Get(lang, "notification.assessment");
        var args = new Dictionary<string, object?>
        {
            ["assessment"] = assessment,
            ["from"] = Stage(data.From),
            ["to"] = Stage(data.To),
            ["reason"] = data.Reason ?? "",
            ["indicator"] = data.Indicator is { } indicator ? indicator : new Phrase("notification.general"),
            ["finding"] = data.Finding,
            ["by"] = data.By ?? "",
        };
        var key = "notification." + notification.Kind;
        var body = catalog.Has(key) ? catalog.RenderNamed(lang, key, args) : notification.Kind;
        return (catalog.RenderNamed(lang, "notification.subject", args), body);
    }

    // "from" and "to" hold stage codes for stage moves, a due date for an overdue action.
    private static object? Stage(string? code) =>
        EnumCodes.TryParse<Stage>(code, out var stage) ? Phrase.Stage(stage) : code;
}
