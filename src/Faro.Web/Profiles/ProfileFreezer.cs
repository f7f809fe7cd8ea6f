using Faro.Profiles;

namespace Faro.Web.Profiles;

/// Freezes, in the background, published assessments that have no snapshot yet: those of an
/// installation upgraded from before snapshots, or the thousands `faro demo --synthetic` writes.
/// The portal lists only frozen profiles and never freezes inside a request (at N = 10,000 that
/// took minutes); a profile's own page still freezes its assessment on demand. At start, then
/// once a minute; one assessment at a time in a fresh scope, so requests keep the other core.
/// Every node sweeps: the order is random and the unique snapshot index settles a rare collision.
public sealed class ProfileFreezer(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<ProfileFreezer> logger) : BackgroundService
{
    private const int Batch = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Faro:FreezeInBackground", true))
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
        do
        {
            try
            {
                int frozen;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    frozen = await scope.ServiceProvider.GetRequiredService<ProfileService>().FreezeUnfrozenAsync(Batch, stoppingToken);
                    if (frozen > 0)
                    {
                        logger.LogInformation("Froze {Count} published profiles that had no snapshot.", frozen);
                    }
                }
                while (frozen > 0 && !stoppingToken.IsCancellationRequested);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Freezing published profiles failed; will try again.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
