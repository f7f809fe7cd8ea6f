using Faro.Assessments;
using Faro.Audit;
using Faro.Data;
using Faro.Notifications;
using Faro.People;
using Microsoft.EntityFrameworkCore;

namespace Faro.Learning;

public sealed record ExchangeRequestInput(int? PeerAssessmentId, string? IndicatorCode, string? Message);

public sealed record ExchangeAnswerInput(string? Note);

public sealed record ExchangeContact(string Side, string Name, string? Email, string? Institution);

/// One request as one side sees it: `direction` is "out" on the asking assessment, "in" on the peer's.
public sealed record ExchangeRequestView(int Id, string Direction, int FromAssessmentId, string FromJurisdiction, int ToAssessmentId,
    string ToJurisdiction, string? IndicatorCode, string Message, string Status, DateTime RequestedAt, string? RequestedBy,
    DateTime? AnsweredAt, string? AnswerNote, bool MayAnswer, bool MayWithdraw, IReadOnlyList<ExchangeContact> Contacts);

/// One page of an assessment's exchange requests, newest first.
public sealed record ExchangeRequestPage(IReadOnlyList<ExchangeRequestView> Items, int Page, int PageSize, int Total, bool HasNext);

/// Exchange requests between places (issue 12 item 3): a place with a gap asks a published peer
/// that answers `yes` on the same indicator about its practice. The request goes to the
/// coordinators of both countries; either side's coordinator (or an admin) accepts it, which shows
/// both sides the focal points' contacts, or declines it with a reason; the requester may withdraw
/// it while it is open. A request touches no assessment content, so it has its own transaction
/// (request row, audit line and notifications together) rather than the assessment write path.
public sealed class PeerExchangeService(FaroDb db, Access access, AuditLog audit, Notifier notifier, TimeProvider clock)
{
    public const int MaxText = 2000;
    public const int PageSize = 20;

