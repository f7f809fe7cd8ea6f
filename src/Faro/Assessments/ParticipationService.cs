using Faro.Audit;
using Faro.Data;
using Faro.Notifications;
using Faro.People;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Assessments;

public sealed record FocalPointView(int Id, int InstitutionId, int? UserId, string? ContactName, string? ContactEmail);

public sealed record AssignmentView(string IndicatorCode, int InstitutionId);

/// Who takes part: the focal point each institution names, and which institution answers which
/// indicator. Naming a user as focal point gives them the focal-point role on the assessment for
/// that institution, so their scope follows the assignment.
public sealed class ParticipationService(FaroDb db, Access access, AssessmentWriter writer, AuditLog audit, Notifier notifier, TimeProvider clock)
{
    public async Task<IReadOnlyList<FocalPointView>> FocalPointsAsync(Actor actor, int assessmentId, CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        standing.Require(Permission.Comment);
        return await db.FocalPoints.AsNoTracking().Where(f => f.AssessmentId == assessmentId).OrderBy(f => f.Id)
            .Select(f => new FocalPointView(f.Id, f.InstitutionId, f.UserId, f.ContactName, f.ContactEmail)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<AssignmentView>> AssignmentsAsync(Actor actor, int assessmentId, CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        standing.Require(Permission.Comment);
        return await db.Assignments.AsNoTracking().Where(a => a.AssessmentId == assessmentId).OrderBy(a => a.Indicator!.Code).ThenBy(a => a.InstitutionId)
            .Select(a => new AssignmentView(a.Indicator!.Code, a.InstitutionId)).ToListAsync(ct);
    }

    /// Names the focal point of an institution: a Faro user (by e-mail), or a contact without an
    /// account.
    public async Task<FocalPointView> NameFocalPointAsync(Actor actor, int assessmentId, int institutionId, string? userEmail, string? contactName,
        string? contactEmail, CancellationToken ct = default)
    {
        var standing = await SetupAsync(actor, assessmentId, ct);
        await RequireInstitutionAsync(standing, institutionId, ct);
        User? user = null;
        if (!string.IsNullOrWhiteSpace(userEmail))
        {
            var normalized = userEmail.Trim().ToUpperInvariant();
            user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct)
                ?? throw new InputRejectedException("focal_point.unknown_user", new InputError("userEmail", "focal_point.unknown_user", userEmail));
        }
        else if (string.IsNullOrWhiteSpace(contactName))
        {
            throw new InputRejectedException("focal_point.nobody", new InputError("contactName", "focal_point.nobody"));
        }

        return await writer.WriteAsync(standing, Edit.Setup, async _ =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var focalPoint = new FocalPoint
            {
                AssessmentId = assessmentId,
                InstitutionId = institutionId,
                UserId = user?.Id,
                ContactName = contactName?.Trim() ?? user?.DisplayName,
                ContactEmail = contactEmail?.Trim() ?? user?.Email,
                AssignedAt = now,
            };
            db.FocalPoints.Add(focalPoint);
            if (user is not null && !await db.RoleAssignments.AnyAsync(r => r.UserId == user.Id && r.Role == Role.FocalPoint
                    && r.AssessmentId == assessmentId && r.InstitutionId == institutionId, ct))
            {
                db.RoleAssignments.Add(new RoleAssignment
                {
                    UserId = user.Id,
                    Role = Role.FocalPoint,
                    AssessmentId = assessmentId,
                    InstitutionId = institutionId,
                    GrantedAt = now,
                    GrantedById = actor.UserId,
                });
            }

            await db.SaveChangesAsync(ct);
            var view = new FocalPointView(focalPoint.Id, institutionId, user?.Id, focalPoint.ContactName, focalPoint.ContactEmail);
            audit.Record(actor, "focal_point.named", "focal_point", focalPoint.Id, assessmentId, after: view);
            await db.SaveChangesAsync(ct);
            return view;
        }, ct);
    }

