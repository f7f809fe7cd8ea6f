using Faro.Assessments;
using Faro.Catalogue;
using Faro.Data;
using Faro.Web.Localization;
using Faro.Workflow;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Indicators;

/// One indicator of one assessment: the question and its guidance, the answer (editable by the
/// team and by the focal point of an assigned institution while the stage allows), evidence,
/// comments, revision history and the previous round's answer.
public sealed partial class IndicatorModel(FaroDb db, CurrentAssessment current, UiLanguage lang) : PageModel
{
    public sealed record EvidenceRow(int Id, LocalizedText Title, EvidenceType Type, string? IssuingBody, DateOnly? IssuedOn, string? Url,
        string? FileName, long? FileSize, bool IsPublic);

    public sealed record CommentRow(int Id, string? Author, string Text, CommentVisibility Visibility, DateTime At);

    public sealed record RevisionRow(int Revision, AnswerStatus? Status, string? By, DateTime At, string? Source);

    public sealed record PreviousAnswer(int AssessmentId, int Round, AnswerStatus? Status, LocalizedText Narrative);

    public sealed record ReviewRow(int Id, LocalizedText Finding, bool IsOpen);

    public sealed record Neighbour(string Code, LocalizedText Text);

    public CurrentAssessment Current => current;
    public Indicator Indicator { get; private set; } = null!;
    public Answer? Answer { get; private set; }
    public List<EvidenceRow> Library { get; private set; } = [];
    public Dictionary<int, string?> Linked { get; private set; } = [];
    public List<(int Id, LocalizedText Name)> Institutions { get; private set; } = [];
    public List<LocalizedText> AssignedTo { get; private set; } = [];
    public List<CommentRow> Comments { get; private set; } = [];
    public List<RevisionRow> Revisions { get; private set; } = [];
    public List<ReviewRow> ReviewPoints { get; private set; } = [];
    public List<(DateOnly Date, string Text)> Decisions { get; private set; } = [];
    public PreviousAnswer? Previous { get; private set; }
    public Neighbour? Prev { get; private set; }
    public Neighbour? Next { get; private set; }

    /// The caller may write this answer (role, scope, assignment) and the stage allows answers.
    public bool MayEditAnswer { get; private set; }
    /// The stage allows only the narratives and evidence (drafting).
    public bool NarrativeOnly { get; private set; }
    public bool MayComment => Current.Standing.IsTeam || Current.Standing.IsFocalPoint || Current.Standing.IsNationalReviewer;
    public bool SeesInternal => Current.Standing.IsTeam;

    // The form, as posted (or as stored on GET). Strings, so that a bad value is reported in the
    // user's language instead of failing model binding.
    [BindProperty] public string? Status { get; set; }
    [BindProperty] public string? NarrativeEs { get; set; }
    [BindProperty] public string? NarrativeEn { get; set; }
    [BindProperty] public string? ResponsibleInstitution { get; set; }
    [BindProperty] public List<int> EvidenceIds { get; set; } = [];
    [BindProperty] public Dictionary<int, string?> Sections { get; set; } = [];
    [BindProperty] public int Revision { get; set; }

    /// Set when a save was refused as stale: the answer someone else stored meanwhile.
    public Answer? Theirs { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }

        FillFormFromStored();
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

        var showPrivate = current.Standing.IsTeam || current.Standing.IsFocalPoint;
        Library = await db.Evidence.AsNoTracking().Where(e => e.AssessmentId == a.Id && (showPrivate || e.IsPublic))
            .OrderBy(e => e.Id)
            .Select(e => new EvidenceRow(e.Id, e.Title, e.Type, e.IssuingBody, e.IssuedOn, e.Url, e.FileName, e.FileSize, e.IsPublic))
            .ToListAsync(ct);

        Institutions = (await db.Institutions.AsNoTracking()
                .Where(i => i.CountryId == a.CountryId && (i.JurisdictionId == null || i.JurisdictionId == a.JurisdictionId))
                .Select(i => new { i.Id, i.Name }).ToListAsync(ct))
            .Select(i => (i.Id, i.Name))
            .OrderBy(i => i.Name.Resolve(lang.Current)?.Text, StringComparer.Create(lang.Culture, true)).ToList();
        AssignedTo = await db.Assignments.AsNoTracking().Where(x => x.AssessmentId == a.Id && x.IndicatorId == indicator.Id)
            .Select(x => x.Institution!.Name).ToListAsync(ct);

        var shared = CommentVisibility.Shared;
        Comments = await db.Comments.AsNoTracking()
            .Where(c => c.AssessmentId == a.Id && c.IndicatorId == indicator.Id && (SeesInternal || c.Visibility == shared))
            .OrderBy(c => c.At)
            .Select(c => new CommentRow(c.Id, c.Author != null ? c.Author.DisplayName : null, c.Text, c.Visibility, c.At))
            .ToListAsync(ct);

        if (Answer is not null)
        {
            Revisions = await db.AnswerRevisions.AsNoTracking().Where(r => r.AnswerId == Answer.Id)
                .OrderByDescending(r => r.Revision)
                .Select(r => new RevisionRow(r.Revision, r.Status, db.Users.Where(u => u.Id == r.ById).Select(u => u.DisplayName).FirstOrDefault(), r.At, r.Source))
                .ToListAsync(ct);
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

        var writer = current.Standing.MayWriteAnswer(indicator.Id);
        MayEditAnswer = writer && a.Stage is Stage.DataCollection or Stage.Validation;
        NarrativeOnly = writer && a.Stage is Stage.Drafting;
        return true;
    }
}