    public async Task<ExchangeRequestView> RequestAsync(Actor actor, int assessmentId, ExchangeRequestInput input, string lang,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        if (!standing.IsTeam && !standing.IsFocalPoint)
        {
            throw RefusedException.Forbidden("exchange.forbidden");
        }

        var errors = new List<InputError>();
        void Bad(string field, string code, params object?[] args) => errors.Add(new InputError(field, code, args));
        var message = Clean("message", input.Message, Bad);
        if (message is null && !errors.Any(e => e.Location == "message"))
        {
            Bad("message", "exchange.message_required");
        }

        var self = await db.Assessments.AsNoTracking().Where(a => a.Id == assessmentId)
            .Select(a => new { a.JurisdictionId, a.CountryId, Name = a.Jurisdiction!.Name, a.Title }).FirstAsync(ct);
        var published = Access.PublicStages;
        var peer = input.PeerAssessmentId is not { } peerId ? null : await db.Assessments.AsNoTracking()
            .Where(a => a.Id == peerId && a.Level == AssessmentLevel.Local && published.Contains(a.Stage) && a.WithdrawnAt == null
                && a.Id != assessmentId && a.JurisdictionId != self.JurisdictionId)
            .Select(a => new { a.Id, a.CountryId, Name = a.Jurisdiction!.Name }).FirstOrDefaultAsync(ct);
        if (peer is null)
        {
            Bad("peerAssessmentId", "exchange.peer_unknown");
        }

        var code = input.IndicatorCode?.Trim();
        int? indicatorId = null;
        if (string.IsNullOrEmpty(code))
        {
            Bad("indicatorCode", "exchange.indicator_required");
        }
        else if (peer is not null)
        {
            indicatorId = await db.Answers.AsNoTracking()
                .Where(a => a.AssessmentId == peer.Id && a.Indicator!.Code == code && a.Status == AnswerStatus.Yes)
                .Select(a => (int?)a.IndicatorId).FirstOrDefaultAsync(ct);
            if (indicatorId is null)
            {
                Bad("indicatorCode", "exchange.not_a_practice", code);
            }
        }

        if (errors.Count > 0)
        {
            throw new InputRejectedException("exchange.invalid", errors);
        }

        if (await db.ExchangeRequests.AnyAsync(x => x.FromAssessmentId == assessmentId && x.ToAssessmentId == peer!.Id
                && x.IndicatorId == indicatorId && x.Status == ExchangeStatus.Requested, ct))
        {
            throw RefusedException.Conflict("exchange.already_open");
        }

        var row = new ExchangeRequest
        {
            FromAssessmentId = assessmentId,
            ToAssessmentId = peer!.Id,
            IndicatorId = indicatorId,
            Message = message!,
            Status = ExchangeStatus.Requested,
            RequestedById = actor.UserId,
            RequestedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var tx = await db.BeginWriteAsync(ct);
        db.ExchangeRequests.Add(row);
        await db.SaveChangesAsync(ct);
        audit.Record(actor, "exchange.requested", "exchange_request", row.Id, assessmentId, null, Snapshot(row), indicatorId);
        var coordinators = (await notifier.CoordinatorsAsync(self.CountryId, ct)).Concat(await notifier.CoordinatorsAsync(peer.CountryId, ct));
        notifier.Notify(coordinators, Notifier.ExchangeRequested, assessmentId,
            new NotificationData(Assessment: self.Title, To: peer.Name, Indicator: code, By: actor.Name), actor);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(actor, row, lang, ct, assessmentId);
    }

    public Task<ExchangeRequestView> AcceptAsync(Actor actor, int requestId, ExchangeAnswerInput input, string lang, CancellationToken ct = default) =>
        AnswerAsync(actor, requestId, input?.Note, accept: true, lang, ct);

    public Task<ExchangeRequestView> DeclineAsync(Actor actor, int requestId, ExchangeAnswerInput input, string lang, CancellationToken ct = default) =>
        AnswerAsync(actor, requestId, input?.Note, accept: false, lang, ct);

    public async Task<ExchangeRequestView> WithdrawAsync(Actor actor, int requestId, string lang, CancellationToken ct = default)
    {
        var (row, fromCountry, toCountry) = await FindAsync(actor, requestId, ct);
        if (row.RequestedById is null || row.RequestedById != actor.UserId)
        {
            throw RefusedException.Forbidden("exchange.not_requester");
        }

        RequireOpen(row);
        var before = Snapshot(row);
        await using var tx = await db.BeginWriteAsync(ct);
        row.Status = ExchangeStatus.Withdrawn;
        row.AnsweredAt = clock.GetUtcNow().UtcDateTime;
        row.AnsweredById = actor.UserId;
        audit.Record(actor, "exchange.withdrawn", "exchange_request", row.Id, row.FromAssessmentId, before, Snapshot(row), row.IndicatorId);
        await NotifyAsync(actor, row, fromCountry, toCountry, Notifier.ExchangeWithdrawn, null, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(actor, row, lang, ct);
    }

    /// The requests in and out of one assessment, newest first, a page of `PageSize` at a time, for
    /// its team and focal points.
    public async Task<ExchangeRequestPage> ListAsync(Actor actor, int assessmentId, string lang, int page = 1, CancellationToken ct = default)
    {
        page = Math.Clamp(page, 1, 100_000);
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        if (!standing.IsTeam && !standing.IsFocalPoint)
        {
            throw new RefusedException(new Phrase("refusal.exchange.forbidden.2"), RefusalKind.Forbidden, "exchange.forbidden");
        }

        var mine = db.ExchangeRequests.AsNoTracking().Where(x => x.FromAssessmentId == assessmentId || x.ToAssessmentId == assessmentId);
        var total = await mine.CountAsync(ct);
        var rows = await mine.OrderByDescending(x => x.Id).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var views = new List<ExchangeRequestView>(rows.Count);
        foreach (var row in rows)
        {
            views.Add(await ViewAsync(actor, row, lang, ct, assessmentId));
        }

        return new ExchangeRequestPage(views, page, PageSize, total, page * PageSize < total);
    }

    private async Task<ExchangeRequestView> AnswerAsync(Actor actor, int requestId, string? note, bool accept, string lang, CancellationToken ct)
    {
        var (row, fromCountry, toCountry) = await FindAsync(actor, requestId, ct);
        if (!MayAnswer(actor, fromCountry, toCountry))
        {
            throw RefusedException.Forbidden("exchange.not_coordinator");
        }

        var errors = new List<InputError>();
        void Bad(string field, string code, params object?[] args) => errors.Add(new InputError(field, code, args));
        var clean = Clean("note", note, Bad);
        if (!accept && clean is null && errors.Count == 0)
        {
            Bad("note", "exchange.reason_required");
        }

        if (errors.Count > 0)
        {
            throw new InputRejectedException("exchange.invalid", errors);
        }

        RequireOpen(row);
        var before = Snapshot(row);
        await using var tx = await db.BeginWriteAsync(ct);
        row.Status = accept ? ExchangeStatus.Accepted : ExchangeStatus.Declined;
        row.AnsweredAt = clock.GetUtcNow().UtcDateTime;
        row.AnsweredById = actor.UserId;
        row.AnswerNote = clean;
        audit.Record(actor, accept ? "exchange.accepted" : "exchange.declined", "exchange_request", row.Id, row.FromAssessmentId, before,
            Snapshot(row), row.IndicatorId);
        await NotifyAsync(actor, row, fromCountry, toCountry, accept ? Notifier.ExchangeAccepted : Notifier.ExchangeDeclined, clean, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(actor, row, lang, ct);
    }

    /// A request is seen by whoever may act on it or read it: the admin, the coordinators of both
    /// countries, and the team and focal points of either assessment. Anyone else gets not found.
    private async Task<(ExchangeRequest Row, int FromCountry, int ToCountry)> FindAsync(Actor actor, int requestId, CancellationToken ct)
    {
        actor.RequireUser();
        var row = await db.ExchangeRequests.FirstOrDefaultAsync(x => x.Id == requestId, ct) ?? throw RefusedException.NotFound("exchange_request");
        var countries = await db.Assessments.AsNoTracking().Where(a => a.Id == row.FromAssessmentId || a.Id == row.ToAssessmentId)
            .Select(a => new { a.Id, a.CountryId }).ToListAsync(ct);
        var from = countries.First(c => c.Id == row.FromAssessmentId).CountryId;
        var to = countries.First(c => c.Id == row.ToAssessmentId).CountryId;
        if (MayAnswer(actor, from, to) || await InScopeAsync(actor, row.FromAssessmentId, ct) || await InScopeAsync(actor, row.ToAssessmentId, ct))
        {
            return (row, from, to);
        }

        throw RefusedException.NotFound("exchange_request");
    }

    private async Task<bool> InScopeAsync(Actor actor, int assessmentId, CancellationToken ct)
    {
        try
        {
            var standing = await access.AssessmentAsync(actor, assessmentId, ct);
            return standing.IsTeam || standing.IsFocalPoint;
        }
        catch (RefusedException e) when (e.Kind == RefusalKind.NotFound)
        {
            return false;
        }
    }

    private static bool MayAnswer(Actor actor, int fromCountry, int toCountry) =>
        actor.IsAdmin || actor.Roles.Any(r => r.Role == Role.Coordinator && (r.CountryId == fromCountry || r.CountryId == toCountry));

    private static void RequireOpen(ExchangeRequest row)
    {
        if (row.Status != ExchangeStatus.Requested)
        {
            throw RefusedException.Conflict("exchange.not_open");
        }
    }

    private async Task NotifyAsync(Actor actor, ExchangeRequest row, int fromCountry, int toCountry, string kind, string? reason, CancellationToken ct)
    {
        var names = await db.Assessments.AsNoTracking().Where(a => a.Id == row.FromAssessmentId || a.Id == row.ToAssessmentId)
            .Select(a => new { a.Id, a.Title, Name = a.Jurisdiction!.Name }).ToListAsync(ct);
        var code = await db.Indicators.Where(i => i.Id == row.IndicatorId).Select(i => i.Code).FirstOrDefaultAsync(ct);
        var people = (await notifier.CoordinatorsAsync(fromCountry, ct)).Concat(await notifier.CoordinatorsAsync(toCountry, ct)).ToList();
        if (row.RequestedById is { } requester)
        {
            people.Add(requester);
        }

        notifier.Notify(people, kind, row.FromAssessmentId, new NotificationData(Assessment: names.First(n => n.Id == row.FromAssessmentId).Title,
            To: names.First(n => n.Id == row.ToAssessmentId).Name, Indicator: code, Reason: reason, By: actor.Name), actor);
    }

    private async Task<ExchangeRequestView> ViewAsync(Actor actor, ExchangeRequest row, string lang, CancellationToken ct, int? seenFrom = null)
    {
        var sides = await db.Assessments.AsNoTracking().Where(a => a.Id == row.FromAssessmentId || a.Id == row.ToAssessmentId)
            .Select(a => new { a.Id, a.CountryId, Name = a.Jurisdiction!.Name }).ToListAsync(ct);
        var from = sides.First(s => s.Id == row.FromAssessmentId);
        var to = sides.First(s => s.Id == row.ToAssessmentId);
        var code = await db.Indicators.Where(i => i.Id == row.IndicatorId).Select(i => i.Code).FirstOrDefaultAsync(ct);
        var requestedBy = await db.Users.Where(u => u.Id == row.RequestedById).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        var contacts = new List<ExchangeContact>();
        if (row.Status == ExchangeStatus.Accepted)
        {
            contacts.AddRange(await ContactsAsync("from", row.FromAssessmentId, code, lang, ct));
            contacts.AddRange(await ContactsAsync("to", row.ToAssessmentId, code, lang, ct));
        }

        var open = row.Status == ExchangeStatus.Requested;
        return new ExchangeRequestView(row.Id, seenFrom == row.ToAssessmentId ? "in" : "out", from.Id, from.Name, to.Id, to.Name, code, row.Message,
            row.Status.ToCode(), row.RequestedAt, requestedBy, row.AnsweredAt, row.AnswerNote,
            open && MayAnswer(actor, from.CountryId, to.CountryId), open && row.RequestedById is not null && row.RequestedById == actor.UserId, contacts);
    }

    /// The focal points of an assessment whose institution answers the indicator (all of its focal
    /// points when none is assigned it): the people the exchange puts in touch.
    private async Task<IReadOnlyList<ExchangeContact>> ContactsAsync(string side, int assessmentId, string? code, string lang, CancellationToken ct)
    {
        var assigned = await db.Assignments.AsNoTracking().Where(x => x.AssessmentId == assessmentId && x.Indicator!.Code == code)
            .Select(x => x.InstitutionId).ToListAsync(ct);
        var query = db.RoleAssignments.AsNoTracking().Where(r => r.Role == Role.FocalPoint && r.AssessmentId == assessmentId);
        if (assigned.Count > 0 && await query.AnyAsync(r => r.InstitutionId != null && assigned.Contains(r.InstitutionId.Value), ct))
        {
            query = query.Where(r => r.InstitutionId != null && assigned.Contains(r.InstitutionId.Value));
        }

        var rows = await query.Select(r => new
        {
            r.User!.DisplayName,
            r.User.Email,
            Institution = db.Institutions.Where(i => i.Id == r.InstitutionId).Select(i => i.Name).FirstOrDefault(),
        }).ToListAsync(ct);
        return rows.Select(r => new ExchangeContact(side, r.DisplayName, r.Email, r.Institution?.Resolve(lang)?.Text)).ToList();
    }

    private static string? Clean(string field, string? text, Action<string, string, object?[]> bad)
    {
        var t = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (t is { Length: > MaxText })
        {
            bad(field, "exchange.too_long", [field, MaxText]);
            return null;
        }

        if (t is not null && t.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            bad(field, "exchange.control_character", [field]);
            return null;
        }

        return t;
    }

    private static object Snapshot(ExchangeRequest r) =>
        new { r.FromAssessmentId, r.ToAssessmentId, r.IndicatorId, r.Message, Status = r.Status.ToString(), r.AnswerNote };
}
