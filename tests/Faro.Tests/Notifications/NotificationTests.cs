using System.Net;
using System.Net.Sockets;
using System.Text;
using Faro.Notifications;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Tests.Notifications;

public class NotificationTests
{
    [Theory, AllProviders]
    public async Task ReturnForRevision_IsEmailedInTheReadersLanguage_Once(string provider)
    {
        await using var smtp = TinySmtpServer.Start();
        await using var core = await CoreServices.StartAsync(provider, settings: new Dictionary<string, string?>
        {
            ["Faro:Smtp:Host"] = "127.0.0.1",
            ["Faro:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Faro:Smtp:Security"] = "None",
            ["Faro:Smtp:From"] = "faro@test.example",
        }, configure: (services, configuration) => NotificationMailer.AddMail(services, configuration));
        var world = await core.Run<IServiceProvider, WorkflowWorld>(s => TestData.WorkflowWorldAsync(s, Stage.Validation));
        await core.Db(db => db.Users.Where(u => u.Id == world.Users["focal-point-in"]).ExecuteUpdateAsync(s => s.SetProperty(u => u.PreferredLanguage, "es")));
        await core.Run<IServiceProvider>(async s => await s.GetRequiredService<StageMachine>()
            .MoveAsync(await TestData.ActorAsync(s, world, "coordinator-in"), world.AssessmentId, Stage.DataCollection, "Faltan fuentes en D4"));

        var sent = await core.Run<NotificationMailer, int>(m => m.SendPendingAsync());
        Assert.True(sent >= 2);
        Assert.Equal(0, await core.Run<NotificationMailer, int>(m => m.SendPendingAsync()));
        var spanish = Assert.Single(smtp.Messages, m => m.Contains("RCPT TO:<focal-point-in@test.example>", StringComparison.Ordinal));
        Assert.Contains("fue devuelta", spanish, StringComparison.Ordinal);
        var english = Assert.Single(smtp.Messages, m => m.Contains("RCPT TO:<researcher-in@test.example>", StringComparison.Ordinal));
        Assert.Contains("was returned from Validation to Data collection", english, StringComparison.Ordinal);
        Assert.DoesNotContain(smtp.Messages, m => m.Contains("coordinator-in@", StringComparison.Ordinal));
        Assert.Equal(0, await core.Db(db => db.Notifications.CountAsync(n => n.EmailedAt == null)));
    }

    [Theory, AllProviders]
    public async Task Inbox_ListsNotificationsInTheUsersLanguage_AndMarksThemRead(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync(Stage.Validation);
        var coordinator = await app.WithTokenOf(world.Users["coordinator-in"]);
        var moved = await coordinator.PostAsync($"/api/v1/assessments/{world.AssessmentId}/transitions",
            new StringContent("{\"to\":\"data-collection\",\"reason\":\"Sources missing in D4\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

        var browser = await app.SignedInAs(WorkflowWorld.Email("focal-point-in"), WorkflowWorld.Password);
        var page = await browser.GetStringAsync("/inbox");
        Assert.Contains("Alpha local assessment was returned from Validation to Data collection for revision: Sources missing in D4", page, StringComparison.Ordinal);
        Assert.Contains("class=\"unread\"", page, StringComparison.Ordinal);
        var read = await browser.PostForm("/inbox?handler=ReadAll", [], "/inbox");
        Assert.Equal(HttpStatusCode.Redirect, read.StatusCode);
        Assert.DoesNotContain("class=\"unread\"", await browser.GetStringAsync("/inbox"), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDb(db => db.Notifications.CountAsync(n => n.UserId == world.Users["focal-point-in"] && n.ReadAt == null)));
    }

    /// Just enough SMTP for MailKit to hand over messages; keeps each session's transcript.
    private sealed class TinySmtpServer : IAsyncDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource stop = new();
        private Task? loop;

        public List<string> Messages { get; } = [];

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        public static TinySmtpServer Start()
        {
            var server = new TinySmtpServer();
            server.listener.Start();
            server.loop = server.AcceptAsync();
            return server;
        }

        private async Task AcceptAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                using (client)
                {
                    await SessionAsync(client.GetStream());
                }
            }
        }

        private async Task SessionAsync(NetworkStream stream)
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 tiny ESMTP");
            var transcript = new StringBuilder();
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase))
                {
                    await writer.WriteLineAsync("250-tiny");
                    await writer.WriteLineAsync("250 8BITMIME");
                }
                else if (line.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase))
                {
                    transcript.Clear().AppendLine(line);
                    await writer.WriteLineAsync("250 OK");
                }
                else if (line.StartsWith("RCPT", StringComparison.OrdinalIgnoreCase))
                {
                    transcript.AppendLine(line);
                    await writer.WriteLineAsync("250 OK");
                }
                else if (line.Equals("DATA", StringComparison.OrdinalIgnoreCase))
                {
                    await writer.WriteLineAsync("354 go on");
                    while (await reader.ReadLineAsync() is { } data && data != ".")
                    {
                        transcript.AppendLine(data);
                    }

                    lock (Messages)
                    {
                        Messages.Add(DecodeQuotedPrintable(transcript.ToString()));
                    }

                    await writer.WriteLineAsync("250 queued");
                }
                else if (line.StartsWith("QUIT", StringComparison.OrdinalIgnoreCase))
                {
                    await writer.WriteLineAsync("221 bye");
                    return;
                }
                else
                {
                    await writer.WriteLineAsync("250 OK");
                }
            }
        }

        /// Bodies with accents arrive quoted-printable or base64: keep the envelope lines and the
        /// decoded text body.
        private static string DecodeQuotedPrintable(string transcript)
        {
            var lines = transcript.Split('\n');
            var envelope = lines.TakeWhile(l => l.StartsWith("MAIL", StringComparison.Ordinal) || l.StartsWith("RCPT", StringComparison.Ordinal)).ToList();
            var raw = string.Join('\n', lines.Skip(envelope.Count));
            using var message = MimeKit.MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(raw)));
            return string.Join('\n', envelope) + "\n" + message.Subject + "\n" + message.TextBody;
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            listener.Stop();
            if (loop is not null)
            {
                await loop;
            }

            stop.Dispose();
        }
    }
}
