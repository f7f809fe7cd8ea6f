using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Faro.Data;
using Faro.People;
using Microsoft.EntityFrameworkCore;

namespace Faro.Audit;

public sealed record AuditView(long Id, DateTime At, int? UserId, string? Actor, string Action, string EntityType, string? EntityId,
    int? AssessmentId, string? IndicatorCode, JsonElement? Before, JsonElement? After, string? FromAddress);

/// Writes and reads the append-only audit trail. `Record` only adds the entry to the context: it is
/// saved by the caller's `SaveChanges`, in the same transaction as the change it describes, so a
/// change without its audit line (or the reverse) cannot be committed.
public sealed class AuditLog(FaroDb db, Access access, TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { EnumCodes.Json() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public AuditEntry Record(Actor actor, string action, string entityType, object? entityId, int? assessmentId,
        object? before = null, object? after = null, int? indicatorId = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            UserId = actor.UserId,
            Actor = actor.Name,
            Action = action,
            EntityType = entityType,
            EntityId = Convert.ToString(entityId, CultureInfo.InvariantCulture),
            AssessmentId = assessmentId,
            IndicatorId = indicatorId,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
            FromAddress = actor.Address,
        };
        db.Audit.Add(entry);
        return entry;
    }

    /// The trail of one assessment, or of one indicator of it, for the assessment team.
    public async Task<IReadOnlyList<AuditView>> ReadAsync(Actor actor, int assessmentId, string? indicatorCode = null, long? before = null,
        int take = 200, CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        standing.Require(Permission.ReadInternal);
        int? indicatorId = null;
        if (indicatorCode is not null)
        {
            indicatorId = await db.Indicators
                .Where(i => i.Code == indicatorCode && db.Assessments.Any(a => a.Id == assessmentId && a.CatalogueId == i.CatalogueId))
                .Select(i => (int?)i.Id).FirstOrDefaultAsync(ct) ?? throw RefusedException.NotFound("indicator");
        }

        return await ForAssessmentAsync(assessmentId, indicatorId, before, take, ct);
    }

    /// The trail of one assessment (optionally one indicator), newest first, in pages: `before` is
    /// the id of the last entry of the previous page.
    public async Task<IReadOnlyList<AuditView>> ForAssessmentAsync(int assessmentId, int? indicatorId = null, long? before = null,
        int take = 200, CancellationToken ct = default)
    {
        var query = db.Audit.AsNoTracking().Where(e => e.AssessmentId == assessmentId);
        if (indicatorId is { } iid)
        {
            query = query.Where(e => e.IndicatorId == iid);
        }

        if (before is { } b)
        {
            query = query.Where(e => e.Id < b);
        }

        var rows = await query.OrderByDescending(e => e.Id).Take(Math.Clamp(take, 1, 1000))
            .Select(e => new { Entry = e, Code = db.Indicators.Where(i => i.Id == e.IndicatorId).Select(i => i.Code).FirstOrDefault() })
            .ToListAsync(ct);
        return rows.Select(r => new AuditView(r.Entry.Id, r.Entry.At, r.Entry.UserId, r.Entry.Actor, r.Entry.Action, r.Entry.EntityType,
            r.Entry.EntityId, r.Entry.AssessmentId, r.Code, Parse(r.Entry.Before), Parse(r.Entry.After), r.Entry.FromAddress)).ToList();
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonSerializer.Deserialize<JsonElement>(json);
}