    /// Assigns indicators to an institution (already assigned ones are left as they are) and tells
    /// its focal points.
    public async Task<IReadOnlyList<AssignmentView>> AssignAsync(Actor actor, int assessmentId, int institutionId, IReadOnlyList<string>? indicatorCodes,
        CancellationToken ct = default)
    {
        var standing = await SetupAsync(actor, assessmentId, ct);
        await RequireInstitutionAsync(standing, institutionId, ct);
        var codes = (indicatorCodes ?? []).Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var catalogueId = await db.Assessments.Where(a => a.Id == assessmentId).Select(a => a.CatalogueId).FirstAsync(ct);
        var indicators = await db.Indicators.Where(i => i.CatalogueId == catalogueId && codes.Contains(i.Code)).Select(i => new { i.Id, i.Code }).ToListAsync(ct);
        var unknown = codes.Except(indicators.Select(i => i.Code), StringComparer.Ordinal).ToList();
        if (codes.Count == 0 || unknown.Count > 0)
        {
            throw new InputRejectedException("assignment.bad_indicators", codes.Count == 0
                ? [new InputError("indicatorCodes", "assignment.no_indicators")]
                : unknown.Select(c => new InputError("indicatorCodes", "assignment.unknown_indicator", c)).ToList());
        }

        return await writer.WriteAsync(standing, Edit.Setup, async _ =>
        {
            var ids = indicators.Select(i => i.Id).ToList();
            var existing = await db.Assignments.Where(a => a.AssessmentId == assessmentId && a.InstitutionId == institutionId && ids.Contains(a.IndicatorId))
                .Select(a => a.IndicatorId).ToListAsync(ct);
            var added = indicators.Where(i => !existing.Contains(i.Id)).ToList();
            var now = clock.GetUtcNow().UtcDateTime;
            db.Assignments.AddRange(added.Select(i => new IndicatorAssignment
            {
                AssessmentId = assessmentId,
                IndicatorId = i.Id,
                InstitutionId = institutionId,
                AssignedAt = now,
                AssignedById = actor.UserId,
            }));
            var result = added.Select(i => new AssignmentView(i.Code, institutionId)).ToList();
            if (added.Count > 0)
            {
                audit.Record(actor, "assignment.created", "assignment", institutionId, assessmentId, after: result);
                var title = await db.Assessments.Where(a => a.Id == assessmentId).Select(a => a.Title).FirstAsync(ct);
                notifier.Notify(await notifier.FocalPointsAsync(assessmentId, [institutionId], ct), Notifier.Assigned, assessmentId,
                    new NotificationData(title.Copy(), Indicator: string.Join(", ", added.Select(i => i.Code))), except: actor);
            }

            await db.SaveChangesAsync(ct);
            return result;
        }, ct);
    }

    /// Replaces the person an institution named (a Faro user by e-mail, or a contact). The user
    /// replaced loses the focal-point role on this assessment for this institution, unless another
    /// focal-point row still names them; the new user gets it.
    public async Task<FocalPointView> ReplaceFocalPointAsync(Actor actor, int assessmentId, int focalPointId, string? userEmail, string? contactName,
        string? contactEmail, CancellationToken ct = default)
    {
        var standing = await SetupAsync(actor, assessmentId, ct);
        var user = await UserByEmailAsync(userEmail, contactName, ct);
        return await writer.WriteAsync(standing, Edit.Setup, async _ =>
        {
            var focalPoint = await db.FocalPoints.FirstOrDefaultAsync(f => f.Id == focalPointId && f.AssessmentId == assessmentId, ct)
                ?? throw RefusedException.NotFound("focal_point");
            var before = View(focalPoint);
            var oldUser = focalPoint.UserId;
            focalPoint.UserId = user?.Id;
            focalPoint.ContactName = Blank(contactName) ?? user?.DisplayName;
            focalPoint.ContactEmail = Blank(contactEmail) ?? user?.Email;
            focalPoint.AssignedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
            if (oldUser != user?.Id)
            {
                await RevokeIfUnusedAsync(oldUser, assessmentId, focalPoint.InstitutionId, ct);
                await GrantAsync(actor, user, assessmentId, focalPoint.InstitutionId, ct);
            }

            audit.Record(actor, "focal_point.replaced", "focal_point", focalPoint.Id, assessmentId, before, View(focalPoint));
            return View(focalPoint);
        }, ct);
    }

