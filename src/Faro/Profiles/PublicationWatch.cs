using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Faro.Profiles;

/// Counts, in this process, the saves that change what the public portal shows (a new snapshot, a
/// stage move), so that a node's own publication reaches its output cache at once while other
/// nodes' changes arrive through the database stamp (see Faro.Web.Profiles.PublicationStamp).
/// Counted per database (its connection string): a process serves one database, but the test
/// suite runs many apps side by side in one process, and one app's publication must not empty
/// another's cache.
public static class PublicationWatch
{
    private static readonly ConcurrentDictionary<string, StrongBox<long>> Changes = new(StringComparer.Ordinal);

    public static long LocalChanges(DbContext db) => LocalChanges(Key(db));

    /// The same by the database's key (`Key`), for a caller that keeps it: building a context only
    /// to ask its connection string was most of the cost of a cached public page.
    public static long LocalChanges(string key) =>
        Changes.TryGetValue(key, out var box) ? Interlocked.Read(ref box.Value) : 0;

    public static string Key(DbContext db) => db.Database.GetConnectionString() ?? "";

    /// Both: a save outside a transaction is visible when saved; one inside (the stage machine's)
    /// only at commit, so the count moves again then.
    public static readonly IInterceptor[] Interceptors = [new Watcher(), new CommitWatcher()];

    private sealed class CommitWatcher : DbTransactionInterceptor
    {
        public override void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Note(eventData.Context);

        public override Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Note(eventData.Context);
            return Task.CompletedTask;
        }
    }

    private sealed class Watcher : SaveChangesInterceptor
    {
        public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
        {
            Note(eventData.Context);
            return result;
        }

        public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Note(eventData.Context);
            return ValueTask.FromResult(result);
        }

    }

    // After the save the entries are Unchanged; a snapshot or stage event tracked by this context
    // was written by it (they are insert-only; reads use no tracking). Counting a little too often
    // only costs one extra render.
    private static void Note(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        // Read what is tracked without detecting changes again (the save has just done it).
        var auto = context.ChangeTracker.AutoDetectChangesEnabled;
        context.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            if (context.ChangeTracker.Entries().Any(e => e.Entity is ProfileSnapshot or StageEvent))
            {
                Interlocked.Increment(ref Changes.GetOrAdd(Key(context), _ => new StrongBox<long>()).Value);
            }
        }
        finally
        {
            context.ChangeTracker.AutoDetectChangesEnabled = auto;
        }
    }
}
