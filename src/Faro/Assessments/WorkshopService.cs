using Faro.Audit;
using Faro.Data;
using Faro.People;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Assessments;

public sealed record WorkshopInput(string? Kind, string? Status, DateOnly? Date, string? Place, int? Attendance, string? MinutesEn,
    string? MinutesEs, IReadOnlyList<int>? InstitutionIds);

public sealed record WorkshopView(int Id, string Kind, string Status, DateOnly Date, string? Place, int? Attendance, string? MinutesEn,
    string? MinutesEs, IReadOnlyList<int> InstitutionIds);

/// Induction, validation and launch workshops: recorded by coordinators; "held" ones open gates.
public sealed class WorkshopService(FaroDb db, Access access, AssessmentWriter writer, AuditLog audit, AnswerService answers, TimeProvider clock)
{
    public async Task<IReadOnlyList<WorkshopView>> ListAsync(Actor actor, int assessmentId, CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        var rows = await db.Workshops.AsNoTracking().Include(w => w.Institutions).Where(w => w.AssessmentId == assessmentId)
            .OrderBy(w => w.Date).ThenBy(w => w.Id).ToListAsync(ct);
        // Minutes are the participants' working record, not published material: readers who see
        // the assessment only because it is published get the workshops without them.
        var views = rows.Select(ToView);
        return standing.May(Permission.Comment) ? views.ToList() : views.Select(v => v with { MinutesEn = null, MinutesEs = null }).ToList();
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
            : await db.Workshops.Include(w => w.Institutions).FirstOrDefaultAsync(w => w.Id == workshopId && w.AssessmentId == assessmentId, ct)
                ?? throw RefusedException.NotFound("workshop");
        var errors = new List<InputError>();
        if (!Enum.TryParse<WorkshopKind>(input.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            errors.Add(new("kind", "workshop.bad_kind", new LocalizedText("Kind is induction, validation, launch or other.",
                "El tipo es induction, validation, launch u other.")));
        }

        if (!Enum.TryParse<WorkshopStatus>(input.Status ?? "planned", ignoreCase: true, out var status) || !Enum.IsDefined(status))
        {
            errors.Add(new("status", "workshop.bad_status", new LocalizedText("Status is planned, held or cancelled.",
                "El estado es planned, held o cancelled.")));
        }

        if (input.Date is null)
        {
            errors.Add(new("date", "workshop.date_missing", new LocalizedText("Give the workshop's date (YYYY-MM-DD).", "Indique la fecha del taller (AAAA-MM-DD).")));
        }

        if (input.Attendance is < 0)
        {
            errors.Add(new("attendance", "workshop.bad_attendance", new LocalizedText("Attendance cannot be negative.", "La asistencia no puede ser negativa.")));
        }

        var institutionIds = (input.InstitutionIds ?? []).Distinct().ToList();
        var known = await db.Institutions.Where(i => institutionIds.Contains(i.Id) && i.CountryId == standing.CountryId).Select(i => i.Id).ToListAsync(ct);
        errors.AddRange(institutionIds.Except(known).Select(id => new InputError("institutionIds", "workshop.unknown_institution",
            new LocalizedText($"No institution {id} in this country.", $"No existe la institución {id} en este país."))));
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
            workshop.Attendance = input.Attendance;
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
            throw new InputRejectedException("workshop.decision_too_long", new InputError("text", "workshop.decision_too_long",
                new LocalizedText("The decision is longer than 4000 characters.", "La decisión supera los 4000 caracteres.")));
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

    private static WorkshopView ToView(Workshop w) => new(w.Id, w.Kind.ToString().ToLowerInvariant(), w.Status.ToString().ToLowerInvariant(), w.Date,
        w.Place, w.Attendance, w.Minutes.En, w.Minutes.Es, w.Institutions.Select(i => i.InstitutionId).OrderBy(i => i).ToList());
}
