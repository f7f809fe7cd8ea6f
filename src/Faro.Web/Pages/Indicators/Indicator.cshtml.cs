using Faro.Assessments;
using Faro.Catalogue;
using Faro.Data;
using Faro.People;
using Faro.Web.Localization;
using Faro.Workflow;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Indicators;

/// One indicator of one assessment: the question and its guidance, the answer (editable by the
/// team and by the focal point of an assigned institution while the stage allows), evidence,
/// comments, revision history and the previous round's answer.
public sealed partial class IndicatorModel(FaroDb db, Access access, CurrentAssessment current, UiLanguage lang, AnswerService answers,
    EvidenceService evidence, CommentService comments, AnswerHistory history) : PageModel
{
    public sealed record EvidenceRow(int Id, LocalizedText Title, EvidenceType Type, string? IssuingBody, DateOnly? IssuedOn, string? Url,
        string? FileName, long? FileSize, bool IsPublic);

    public sealed record CommentRow(int Id, string? Author, string Text, CommentVisibility Visibility, DateTime At);

    public sealed record PreviousAnswer(int AssessmentId, int Round, AnswerStatus? Status, LocalizedText Narrative);

    public sealed record ReviewRow(int Id, LocalizedText Finding, bool IsOpen);

    public sealed record Neighbour(string Code, LocalizedText Text);

    public CurrentAssessment Current => current;
    public Indicator Indicator { get; private set; } = null!;
    public Answer? Answer { get; private set; }
    /// The sources on the form first: those this answer cites, and those ticked in the form as
    /// posted (a re-shown form keeps its ticks). Retired sources appear only here.
    public List<EvidenceRow> Chosen { get; private set; } = [];
    /// One page of the library search below them (never the sources already in `Chosen`), so a
    /// library of hundreds never swamps the form.
    public List<EvidenceRow> Found { get; private set; } = [];
    public int FoundTotal { get; private set; }
    public int LibraryTotal { get; private set; }
    public const int SourcePageSize = 10;
    [BindProperty(SupportsGet = true, Name = "q")] public string? SourceQuery { get; set; }
    [BindProperty(SupportsGet = true, Name = "sources-page")] public int SourcePage { get; set; } = 1;
    public bool FoundHasNext => SourcePage * SourcePageSize < FoundTotal;
    public Dictionary<int, string?> Linked { get; private set; } = [];
    public List<(int Id, LocalizedText Name)> Institutions { get; private set; } = [];
    public List<LocalizedText> AssignedTo { get; private set; } = [];
    public List<CommentRow> Comments { get; private set; } = [];
    /// The latest revisions with what each changed; the rest on the history page.
    public RevisionPage Revisions { get; private set; } = new("", 0, [], null);
    public const int RecentRevisions = 5;
    public List<ReviewRow> ReviewPoints { get; private set; } = [];
    public List<(DateOnly Date, string Text)> Decisions { get; private set; } = [];
    public PreviousAnswer? Previous { get; private set; }
    public Neighbour? Prev { get; private set; }
    public Neighbour? Next { get; private set; }
    /// The next indicator the caller answers (for a focal point, the next one assigned to them).
    public Neighbour? NextAssigned { get; private set; }

    /// The caller may write this answer (role, scope, assignment) and the stage allows answers.
    public bool MayEditAnswer { get; private set; }
    /// The stage allows only the narratives and evidence (drafting).
    public bool NarrativeOnly { get; private set; }
    public bool MayComment => Current.Standing.May(Permission.Comment) && StageMachine.IsEditable(Current.Stage, Edit.Comment);
    public bool SeesInternal => Current.Standing.May(Permission.ReadInternal);

    // The form, as posted (or as stored on GET). Strings, so that a bad value is reported in the
    // user's language instead of failing model binding.
    [BindProperty] public string? Status { get; set; }
    [BindProperty] public string? NarrativeEs { get; set; }
    [BindProperty] public string? NarrativeEn { get; set; }
    [BindProperty] public string? ResponsibleInstitution { get; set; }
    [BindProperty] public List<int> EvidenceIds { get; set; } = [];
    /// The article or section per ticked source; read from the form's `section-{id}` fields by hand,
    /// because a bound dictionary would fall back to reading every form field as a key.
    public Dictionary<int, string?> Sections { get; set; } = [];
    [BindProperty] public int Revision { get; set; }

    // The "add a source" part of the same form: one form, so that adding a source never loses
    // the typing in the answer above it.
    [BindProperty] public string? EvidenceTitleEs { get; set; }
    [BindProperty] public string? EvidenceTitleEn { get; set; }
    [BindProperty] public string? EvidenceType { get; set; }
    [BindProperty] public string? EvidenceIssuer { get; set; }
    [BindProperty] public string? EvidenceUrl { get; set; }
    [BindProperty] public IFormFile? EvidenceFile { get; set; }
    [BindProperty] public bool EvidencePrivate { get; set; }
    [BindProperty] public string? CommentText { get; set; }
    [BindProperty] public string? CommentVisibility { get; set; }

    /// The version someone else saved meanwhile: who and when, and the sources that differ from the
    /// ones ticked in the form (only sources the caller may see are named).
    public sealed record OtherVersion(int Revision, AnswerStatus? Status, string? NarrativeEs, string? NarrativeEn, int? ResponsibleInstitutionId,
        string? By, DateTime? At, IReadOnlyList<SourceRef> OnlyTheirs, IReadOnlyList<SourceRef> OnlyMine);

    /// Set when a save was refused as stale: the answer someone else stored meanwhile.
    public OtherVersion? Theirs { get; private set; }

    /// A note after a write that re-renders the form (a source added, not yet saved with the answer).
    public string? Notice { get; private set; }

    private static readonly Dictionary<string, (string, string)> AnswerFields = new()
    {
        ["status"] = ("Status", "indicator.status_question"),
        ["narrativeEs"] = ("NarrativeEs", "indicator.narrative_es"),
        ["narrativeEn"] = ("NarrativeEn", "indicator.narrative_en"),
        ["responsibleInstitutionId"] = ("ResponsibleInstitution", "indicator.responsible"),
        ["evidence"] = ("EvidenceIds", "indicator.evidence_from_library"),
    };

    private static readonly Dictionary<string, (string, string)> EvidenceFields = new()
    {
        ["titleEs"] = ("EvidenceTitleEs", "evidence.title_es"),
        ["titleEn"] = ("EvidenceTitleEn", "evidence.title_en"),
        ["type"] = ("EvidenceType", "evidence.type"),
        ["issuingBody"] = ("EvidenceIssuer", "evidence.issuer"),
        ["url"] = ("EvidenceUrl", "evidence.url"),
        ["file"] = ("EvidenceFile", "evidence.file"),
    };

    private static readonly Dictionary<string, (string, string)> CommentFields = new()
    {
        ["text"] = ("CommentText", "comments.add"),
        ["visibility"] = ("CommentText", "comments.visibility"),
    };

    /// Saves the whole answer with the revision the form was read at. A stale save stores nothing
    /// and shows both versions; the user's typing stays in the form.
    public async Task<IActionResult> OnPostSaveAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }

        AnswerStatus? status = null;
        if (Status is not null)
        {
            if (Enum.TryParse<AnswerStatus>(Status, out var parsed) && Enum.IsDefined(parsed))
            {
                status = parsed;
            }
            else
            {
                ModelState.AddField("Status", lang, "indicator.status_question", "form.bad_choice");
            }
        }

        int? institution = null;
        if (!string.IsNullOrEmpty(ResponsibleInstitution))
        {
            if (int.TryParse(ResponsibleInstitution, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                institution = id;
            }
            else
            {
                ModelState.AddField("ResponsibleInstitution", lang, "indicator.responsible", "form.bad_choice");
            }
        }

        Sections = ReadSections();
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // A source typed below the answer goes in with it: the main save button never drops it. If
        // the source is refused, the answer is not saved either and the page says both.
        var withSource = false;
        if (HasNewSource)
        {
            if (await AddSourceAsync(code, ct) is not { } created)
            {
                ModelState.AddModelError(string.Empty, lang["indicator.source_refused_not_saved"]);
                return Page();
            }

            EvidenceIds.Add(created);
            ClearEvidenceForm();
            Notice = "evidence.added";
            withSource = true;
        }

        var links = EvidenceIds.Distinct().Select(id => new EvidenceLink(id, Sections.GetValueOrDefault(id) is { Length: > 0 } s ? s.Trim() : null)).ToList();
        var input = new AnswerInput(status?.ToCode(), NarrativeEn, NarrativeEs, institution, links);
        try
        {
            await answers.SaveAsync(current.Actor, current.Id, code, input, Revision, source: "web", ct);
        }
        catch (StaleAnswerException e)
        {
            var c = e.Current;
            var by = c.UpdatedById is { } who ? await db.Users.AsNoTracking().Where(u => u.Id == who).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) : null;
            var (onlyMine, onlyTheirs) = await history.SourceDifferencesAsync(current.Standing, EvidenceIds, c.Evidence.Select(l => l.EvidenceId), ct);
            Theirs = new OtherVersion(c.Revision, EnumCodes.TryParse<AnswerStatus>(c.Status, out var s) ? s : null, c.NarrativeEs, c.NarrativeEn,
                c.ResponsibleInstitutionId, by, c.UpdatedAt, onlyTheirs, onlyMine);
            // The next save replaces the version the user has now seen.
            Revision = c.Revision;
            ModelState.Remove(nameof(Revision));
            await LoadAsync(code, ct);
            // 200, not 409: the page is a normal answer for the browser (the conflict is its content).
            return Page();
        }
        catch (InputRejectedException e)
        {
            ModelState.AddInput(e, lang, AnswerFields);
            return Page();
        }
        catch (RefusedException e) when (e.Kind != RefusalKind.NotFound)
        {
            ModelState.AddRefusal(e, lang);
            return Page();
        }

        TempData["Saved"] = withSource ? "indicator.saved_with_source" : "indicator.saved";
        // Saved with holes: say now what the validation gate will ask for (StageMachine's gate:
        // every indicator answered, Yes/Partial backed by evidence) instead of a bare "saved".
        var holes = new List<string>();
        if (status is null)
        {
            holes.Add("indicator.warn_no_status");
        }
        else if (status is AnswerStatus.Yes or AnswerStatus.Partial)
        {
            if (links.Count == 0)
            {
                holes.Add("indicator.warn_no_evidence");
            }

            if (string.IsNullOrWhiteSpace(NarrativeEs) && string.IsNullOrWhiteSpace(NarrativeEn))
            {
                holes.Add("indicator.warn_no_narrative");
            }
        }

        if (holes.Count > 0)
        {
            TempData["SaveWarnings"] = string.Join(',', holes);
        }

        return RedirectToPage(new { assessmentId = current.Id, code });
    }

    /// Adds a source to the library (a link, a file or both) and ticks it in the form, which is
    /// shown again with everything the user typed; the answer itself is saved with "Save answer".
    [BindProperty] public int ConfirmRevision { get; set; }

    /// Keeps an answer carried over from the last round as it is: it counts from now on.
    public async Task<IActionResult> OnPostConfirmAsync(string code, CancellationToken ct)
    {
        try
        {
            await answers.ConfirmAsync(current.Actor, current.Id, code, ConfirmRevision, "form", ct);
            TempData["Notice"] = "carried.confirmed";
            return Redirect($"/assessments/{current.Id}/indicators/{Uri.EscapeDataString(code)}");
        }
        catch (RefusedException e) when (e.Kind != RefusalKind.NotFound)
        {
            ModelState.AddRefusal(e, lang);
        }

        await LoadAsync(code, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAddEvidenceAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }

        Sections = ReadSections();
        if (await AddSourceAsync(code, ct) is { } created)
        {
            EvidenceIds.Add(created);
            // Post/redirect/get, so that a reload does not add the source again. The unsaved answer
            // form travels in TempData; if it is too large for the TempData cookie, the page is
            // shown directly instead (a reload then asks the browser to re-post), so typing is
            // never lost either way.
            var draft = System.Text.Json.JsonSerializer.Serialize(new AnswerDraft(Status, NarrativeEs, NarrativeEn, ResponsibleInstitution,
                EvidenceIds, Sections, Revision));
            if (draft.Length <= MaxDraftChars)
            {
                TempData["AnswerDraft"] = draft;
                TempData["Notice"] = "evidence.added";
                return RedirectToPage(new { assessmentId = current.Id, code });
            }

            Notice = "evidence.added";
            ClearEvidenceForm();
        }

        return Page();
    }

    /// The answer form as typed, carried across the redirect after "Add source".
    private sealed record AnswerDraft(string? Status, string? NarrativeEs, string? NarrativeEn, string? ResponsibleInstitution,
        List<int> EvidenceIds, Dictionary<int, string?> Sections, int Revision);

    /// TempData lives in a (chunked) cookie; beyond this the request headers would grow too large.
    private const int MaxDraftChars = 12_000;

    /// Something was typed or chosen in the "add a source" part of the form.
    private bool HasNewSource => EvidenceFile is not null || !string.IsNullOrWhiteSpace(EvidenceUrl) || !string.IsNullOrWhiteSpace(EvidenceTitleEs)
        || !string.IsNullOrWhiteSpace(EvidenceTitleEn) || !string.IsNullOrWhiteSpace(EvidenceIssuer);

    /// Creates the typed source through the evidence service's upload path (the one "Add source"
    /// uses); null with the refusal in ModelState when it is refused.
    private async Task<int?> AddSourceAsync(string code, CancellationToken ct)
    {
        try
        {
            if (EvidenceFile is null && string.IsNullOrWhiteSpace(EvidenceUrl))
            {
                ModelState.AddField("EvidenceUrl", lang, "evidence.url", "evidence.link_or_file");
                return null;
            }

            await using var stream = EvidenceFile?.OpenReadStream();
            var created = await evidence.CreateAsync(current.Actor, current.Id, new EvidenceInput(
                EvidenceTitleEn, EvidenceTitleEs, EvidenceType, EvidenceIssuer, null, EvidenceUrl, !EvidencePrivate),
                EvidenceFile is { } upload ? new EvidenceUpload(upload.FileName, upload.Length, stream!) : null, ct);
            await LoadAsync(code, ct);
            return created.Id;
        }
        catch (InputRejectedException e)
        {
            ModelState.AddInput(e, lang, EvidenceFields);
            return null;
        }
        catch (RefusedException e) when (e.Kind != RefusalKind.NotFound)
        {
            ModelState.AddRefusal(e, lang);
            return null;
        }
    }

    public async Task<IActionResult> OnPostCommentAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }

        try
        {
            await comments.AddAsync(current.Actor, current.Id, code, CommentText, SeesInternal ? CommentVisibility : "shared", ct);
        }
        catch (InputRejectedException e)
        {
            FillFormFromStored();
            ModelState.AddInput(e, lang, CommentFields);
            return Page();
        }
        catch (RefusedException e) when (e.Kind != RefusalKind.NotFound)
        {
            FillFormFromStored();
            ModelState.AddRefusal(e, lang);
            return Page();
        }

        TempData["Saved"] = "comments.added";
        return Redirect($"/assessments/{current.Id}/indicators/{Uri.EscapeDataString(code)}#comments-title");
    }

    private Dictionary<int, string?> ReadSections() => Request.Form.Keys
        .Where(k => k.StartsWith("section-", StringComparison.Ordinal))
        .Select(k => (Ok: int.TryParse(k["section-".Length..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id), Id: id, Value: (string?)Request.Form[k].ToString()))
        .Where(x => x.Ok)
        .ToDictionary(x => x.Id, x => x.Value);

    private void ClearEvidenceForm()
    {
        foreach (var key in new[] { nameof(EvidenceTitleEs), nameof(EvidenceTitleEn), nameof(EvidenceType), nameof(EvidenceIssuer), nameof(EvidenceUrl), nameof(EvidencePrivate) })
        {
            ModelState.Remove(key);
        }

        EvidenceTitleEs = EvidenceTitleEn = EvidenceType = EvidenceIssuer = EvidenceUrl = null;
        EvidencePrivate = false;
    }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }

        FillFormFromStored();
        if (TempData["AnswerDraft"] is string json && System.Text.Json.JsonSerializer.Deserialize<AnswerDraft>(json) is { } draft)
        {
            Status = draft.Status;
            NarrativeEs = draft.NarrativeEs;
            NarrativeEn = draft.NarrativeEn;
            ResponsibleInstitution = draft.ResponsibleInstitution;
            EvidenceIds = draft.EvidenceIds;
            Sections = draft.Sections;
            Revision = draft.Revision;
        }

        Notice = TempData["Notice"] as string;
        return Page();
    }

    private void FillFormFromStored()
    {
        Status = Answer?.Status?.ToString();
        NarrativeEs = Answer?.Narrative.Es;
        NarrativeEn = Answer?.Narrative.En;
        ResponsibleInstitution = Answer?.ResponsibleInstitutionId?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        EvidenceIds = Linked.Keys.ToList();
        Sections = Linked.ToDictionary();
        Revision = Answer?.Revision ?? 0;
    }

    /// Every handler that shows the page ends here: the sources are read once the form's ticks are
    /// final (a draft from TempData, a source just added), whichever way the handler got there.
    public override async Task OnPageHandlerExecutionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context,
        Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Result is PageResult && Indicator is not null)
        {
            await LoadSourcesAsync(HttpContext.RequestAborted);
        }
    }

    /// Search-as-you-type: the same result list as the plain GET search (`?q=`), as a fragment.
    public async Task<IActionResult> OnGetSourcesAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }

        FillFormFromStored();
        await LoadSourcesAsync(ct);
        return Partial("_SourceResults", this);
    }

    private async Task LoadSourcesAsync(CancellationToken ct)
    {
        // Visibility (private sources) by the caller's standing, through Access.
        var visible = access.VisibleEvidence(current.Standing).AsNoTracking();
        var chosenIds = Linked.Keys.Concat(EvidenceIds).Distinct().ToList();
        Chosen = await visible.Where(e => chosenIds.Contains(e.Id)).OrderBy(e => e.Id)
            .Select(e => new EvidenceRow(e.Id, e.Title, e.Type, e.IssuingBody, e.IssuedOn, e.Url, e.FileName, e.FileSize, e.IsPublic))
            .ToListAsync(ct);
        // Retired sources leave the choice list, but stay where this answer already cites them.
        var library = visible.Where(e => e.RetiredAt == null);
        LibraryTotal = await library.CountAsync(ct);
        var found = EvidenceSearch.Matching(library.Where(e => !chosenIds.Contains(e.Id)), SourceQuery, SourceTypes.Named(lang, SourceQuery));
        FoundTotal = await found.CountAsync(ct);
        SourcePage = Math.Clamp(SourcePage, 1, Math.Max(1, (FoundTotal + SourcePageSize - 1) / SourcePageSize));
        // Newest first: the source just added elsewhere is the one most likely wanted.
        Found = await found.OrderByDescending(e => e.Id).Skip((SourcePage - 1) * SourcePageSize).Take(SourcePageSize)
            .Select(e => new EvidenceRow(e.Id, e.Title, e.Type, e.IssuingBody, e.IssuedOn, e.Url, e.FileName, e.FileSize, e.IsPublic))
            .ToListAsync(ct);
    }

    private async Task<bool> LoadAsync(string code, CancellationToken ct)
    {
        var a = current.Assessment;
        var indicator = await db.Indicators.AsNoTracking().Include(i => i.Area).ThenInclude(x => x!.Domain)
            .FirstOrDefaultAsync(i => i.CatalogueId == a.CatalogueId && i.Code == code, ct);
        if (indicator is null)
        {
            return false;
        }

        Indicator = indicator;
        Answer = await db.Answers.AsNoTracking().Include(x => x.Evidence)
            .FirstOrDefaultAsync(x => x.AssessmentId == a.Id && x.IndicatorId == indicator.Id, ct);
        Linked = Answer?.Evidence.ToDictionary(e => e.EvidenceId, e => e.Section) ?? [];

        Institutions = (await AssessmentInstitutions.Choices(db, a).AsNoTracking()
                .Select(i => new { i.Id, i.Name }).ToListAsync(ct))
            .Select(i => (i.Id, i.Name))
            .OrderBy(i => i.Name.Resolve(lang.Current)?.Text, StringComparer.Create(lang.Culture, true)).ToList();
        AssignedTo = await db.Assignments.AsNoTracking().Where(x => x.AssessmentId == a.Id && x.IndicatorId == indicator.Id)
            .Select(x => x.Institution!.Name).ToListAsync(ct);

        var shared = Faro.Assessments.CommentVisibility.Shared;
        Comments = await db.Comments.AsNoTracking()
            .Where(c => c.AssessmentId == a.Id && c.IndicatorId == indicator.Id && (SeesInternal || c.Visibility == shared))
            .OrderBy(c => c.At)
            .Select(c => new CommentRow(c.Id, c.Author != null ? c.Author.DisplayName : null, c.Text, c.Visibility, c.At))
            .ToListAsync(ct);

        if (Answer is not null)
        {
            Revisions = await history.PageAsync(current.Standing, indicator.Code, Answer.Id, null, RecentRevisions, ct);
        }

        ReviewPoints = await db.ReviewPoints.AsNoTracking().Where(p => p.AssessmentId == a.Id && p.IndicatorId == indicator.Id)
            .OrderBy(p => p.RaisedAt).Select(p => new ReviewRow(p.Id, p.Finding, p.Resolution == null)).ToListAsync(ct);
        Decisions = (await db.WorkshopDecisions.AsNoTracking()
                .Where(d => d.IndicatorId == indicator.Id && db.Workshops.Any(w => w.Id == d.WorkshopId && w.AssessmentId == a.Id))
                .Select(d => new { Date = db.Workshops.Where(w => w.Id == d.WorkshopId).Select(w => w.Date).First(), d.Text })
                .ToListAsync(ct))
            .OrderBy(d => d.Date).Select(d => (d.Date, d.Text)).ToList();

        if (a.PreviousRoundId is { } previousId)
        {
            Previous = await db.Answers.AsNoTracking()
                .Where(x => x.AssessmentId == previousId && x.Indicator!.Code == indicator.Code)
                .Select(x => new PreviousAnswer(previousId, x.Assessment!.Round, x.Status, x.Narrative))
                .FirstOrDefaultAsync(ct);
        }

        var order = await db.Indicators.AsNoTracking().Where(i => i.CatalogueId == a.CatalogueId)
            .OrderBy(i => i.Area!.Domain!.Order).ThenBy(i => i.Area!.Order).ThenBy(i => i.Order)
            .Select(i => new Neighbour(i.Code, i.Text)).ToListAsync(ct);
        var index = order.FindIndex(n => n.Code == indicator.Code);
        Prev = index > 0 ? order[index - 1] : null;
        Next = index < order.Count - 1 ? order[index + 1] : null;
        // A focal point works through the indicators assigned to them: "next" skips the others.
        if (current.Standing is { IsTeam: false, IsFocalPoint: true } mine)
        {
            var ids = mine.AssignedIndicators.ToList();
            var assigned = await db.Indicators.AsNoTracking().Where(i => ids.Contains(i.Id)).Select(i => i.Code).ToListAsync(ct);
            NextAssigned = order.Skip(index + 1).FirstOrDefault(n => assigned.Contains(n.Code));
        }
        else
        {
            NextAssigned = Next;
        }

        var writer = current.Standing.MayWriteAnswer(indicator.Id);
        MayEditAnswer = writer && StageMachine.IsEditable(a.Stage, Edit.Answer);
        NarrativeOnly = writer && !MayEditAnswer && StageMachine.IsEditable(a.Stage, Edit.Narrative);
        return true;
    }
}
