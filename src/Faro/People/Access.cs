using Faro.Assessments;
using Faro.Data;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.People;

/// What a caller may do on an assessment, by role and scope. Every service starts with
/// `AssessmentAsync`: an assessment outside the caller's scope is not found (its existence is not
/// revealed); a visible one comes with the caller's standing, which answers "may I do this".
public sealed class Access(FaroDb db)
{
    /// Stages whose profile is public: anyone, signed in or not, may read these assessments.
    public static readonly IReadOnlyList<Stage> PublicStages = [Stage.Published, Stage.FollowUp];

    /// Whether an assessment in this stage is public (its profile published): the one test for
    /// "published or follow-up" (starting the next round, withdrawing, the public portal).
    public static bool IsPublicStage(Stage stage) => PublicStages.Contains(stage);

    /// National reviewers read local assessments from validation on, never earlier drafts. Stages
    /// are stored as names, so "from validation on" is a list, not a comparison.
    public static readonly IReadOnlyList<Stage> ReviewerStages = Enum.GetValues<Stage>().Where(s => s >= Stage.Validation).ToList();

    /// The countries whose places, people and assessments these roles manage: a coordinator's
    /// countries; null means every country (an administrator).
    public static IReadOnlyList<int>? ManagedCountries(IReadOnlyList<RoleAssignment> roles) =>
        roles.Any(r => r.Role == Role.Admin)
            ? null
            : roles.Where(r => r.Role == Role.Coordinator && r.CountryId != null).Select(r => r.CountryId!.Value).Distinct().ToList();

    /// Whether these roles manage this country (an administrator, or a coordinator of it).
    public static bool ManagesCountry(IReadOnlyList<RoleAssignment> roles, int countryId) =>
        roles.Any(r => r.Role == Role.Admin || (r.Role == Role.Coordinator && r.CountryId == countryId));

    /// Who may change a country's places and start its assessments: an administrator, or a
    /// coordinator of that country.
    public static void RequireCountryManager(Actor actor, int countryId)
    {
        if (!actor.IsAuthenticated)
        {
            throw RefusedException.Unauthenticated();
        }

        if (actor.IsAdmin || ManagesCountry(actor.Roles, countryId))
        {
            return;
        }

        throw RefusedException.Forbidden("places.forbidden");
    }

    public async Task<IReadOnlyList<RoleAssignment>> RolesOfAsync(int userId, CancellationToken ct = default) =>
        await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == userId).ToListAsync(ct);

    /// The actor for a user id from a cookie or token; a disabled or deleted user acts as nobody.
    public async Task<Actor> ActorAsync(int userId, string? address, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.DisplayName, u.IsDisabled }).FirstOrDefaultAsync(ct);
        if (user is null || user.IsDisabled)
        {
            return Actor.Anonymous(address);
        }

        return new Actor(userId, user.DisplayName, await RolesOfAsync(userId, ct), address);
    }

    public IQueryable<Assessment> VisibleAssessments(IReadOnlyList<RoleAssignment> roles)
    {
        if (roles.Any(r => r.Role == Role.Admin))
        {
            return db.Assessments;
        }

        var coordinatorCountries = ManagedCountries(roles)!;
        var reviewerCountries = ReviewedCountries(roles);
        var assessmentIds = roles.Where(r => r.Role is Role.Researcher or Role.FocalPoint && r.AssessmentId != null).Select(r => r.AssessmentId!.Value).ToList();
        var reviewable = ReviewerStages;
        return db.Assessments.Where(a =>
            coordinatorCountries.Contains(a.CountryId)
            || assessmentIds.Contains(a.Id)
            || (reviewerCountries.Contains(a.CountryId) && reviewable.Contains(a.Stage)));
    }

    /// The countries where these roles review (national reviewer).
    public static IReadOnlyList<int> ReviewedCountries(IReadOnlyList<RoleAssignment> roles) =>
        roles.Where(r => r.Role == Role.NationalReviewer && r.CountryId != null).Select(r => r.CountryId!.Value).Distinct().ToList();

    /// The local assessments of the countries a national reviewer reviews, in every stage, for the
    /// reviewer's home: it names each place and its stage so the reviewer knows what is coming, and
    /// when it opens to them. Only `ReviewerStages` open their content (`VisibleAssessments`,
    /// `AssessmentAsync`); the home shows nothing but place and stage before that.
    public IQueryable<Assessment> ReviewerCountryAssessments(IReadOnlyList<RoleAssignment> roles)
    {
        var countries = ReviewedCountries(roles);
        return db.Assessments.Where(a => countries.Contains(a.CountryId) && a.Level == AssessmentLevel.Local && a.WithdrawnAt == null);
    }

    /// The assessments in the actor's scope plus every published one (public material).
    public IQueryable<Assessment> VisibleAssessments(Actor actor)
    {
        var published = PublicStages;
        if (actor.IsAdmin)
        {
            return db.Assessments;
        }

        var scoped = VisibleAssessments(actor.Roles).Select(a => a.Id);
        return db.Assessments.Where(a => published.Contains(a.Stage) || scoped.Contains(a.Id));
    }

    /// The sources of one assessment that a caller with this standing may see: private ones (an
    /// interview, an internal memo) only with `Permission.ReadPrivateEvidence`.
    public IQueryable<Evidence> VisibleEvidence(AssessmentAccess standing)
    {
        var showPrivate = standing.May(Permission.ReadPrivateEvidence);
        var id = standing.AssessmentId;
        return db.Evidence.Where(e => e.AssessmentId == id && (showPrivate || e.IsPublic));
    }

    /// The comments of one assessment that a caller with this standing may read: internal ones
    /// only with `Permission.CommentInternal` (the team); the others read the shared ones.
    public IQueryable<Comment> VisibleComments(AssessmentAccess standing)
    {
        var showInternal = standing.May(Permission.CommentInternal);
        var id = standing.AssessmentId;
        return db.Comments.Where(c => c.AssessmentId == id && (showInternal || c.Visibility == CommentVisibility.Shared));
    }

    /// The caller's standing on one assessment; refused as not found when it is outside the scope.
    public async Task<AssessmentAccess> AssessmentAsync(Actor actor, int assessmentId, CancellationToken ct = default)
    {
        var a = await db.Assessments.AsNoTracking().Where(x => x.Id == assessmentId)
            .Select(x => new { x.Id, x.CountryId, x.Stage, x.Version }).FirstOrDefaultAsync(ct)
            ?? throw RefusedException.NotFound("assessment");
        var roles = actor.Roles;
        var isAdmin = actor.IsAdmin;
        var isCoordinator = roles.Any(r => r.Role == Role.Coordinator && r.CountryId == a.CountryId);
        var isResearcher = roles.Any(r => r.Role == Role.Researcher && r.AssessmentId == a.Id);
        var institutions = roles.Where(r => r.Role == Role.FocalPoint && r.AssessmentId == a.Id && r.InstitutionId != null)
            .Select(r => r.InstitutionId!.Value).ToHashSet();
        var isReviewer = roles.Any(r => r.Role == Role.NationalReviewer && r.CountryId == a.CountryId) && ReviewerStages.Contains(a.Stage);
        var isPublic = PublicStages.Contains(a.Stage);
        if (!isAdmin && !isCoordinator && !isResearcher && institutions.Count == 0 && !isReviewer && !isPublic)
        {
            throw RefusedException.NotFound("assessment");
        }

        var assigned = institutions.Count == 0
            ? new HashSet<int>()
            : (await db.Assignments.AsNoTracking().Where(x => x.AssessmentId == a.Id && institutions.Contains(x.InstitutionId))
                .Select(x => x.IndicatorId).ToListAsync(ct)).ToHashSet();
        return new AssessmentAccess(actor, a.Id, a.CountryId, a.Stage, a.Version, isAdmin, isCoordinator, isResearcher, isReviewer,
            institutions, assigned);
    }
}

