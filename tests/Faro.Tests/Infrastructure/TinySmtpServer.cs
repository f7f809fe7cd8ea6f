using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Faro.Tests.Infrastructure;

/// Just enough SMTP for MailKit to hand over messages; keeps each session's transcript.
public sealed class TinySmtpServer : IAsyncDisposable
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
