using System.Text.Json;
using Faro.Data;
using Faro.People;
using Microsoft.EntityFrameworkCore;

namespace Faro.Notifications;

/// What a notification says, before it is rendered in the reader's language.
public sealed record NotificationData(
    LocalizedText? Assessment = null,
    string? From = null,
    string? To = null,
    string? Reason = null,
    string? Indicator = null,
    LocalizedText? Finding = null,
    string? By = null);

public sealed record NotificationView(int Id, string Kind, string Text, int? AssessmentId, DateTime At, DateTime? ReadAt);

/// Writes in-app notifications (and so the e-mails that `NotificationMailer` sends from them). Like
/// the audit log, `Notify` only adds rows: they are committed with the change they announce.
public sealed class Notifier(FaroDb db, TimeProvider clock)
{
    public const string Assigned = "assignment.created";
    public const string StageChanged = "assessment.stage_changed";
    public const string Returned = "assessment.returned";
    public const string ReviewRaised = "review.raised";
    public const string ReviewReplied = "review.replied";
    public const string ReviewResolved = "review.resolved";
    public const string ExchangeRequested = "exchange.requested";
    public const string ExchangeAccepted = "exchange.accepted";
    public const string ExchangeDeclined = "exchange.declined";
    public const string ExchangeWithdrawn = "exchange.withdrawn";
    public const string ActionOverdue = "action.overdue";

    public void Notify(IEnumerable<int> userIds, string kind, int? assessmentId, NotificationData data, Actor? except = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var json = JsonSerializer.Serialize(data, Audit.AuditLog.Json);
        foreach (var userId in userIds.Distinct().Where(id => id != except?.UserId))
        {
            db.Notifications.Add(new Notification { UserId = userId, Kind = kind, AssessmentId = assessmentId, Data = json, At = now });
        }
    }

    /// Everyone with a role on the assessment, and the coordinators of its country.
    public async Task<List<int>> PeopleOfAsync(int assessmentId, int countryId, CancellationToken ct = default) =>
        await db.RoleAssignments.Where(r => r.AssessmentId == assessmentId || (r.Role == Role.Coordinator && r.CountryId == countryId))
            .Select(r => r.UserId).Distinct().ToListAsync(ct);

    public async Task<List<int>> CoordinatorsAsync(int countryId, CancellationToken ct = default) =>
        await db.RoleAssignments.Where(r => r.Role == Role.Coordinator && r.CountryId == countryId).Select(r => r.UserId).Distinct().ToListAsync(ct);

    /// The focal points of the given institutions in an assessment (all of them when null).
    public async Task<List<int>> FocalPointsAsync(int assessmentId, IReadOnlyCollection<int>? institutions, CancellationToken ct = default)
    {
        var query = db.RoleAssignments.Where(r => r.Role == Role.FocalPoint && r.AssessmentId == assessmentId);
        if (institutions is not null)
        {
            query = query.Where(r => r.InstitutionId != null && institutions.Contains(r.InstitutionId.Value));
        }

        return await query.Select(r => r.UserId).Distinct().ToListAsync(ct);
    }

    public async Task<IReadOnlyList<NotificationView>> InboxAsync(Actor actor, string lang, bool unreadOnly = false, int take = 100,
        CancellationToken ct = default)
    {
        var userId = actor.RequireUser();
        var query = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        if (unreadOnly)
        {
            query = query.Where(n => n.ReadAt == null);
        }

        var rows = await query.OrderByDescending(n => n.Id).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
        return rows.Select(n => new NotificationView(n.Id, n.Kind, NotificationTexts.Render(n, lang).Body, n.AssessmentId, n.At, n.ReadAt)).ToList();
    }

    /// Marks one notification (or, with null, all) of the actor as read. Another user's
    /// notification is not found.
    public async Task MarkReadAsync(Actor actor, int? notificationId, CancellationToken ct = default)
    {
        var userId = actor.RequireUser();
        var now = clock.GetUtcNow().UtcDateTime;
        if (notificationId is { } id)
        {
            var n = await db.Notifications.FirstOrDefaultAsync(x => x.Id == id && x.UserId == userId, ct)
                ?? throw RefusedException.NotFound("notification");
            n.ReadAt ??= now;
            await db.SaveChangesAsync(ct);
            return;
        }

        await db.Notifications.Where(x => x.UserId == userId && x.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ReadAt, now), ct);
    }
}
