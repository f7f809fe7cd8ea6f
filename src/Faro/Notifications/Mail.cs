using Faro.Data;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Faro.Notifications;

/// `Faro:Smtp:*`. E-mail is off unless `Host` is set.
public sealed class SmtpOptions
{
    public const string Section = "Faro:Smtp";

    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// `StartTls` (default), `SslOnConnect`, or `None` for a relay on a trusted network.
    public string Security { get; set; } = "StartTls";
    public string? User { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "faro@localhost";
    /// How often the dispatcher looks for notifications to send.
    public int IntervalSeconds { get; set; } = 30;
}

public sealed record MailMessageData(string To, string ToName, string Subject, string Body);

/// The boundary to the outside world's mail servers (a true external; tests put a tiny SMTP
/// server behind it, not a fake of this interface).
public interface IMailTransport
{
    Task SendAsync(IReadOnlyList<MailMessageData> messages, CancellationToken ct);
}

public sealed class SmtpMailTransport(IOptions<SmtpOptions> options) : IMailTransport
{
    public async Task SendAsync(IReadOnlyList<MailMessageData> messages, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var o = options.Value;
        using var client = new SmtpClient();
        var security = o.Security.ToLowerInvariant() switch
        {
            "none" => SecureSocketOptions.None,
            "sslonconnect" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(o.Host!, o.Port, security, ct);
        if (!string.IsNullOrEmpty(o.User))
        {
            await client.AuthenticateAsync(o.User, o.Password ?? "", ct);
        }

        foreach (var m in messages)
        {
            using var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse(o.From));
            message.To.Add(new MailboxAddress(m.ToName, m.To));
            message.Subject = m.Subject;
            message.Body = new TextPart("plain") { Text = m.Body };
            await client.SendAsync(message, ct);
        }

        await client.DisconnectAsync(quit: true, ct);
    }
}

/// Sends the e-mails of notifications not yet e-mailed, each in its reader's language. A
/// notification is marked `EmailedAt` only after the server accepted it; a failed batch is tried
/// again on the next round, so a mail server outage delays e-mails and loses none.
public sealed class NotificationMailer(FaroDb db, IMailTransport transport, TimeProvider clock)
{
    public async Task<int> SendPendingAsync(int batch = 50, CancellationToken ct = default)
    {
        var pending = await db.Notifications.Where(n => n.EmailedAt == null).OrderBy(n => n.Id).Take(batch)
            .Join(db.Users, n => n.UserId, u => u.Id, (n, u) => new { Notification = n, u.Email, u.DisplayName, u.PreferredLanguage, u.IsDisabled })
            .ToListAsync(ct);
        if (pending.Count == 0)
        {
            return 0;
        }

        var messages = pending.Where(p => !p.IsDisabled && !string.IsNullOrEmpty(p.Email)).Select(p =>
        {
            var (subject, body) = NotificationTexts.Render(p.Notification, p.PreferredLanguage);
            return new MailMessageData(p.Email!, p.DisplayName, subject, body);
        }).ToList();
        if (messages.Count > 0)
        {
            await transport.SendAsync(messages, ct);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var p in pending)
        {
            p.Notification.EmailedAt = now;
        }

        await db.SaveChangesAsync(ct);
        return pending.Count;
    }

    /// Registers e-mail when `Faro:Smtp:Host` is configured; returns whether it did.
    public static bool AddMail(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SmtpOptions.Section);
        if (string.IsNullOrWhiteSpace(section["Host"]))
        {
            return false;
        }

        services.Configure<SmtpOptions>(section);
        services.AddSingleton<IMailTransport, SmtpMailTransport>();
        services.AddScoped<NotificationMailer>();
        services.AddHostedService<MailDispatcher>();
        return true;
    }
}

/// Runs the mailer every `IntervalSeconds` in the web host.
public sealed class MailDispatcher(IServiceScopeFactory scopes, IOptions<SmtpOptions> options, ILogger<MailDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.IntervalSeconds)));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                while (await scope.ServiceProvider.GetRequiredService<NotificationMailer>().SendPendingAsync(ct: stoppingToken) > 0)
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Sending notification e-mails failed; will try again.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
