using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Faro.Data;

/// A write transaction. On PostgreSQL it is a plain transaction. On SQLite it first takes this
/// process's turn at the database file, so that the writers of one process queue in memory
/// instead of inside SQLite.
///
/// Why: SQLite has one writer at a time. EF Core's transactions on SQLite are `BEGIN IMMEDIATE`,
/// and a second writer that finds the file locked waits in SQLite's busy handler, which sleeps
/// (1, 2, 5 … 100 ms steps) on a thread-pool thread. Under 50 concurrent editors that turned a
/// 2 ms save into 600 ms at p50 and 62 saves/s (docs/performance.md). A queue in the process
/// hands the file to the next writer the moment the last one commits, without sleeping or
/// blocking a thread. Writers of other processes (the CLI while the web host runs) still meet in
/// the busy handler, which is rare and correct.
public static class WriteTransaction
{
    // One turn per database file: tests and the CLI's backup/restore open several databases in
    // one process, each with its own writer.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Turns = new(StringComparer.Ordinal);

    /// Begins a write transaction on `db`; dispose it to end it (rolled back unless committed).
    public static async Task<IDbContextTransaction> BeginWriteAsync(this FaroDb db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!db.Database.IsSqlite())
        {
            return await db.Database.BeginTransactionAsync(ct);
        }

        var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        var turn = Turns.GetOrAdd(Path.GetFullPath(file), _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(ct);
        try
        {
            return new Turn(await db.Database.BeginTransactionAsync(ct), turn);
        }
        catch
        {
            turn.Release();
            throw;
        }
    }

    /// The transaction plus the file's turn, given back exactly once when the transaction ends.
    private sealed class Turn(IDbContextTransaction inner, SemaphoreSlim turn) : IDbContextTransaction
    {
        private int released;

        public Guid TransactionId => inner.TransactionId;

        public void Commit() => inner.Commit();

        public Task CommitAsync(CancellationToken cancellationToken = default) => inner.CommitAsync(cancellationToken);

        public void Rollback() => inner.Rollback();

        public Task RollbackAsync(CancellationToken cancellationToken = default) => inner.RollbackAsync(cancellationToken);

        public void Dispose()
        {
            try
            {
                inner.Dispose();
            }
            finally
            {
                Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await inner.DisposeAsync();
            }
            finally
            {
                Release();
            }
        }

        private void Release()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                turn.Release();
            }
        }
    }
}
