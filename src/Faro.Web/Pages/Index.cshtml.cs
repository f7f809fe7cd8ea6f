using Faro.Assessments;
using Faro.Data;
using Faro.People;
using Faro.Web.Localization;
using Faro.Workflow;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages;

/// The home page: "what needs me" first, then the assessments in the caller's scope.
public sealed class IndexModel(FaroDb db, Access access, CurrentUser caller, UiLanguage lang, TimeProvider clock) : PageModel
{
    public sealed record Row(int Id, string Place, string Country, AssessmentLevel Level, int Round, Stage Stage, int Answered, int Total, bool IsFictional,
        bool IsWithdrawn = false, bool IsReference = false, string? ReferenceUrl = null, int? ReferenceYear = null);

    /// A local assessment of a country the caller reviews (national reviewer): its stage, whether it
    /// is open to them yet (`Access.ReviewerStages`), and what they can do there now.
    public sealed record ReviewerItem(int AssessmentId, string Place, int Round, Stage Stage, bool Visible, bool InReview, int OpenPoints);

    /// The national profile a country's local assessments are compared with, when it was published
    /// outside Faro: a reference, not answers.
    public sealed record NationalReferenceItem(string Country, LocalizedText Title, int? Year, string? Url);

    public List<ReviewerItem> ReviewerAssessments { get; private set; } = [];
    public List<NationalReferenceItem> NationalReferences { get; private set; } = [];
    public bool IsReviewer { get; private set; }