public enum Permission
{
    Read,
    /// Internal comments, private evidence, the audit trail.
    ReadInternal,
    /// Answers of any indicator, the validated flag, the context text.
    WriteContent,
    /// Private sources (an interview, an internal memo): the team and the focal points, never a
    /// national reviewer or a public reader.
    ReadPrivateEvidence,
    ManageEvidence,
    Comment,
    CommentInternal,
    /// Workshops, focal points, indicator assignments.
    ManageSetup,
    MoveStage,
    RaiseFinding,
    ReplyFinding,
    ResolveFinding,
}

/// One caller's standing on one assessment (see `Access.AssessmentAsync`). The rules of
/// product.md "Users" live in `May`; scope has already been checked.
public sealed record AssessmentAccess(Actor Actor, int AssessmentId, int CountryId, Stage Stage, int Version,
    bool IsAdmin, bool IsCoordinator, bool IsResearcher, bool IsNationalReviewer,
    IReadOnlySet<int> FocalPointInstitutions, IReadOnlySet<int> AssignedIndicators)
{
    public bool IsFocalPoint => FocalPointInstitutions.Count > 0;

    /// The people who write the assessment: admin, the country's coordinators, its researchers.
    public bool IsTeam => IsAdmin || IsCoordinator || IsResearcher;

    public bool IsManager => IsAdmin || IsCoordinator;

    /// Sees the assessment only because it is published.
    public bool IsPublicReader => !IsTeam && !IsFocalPoint && !IsNationalReviewer;

    public bool May(Permission permission) => permission switch
    {
        // Reaching this record means the caller is in scope or the assessment is published.
        Permission.Read => true,
        Permission.ReadInternal => IsTeam,
        Permission.WriteContent => IsTeam,
        Permission.ReadPrivateEvidence => IsTeam || IsFocalPoint,
        Permission.ManageEvidence => IsTeam || IsFocalPoint,
        Permission.Comment => IsTeam || IsFocalPoint || IsNationalReviewer,
        Permission.CommentInternal => IsTeam,
        Permission.ManageSetup => IsManager,
        Permission.MoveStage => IsManager || IsResearcher,
        // Government review is the national government's reading: its reviewers raise findings
        // as the team does (the stage rule, `Edit.Review`, keeps them to that stage).
        Permission.RaiseFinding => IsTeam || IsNationalReviewer,
        Permission.ReplyFinding => IsAdmin || IsFocalPoint,
        Permission.ResolveFinding => IsManager,
    };

    /// Focal points answer only the indicators assigned to their institution.
    public bool MayWriteAnswer(int indicatorId) => IsTeam || AssignedIndicators.Contains(indicatorId);

    public void Require(Permission permission)
    {
        if (!May(permission))
        {
            throw Forbidden(permission);
        }
    }

    public void RequireAnswerWrite(int indicatorId)
    {
        if (!MayWriteAnswer(indicatorId))
        {
            throw RefusedException.Forbidden("answer.not_assigned");
        }
    }

    private static RefusedException Forbidden(Permission permission) =>
        new(new Phrase("refusal.access.forbidden"), RefusalKind.Forbidden, "access.forbidden." + permission.ToCode());
}
