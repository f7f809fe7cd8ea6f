using System.Threading.RateLimiting;

namespace Faro.Web.Account;

/// Rate limits for password and code checks, per client address and per account, on top of
/// Identity's lockout (5 failures lock an account for 15 minutes). The address limit slows one
/// machine guessing many accounts; the account limit slows many machines guessing one. The form
/// is read by the page, so the limiters are called there rather than by the middleware, which
/// cannot see the submitted e-mail. Limits: `Faro:SignIn:PerAddressPerMinute` (30) and
/// `Faro:SignIn:PerAccountPerMinute` (10).
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> perAddress;
    private readonly PartitionedRateLimiter<string> perAccount;

    public SignInThrottle(IConfiguration configuration)
    {
        perAddress = Limiter(configuration.GetValue("Faro:SignIn:PerAddressPerMinute", 30));
        perAccount = Limiter(configuration.GetValue("Faro:SignIn:PerAccountPerMinute", 10));
    }

    /// True when this attempt may go ahead; every attempt counts, successful or not.
    public bool TryAttempt(HttpContext context, string? account)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var address = perAddress.AttemptAcquire(context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        if (!address.IsAcquired)
        {
            return false;
        }

        using var user = perAccount.AttemptAcquire((account ?? "").Trim().ToUpperInvariant());
        return user.IsAcquired;
    }

    public void Dispose()
    {
        perAddress.Dispose();
        perAccount.Dispose();
    }

    private static PartitionedRateLimiter<string> Limiter(int perMinute) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, perMinute),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));
}
