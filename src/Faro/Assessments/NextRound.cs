using Faro.Audit;
using Faro.Catalogue;
using Faro.Data;
using Faro.People;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Assessments;

/// What a coordinator chooses when starting the next round. `CatalogueId` null takes the newest
/// published successor of the round before's catalogue version (its crosswalk carries the answers),
/// or keeps that version when it has none (`CatalogueChoice.ForNextRoundAsync`); focal points and
/// assignments are carried over unless asked not to.
public sealed record NextRoundRequest(int? CatalogueId = null, bool CarryFocalPoints = true, bool CarryAssignments = true);

/// What starting the round did: the new assessment, how much was carried over, and the indicators
/// of the round before that have no counterpart in the new catalogue (their answers stay in the
/// round before) and the new catalogue's indicators that nothing was carried to.
public sealed record NextRoundResult(int AssessmentId, int PreviousId, int Round, int CatalogueId, int AnswersCarried, int EvidenceCarried,
    int FocalPointsCarried, int AssignmentsCarried, IReadOnlyList<string> WithoutCounterpart, IReadOnlyList<string> NewIndicators);

/// Starts round N+1 of a place from its published (or follow-up) round N (issue 10 item 5). The new
/// assessment starts in `requested`, linked by `PreviousRoundId`; every answer, narrative and
/// evidence link is copied as a draft to confirm (`Answer.IsCarriedOver`), which the gates do not
/// count as answered until someone confirms or changes it. Evidence rows are copied into the new
/// library (their files are shared by hash), so retiring or editing a source in one round never
/// changes the other. All in one transaction, under the row lock of the round before, so two
/// coordinators cannot both start round N+1.
public sealed class NextRound(FaroDb db, Access access, AssessmentWriter writer, AuditLog audit, TimeProvider clock)
{
    public async Task<NextRoundResult> StartAsync(Actor actor, int previousId, NextRoundRequest input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var standing = await access.AssessmentAsync(actor, previousId, ct);
        if (!standing.IsManager)
        {
            throw RefusedException.Forbidden("assessment.next_round_forbidden");
        }

        return await writer.WriteAsync(standing, null, async fresh =>
        {
            var previous = await db.Assessments.AsNoTracking().FirstAsync(a => a.Id == previousId, ct);
            if (!Access.IsPublicStage(fresh.Stage))
            {
                throw RefusedException.Conflict("assessment.next_round_stage");
            }

            if (await db.Assessments.AnyAsync(a => a.PreviousRoundId == previousId && a.WithdrawnAt == null, ct))
            {
                throw RefusedException.Conflict("assessment.next_round_exists");
            }

            var catalogueId = input.CatalogueId ?? await CatalogueChoice.ForNextRoundAsync(db, previous.CatalogueId, ct);
            var catalogue = await db.Catalogues.AsNoTracking().FirstOrDefaultAsync(c => c.Id == catalogueId, ct);
            if (catalogue is null || catalogue.Status != CatalogueStatus.Published)
            {
                throw new InputRejectedException("assessment.invalid", new InputError("catalogueId", "assessment.bad_catalogue"));
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var next = new Assessment
            {
                Level = previous.Level,
                CountryId = previous.CountryId,
                JurisdictionId = previous.JurisdictionId,
                Round = previous.Round + 1,
                CatalogueId = catalogueId,
                Stage = Stage.Requested,
                Title = previous.Title.Copy(),
                // The context is a draft too: it is rewritten in the new round, from the old text.
                Context = previous.Context.Copy(),
                PreviousRoundId = previous.Id,
                NationalCounterpartId = previous.NationalCounterpartId,
                NationalReferenceTitle = previous.NationalReferenceTitle.Copy(),
                NationalReferenceYear = previous.NationalReferenceYear,
                NationalReferenceUrl = previous.NationalReferenceUrl,
                IsFictional = previous.IsFictional,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Assessments.Add(next);
            await db.SaveChangesAsync(ct);

            // Old code → new code. Same catalogue: identity. Another version: its crosswalk, with
            // codes it does not mention kept when the new catalogue has them.
            var oldIndicators = await db.Indicators.AsNoTracking().Where(i => i.CatalogueId == previous.CatalogueId).Select(i => new { i.Id, i.Code }).ToListAsync(ct);
            var newIndicators = (await db.Indicators.AsNoTracking().Where(i => i.CatalogueId == catalogueId).Select(i => new { i.Id, i.Code }).ToListAsync(ct))
                .ToDictionary(i => i.Code, i => i.Id, StringComparer.Ordinal);
            var map = new Dictionary<string, string?>(StringComparer.Ordinal);
            var merged = new HashSet<string>(StringComparer.Ordinal);
            if (catalogueId != previous.CatalogueId)
            {
                foreach (var e in await db.Crosswalk.AsNoTracking().Where(c => c.CatalogueId == catalogueId && c.FromCode != null).OrderBy(c => c.Id).ToListAsync(ct))
                {
                    // A split indicator maps to several: the first entry carries the answer; the
                    // others start unanswered and appear among the new indicators.
                    if (map.TryAdd(e.FromCode!, e.Kind == CrosswalkKind.Removed ? null : e.ToCode) && e.Kind == CrosswalkKind.Merged)
                    {
                        merged.Add(e.FromCode!);
                    }
                }
            }

            int? Target(string oldCode)
            {
                var to = map.TryGetValue(oldCode, out var mapped) ? mapped : oldCode;
                return to is not null && newIndicators.TryGetValue(to, out var id) ? id : null;
            }

            var oldToNew = oldIndicators.ToDictionary(i => i.Id, i => Target(i.Code));
            var codeOf = oldIndicators.ToDictionary(i => i.Id, i => i.Code);

            // The library: every source that is not retired, plus retired ones an answer still cites.
            var answers = await db.Answers.AsNoTracking().Include(a => a.Evidence).Where(a => a.AssessmentId == previousId).OrderBy(a => a.Id).ToListAsync(ct);
            var cited = answers.SelectMany(a => a.Evidence.Select(l => l.EvidenceId)).ToHashSet();
            var sources = await db.Evidence.AsNoTracking().Where(e => e.AssessmentId == previousId).OrderBy(e => e.Id).ToListAsync(ct);
            var copies = new Dictionary<int, Evidence>();
            foreach (var e in sources.Where(e => e.RetiredAt is null || cited.Contains(e.Id)))
            {
                copies[e.Id] = new Evidence
                {
                    AssessmentId = next.Id,
                    Title = e.Title.Copy(),
                    Type = e.Type,
                    IssuingBody = e.IssuingBody,
                    IssuedOn = e.IssuedOn,
                    Url = e.Url,
                    FileName = e.FileName,
                    FileContentType = e.FileContentType,
                    FileSha256 = e.FileSha256,
                    FileSize = e.FileSize,
                    IsPublic = e.IsPublic,
                    CreatedAt = now,
                    CreatedById = actor.UserId,
                    RetiredAt = e.RetiredAt,
                    RetiredReason = e.RetiredReason,
                    RetiredById = e.RetiredById,
                    CarriedFromId = e.Id,
                };
            }

            db.Evidence.AddRange(copies.Values);

            var withoutCounterpart = new List<string>();
            var carried = new List<Answer>();
            var taken = new HashSet<int>();
            // Several old indicators merged into one: the answer of the one the new indicator
            // continues (same or reworded) is carried, whatever the order of the rows; the answers
            // of the indicators merged into it have no counterpart of their own.
            foreach (var old in answers.Where(a => a.Status is not null || a.Narrative.En is not null || a.Narrative.Es is not null)
                .OrderBy(a => merged.Contains(codeOf[a.IndicatorId]) ? 1 : 0))
            {
                if (oldToNew[old.IndicatorId] is not { } target || !taken.Add(target))
                {
                    withoutCounterpart.Add(codeOf[old.IndicatorId]);
                    continue;
                }

                var answer = new Answer
                {
                    AssessmentId = next.Id,
                    IndicatorId = target,
                    Status = old.Status,
                    Narrative = old.Narrative.Copy(),
                    ResponsibleInstitutionId = old.ResponsibleInstitutionId,
                    IsValidated = false,
                    IsCarriedOver = true,
                    Revision = 1,
                    UpdatedAt = now,
                    UpdatedById = actor.UserId,
                };
                answer.Evidence.AddRange(old.Evidence.Where(l => copies.ContainsKey(l.EvidenceId))
                    .Select(l => new AnswerEvidence { Evidence = copies[l.EvidenceId], Section = l.Section }));
                carried.Add(answer);
            }

            db.Answers.AddRange(carried);
            await db.SaveChangesAsync(ct);
            db.AnswerRevisions.AddRange(carried.Select(a => AnswerRevision.Of(a, now, actor.UserId, $"round:{previousId}")));

            var focalPoints = 0;
            if (input.CarryFocalPoints)
            {
                var olds = await db.FocalPoints.AsNoTracking().Where(f => f.AssessmentId == previousId).OrderBy(f => f.Id).ToListAsync(ct);
                foreach (var f in olds)
                {
                    db.FocalPoints.Add(new FocalPoint
                    {
                        AssessmentId = next.Id,
                        InstitutionId = f.InstitutionId,
                        UserId = f.UserId,
                        ContactName = f.ContactName,
                        ContactEmail = f.ContactEmail,
                        AssignedAt = now,
                    });
                    if (f.UserId is { } uid && !db.RoleAssignments.Local.Any(r => r.UserId == uid && r.AssessmentId == next.Id && r.InstitutionId == f.InstitutionId))
                    {
                        db.RoleAssignments.Add(new RoleAssignment
                        {
                            UserId = uid,
                            Role = Role.FocalPoint,
                            AssessmentId = next.Id,
                            InstitutionId = f.InstitutionId,
                            GrantedAt = now,
                            GrantedById = actor.UserId,
                        });
                    }
                }

                focalPoints = olds.Count;
            }

            var assignments = 0;
            if (input.CarryAssignments)
            {
                var olds = await db.Assignments.AsNoTracking().Where(x => x.AssessmentId == previousId).OrderBy(x => x.Id).ToListAsync(ct);
                var seen = new HashSet<(int, int)>();
                foreach (var x in olds)
                {
                    if (oldToNew[x.IndicatorId] is { } target && seen.Add((target, x.InstitutionId)))
                    {
                        db.Assignments.Add(new IndicatorAssignment
                        {
                            AssessmentId = next.Id,
                            IndicatorId = target,
                            InstitutionId = x.InstitutionId,
                            AssignedAt = now,
                            AssignedById = actor.UserId,
                        });
                        assignments++;
                    }
                }
            }

            var reached = carried.Select(a => a.IndicatorId).ToHashSet();
            var news = newIndicators.Where(kv => !reached.Contains(kv.Value)).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
            var result = new NextRoundResult(next.Id, previousId, next.Round, catalogueId, carried.Count, copies.Count, focalPoints, assignments,
                withoutCounterpart.Order(StringComparer.Ordinal).ToList(), news);
            audit.Record(actor, "assessment.next_round", "assessment", next.Id, next.Id, null, result);
            audit.Record(actor, "assessment.next_round_started", "assessment", previousId, previousId, null, new { NextId = next.Id, next.Round });
            return result;
        }, ct);
    }

    /// Every round of the same place (or country, for national assessments), oldest first, that
    /// the caller may see: each round's page links to the others.
    public async Task<IReadOnlyList<RoundLink>> RoundsAsync(Actor actor, int assessmentId, CancellationToken ct = default)
    {
        await access.AssessmentAsync(actor, assessmentId, ct);
        var a = await db.Assessments.AsNoTracking().Where(x => x.Id == assessmentId).Select(x => new { x.CountryId, x.JurisdictionId, x.Level }).FirstAsync(ct);
        var visible = access.VisibleAssessments(actor).Select(x => x.Id);
        var rows = await db.Assessments.AsNoTracking()
            .Where(x => x.CountryId == a.CountryId && x.JurisdictionId == a.JurisdictionId && x.Level == a.Level && visible.Contains(x.Id))
            .OrderBy(x => x.Round).ThenBy(x => x.Id)
            .Select(x => new { x.Id, x.Round, x.Stage, Withdrawn = x.WithdrawnAt != null, x.PreviousRoundId })
            .ToListAsync(ct);
        return rows.Select(x => new RoundLink(x.Id, x.Round, x.Stage.ToCode(), x.Withdrawn, x.PreviousRoundId)).ToList();
    }
}

public sealed record RoundLink(int Id, int Round, string Stage, bool IsWithdrawn, int? PreviousRoundId);
