using Faro.Data;
using Faro.FollowUp;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.Learning;

/// The follow-up action plan of one assessment: list, add from the proposals (gaps no action
/// covers), edit, close (status done) and remove. Plain forms; the service checks role, stage and
/// input, and audits every change.
public sealed class ActionsModel(ActionPlanService plan, FaroDb db, Faro.People.Access access, UiLanguage ui) : LearningPage
{
    [BindProperty(SupportsGet = true)] public int AssessmentId { get; set; }

    [BindProperty] public int ActionId { get; set; }
    [BindProperty] public string? IndicatorCode { get; set; }
    [BindProperty] public string? TextEn { get; set; }
    [BindProperty] public string? TextEs { get; set; }
    [BindProperty] public int? OwnerInstitutionId { get; set; }
    [BindProperty] public DateOnly? DueOn { get; set; }
    [BindProperty] public string? Status { get; set; }
    [BindProperty] public string? ProgressNotes { get; set; }

    public IReadOnlyList<ActionView> Actions { get; private set; } = [];
    public IReadOnlyList<string> Proposals { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Institutions { get; private set; } = [];
    public string? Done { get; private set; }

    /// The team writes the plan; everyone else who may read it (it is public once published) reads it.
    public bool MayWrite { get; private set; }

    public static readonly string[] Statuses = ["planned", "in-progress", "done", "dropped"];

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => GuardedAsync(actor => LoadAsync(actor, ct), ui.Current);

    public Task<IActionResult> OnPostCreateAsync(CancellationToken ct) =>
        Then(actor => plan.CreateAsync(actor, AssessmentId, Input(), ct), "learning.action_saved", ct);

    public Task<IActionResult> OnPostUpdateAsync(CancellationToken ct) =>
        Then(actor => plan.UpdateAsync(actor, AssessmentId, ActionId, Input(), ct), "learning.action_saved", ct);

    public Task<IActionResult> OnPostCloseAsync(CancellationToken ct) =>
        Then(async actor =>
        {
            var current = (await plan.ListAsync(actor, AssessmentId, ct)).FirstOrDefault(a => a.Id == ActionId) ?? throw RefusedException.NotFound("action");
            await plan.UpdateAsync(actor, AssessmentId, ActionId, new ActionInput(null, current.Action.En, current.Action.Es, current.OwnerInstitutionId,
                current.DueOn, "done", current.ProgressNotes), ct);
        }, "learning.action_closed", ct);

    public Task<IActionResult> OnPostRemoveAsync(CancellationToken ct) =>
        Then(actor => plan.RemoveAsync(actor, AssessmentId, ActionId, ct), "learning.action_removed", ct);

    private ActionInput Input() => new(IndicatorCode, TextEn, TextEs, OwnerInstitutionId, DueOn, Status, ProgressNotes);

    private async Task LoadAsync(Faro.People.Actor actor, CancellationToken ct)
    {
        Actions = await plan.ListAsync(actor, AssessmentId, ct);
        MayWrite = (await access.AssessmentAsync(actor, AssessmentId, ct)).May(Faro.People.Permission.WriteContent);
        Proposals = await plan.ProposalsAsync(actor, AssessmentId, ct);
        var countryId = await db.Assessments.Where(a => a.Id == AssessmentId).Select(a => a.CountryId).FirstAsync(ct);
        var rows = await db.Institutions.AsNoTracking()
            .Where(i => i.CountryId == countryId && (i.IsActive || db.Actions.Any(x => x.AssessmentId == AssessmentId && x.OwnerInstitutionId == i.Id))).Select(i => new { i.Id, i.Name }).ToListAsync(ct);
        Institutions = rows.Select(r => (r.Id, r.Name.Resolve(ui.Current)?.Text ?? "")).OrderBy(r => r.Item2, StringComparer.Create(ui.Culture, true)).ToList();
    }

    private Task<IActionResult> Then(Func<Faro.People.Actor, Task> write, string doneKey, CancellationToken ct) =>
        GuardedAsync(async actor =>
        {
            try
            {
                await write(actor);
                Done = doneKey;
            }
            finally
            {
                await LoadAsync(actor, ct);
            }
        }, ui.Current);
}
