using Faro.Notifications;
using Faro.People;

namespace Faro.Web.People;

/// Sends a one-time password link by e-mail when SMTP is configured (`Faro:Smtp:Host`); without it
/// the link is shown once to the coordinator instead, and "forgot password" is not offered.
public sealed class LinkMail(IServiceProvider services)
{
    private readonly IMailTransport? transport = services.GetService<IMailTransport>();

    public bool Enabled => transport is not null;

    /// The absolute address of the page that takes the secret (that page sends no Referer onwards).
    public static string Url(HttpRequest request, string secret)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Scheme}://{request.Host}/account/set-password?token={Uri.EscapeDataString(secret)}";
    }

    public async Task<bool> SendAsync(User user, string url, bool invite, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (transport is null || string.IsNullOrEmpty(user.Email))
        {
            return false;
        }

        var es = user.PreferredLanguage == Languages.Spanish;
        var subject = invite
            ? (es ? "Faro: su invitación" : "Faro: your invitation")
            : (es ? "Faro: restablecer su contraseña" : "Faro: reset your password");
        var body = invite
            ? (es ? $"Hola {user.DisplayName}:\n\nLe invitaron a Faro. Fije su contraseña con este enlace (sirve una sola vez, durante 7 días):\n\n{url}\n"
                : $"Hello {user.DisplayName},\n\nYou were invited to Faro. Set your password with this link (it works once, for 7 days):\n\n{url}\n")
            : (es ? $"Hola {user.DisplayName}:\n\nAlguien pidió restablecer su contraseña de Faro. Si fue usted, use este enlace (sirve una sola vez, durante una hora):\n\n{url}\n\nSi no fue usted, ignore este mensaje: su contraseña no cambia.\n"
                : $"Hello {user.DisplayName},\n\nSomeone asked to reset your Faro password. If it was you, use this link (it works once, for one hour):\n\n{url}\n\nIf it was not you, ignore this message: your password stays as it is.\n");
        await transport.SendAsync([new MailMessageData(user.Email, user.DisplayName, subject, body)], ct);
        return true;
    }
}
