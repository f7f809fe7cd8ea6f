using Faro.Audit;
using Faro.Data;
using Faro.People;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Assessments;

public sealed record WorkshopInput(string? Kind, string? Status, DateOnly? Date, string? Place, int? Attendance, string? MinutesEn,
    string? MinutesEs, IReadOnlyList<int>? InstitutionIds);

public sealed record WorkshopView(int Id, string Kind, string Status, DateOnly Date, string? Place, int? Attendance, string? MinutesEn,
    string? MinutesEs, IReadOnlyList<int> InstitutionIds, string? CancelledReason = null, IReadOnlyList<AttendeeView>? Attendees = null,
    string? MinutesFileName = null, long? MinutesFileSize = null);

/// One line of a workshop's attendance list: the person, their institution (an institution of the
/// country by id, or a name when it is not in Faro) and their role.
public sealed record AttendeeInput(string? Name, int? InstitutionId, string? InstitutionName, string? Role);

public sealed record AttendeeView(string Name, int? InstitutionId, string? InstitutionName, string? Role);

public sealed record CancelRequest(string? Reason);

/// Induction, validation and launch workshops: recorded by coordinators; "held" ones open gates.
public sealed class WorkshopService(FaroDb db, Access access, AssessmentWriter writer, AuditLog audit, AnswerService answers, EvidenceFiles files,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<WorkshopView>> ListAsync(Actor actor, int assessmentId, CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        var rows = await db.Workshops.AsNoTracking().Include(w => w.Institutions).Include(w => w.Attendees).Where(w => w.AssessmentId == assessmentId)
            .OrderBy(w => w.Date).ThenBy(w => w.Id).ToListAsync(ct);
        // Minutes are the participants' working record, not published material: readers who see
        // the assessment only because it is published get the workshops without them.
        var views = rows.Select(ToView);
        return standing.May(Permission.Comment) ? views.ToList()
            : views.Select(v => v with { MinutesEn = null, MinutesEs = null, Attendees = [], MinutesFileName = null, MinutesFileSize = null }).ToList();
    }

    public async Task<WorkshopView> RecordAsync(Actor actor, int assessmentId, WorkshopInput input, CancellationToken ct = default) =>
        await SaveAsync(actor, assessmentId, null, input, ct);

    public async Task<WorkshopView> UpdateAsync(Actor actor, int assessmentId, int workshopId, WorkshopInput input, CancellationToken ct = default) =>
        await SaveAsync(actor, assessmentId, workshopId, input, ct);

    private async Task<WorkshopView> SaveAsync(Actor actor, int assessmentId, int? workshopId, WorkshopInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        standing.Require(Permission.ManageSetup);
        var workshop = workshopId is null ? new Workshop { AssessmentId = assessmentId }
            : await db.Workshops.Include(w => w.Institutions).Include(w => w.Attendees).FirstOrDefaultAsync(w => w.Id == workshopId && w.AssessmentId == assessmentId, ct)
                ?? throw RefusedException.NotFound("workshop");
        var errors = new List<InputError>();
        if (!EnumCodes.TryParse<WorkshopKind>(input.Kind, out var kind))
        {
            errors.Add(new("kind", "workshop.bad_kind"));
        }

        if (!EnumCodes.TryParse<WorkshopStatus>(input.Status ?? "planned", out var status))
        {
            errors.Add(new("status", "workshop.bad_status"));
        }

        if (input.Date is null)
        {
            errors.Add(new("date", "workshop.date_missing"));
        }

        if (input.Attendance is < 0)
        {
            errors.Add(new("attendance", "workshop.bad_attendance"));
        }

        var institutionIds = (input.InstitutionIds ?? []).Distinct().ToList();
        var known = await AssessmentInstitutions.ChoicesAmongAsync(db, standing.AssessmentId, institutionIds, ct);
        errors.AddRange(institutionIds.Except(known).Select(id => new InputError("institutionIds", "workshop.unknown_institution", AssessmentInstitutions.NotAChoice(id))));
        if (errors.Count > 0)
        {
            throw new InputRejectedException("workshop.invalid", errors);
        }

        return await writer.WriteAsync(standing, Edit.Setup, async _ =>
        {
            var before = workshopId is null ? null : ToView(workshop);
            workshop.Kind = kind;
            workshop.Status = status;
            workshop.Date = input.Date!.Value;
            workshop.Place = input.Place?.Trim();
            // With an attendance list the count is the list's; without one, the number given.
            workshop.Attendance = workshop.Attendees.Count > 0 ? workshop.Attendees.Count : input.Attendance;
            if (status != WorkshopStatus.Cancelled)
            {
                workshop.CancelledReason = null;
            }

            workshop.Minutes = new LocalizedText(input.MinutesEn?.Trim(), input.MinutesEs?.Trim());
            workshop.Institutions.RemoveAll(i => !institutionIds.Contains(i.InstitutionId));
            workshop.Institutions.AddRange(institutionIds.Where(id => !workshop.Institutions.Any(i => i.InstitutionId == id))
                .Select(id => new WorkshopInstitution { InstitutionId = id }));
            if (workshopId is null)
            {
                db.Workshops.Add(workshop);
            }

            await db.SaveChangesAsync(ct);
            audit.Record(actor, workshopId is null ? "workshop.recorded" : "workshop.updated", "workshop", workshop.Id, assessmentId, before, ToView(workshop));
            await db.SaveChangesAsync(ct);
            return ToView(workshop);
        }, ct);
    }

    /// Cancels a workshop with a reason: kept (with its history), no longer counted by any gate.
    public async Task<WorkshopView> CancelAsync(Actor actor, int assessmentId, int workshopId, string? reason, CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        standing.Require(Permission.ManageSetup);
        var text = reason?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > 2000)
        {
            throw new InputRejectedException("workshop.invalid", new InputError("reason", "workshop.cancel_reason"));
        }

        return await writer.WriteAsync(standing, Edit.Setup, async _ =>
        {
            var workshop = await OwnAsync(assessmentId, workshopId, ct);
            if (workshop.Status == WorkshopStatus.Cancelled)
            {
                throw RefusedException.Conflict("workshop.cancelled");
            }

            var before = ToView(workshop);
            workshop.Status = WorkshopStatus.Cancelled;
            workshop.CancelledReason = text;
            audit.Record(actor, "workshop.cancelled", "workshop", workshop.Id, assessmentId, before, ToView(workshop));
            return ToView(workshop);
        }, ct);
    }

    public const int MaxAttendees = 500;

    /// Replaces the attendance list (all or nothing); the attendance count follows the list.
    public async Task<WorkshopView> SetAttendanceAsync(Actor actor, int assessmentId, int workshopId, IReadOnlyList<AttendeeInput>? attendees,
        CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        standing.Require(Permission.ManageSetup);
        var list = attendees ?? [];
        var errors = new List<InputError>();
        if (list.Count > MaxAttendees)
        {
            errors.Add(new("attendees", "workshop.too_many_attendees", MaxAttendees));
        }

        var ids = list.Where(a => a?.InstitutionId is not null).Select(a => a.InstitutionId!.Value).Distinct().ToList();
        var known = await AssessmentInstitutions.ChoicesAmongAsync(db, standing.AssessmentId, ids, ct);
        foreach (var (a, n) in list.Select((a, n) => (a, n)))
        {
            if (a is null || string.IsNullOrWhiteSpace(a.Name))
            {
                errors.Add(new($"attendees[{n}].name", "workshop.attendee_name", n + 1));
                continue;
            }

            foreach (var (field, value, max) in new[] { ("name", a.Name, 200), ("institutionName", a.InstitutionName, 300), ("role", a.Role, 200) })
            {
                if (value is not null && value.Trim().Length > max)
                {
                    errors.Add(new($"attendees[{n}].{field}", "workshop.attendee_too_long", n + 1, max));
                }
            }

            if (a.InstitutionId is { } iid && !known.Contains(iid))
            {
                errors.Add(new($"attendees[{n}].institutionId", "workshop.unknown_institution", new Phrase("refusal.at_row", n + 1, AssessmentInstitutions.NotAChoice(iid))));
            }
        }

        if (errors.Count > 0)
        {
            throw new InputRejectedException("workshop.invalid", errors);
        }

        return await writer.WriteAsync(standing, Edit.Setup, async _ =>
        {
            var workshop = await OwnAsync(assessmentId, workshopId, ct);
            var before = ToView(workshop);
            db.WorkshopAttendees.RemoveRange(workshop.Attendees);
            workshop.Attendees.Clear();
            workshop.Attendees.AddRange(list.Select((a, n) => new WorkshopAttendee
            {
                Order = n,
                Name = a.Name!.Trim(),
                InstitutionId = a.InstitutionId,
                InstitutionName = a.InstitutionId is null ? Blank(a.InstitutionName) : null,
                Role = Blank(a.Role),
            }));
            workshop.Attendance = list.Count > 0 ? list.Count : workshop.Attendance;
            audit.Record(actor, "workshop.attendance_recorded", "workshop", workshop.Id, assessmentId, before.Attendees, ToView(workshop).Attendees);
            return ToView(workshop);
        }, ct);
    }

    /// Attaches (or replaces) the minutes file, checked and stored like an evidence file.
    /// `readUpload` is called only once the caller may change this workshop.
    public async Task<WorkshopView> AttachMinutesAsync(Actor actor, int assessmentId, int workshopId, Func<Task<EvidenceUpload?>> readUpload,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(readUpload);
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        standing.Require(Permission.ManageSetup);
        _ = await OwnAsync(assessmentId, workshopId, ct);
        var upload = await readUpload() ?? throw new InputRejectedException("workshop.file_missing", new InputError("file", "workshop.file_missing"));
        await using var content = upload.Content;
        db.ChangeTracker.Clear();
        StoredFile? stored = null;
        try
        {
            return await writer.WriteAsync(standing, Edit.Setup, async _ =>
            {
                stored = await files.StoreAsync(upload.FileName, upload.Length, upload.Content, ct);
                var workshop = await OwnAsync(assessmentId, workshopId, ct);
                var before = ToView(workshop);
                workshop.MinutesFileName = stored.FileName;
                workshop.MinutesFileContentType = stored.ContentType;
                workshop.MinutesFileSha256 = stored.Sha256;
                workshop.MinutesFileSize = stored.Size;
                audit.Record(actor, "workshop.minutes_attached", "workshop", workshop.Id, assessmentId,
                    new { before.MinutesFileName, before.MinutesFileSize }, new { workshop.MinutesFileName, workshop.MinutesFileSize, workshop.MinutesFileSha256 });
                return ToView(workshop);
            }, ct);
        }
        catch when (stored is not null)
        {
            await files.ForgetAsync(db, stored, CancellationToken.None);
            throw;
        }
    }

    /// The minutes file for the people of the assessment (not for public readers).
    public async Task<(string Path, string FileName, string ContentType)> MinutesFileAsync(Actor actor, int assessmentId, int workshopId, CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        standing.Require(Permission.Comment);
        var w = await db.Workshops.AsNoTracking().FirstOrDefaultAsync(x => x.Id == workshopId && x.AssessmentId == assessmentId, ct)
            ?? throw RefusedException.NotFound("workshop");
        if (files.PathOf(w.MinutesFileSha256) is not { } path || !File.Exists(path))
        {
            throw RefusedException.NotFound("workshop_minutes");
        }

        return (path, w.MinutesFileName ?? "minutes", w.MinutesFileContentType ?? "application/octet-stream");
    }

    private async Task<Workshop> OwnAsync(int assessmentId, int workshopId, CancellationToken ct) =>
        await db.Workshops.Include(w => w.Institutions).Include(w => w.Attendees)
            .FirstOrDefaultAsync(w => w.Id == workshopId && w.AssessmentId == assessmentId, ct)
        ?? throw RefusedException.NotFound("workshop");

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// Records what a workshop decided about one indicator (workshop mode); an empty text removes
    /// the decision. One decision per workshop and indicator, replaced when recorded again.
    public async Task RecordDecisionAsync(Actor actor, int assessmentId, int workshopId, string indicatorCode, string? text,
        CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        standing.Require(Permission.ManageSetup);
        var workshop = await db.Workshops.FirstOrDefaultAsync(w => w.Id == workshopId && w.AssessmentId == assessmentId, ct)
            ?? throw RefusedException.NotFound("workshop");
        var (indicatorId, _) = await answers.IndicatorAsync(assessmentId, indicatorCode, ct);
        var clean = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (clean is { Length: > 4000 })
        {
            throw new InputRejectedException("workshop.decision_too_long", new InputError("text", "workshop.decision_too_long"));
        }

        await writer.WriteAsync(standing, Edit.Setup, async _ =>
        {
            var decision = await db.WorkshopDecisions.FirstOrDefaultAsync(d => d.WorkshopId == workshop.Id && d.IndicatorId == indicatorId, ct);
            var before = decision?.Text;
            if (clean is null)
            {
                if (decision is not null)
                {
                    db.WorkshopDecisions.Remove(decision);
                }
            }
            else
            {
                decision ??= db.WorkshopDecisions.Add(new WorkshopDecision { WorkshopId = workshop.Id, IndicatorId = indicatorId }).Entity;
                decision.Text = clean;
                decision.RecordedAt = clock.GetUtcNow().UtcDateTime;
                decision.RecordedById = actor.UserId;
            }

            await db.SaveChangesAsync(ct);
            audit.Record(actor, "workshop.decision_recorded", "workshop", workshop.Id, assessmentId, before, clean, indicatorId);
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    private static WorkshopView ToView(Workshop w) => new(w.Id, w.Kind.ToCode(), w.Status.ToCode(), w.Date,
        w.Place, w.Attendance, w.Minutes.En, w.Minutes.Es, w.Institutions.Select(i => i.InstitutionId).OrderBy(i => i).ToList(), w.CancelledReason,
        w.Attendees.OrderBy(a => a.Order).Select(a => new AttendeeView(a.Name, a.InstitutionId, a.InstitutionName, a.Role)).ToList(),
        w.MinutesFileName, w.MinutesFileSize);
}
