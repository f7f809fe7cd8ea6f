using Faro.Data;
using Microsoft.EntityFrameworkCore;

namespace Faro.Demo;

public sealed record DemoAccount(string Email, string Password, string Role);

/// The demo data of the contract: La Chorrera (real, public facts only), Panama's national
/// assessment, and clearly fictional cities with complete answers in several stages.
public sealed partial class DemoSeeder(FaroDb db)
{
    /// True when nothing but the seed catalogue is in the database.
    public async Task<bool> IsDatabaseEmptyAsync(CancellationToken ct = default) =>
        !await db.Users.AnyAsync(ct) && !await db.Assessments.AnyAsync(ct) && !await db.Countries.AnyAsync(ct);
}
