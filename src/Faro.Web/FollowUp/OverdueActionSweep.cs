using Faro.FollowUp;
using Faro.Notifications;

namespace Faro.Web.FollowUp;

/// Once an hour (and at start), announces newly overdue actions in the coordinators' inboxes.
public sealed class OverdueActionSweep(IServiceScopeFactory scopes, ILogger<OverdueActionSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ActionPlanService>()
                    .NotifyOverdueAsync(scope.ServiceProvider.GetRequiredService<Notifier>(), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Announcing overdue actions failed; will try again.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
