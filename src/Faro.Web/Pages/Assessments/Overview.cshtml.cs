using Faro.Assessments;
using Faro.Catalogue;
using Faro.Data;
using Faro.People;
using Faro.Web.Localization;
using Faro.Workflow;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Assessments;

/// One assessment at a glance: where it is in the workflow and what blocks the next move, progress
/// per domain, the indicators (filterable) and who answers what.
public sealed class OverviewModel(FaroDb db, CurrentAssessment current, UiLanguage lang, StageMachine stages, AssessmentService assessments,
    Faro.Profiles.ProfileService profiles, NextRound rounds, AnswerService answerService) : PageModel
{
    public sealed record IndicatorRow(int Id, string Code, string DomainCode, string AreaCode, LocalizedText Text, Competence Competence,
        AnswerStatus? Status, int EvidenceCount, bool IsValidated, IReadOnlyList<int> Institutions, bool IsCarriedOver = false, int Revision = 0);

    public sealed record DomainProgress(string Code, LocalizedText Title, int Total, int Answered, int WithEvidence, int Validated);

    public sealed record Option(string Value, string Label);

    public sealed record FocalRow(int InstitutionId, LocalizedText Institution, string? Person, int Assigned, int Answered);

    public CurrentAssessment Current => current;
    /// Every round of this place the caller may see (this one included), oldest first.
    public IReadOnlyList<RoundLink> Rounds { get; private set; } = [];
    public int CarriedOver { get; private set; }
    public bool IsWithdrawn => current.Assessment.WithdrawnAt is not null;
    public bool MayEditMetadata => current.Standing.IsManager && !IsWithdrawn && current.Stage is Stage.Requested or Stage.Induction;
    public bool MayWithdraw => current.Standing.IsManager && !IsWithdrawn && !Access.IsPublicStage(current.Stage);
    public bool MayStartNextRound { get; private set; }
    public bool MayConfirm => !IsWithdrawn && StageMachine.IsEditable(current.Stage, Edit.Answer);
    public List<DomainProgress> Domains { get; private set; } = [];
    public List<IndicatorRow> Indicators { get; private set; } = [];
    public int TotalIndicators { get; private set; }
    public List<Option> DomainOptions { get; private set; } = [];
    public List<Option> AreaOptions { get; private set; } = [];
    public List<Option> InstitutionOptions { get; private set; } = [];
    public Dictionary<int, LocalizedText> InstitutionNames { get; private set; } = [];
    public List<FocalRow> FocalPoints { get; private set; } = [];
    public int OpenReviewPoints { get; private set; }
    public Stage? NextStage { get; private set; }
    public IReadOnlyList<Blocker> Blockers { get; private set; } = [];
    public bool MayMoveForward { get; private set; }
    /// Moves back or re-opening the caller may make; each needs a reason.
    public List<Transition> OtherMoves { get; private set; } = [];
    public List<(StageEvent Event, string? By)> History { get; private set; } = [];

    public enum ProfileOffer
    {
        None,
        /// From drafting until publication, for the people in scope: preview and draft downloads.
        Draft,
        /// Drafting or later, but no known answer: no profile can be produced (`profile.no_answers`).
        NoAnswers,
        Published,
    }

    public ProfileOffer Profile { get; private set; }

    [BindProperty] public string? ContextEs { get; set; }
    [BindProperty] public string? ContextEn { get; set; }
    public bool MayEditContext => current.Standing.May(Faro.People.Permission.WriteContent) && StageMachine.IsEditable(current.Stage, Edit.Context);

    /// Where a blocker can be fixed: its indicator, the workshops, the focal points, the review or the context.
    public string? LinkFor(Blocker blocker)
    {
        ArgumentNullException.ThrowIfNull(blocker);
        var id = current.Id;
        return blocker.Item switch
        {
            var i when i.StartsWith("workshop:", StringComparison.Ordinal) => $"/assessments/{id}/workshops",
            "focal-points" => $"/assessments/{id}/participants",
            var i when i.StartsWith("context:", StringComparison.Ordinal) => "#context",
            _ when blocker.Code.StartsWith("review.", StringComparison.Ordinal) => $"/assessments/{id}/review",
            var i when !i.Contains(':', StringComparison.Ordinal) => $"/assessments/{id}/indicators/{Uri.EscapeDataString(i)}",
            _ => null,
        };
    }

    private static readonly Dictionary<string, (string, string)> ContextFields = new()
    {
        ["contextEs"] = ("ContextEs", "assessment.context_es"),
        ["contextEn"] = ("ContextEn", "assessment.context_en"),
    };

    public Task<IActionResult> OnPostContextAsync(CancellationToken ct) => this.WriteOrReshowAsync(lang, async () =>
    {
        await assessments.SetContextAsync(current.Actor, current.Id, ContextEn, ContextEs, ct);
        TempData["Saved"] = "assessment.context_saved";
        return Redirect($"/assessments/{current.Id}#context");
    }, async () =>
    {
        var (es, en) = (ContextEs, ContextEn);
        await OnGetAsync(ct);
        (ContextEs, ContextEn) = (es, en);
        return Page();
    }, ContextFields);

    [BindProperty] public string? MoveTo { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public int Version { get; set; }

    private static readonly Dictionary<string, (string, string)> MoveFields = new() { ["reason"] = ("Reason", "assessment.move_reason") };

    /// A stage move through the StageMachine: gates, roles and reasons are its rules; a refusal
    /// shows on this page with the blockers.
    public async Task<IActionResult> OnPostMoveAsync(CancellationToken ct)
    {
        if (!EnumCodes.TryParse<Stage>(MoveTo, out var to))
        {
            ModelState.AddField("MoveTo", lang, "assessment.move_to", "form.bad_choice");
            return await ReshowAsync();
        }

        return await this.WriteOrReshowAsync(lang, async () =>
        {
            try
            {
                await stages.MoveAsync(current.Actor, current.Id, to, Reason, Version, ct);
            }
            catch (TransitionBlockedException)
            {
                // The blockers are listed by the page itself (same gate, fresh).
                ModelState.AddModelError(string.Empty, lang["assessment.move_blocked"]);
                return null;
            }

            TempData["Saved"] = "assessment.moved";
            return RedirectToPage(new { assessmentId = current.Id });
        }, ReshowAsync, MoveFields);
    }

    private async Task<IActionResult> ReshowAsync()
    {
        await OnGetAsync(HttpContext.RequestAborted);
        return Page();
    }

    [BindProperty(SupportsGet = true)] public string? Domain { get; set; }
    [BindProperty(SupportsGet = true)] public string? Area { get; set; }
    [BindProperty(SupportsGet = true)] public int? Institution { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Competence { get; set; }

    /// Only the indicators a blocker of this kind names (`answer.missing`, `evidence.missing`,
    /// `review.open`): where each group of blockers links to.
    [BindProperty(SupportsGet = true)] public string? Blocked { get; set; }

    public bool IsFiltered => Domain is not null || Area is not null || Institution is not null || Status is not null || Competence is not null
        || Blocked is not null;

    public sealed record BlockerGroup(string Code, IReadOnlyList<Blocker> Items, string? Link);

    /// The blockers by kind, in the gate's order; indicator kinds link to the filtered list.
    public List<BlockerGroup> BlockerGroups { get; private set; } = [];

    /// Kinds whose blockers each name one indicator by its code.
    private static readonly HashSet<string> IndicatorKinds = ["answer.missing", "answer.carried_over", "evidence.missing", "review.open"];

    [BindProperty] public string? ConfirmCode { get; set; }
    [BindProperty] public int ConfirmRevision { get; set; }

    /// One click: keeps a carried-over answer as it is and counts it from now on (a revision of its
    /// own, through the same guarded write as a save).
    public Task<IActionResult> OnPostConfirmAsync(CancellationToken ct) => this.WriteOrReshowAsync(lang, async () =>
    {
        await answerService.ConfirmAsync(current.Actor, current.Id, ConfirmCode ?? "", ConfirmRevision, "form", ct);
        TempData["Saved"] = "carried.confirmed";
        return Redirect($"/assessments/{current.Id}?status=carried#indicators");
    }, ReshowAsync);

    [BindProperty] public List<string> ConfirmCodes { get; set; } = [];
    [BindProperty] public List<int> ConfirmRevisions { get; set; } = [];

    /// The carried-over answers shown that the caller may confirm: the bulk form lists exactly
    /// these, each with the revision on screen, so nothing the user has not seen is confirmed.
    public IReadOnlyList<IndicatorRow> Confirmable => MayConfirm
        ? Indicators.Where(i => i.IsCarriedOver && Current.Standing.MayWriteAnswer(i.Id)).ToList()
        : [];

    /// Confirms every carried-over answer shown, all or nothing (AnswerService.ConfirmManyAsync).
    /// Messages name the indicator code; the form has no field of its own for them.
    public Task<IActionResult> OnPostConfirmShownAsync(CancellationToken ct) => this.WriteOrReshowAsync(lang, async () =>
    {
        var items = ConfirmCodes.Zip(ConfirmRevisions, (c, r) => new AnswerConfirmation(c, r)).ToList();
        await answerService.ConfirmManyAsync(current.Actor, current.Id, items, "form", ct);
        TempData["Saved"] = "carried.confirmed_many";
        return Redirect($"/assessments/{current.Id}#indicators");
    }, ReshowAsync);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var a = current.Assessment;
        var indicators = await db.Indicators.AsNoTracking()
            .Where(i => i.CatalogueId == a.CatalogueId)
            .OrderBy(i => i.Area!.Domain!.Order).ThenBy(i => i.Area!.Order).ThenBy(i => i.Order)
            .Select(i => new { i.Id, i.Code, DomainCode = i.Area!.Domain!.Code, DomainTitle = i.Area.Domain.Title, AreaCode = i.Area.Code, AreaTitle = i.Area.Title, i.Text, i.Competence })
            .ToListAsync(ct);
        var answers = await db.Answers.AsNoTracking().Where(x => x.AssessmentId == a.Id)
            .Select(x => new { x.IndicatorId, x.Status, x.IsValidated, x.IsCarriedOver, x.Revision, Evidence = x.Evidence.Count })
            .ToDictionaryAsync(x => x.IndicatorId, ct);
        var assignments = await db.Assignments.AsNoTracking().Where(x => x.AssessmentId == a.Id)
            .Select(x => new { x.IndicatorId, x.InstitutionId }).ToListAsync(ct);
        var byIndicator = assignments.ToLookup(x => x.IndicatorId, x => x.InstitutionId);

        var all = indicators.Select(i =>
        {
            answers.TryGetValue(i.Id, out var an);
            return new IndicatorRow(i.Id, i.Code, i.DomainCode, i.AreaCode, i.Text, i.Competence, an?.Status, an?.Evidence ?? 0,
                an?.IsValidated ?? false, byIndicator[i.Id].ToList(), an?.IsCarriedOver ?? false, an?.Revision ?? 0);
        }).ToList();
        TotalIndicators = all.Count;

        Domains = indicators.GroupBy(i => i.DomainCode).Select(g =>
        {
            var rows = all.Where(r => r.DomainCode == g.Key).ToList();
            // A carried-over answer is a draft: not counted as answered until confirmed or changed.
            return new DomainProgress(g.Key, g.First().DomainTitle, rows.Count, rows.Count(r => r.Status is not null && !r.IsCarriedOver),
                rows.Count(r => r.Status is not null && r.EvidenceCount > 0), rows.Count(r => r.IsValidated));
        }).ToList();

        DomainOptions = indicators.DistinctBy(i => i.DomainCode).Select(i => new Option(i.DomainCode, $"{i.DomainCode} · {Text(i.DomainTitle)}")).ToList();
        AreaOptions = indicators.Where(i => Domain is null || i.DomainCode == Domain).DistinctBy(i => i.AreaCode)
            .Select(i => new Option(i.AreaCode, $"{i.AreaCode} · {Text(i.AreaTitle)}")).ToList();

        var institutionIds = assignments.Select(x => x.InstitutionId).Distinct().ToList();
        var focal = await db.FocalPoints.AsNoTracking().Where(f => f.AssessmentId == a.Id)
            .Select(f => new { f.InstitutionId, Person = f.User != null ? f.User.DisplayName : f.ContactName }).ToListAsync(ct);
        institutionIds = institutionIds.Union(focal.Select(f => f.InstitutionId)).ToList();
        InstitutionNames = await db.Institutions.AsNoTracking().Where(i => institutionIds.Contains(i.Id))
            .ToDictionaryAsync(i => i.Id, i => i.Name, ct);
        InstitutionOptions = InstitutionNames.Select(kv => new Option(kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), Text(kv.Value)))
            .OrderBy(o => o.Label, StringComparer.Create(lang.Culture, true)).ToList();
        FocalPoints = institutionIds.Select(id => new FocalRow(id, InstitutionNames[id], focal.FirstOrDefault(f => f.InstitutionId == id)?.Person,
                all.Count(r => r.Institutions.Contains(id)), all.Count(r => r.Institutions.Contains(id) && r.Status is not null)))
            .OrderBy(f => Text(f.Institution), StringComparer.Create(lang.Culture, true)).ToList();

        (NextStage, Blockers) = await stages.NextMoveAsync(a.Id, a.Stage, ct);
        BlockerGroups = Blockers.GroupBy(b => b.Code).Select(g => new BlockerGroup(g.Key, g.ToList(),
            IndicatorKinds.Contains(g.Key) && g.Any(b => !b.Item.Contains(':', StringComparison.Ordinal))
                ? $"/assessments/{a.Id}?blocked={Uri.EscapeDataString(g.Key)}#indicators"
                : null)).ToList();
        var blockedCodes = Blocked is null ? null : Blockers.Where(b => b.Code == Blocked).Select(b => b.Item).ToHashSet(StringComparer.Ordinal);

        Indicators = all.Where(r =>
                (blockedCodes is null || blockedCodes.Contains(r.Code)) &&
                (Domain is null || r.DomainCode == Domain)
                && (Area is null || r.AreaCode == Area)
                && (Institution is null || r.Institutions.Contains(Institution.Value))
                && (Competence is null || r.Competence.ToString() == Competence)
                && (Status is null || Status switch
                {
                    "none" => r.Status is null,
                    "carried" => r.IsCarriedOver,
                    _ => r.Status?.ToString() == Status,
                }))
            .ToList();

        CarriedOver = all.Count(r => r.IsCarriedOver);
        Rounds = await rounds.RoundsAsync(current.Actor, a.Id, ct);
        MayStartNextRound = current.Standing.IsManager && !IsWithdrawn && Access.IsPublicStage(a.Stage)
            && !await db.Assessments.AnyAsync(x => x.PreviousRoundId == a.Id && x.WithdrawnAt == null, ct);
        OpenReviewPoints = await db.ReviewPoints.CountAsync(p => p.AssessmentId == a.Id && p.Resolution == null, ct);

        var standing = current.Standing;
        MayMoveForward = StageMachine.Forward(a.Stage) is { } forward && StageMachine.MayMake(forward, standing);
        OtherMoves = StageMachine.MovesFrom(a.Stage).Where(t => t.Kind != StageEventKind.Forward && StageMachine.MayMake(t, standing)).ToList();
        Profile = await ProfileOfferAsync(a, ct);
        Version = a.Version;
        ContextEs = a.Context.Es;
        ContextEn = a.Context.En;
        History = (await db.StageEvents.AsNoTracking().Where(e => e.AssessmentId == a.Id).OrderByDescending(e => e.At).Take(8)
                .Select(e => new { Event = e, By = e.By != null ? e.By.DisplayName : null }).ToListAsync(ct))
            .Select(x => (x.Event, x.By)).ToList();
    }

    private async Task<ProfileOffer> ProfileOfferAsync(Assessment a, CancellationToken ct)
    {
        if (Access.IsPublicStage(a.Stage))
        {
            return ProfileOffer.Published;
        }

        // A public reader only reaches published assessments; the draft is for the people in scope,
        // the same rule the profile API applies to the links below.
        if (a.Stage < Stage.Drafting || current.Standing.IsPublicReader)
        {
            return ProfileOffer.None;
        }

        return await profiles.HasKnownAnswerAsync(a.Id, ct) ? ProfileOffer.Draft : ProfileOffer.NoAnswers;
    }

    private string Text(LocalizedText t) => t.Resolve(lang.Current)?.Text ?? "";
}
