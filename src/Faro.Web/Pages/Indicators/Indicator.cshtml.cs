using Faro.Assessments;
using Faro.People;
using Faro.Web.Localization;
using Faro.Workflow;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Faro.Web.Pages.Indicators;

/// One indicator of one assessment: the question and its guidance, the answer (editable by the
/// team and by the focal point of an assigned institution while the stage allows), evidence,
/// comments, revision history and the previous round's answer. The page model holds the form; what
/// the page shows around it is read by `IndicatorViews`, and only when the page is shown: a write
/// goes first and redirects, and the page is read only after a refused one.
public sealed class IndicatorModel(CurrentAssessment current, UiLanguage lang, AnswerService answers, EvidenceService evidence,
    CommentService comments, IndicatorViews views) : PageModel
{
    public CurrentAssessment Current => current;
    public IndicatorPageView View { get; private set; } = null!;
    public SourceChoices Sources { get; private set; } = new([], [], 0, 0, 1);
    public const int SourcePageSize = 10;
    [BindProperty(SupportsGet = true, Name = "q")] public string? SourceQuery { get; set; }
    [BindProperty(SupportsGet = true, Name = "sources-page")] public int SourcePage { get; set; } = 1;
    public bool FoundHasNext => SourcePage * SourcePageSize < Sources.FoundTotal;
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
        AnswerStatus? status = null;
        if (Status is not null)
        {
            if (EnumCodes.TryParse<AnswerStatus>(Status, out var parsed))
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
            return await ShowAsync(code, ct);
        }

        // A source typed below the answer goes in with it: the main save button never drops it. If
        // the source is refused, the answer is not saved either and the page says both.
        var withSource = false;
        if (HasNewSource)
        {
            if (await AddSourceAsync(ct) is not { } created)
            {
                ModelState.AddModelError(string.Empty, lang["indicator.source_refused_not_saved"]);
                return await ShowAsync(code, ct);
            }

            EvidenceIds.Add(created.Id);
            ClearEvidenceForm();
            Notice = "evidence.added";
            withSource = true;
        }

        var links = EvidenceIds.Distinct().Select(id => new EvidenceLink(id, Sections.GetValueOrDefault(id) is { Length: > 0 } s ? s.Trim() : null)).ToList();
        var input = new AnswerInput(status?.ToCode(), NarrativeEn, NarrativeEs, institution, links);
        return await this.WriteOrReshowAsync(lang, async () =>
        {
            try
            {
                await answers.SaveAsync(current.Actor, current.Id, code, input, Revision, source: "web", ct);
            }
            catch (StaleAnswerException e)
            {
                Theirs = await views.OtherVersionAsync(current.Standing, e.Current, EvidenceIds, ct);
                // The next save replaces the version the user has now seen.
                Revision = e.Current.Revision;
                ModelState.Remove(nameof(Revision));
                // 200, not 409: the page is a normal answer for the browser (the conflict is its content).
                return null;
            }

            TempData["Saved"] = withSource ? "indicator.saved_with_source" : "indicator.saved";
            var holes = SaveWarnings(status, links.Count, NarrativeEs, NarrativeEn);
            if (holes.Count > 0)
            {
                TempData["SaveWarnings"] = string.Join(',', holes);
            }

            return RedirectToPage(new { assessmentId = current.Id, code });
        }, () => ShowAsync(code, ct), AnswerFields);
    }

    /// Saved with holes: say now what the validation gate will ask for (StageMachine's gate: every
    /// indicator answered, Yes/Partial backed by evidence) instead of a bare "saved".
    private static List<string> SaveWarnings(AnswerStatus? status, int sources, string? narrativeEs, string? narrativeEn)
    {
        if (status is null)
        {
            return ["indicator.warn_no_status"];
        }

        var holes = new List<string>();
        if (status is AnswerStatus.Yes or AnswerStatus.Partial)
        {
            if (sources == 0)
            {
                holes.Add("indicator.warn_no_evidence");
            }

            if (string.IsNullOrWhiteSpace(narrativeEs) && string.IsNullOrWhiteSpace(narrativeEn))
            {
                holes.Add("indicator.warn_no_narrative");
            }
        }

        return holes;
    }

    [BindProperty] public int ConfirmRevision { get; set; }

    /// Keeps an answer carried over from the last round as it is: it counts from now on.
    public Task<IActionResult> OnPostConfirmAsync(string code, CancellationToken ct) => this.WriteOrReshowAsync(lang, async () =>
    {
        await answers.ConfirmAsync(current.Actor, current.Id, code, ConfirmRevision, "form", ct);
        TempData["Notice"] = "carried.confirmed";
        return Redirect($"/assessments/{current.Id}/indicators/{Uri.EscapeDataString(code)}");
    }, () => ShowStoredAsync(code, ct));

    /// Adds a source to the library (a link, a file or both) and ticks it in the form, which is
    /// shown again with everything the user typed; the answer itself is saved with "Save answer".
    public async Task<IActionResult> OnPostAddEvidenceAsync(string code, CancellationToken ct)
    {
        Sections = ReadSections();
        if (await AddSourceAsync(ct) is not { } created)
        {
            return await ShowAsync(code, ct);
        }

        EvidenceIds.Add(created.Id);
        // Post/redirect/get, so that a reload does not add the source again. The unsaved answer
        // form travels in TempData; if it is too large for the TempData cookie, the page is shown
        // directly instead (a reload then asks the browser to re-post), so typing is never lost
        // either way.
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
        return await ShowAsync(code, ct);
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
    private async Task<EvidenceView?> AddSourceAsync(CancellationToken ct)
    {
        if (EvidenceFile is null && string.IsNullOrWhiteSpace(EvidenceUrl))
        {
            ModelState.AddField("EvidenceUrl", lang, "evidence.url", "evidence.link_or_file");
            return null;
        }

        await using var stream = EvidenceFile?.OpenReadStream();
        return await this.TryWriteAsync(lang, () => evidence.CreateAsync(current.Actor, current.Id, new EvidenceInput(
            EvidenceTitleEn, EvidenceTitleEs, EvidenceType, EvidenceIssuer, null, EvidenceUrl, !EvidencePrivate),
            EvidenceFile is { } upload ? new EvidenceUpload(upload.FileName, upload.Length, stream!) : null, ct), EvidenceFields);
    }

    public Task<IActionResult> OnPostCommentAsync(string code, CancellationToken ct) => this.WriteOrReshowAsync(lang, async () =>
    {
        await comments.AddAsync(current.Actor, current.Id, code, CommentText, SeesInternal ? CommentVisibility : "shared", ct);
        TempData["Saved"] = "comments.added";
        return Redirect($"/assessments/{current.Id}/indicators/{Uri.EscapeDataString(code)}#comments-title");
    }, () => ShowStoredAsync(code, ct), CommentFields);

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
        if (await ShowStoredAsync(code, ct) is not PageResult page)
        {
            return NotFound();
        }

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
        return page;
    }

    /// Search-as-you-type: the same result list as the plain GET search (`?q=`), as a fragment.
    public async Task<IActionResult> OnGetSourcesAsync(string code, CancellationToken ct)
    {
        if (await ShowStoredAsync(code, ct) is not PageResult)
        {
            return NotFound();
        }

        await LoadSourcesAsync(ct);
        return Partial("_SourceResults", this);
    }

    /// The page with the form as posted (a refused write keeps the user's typing).
    private async Task<IActionResult> ShowAsync(string code, CancellationToken ct)
    {
        if (await views.PageAsync(current.Standing, current.Assessment, code, lang.Current, ct) is not { } view)
        {
            return NotFound();
        }

        View = view;
        return Page();
    }

    /// The page with the form as stored (a GET, or a refused write that is not the answer form's).
    private async Task<IActionResult> ShowStoredAsync(string code, CancellationToken ct)
    {
        var shown = await ShowAsync(code, ct);
        if (shown is PageResult)
        {
            var answer = View.Answer;
            Status = answer?.Status?.ToCode();
            NarrativeEs = answer?.Narrative.Es;
            NarrativeEn = answer?.Narrative.En;
            ResponsibleInstitution = answer?.ResponsibleInstitutionId?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            EvidenceIds = View.Linked.Keys.ToList();
            Sections = View.Linked.ToDictionary();
            Revision = answer?.Revision ?? 0;
        }

        return shown;
    }

    /// Every handler that shows the page ends here: the sources are read once the form's ticks are
    /// final (a draft from TempData, a source just added), whichever way the handler got there.
    public override async Task OnPageHandlerExecutionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context,
        Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Result is PageResult && View is not null)
        {
            await LoadSourcesAsync(HttpContext.RequestAborted);
        }
    }

    private async Task LoadSourcesAsync(CancellationToken ct)
    {
        Sources = await views.SourcesAsync(current.Standing, View.Linked.Keys.Concat(EvidenceIds), SourceQuery, SourceTypes.Named(lang, SourceQuery),
            SourcePage, SourcePageSize, ct);
        SourcePage = Sources.Page;
    }
}
