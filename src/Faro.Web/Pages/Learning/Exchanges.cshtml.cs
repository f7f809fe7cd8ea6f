using Faro.Learning;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Faro.Web.Pages.Learning;

/// The exchange requests in and out of one assessment: asked from the peers page, answered here by
/// a coordinator of either country, withdrawn here by the requester. Plain forms, antiforgery
/// checked by Razor Pages on every post.
public sealed class ExchangesModel(PeerExchangeService exchanges, UiLanguage ui) : LearningPage
{
    [BindProperty(SupportsGet = true)] public int AssessmentId { get; set; }

    [BindProperty] public int? PeerAssessmentId { get; set; }
    [BindProperty] public string? IndicatorCode { get; set; }
    [BindProperty] public string? Message { get; set; }
    [BindProperty] public int RequestId { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public ExchangeRequestPage? Listing { get; private set; }
    public IReadOnlyList<ExchangeRequestView> Requests => Listing?.Items ?? [];
    public string? Done { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        GuardedAsync(async actor => Listing = await exchanges.ListAsync(actor, AssessmentId, ui.Current, PageNumber, ct), ui.Current);

    public Task<IActionResult> OnPostRequestAsync(CancellationToken ct) =>
        Then(actor => exchanges.RequestAsync(actor, AssessmentId, new ExchangeRequestInput(PeerAssessmentId, IndicatorCode, Message), ui.Current, ct),
            "learning.exchange_sent", ct);

    public Task<IActionResult> OnPostAcceptAsync(CancellationToken ct) =>
        Then(actor => exchanges.AcceptAsync(actor, RequestId, new ExchangeAnswerInput(Note), ui.Current, ct), "learning.exchange_accepted", ct);

    public Task<IActionResult> OnPostDeclineAsync(CancellationToken ct) =>
        Then(actor => exchanges.DeclineAsync(actor, RequestId, new ExchangeAnswerInput(Note), ui.Current, ct), "learning.exchange_declined", ct);

    public Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct) =>
        Then(actor => exchanges.WithdrawAsync(actor, RequestId, ui.Current, ct), "learning.exchange_withdrawn", ct);

    /// Does the write, then shows the list again (also after a refusal, with the error above it).
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
                Listing = await exchanges.ListAsync(actor, AssessmentId, ui.Current, PageNumber, ct);
            }
        }, ui.Current);
}
