using System.Text.Json;

namespace Faro.Notifications;

/// The words of notifications and their e-mails, in both languages. They live in the core (not in
/// the web host's strings) because the mailer renders them outside any web request.
public static class NotificationTexts
{
    private static readonly Dictionary<string, (string En, string Es)> Templates = new()
    {
        [Notifier.Assigned] = ("{assessment}: indicators were assigned to your institution ({indicator}).",
            "{assessment}: se asignaron indicadores a su institución ({indicator})."),
        [Notifier.StageChanged] = ("{assessment} moved from {from} to {to}.", "{assessment} pasó de {from} a {to}."),
        [Notifier.Returned] = ("{assessment} was returned from {from} to {to} for revision: {reason}",
            "{assessment} fue devuelta de {from} a {to} para revisión: {reason}"),
        [Notifier.ReviewRaised] = ("{assessment}: a finding was put to you for review ({indicator}): {finding}",
            "{assessment}: se le presentó un hallazgo para revisión ({indicator}): {finding}"),
        [Notifier.ReviewReplied] = ("{assessment}: {by} replied to the finding on {indicator}.",
            "{assessment}: {by} respondió al hallazgo sobre {indicator}."),
        [Notifier.ReviewResolved] = ("{assessment}: the finding on {indicator} was resolved ({reason}).",
            "{assessment}: el hallazgo sobre {indicator} fue resuelto ({reason})."),
        [Notifier.ExchangeRequested] = ("{assessment}: {by} asks {to} for an exchange on {indicator}.",
            "{assessment}: {by} solicita a {to} un intercambio sobre {indicator}."),
        [Notifier.ExchangeAccepted] = ("{assessment}: the exchange with {to} on {indicator} was accepted ({reason}); the focal points' contacts are on the exchanges page.",
            "{assessment}: se aceptó el intercambio con {to} sobre {indicator} ({reason}); los contactos de los puntos focales están en la página de intercambios."),
        [Notifier.ExchangeDeclined] = ("{assessment}: the exchange with {to} on {indicator} was declined: {reason}",
            "{assessment}: se declinó el intercambio con {to} sobre {indicator}: {reason}"),
        [Notifier.ActionOverdue] = ("{assessment}: the action on {indicator} was due on {to} and is still open: {finding}",
            "{assessment}: la acción sobre {indicator} vencía el {to} y sigue abierta: {finding}"),
        [Notifier.ExchangeWithdrawn] = ("{assessment}: the request for an exchange with {to} on {indicator} was withdrawn.",
            "{assessment}: se retiró la solicitud de intercambio con {to} sobre {indicator}."),
    };

    private static readonly Dictionary<string, (string En, string Es)> StageNames = new()
    {
        ["requested"] = ("Requested", "Solicitada"),
        ["induction"] = ("Induction", "Inducción"),
        ["data-collection"] = ("Data collection", "Recopilación de datos"),
        ["validation"] = ("Validation", "Validación"),
        ["drafting"] = ("Drafting", "Redacción"),
        ["government-review"] = ("Government review", "Revisión del gobierno"),
        ["approved"] = ("Approved", "Aprobada"),
        ["published"] = ("Published", "Publicada"),
        ["follow-up"] = ("Follow-up", "Seguimiento"),
    };

    public static (string Subject, string Body) Render(Notification notification, string lang)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var data = notification.Data is null ? new NotificationData() : JsonSerializer.Deserialize<NotificationData>(notification.Data, Audit.AuditLog.Json)!;
        var es = lang == Languages.Spanish;
        var (en, esText) = Templates.TryGetValue(notification.Kind, out var t) ? t : (notification.Kind, notification.Kind);
        var assessment = data.Assessment?.Resolve(lang)?.Text ?? (es ? "Evaluación" : "Assessment");
        var general = es ? "observación general" : "general finding";
        var body = (es ? esText : en)
            .Replace("{assessment}", assessment, StringComparison.Ordinal)
            .Replace("{from}", Stage(data.From, es), StringComparison.Ordinal)
            .Replace("{to}", Stage(data.To, es), StringComparison.Ordinal)
            .Replace("{reason}", data.Reason ?? "", StringComparison.Ordinal)
            .Replace("{indicator}", data.Indicator ?? general, StringComparison.Ordinal)
            .Replace("{finding}", data.Finding?.Resolve(lang)?.Text ?? "", StringComparison.Ordinal)
            .Replace("{by}", data.By ?? "", StringComparison.Ordinal);
        return ($"Faro: {assessment}", body);
    }

    private static string Stage(string? code, bool es) =>
        code is not null && StageNames.TryGetValue(code, out var name) ? (es ? name.Es : name.En) : code ?? "";
}