    /// Withdrawn assessments are out of the list unless asked for (`?withdrawn=true`).
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)] public bool Withdrawn { get; set; }

    public bool IsManager { get; private set; }
    public int WithdrawnCount { get; private set; }

    public sealed record AssignedItem(int AssessmentId, int InstitutionId, string Place, string Code, LocalizedText Text, AnswerStatus? Status);

    public sealed record ReviewItem(int AssessmentId, string Place, int PointId, string? Code, LocalizedText Finding, bool AwaitsReply, bool Mine);

    public sealed record ReturnedItem(int AssessmentId, string Place, Stage From, Stage To, string? Reason, DateTime At);

    /// An assessment the caller writes (team) with indicators still unanswered while answers are open.
    public sealed record UnansweredItem(int AssessmentId, string Place, int Unanswered, int Total);

    public sealed record WorkshopItem(int AssessmentId, int WorkshopId, string Place, WorkshopKind Kind, DateOnly Date, string? Venue);

    public sealed record OverdueItem(int AssessmentId, string Place, int ActionId, string? Code, LocalizedText Action, DateOnly DueOn);

    public List<Row> Assessments { get; private set; } = [];
    public List<OverdueItem> Overdue { get; private set; } = [];
    public List<AssignedItem> Assigned { get; private set; } = [];
    public int AssignedOpen { get; private set; }
    public List<ReviewItem> Reviews { get; private set; } = [];
    public List<ReturnedItem> Returned { get; private set; } = [];
    public List<WorkshopItem> Workshops { get; private set; } = [];
    public List<UnansweredItem> Unanswered { get; private set; } = [];

    public bool NothingNeedsMe => Assigned.Count == 0 && Reviews.Count == 0 && Returned.Count == 0 && Workshops.Count == 0 && Overdue.Count == 0
        && Unanswered.Count == 0 && ReviewerAssessments.Count == 0;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var roles = await caller.RolesAsync(ct);
        IsManager = roles.Any(r => r.Role is Role.Admin or Role.Coordinator);
        var scoped = access.VisibleAssessments(roles).AsNoTracking();
        WithdrawnCount = await scoped.CountAsync(a => a.WithdrawnAt != null, ct);
        var visible = Withdrawn ? scoped : scoped.Where(a => a.WithdrawnAt == null);
        var rows = await visible
            .Select(a => new
            {
                a.Id,
                a.CountryId,
                Jurisdiction = a.Jurisdiction != null ? a.Jurisdiction.Name : null,
                Country = a.Country!.Name,
                a.Level,
                a.Round,
                a.Stage,
                a.IsFictional,
                Withdrawn = a.WithdrawnAt != null,
                Answered = a.Answers.Count(x => x.Status != null && !x.IsCarriedOver),
                Total = db.Indicators.Count(i => i.CatalogueId == a.CatalogueId),
                a.NationalReferenceUrl,
                a.NationalReferenceYear,
            })
            .ToListAsync(ct);
        var country = rows.ToDictionary(r => r.Id, r => r.Country.Resolve(lang.Current)?.Text ?? "");
        var places = rows.ToDictionary(r => r.Id, r => r.Jurisdiction ?? country[r.Id]);
        Assessments = rows
            // A national record without answers that points at a profile published outside Faro is
            // a reference: "published, 0 of 88 answered" would say the country answered nothing.
            .Select(r => new Row(r.Id, places[r.Id], country[r.Id], r.Level, r.Round, r.Stage, r.Answered, r.Total, r.IsFictional, r.Withdrawn,
                r.Level == AssessmentLevel.National && r.Answered == 0 && (r.NationalReferenceUrl != null || r.NationalReferenceYear != null),
                r.NationalReferenceUrl, r.NationalReferenceYear))
            .OrderBy(r => r.Place, StringComparer.Create(lang.Culture, ignoreCase: true))
            .ThenBy(r => r.Round)
            .ToList();
        var ids = rows.Select(r => r.Id).ToList();

        // Focal points: the indicators assigned to their institution, unanswered first.
        var focal = roles.Where(r => r.Role == Role.FocalPoint && r.AssessmentId != null && r.InstitutionId != null)
            .Select(r => new { Assessment = r.AssessmentId!.Value, Institution = r.InstitutionId!.Value }).ToList();
        foreach (var f in focal.Where(f => ids.Contains(f.Assessment)))
        {
            var items = await db.Assignments.AsNoTracking()
                .Where(x => x.AssessmentId == f.Assessment && x.InstitutionId == f.Institution)
                .Select(x => new
                {
                    x.Indicator!.Code,
                    x.Indicator.Text,
                    Status = db.Answers.Where(an => an.AssessmentId == x.AssessmentId && an.IndicatorId == x.IndicatorId).Select(an => an.Status).FirstOrDefault(),
                })
                .ToListAsync(ct);
            Assigned.AddRange(items.OrderBy(i => i.Status is null ? 0 : 1).ThenBy(i => i.Code, StringComparer.Ordinal)
                .Select(i => new AssignedItem(f.Assessment, f.Institution, places[f.Assessment], i.Code, i.Text, i.Status)));
        }

        AssignedOpen = Assigned.Count(a => a.Status is null);

        // The team (admin, the country's coordinators, the assessment's researchers; the same rule
        // as Access.AssessmentAsync): assessments whose stage
        // takes answers and that still have indicators without one.
        Unanswered = rows
            .Where(r => r.Answered < r.Total && StageMachine.IsEditable(r.Stage, Edit.Answer)
                && roles.Any(x => x.Role == Role.Admin || (x.Role == Role.Coordinator && x.CountryId == r.CountryId)
                    || (x.Role == Role.Researcher && x.AssessmentId == r.Id)))
            .Select(r => new UnansweredItem(r.Id, places[r.Id], r.Total - r.Answered, r.Total))
            .OrderBy(r => r.Place, StringComparer.Create(lang.Culture, ignoreCase: true))
            .ToList();

        // Review points waiting for me: a reply from focal points, a resolution from coordinators.
        var managed = rows.Where(a => Access.ManagesCountry(roles, a.CountryId))
            .Select(a => a.Id).ToList();
        var focalAssessments = focal.Select(f => f.Assessment).ToList();
        var focalInstitutions = focal.Select(f => f.Institution).ToList();
        var openPoints = await db.ReviewPoints.AsNoTracking()
            .Where(p => ids.Contains(p.AssessmentId) && p.Resolution == null)
            .Select(p => new
            {
                p.Id,
                p.AssessmentId,
                p.IndicatorId,
                Code = db.Indicators.Where(i => i.Id == p.IndicatorId).Select(i => i.Code).FirstOrDefault(),
                p.Finding,
                p.Reply,
                Mine = db.Assignments.Any(x => x.AssessmentId == p.AssessmentId && x.IndicatorId == p.IndicatorId && focalInstitutions.Contains(x.InstitutionId)),
            })
            .ToListAsync(ct);
        Reviews = openPoints
            .Where(p => (p.Reply is null && focalAssessments.Contains(p.AssessmentId) && (p.Mine || p.IndicatorId is null))
                || (managed.Contains(p.AssessmentId) && !focalAssessments.Contains(p.AssessmentId)))
            .Select(p => new ReviewItem(p.AssessmentId, places[p.AssessmentId], p.Id, p.Code, p.Finding, p.Reply is null, focalAssessments.Contains(p.AssessmentId)))
            .ToList();

        await LoadReviewerWorkAsync(roles, ct);

        // Assessments sent back for revision in the last 60 days.
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-60);
        var back = StageEventKind.Back;
        Returned = (await db.StageEvents.AsNoTracking()
                .Where(e => ids.Contains(e.AssessmentId) && e.Kind == back && e.At >= since)
                .OrderByDescending(e => e.At).Take(10)
                .Select(e => new { e.AssessmentId, e.From, e.To, e.Reason, e.At })
                .ToListAsync(ct))
            .Select(e => new ReturnedItem(e.AssessmentId, places[e.AssessmentId], e.From ?? e.To, e.To, e.Reason, e.At))
            .ToList();

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var planned = WorkshopStatus.Planned;
        Workshops = (await db.Workshops.AsNoTracking()
                .Where(w => ids.Contains(w.AssessmentId) && w.Status == planned && w.Date >= today)
                .OrderBy(w => w.Date).Take(10)
                .Select(w => new { w.AssessmentId, w.Id, w.Kind, w.Date, w.Place })
                .ToListAsync(ct))
            .Select(w => new WorkshopItem(w.AssessmentId, w.Id, places[w.AssessmentId], w.Kind, w.Date, w.Place))
            .ToList();

        // Coordinators (and admins): actions of their plans past their due date and still open.
        var open = new[] { Faro.FollowUp.ActionStatus.Planned, Faro.FollowUp.ActionStatus.InProgress };
        Overdue = (await db.Actions.AsNoTracking()
                .Where(x => managed.Contains(x.AssessmentId) && x.RemovedAt == null && x.DueOn != null && x.DueOn < today && open.Contains(x.Status))
                .OrderBy(x => x.DueOn).Take(20)
                .Select(x => new { x.AssessmentId, x.Id, Code = db.Indicators.Where(i => i.Id == x.IndicatorId).Select(i => i.Code).FirstOrDefault(), x.Action, x.DueOn })
                .ToListAsync(ct))
            .Select(x => new OverdueItem(x.AssessmentId, places[x.AssessmentId], x.Id, x.Code, x.Action, x.DueOn!.Value))
            .ToList();
    }

    /// National reviewers: every local assessment of their countries with its stage; those from
    /// validation on link to their work (reading and commenting, findings in government review, the
    /// dialogue brief), earlier ones say when they open. Scope and stages come from `Access`.
    private async Task LoadReviewerWorkAsync(IReadOnlyList<RoleAssignment> roles, CancellationToken ct)
    {
        IsReviewer = Access.ReviewedCountries(roles).Count > 0;
        if (!IsReviewer)
        {
            return;
        }

        var reviewable = Access.ReviewerStages;
        var review = Stage.GovernmentReview;
        var rows = await access.ReviewerCountryAssessments(roles).AsNoTracking()
            .Select(a => new
            {
                a.Id,
                Place = a.Jurisdiction != null ? a.Jurisdiction.Name : "",
                Country = a.Country!.Name,
                a.Round,
                a.Stage,
                a.NationalReferenceTitle,
                a.NationalReferenceYear,
                a.NationalReferenceUrl,
                // Counted only where the reviewer may read the points.
                OpenPoints = reviewable.Contains(a.Stage) ? db.ReviewPoints.Count(p => p.AssessmentId == a.Id && p.Resolution == null) : 0,
            })
            .ToListAsync(ct);
        var order = StringComparer.Create(lang.Culture, ignoreCase: true);
        ReviewerAssessments = rows
            .Select(r => new ReviewerItem(r.Id, r.Place, r.Round, r.Stage, reviewable.Contains(r.Stage), r.Stage == review, r.OpenPoints))
            // What they can act on first: in review, then the rest they can read, then what is coming.
            .OrderBy(r => r.InReview ? 0 : r.Visible ? 1 : 2).ThenBy(r => r.Place, order).ThenBy(r => r.Round)
            .ToList();
        NationalReferences = rows
            .Where(r => !r.NationalReferenceTitle.IsEmpty)
            .Select(r => new NationalReferenceItem(r.Country.Resolve(lang.Current)?.Text ?? "", r.NationalReferenceTitle, r.NationalReferenceYear, r.NationalReferenceUrl))
            .DistinctBy(r => (r.Country, r.Url, r.Year))
            .ToList();
    }
}