    /// Removes a focal point (the institution stops taking part, or named the wrong person); their
    /// focal-point role on this assessment goes with it. The audit line keeps who it was.
    public async Task RemoveFocalPointAsync(Actor actor, int assessmentId, int focalPointId, CancellationToken ct = default)
    {
        var standing = await SetupAsync(actor, assessmentId, ct);
        await writer.WriteAsync(standing, Edit.Setup, async _ =>
        {
            var focalPoint = await db.FocalPoints.FirstOrDefaultAsync(f => f.Id == focalPointId && f.AssessmentId == assessmentId, ct)
                ?? throw RefusedException.NotFound("focal_point");
            audit.Record(actor, "focal_point.removed", "focal_point", focalPoint.Id, assessmentId, before: View(focalPoint));
            db.FocalPoints.Remove(focalPoint);
            await db.SaveChangesAsync(ct);
            await RevokeIfUnusedAsync(focalPoint.UserId, assessmentId, focalPoint.InstitutionId, ct);
        }, ct);
    }

    /// Takes indicators away from an institution (its focal points stop answering them).
    public async Task<IReadOnlyList<AssignmentView>> UnassignAsync(Actor actor, int assessmentId, int institutionId, IReadOnlyList<string>? indicatorCodes,
        CancellationToken ct = default)
    {
        var standing = await SetupAsync(actor, assessmentId, ct);
        var indicators = await IndicatorsAsync(assessmentId, indicatorCodes, ct);
        return await writer.WriteAsync(standing, Edit.Setup, async _ =>
        {
            var ids = indicators.Select(i => i.Id).ToList();
            var rows = await db.Assignments.Where(a => a.AssessmentId == assessmentId && a.InstitutionId == institutionId && ids.Contains(a.IndicatorId)).ToListAsync(ct);
            var removed = indicators.Where(i => rows.Any(r => r.IndicatorId == i.Id)).Select(i => new AssignmentView(i.Code, institutionId)).ToList();
            if (rows.Count > 0)
            {
                db.Assignments.RemoveRange(rows);
                audit.Record(actor, "assignment.removed", "assignment", institutionId, assessmentId, before: removed);
            }

            return removed;
        }, ct);
    }

    /// Moves indicators from one institution to another in one change: the old assignment goes,
    /// the new one comes, and the new institution's focal points are told.
    public async Task<IReadOnlyList<AssignmentView>> ReassignAsync(Actor actor, int assessmentId, int fromInstitutionId, int toInstitutionId,
        IReadOnlyList<string>? indicatorCodes, CancellationToken ct = default)
    {
        var standing = await SetupAsync(actor, assessmentId, ct);
        await RequireInstitutionAsync(standing, toInstitutionId, ct);
        var indicators = await IndicatorsAsync(assessmentId, indicatorCodes, ct);
        return await writer.WriteAsync(standing, Edit.Setup, async _ =>
        {
            var ids = indicators.Select(i => i.Id).ToList();
            var old = await db.Assignments.Where(a => a.AssessmentId == assessmentId && a.InstitutionId == fromInstitutionId && ids.Contains(a.IndicatorId)).ToListAsync(ct);
            var already = await db.Assignments.Where(a => a.AssessmentId == assessmentId && a.InstitutionId == toInstitutionId && ids.Contains(a.IndicatorId))
                .Select(a => a.IndicatorId).ToListAsync(ct);
            var moved = indicators.Where(i => old.Any(o => o.IndicatorId == i.Id)).ToList();
            db.Assignments.RemoveRange(old);
            var now = clock.GetUtcNow().UtcDateTime;
            db.Assignments.AddRange(moved.Where(i => !already.Contains(i.Id)).Select(i => new IndicatorAssignment
            {
                AssessmentId = assessmentId,
                IndicatorId = i.Id,
                InstitutionId = toInstitutionId,
                AssignedAt = now,
                AssignedById = actor.UserId,
            }));
            var result = moved.Select(i => new AssignmentView(i.Code, toInstitutionId)).ToList();
            if (moved.Count > 0)
            {
                audit.Record(actor, "assignment.reassigned", "assignment", toInstitutionId, assessmentId,
                    moved.Select(i => new AssignmentView(i.Code, fromInstitutionId)).ToList(), result);
                var title = await db.Assessments.Where(a => a.Id == assessmentId).Select(a => a.Title).FirstAsync(ct);
                notifier.Notify(await notifier.FocalPointsAsync(assessmentId, [toInstitutionId], ct), Notifier.Assigned, assessmentId,
                    new NotificationData(title.Copy(), Indicator: string.Join(", ", moved.Select(i => i.Code))), except: actor);
            }

            return result;
        }, ct);
    }

