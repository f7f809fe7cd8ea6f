using Faro.Data;
using Faro.People;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Assessments;

/// The one guarded write path for everything that changes an assessment: open a transaction, take
/// the assessment's row lock, re-read the stage under it, check that this kind of change is allowed
/// in that stage, run the write (which records its audit line), save and commit.
///
/// Why: a stage read before the lock is stale by the time of the write. Without the lock a context
/// edit could commit just after the move from drafting to government review, or a reply just after
/// the move to approved. Stage moves take the same lock (StageMachine.MoveAsync), so a write and a
/// move are serialised: the write either lands before the move or sees the new stage and is refused.
/// Answer saves take the lock shared (`AssessmentLock`), so they do not queue behind each other.
/// A withdrawn assessment is refused here for every writer, whatever its stage: it is kept as it
/// was (withdrawal never applies to a published one, so no writer needs to change one).
public sealed class AssessmentWriter(FaroDb db, Access access)
{
    /// Runs `write` under the lock. `edit` is checked against the stage read under the lock; pass
    /// null when the kind of change depends on what the write finds (the write then calls
    /// `StageMachine.RequireEditable(standing.Stage, ...)` itself, with the fresh stage).
    /// `standing` is checked for scope before the transaction, so out-of-scope callers never lock.
    public async Task<T> WriteAsync<T>(Actor actor, int assessmentId, Edit? edit, Func<AssessmentAccess, Task<T>> write,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        return await WriteAsync(standing, edit, write, ct);
    }

    /// The same, for a caller that has already checked its standing (and its permission) on the
    /// assessment before doing expensive work such as validating a large file.
    public Task<T> WriteAsync<T>(AssessmentAccess standing, Edit? edit, Func<AssessmentAccess, Task<T>> write,
        CancellationToken ct = default) => WriteAsync(standing, edit, shared: false, write, ct);

    /// `shared`: take the assessment's lock shared, for writes to parts that carry their own
    /// concurrency token (answers); see `AssessmentLock`.
    public async Task<T> WriteAsync<T>(AssessmentAccess standing, Edit? edit, bool shared, Func<AssessmentAccess, Task<T>> write,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(standing);
        ArgumentNullException.ThrowIfNull(write);
        // A caller already inside a transaction (the stage machine's publication hook) keeps it.
        var own = db.Database.CurrentTransaction is null ? await db.BeginWriteAsync(ct) : null;
        try
        {
            await (shared ? AssessmentLock.SharedAsync(db, standing.AssessmentId, ct) : AssessmentLock.ExclusiveAsync(db, standing.AssessmentId, ct));
            var row = await db.Assessments.Where(a => a.Id == standing.AssessmentId).Select(a => new { a.Stage, a.WithdrawnAt }).FirstAsync(ct);
            var stage = row.Stage;
            var fresh = standing with { Stage = stage };
            if (row.WithdrawnAt is not null)
            {
                throw RefusedException.Conflict("assessment.withdrawn");
            }

            if (edit is { } kind)
            {
                StageMachine.RequireEditable(stage, kind);
            }

            var result = await write(fresh);
            await db.SaveChangesAsync(ct);
            if (own is not null)
            {
                await own.CommitAsync(ct);
            }

            return result;
        }
        catch when (own is not null)
        {
            // Rolled back: what the write tracked must not be saved later by another call in this scope.
            db.ChangeTracker.Clear();
            throw;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    public Task WriteAsync(Actor actor, int assessmentId, Edit? edit, Func<AssessmentAccess, Task> write, CancellationToken ct = default) =>
        WriteAsync<bool>(actor, assessmentId, edit, async s =>
        {
            await write(s);
            return true;
        }, ct);

    public Task WriteAsync(AssessmentAccess standing, Edit? edit, Func<AssessmentAccess, Task> write, CancellationToken ct = default) =>
        WriteAsync<bool>(standing, edit, async s =>
        {
            await write(s);
            return true;
        }, ct);
}
