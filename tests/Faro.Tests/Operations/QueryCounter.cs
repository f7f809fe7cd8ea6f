using System.Diagnostics;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Faro.Tests.Operations;

/// Counts the SQL commands EF Core sends to one test's database, through EF's DiagnosticListener
/// (process-wide, so commands are attributed by the connection string, which names the test's own
/// data directory or PostgreSQL database; parallel tests do not disturb the count).
public sealed class QueryCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly string marker;
    private readonly IDisposable subscription;
    private readonly List<IDisposable> listeners = [];
    private readonly List<string> commands = [];

    public QueryCounter(TestDatabase database)
    {
        marker = database.Options.Database.ConnectionString is { } cs
            ? new Npgsql.NpgsqlConnectionStringBuilder(cs).Database!
            : database.Options.DataDirectory;
        subscription = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// The commands sent while `work` ran.
    public async Task<IReadOnlyList<string>> CountAsync(Func<Task> work)
    {
        lock (commands)
        {
            commands.Clear();
        }

        await work();
        lock (commands)
        {
            return [.. commands];
        }
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (listeners)
            {
                listeners.Add(value.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData data
            && data.Command.Connection?.ConnectionString is { } cs && cs.Contains(marker, StringComparison.Ordinal))
        {
            lock (commands)
            {
                commands.Add(data.Command.CommandText);
            }
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        subscription.Dispose();
        lock (listeners)
        {
            listeners.ForEach(l => l.Dispose());
        }
    }
}
