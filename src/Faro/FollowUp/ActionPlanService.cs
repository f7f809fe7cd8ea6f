using System.Globalization;
using System.Text;
using Faro.Assessments;
using Faro.Audit;
using Faro.Data;
using Faro.Notifications;
using Faro.People;
using Microsoft.EntityFrameworkCore;

namespace Faro.FollowUp;

public sealed record ActionInput(string? IndicatorCode, string? TextEn, string? TextEs, int? OwnerInstitutionId, DateOnly? DueOn,
    string? Status, string? ProgressNotes);

public sealed record ActionView(int Id, string? IndicatorCode, LocalizedText Action, int? OwnerInstitutionId, LocalizedText? Owner,
    DateOnly? DueOn, string Status, bool IsOverdue, string ProgressNotes, DateTime UpdatedAt);

/// The follow-up action plan: actions tied to gap indicators, written by the assessment's team once
/// the profile is published (stages published and follow-up), through the guarded write path, each
/// change audited. Removing keeps the row (and its history) out of the plan.
public sealed class ActionPlanService(FaroDb db, Access access, AssessmentWriter writer, AuditLog audit, Profiles.ProfilePublisher publisher, TimeProvider clock)
{
    public const int MaxText = 2000;

    public async Task<IReadOnlyList<ActionView>> ListAsync(Actor actor, int assessmentId, CancellationToken ct = default)
    {
        await access.AssessmentAsync(actor, assessmentId, ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var rows = await db.Actions.AsNoTracking().Where(a => a.AssessmentId == assessmentId && a.RemovedAt == null).OrderBy(a => a.DueOn).ThenBy(a => a.Id)
            .Select(a => new
            {
                a,
                Code = db.Indicators.Where(i => i.Id == a.IndicatorId).Select(i => i.Code).FirstOrDefault(),
                Owner = db.Institutions.Where(i => i.Id == a.OwnerInstitutionId).Select(i => i.Name).FirstOrDefault(),
            }).ToListAsync(ct);
        return rows.Select(r => new ActionView(r.a.Id, r.Code, r.a.Action, r.a.OwnerInstitutionId, r.Owner, r.a.DueOn, r.a.Status.ToCode(),
            r.a.DueOn < today && r.a.Status is ActionStatus.Planned or ActionStatus.InProgress, r.a.ProgressNotes, r.a.UpdatedAt)).ToList();
    }

    /// Gap indicators (`no`/`partial`) that no action covers yet: the proposals of the plan.
    public async Task<IReadOnlyList<string>> ProposalsAsync(Actor actor, int assessmentId, CancellationToken ct = default)
    {
        await access.AssessmentAsync(actor, assessmentId, ct);
        var covered = db.Actions.Where(a => a.AssessmentId == assessmentId && a.RemovedAt == null).Select(a => a.IndicatorId);
        return await db.Answers.AsNoTracking()
            .Where(a => a.AssessmentId == assessmentId && (a.Status == AnswerStatus.No || a.Status == AnswerStatus.Partial) && !covered.Contains(a.IndicatorId))
            .Select(a => a.Indicator!.Code).OrderBy(c => c).ToListAsync(ct);
    }

    public Task<ActionView> CreateAsync(Actor actor, int assessmentId, ActionInput input, CancellationToken ct = default) =>
        writer.WriteAsync(actor, assessmentId, null, async standing =>
        {
            Require(standing);
            var now = clock.GetUtcNow().UtcDateTime;
            var item = new ActionItem { AssessmentId = assessmentId, CreatedAt = now, UpdatedAt = now, CreatedById = actor.UserId };
            await ApplyAsync(item, input, standing, requireIndicator: true, ct);
            db.Actions.Add(item);
            await db.SaveChangesAsync(ct);
            audit.Record(actor, "action.created", "action", item.Id, assessmentId, null, Snapshot(item), item.IndicatorId);
            await RefreshAnnexAsync(assessmentId, ct);
            return View(item, input.IndicatorCode);
        }, ct);

    public Task<ActionView> UpdateAsync(Actor actor, int assessmentId, int actionId, ActionInput input, CancellationToken ct = default) =>
        writer.WriteAsync(actor, assessmentId, null, async standing =>
        {
            Require(standing);
            var item = await db.Actions.FirstOrDefaultAsync(a => a.Id == actionId && a.AssessmentId == assessmentId && a.RemovedAt == null, ct)
                ?? throw RefusedException.NotFound("action");
            var before = Snapshot(item);
            await ApplyAsync(item, input, standing, requireIndicator: false, ct);
            item.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            audit.Record(actor, "action.updated", "action", item.Id, assessmentId, before, Snapshot(item), item.IndicatorId);
            await RefreshAnnexAsync(assessmentId, ct);
            var code = await db.Indicators.Where(i => i.Id == item.IndicatorId).Select(i => i.Code).FirstOrDefaultAsync(ct);
            return View(item, code);
        }, ct);

    public Task<bool> RemoveAsync(Actor actor, int assessmentId, int actionId, CancellationToken ct = default) =>
        writer.WriteAsync(actor, assessmentId, null, async standing =>
        {
            Require(standing);
            var item = await db.Actions.FirstOrDefaultAsync(a => a.Id == actionId && a.AssessmentId == assessmentId && a.RemovedAt == null, ct)
                ?? throw RefusedException.NotFound("action");
            item.RemovedAt = item.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            audit.Record(actor, "action.removed", "action", item.Id, assessmentId, Snapshot(item), null, item.IndicatorId);
            await RefreshAnnexAsync(assessmentId, ct);
            return true;
        }, ct);

    /// The published profile of an assessment in follow-up carries its action plan in the annex, so
    /// a change to the plan freezes the profile again, in the transaction of the change: the public
    /// page and downloads show the plan as it now is, or the change does not happen.
    private async Task RefreshAnnexAsync(int assessmentId, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        if (await db.Assessments.AnyAsync(a => a.Id == assessmentId && a.Stage == Workflow.Stage.FollowUp, ct))
        {
            await publisher.FreezeAsync(assessmentId, actor: "action-plan", ct);
        }
    }

    /// Tells the coordinators of the country about each open action past its due date, once per
    /// action and due date: a notification already sent since the action was last changed is not
    /// repeated (an edit that moves the date, and passes it again, notifies again). Returns how many
    /// actions were announced. Run by the web host's sweep; the notifications are its only writes.
    public async Task<int> NotifyOverdueAsync(Notifier notifier, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var open = new[] { ActionStatus.Planned, ActionStatus.InProgress };
        var overdue = await db.Actions.AsNoTracking()
            .Where(a => a.RemovedAt == null && a.DueOn != null && a.DueOn < today && open.Contains(a.Status))
            .Select(a => new
            {
                a.Id,
                a.AssessmentId,
                a.Action,
                a.DueOn,
                a.UpdatedAt,
                Code = db.Indicators.Where(i => i.Id == a.IndicatorId).Select(i => i.Code).FirstOrDefault(),
                Title = db.Assessments.Where(x => x.Id == a.AssessmentId).Select(x => x.Title).FirstOrDefault(),
                CountryId = db.Assessments.Where(x => x.Id == a.AssessmentId).Select(x => x.CountryId).FirstOrDefault(),
            }).ToListAsync(ct);
        var count = 0;
        foreach (var a in overdue)
        {
            var due = a.DueOn!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            // The action's id and due date are in the notification's data (as "reason"), which is
            // how a sent one is recognised.
            var key = $"\"reason\":\"action {a.Id} due {due}\"";
            if (await db.Notifications.AnyAsync(n => n.Kind == Notifier.ActionOverdue && n.AssessmentId == a.AssessmentId && n.At >= a.UpdatedAt
                    && n.Data != null && n.Data.Contains(key), ct))
            {
                continue;
            }

            notifier.Notify(await notifier.CoordinatorsAsync(a.CountryId, ct), Notifier.ActionOverdue, a.AssessmentId,
                new NotificationData(Assessment: a.Title, To: due, Reason: $"action {a.Id} due {due}", Indicator: a.Code, Finding: a.Action));
            count++;
        }

        await db.SaveChangesAsync(ct);
        return count;
    }

    /// The plan as CSV (UTF-8, RFC 4180 quoting), headers in the reader's language.
    public async Task<byte[]> CsvAsync(Actor actor, int assessmentId, string lang, CancellationToken ct = default)
    {
        var rows = await ListAsync(actor, assessmentId, ct);
        var es = lang == Languages.Spanish;
        var sb = new StringBuilder();
        sb.AppendLine(es ? "indicador,accion,institucion_responsable,fecha_limite,estado,vencida,notas_de_avance"
            : "indicator,action,owner_institution,due_on,status,overdue,progress_notes");
        foreach (var r in rows)
        {
            sb.AppendLine(string.Join(',', new[]
            {
                r.IndicatorCode, r.Action.Resolve(lang)?.Text, r.Owner?.Resolve(lang)?.Text, r.DueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                r.Status, r.IsOverdue ? (es ? "sí" : "yes") : "no", r.ProgressNotes,
            }.Select(Quote)));
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static string Quote(string? value)
    {
        var v = value ?? "";
        // A leading =, +, - or @ would run as a formula in a spreadsheet.
        if (v.Length > 0 && "=+-@".Contains(v[0], StringComparison.Ordinal))
        {
            v = "'" + v;
        }

        return v.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }

    private static void Require(AssessmentAccess standing)
    {
        standing.Require(Permission.WriteContent);
        if (!Access.IsPublicStage(standing.Stage))
        {
            throw RefusedException.Conflict("action.not_follow_up");
        }
    }

    private async Task ApplyAsync(ActionItem item, ActionInput input, AssessmentAccess standing, bool requireIndicator, CancellationToken ct)
    {
        var errors = new List<InputError>();
        void Bad(string field, string code, params object?[] args) => errors.Add(new InputError(field, code, args));
        string? Clean(string field, string? text)
        {
            var t = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
            if (t is { Length: > MaxText })
            {
                Bad(field, "action.too_long", field, MaxText);
            }
            else if (t is not null && t.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            {
                Bad(field, "action.control_character", field);
            }

            return t;
        }

        var en = Clean("textEn", input.TextEn);
        var es = Clean("textEs", input.TextEs);
        var notes = Clean("progressNotes", input.ProgressNotes);
        if (en is null && es is null)
        {
            Bad("textEs", "action.text_required");
        }

        int? indicatorId = item.IndicatorId;
        if (!string.IsNullOrWhiteSpace(input.IndicatorCode) || requireIndicator)
        {
            var catalogueId = await db.Assessments.Where(a => a.Id == standing.AssessmentId).Select(a => a.CatalogueId).FirstAsync(ct);
            indicatorId = await db.Indicators.Where(i => i.CatalogueId == catalogueId && i.Code == input.IndicatorCode).Select(i => (int?)i.Id).FirstOrDefaultAsync(ct);
            if (indicatorId is null)
            {
                Bad("indicatorCode", "action.bad_indicator", input.IndicatorCode);
            }
        }

        if (input.OwnerInstitutionId is { } owner && !(await AssessmentInstitutions.ChoicesAmongAsync(db, standing.AssessmentId, [owner], ct)).Contains(owner))
        {
            Bad("ownerInstitutionId", "action.bad_institution");
        }

        var status = item.Status;
        if (input.Status is not null && !EnumCodes.TryParse(input.Status, out status))
        {
            Bad("status", "action.bad_status");
        }

        if (errors.Count > 0)
        {
            throw new InputRejectedException("action.invalid", errors);
        }

        item.IndicatorId = indicatorId;
        item.Action = new LocalizedText(en, es);
        item.OwnerInstitutionId = input.OwnerInstitutionId;
        item.DueOn = input.DueOn;
        item.Status = status;
        item.ProgressNotes = notes ?? "";
    }


    private static object Snapshot(ActionItem a) => new { a.IndicatorId, a.Action, a.OwnerInstitutionId, a.DueOn, status = a.Status.ToCode(), a.ProgressNotes };

    private ActionView View(ActionItem a, string? code) => new(a.Id, code, a.Action, a.OwnerInstitutionId, null, a.DueOn, a.Status.ToCode(),
        a.DueOn < DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime) && a.Status is ActionStatus.Planned or ActionStatus.InProgress, a.ProgressNotes, a.UpdatedAt);
}
