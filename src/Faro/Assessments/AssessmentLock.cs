using Faro.Data;
using Microsoft.EntityFrameworkCore;

namespace Faro.Assessments;

/// The assessment's row lock, taken inside a write transaction (`FaroDb.BeginWriteAsync`) and held
/// to its end. It is how a write and a stage move never interleave: a save never lands in a stage
/// that a concurrent move has just entered, and a gate never passes on answers that a concurrent
/// save is changing.
///
/// Two strengths, because answer saves are the hot path and must not queue behind each other:
/// - **Exclusive**: stage moves and every write that changes the assessment itself or whose
///   check depends on other writers of the same assessment (context, workshops, review points).
/// - **Shared**: answer saves. Many saves of one assessment may hold it at once (each answer is
///   guarded by its own revision, a concurrency token); none may while a move holds the exclusive
///   lock, and a move waits for the saves in flight.
///
/// On SQLite both are the file's write lock, already held from `BEGIN IMMEDIATE` (and queued in
/// the process by `WriteTransaction`); the exclusive form still touches the row so that the
/// order of events is the same on both providers.
public static class AssessmentLock
{
    /// A no-op update: PostgreSQL takes the row's lock (FOR NO KEY UPDATE), SQLite its write lock.
    public static Task ExclusiveAsync(FaroDb db, int assessmentId, CancellationToken ct) =>
        db.Assessments.Where(a => a.Id == assessmentId).ExecuteUpdateAsync(u => u.SetProperty(a => a.UpdatedAt, a => a.UpdatedAt), ct);

    /// PostgreSQL `FOR SHARE`: conflicts with the exclusive form (and with any update of the row),
    /// not with itself.
    public static Task SharedAsync(FaroDb db, int assessmentId, CancellationToken ct) =>
        db.Database.IsNpgsql()
            ? db.Database.ExecuteSqlAsync($"""SELECT 1 FROM assessments WHERE "Id" = {assessmentId} FOR SHARE""", ct)
            : Task.CompletedTask;
}