    private async Task<List<(int Id, string Code)>> IndicatorsAsync(int assessmentId, IReadOnlyList<string>? indicatorCodes, CancellationToken ct)
    {
        var codes = (indicatorCodes ?? []).Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var catalogueId = await db.Assessments.Where(a => a.Id == assessmentId).Select(a => a.CatalogueId).FirstAsync(ct);
        var found = await db.Indicators.Where(i => i.CatalogueId == catalogueId && codes.Contains(i.Code)).Select(i => new { i.Id, i.Code }).ToListAsync(ct);
        var unknown = codes.Except(found.Select(i => i.Code), StringComparer.Ordinal).ToList();
        if (codes.Count == 0 || unknown.Count > 0)
        {
            throw new InputRejectedException("assignment.bad_indicators", codes.Count == 0
                ? [new InputError("indicatorCodes", "assignment.no_indicators")]
                : unknown.Select(c => new InputError("indicatorCodes", "assignment.unknown_indicator", c)).ToList());
        }

        return found.Select(i => (i.Id, i.Code)).ToList();
    }

    private async Task<User?> UserByEmailAsync(string? userEmail, string? contactName, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(userEmail))
        {
            var normalized = userEmail.Trim().ToUpperInvariant();
            return await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct)
                ?? throw new InputRejectedException("focal_point.unknown_user", new InputError("userEmail", "focal_point.unknown_user", userEmail));
        }

        if (string.IsNullOrWhiteSpace(contactName))
        {
            throw new InputRejectedException("focal_point.nobody", new InputError("contactName", "focal_point.nobody"));
        }

        return null;
    }

    private async Task GrantAsync(Actor actor, User? user, int assessmentId, int institutionId, CancellationToken ct)
    {
        if (user is not null && !await db.RoleAssignments.AnyAsync(r => r.UserId == user.Id && r.Role == Role.FocalPoint
                && r.AssessmentId == assessmentId && r.InstitutionId == institutionId, ct))
        {
            db.RoleAssignments.Add(new RoleAssignment
            {
                UserId = user.Id,
                Role = Role.FocalPoint,
                AssessmentId = assessmentId,
                InstitutionId = institutionId,
                GrantedAt = clock.GetUtcNow().UtcDateTime,
                GrantedById = actor.UserId,
            });
        }
    }

    private async Task RevokeIfUnusedAsync(int? userId, int assessmentId, int institutionId, CancellationToken ct)
    {
        if (userId is not { } uid || await db.FocalPoints.AnyAsync(f => f.AssessmentId == assessmentId && f.InstitutionId == institutionId && f.UserId == uid, ct))
        {
            return;
        }

        var roles = await db.RoleAssignments.Where(r => r.UserId == uid && r.Role == Role.FocalPoint && r.AssessmentId == assessmentId
            && r.InstitutionId == institutionId).ToListAsync(ct);
        db.RoleAssignments.RemoveRange(roles);
    }

    private static FocalPointView View(FocalPoint f) => new(f.Id, f.InstitutionId, f.UserId, f.ContactName, f.ContactEmail);

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private async Task<AssessmentAccess> SetupAsync(Actor actor, int assessmentId, CancellationToken ct)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        standing.Require(Permission.ManageSetup);
        return standing;
    }

    private async Task RequireInstitutionAsync(AssessmentAccess standing, int institutionId, CancellationToken ct)
    {
        if (!(await AssessmentInstitutions.ChoicesAmongAsync(db, standing.AssessmentId, [institutionId], ct)).Contains(institutionId))
        {
            throw new InputRejectedException("participation.unknown_institution", new InputError("institutionId", "participation.unknown_institution",
                AssessmentInstitutions.NotAChoice(institutionId)));
        }
    }
}
