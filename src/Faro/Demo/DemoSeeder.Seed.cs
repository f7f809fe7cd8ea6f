using Microsoft.EntityFrameworkCore;

namespace Faro.Demo;

public sealed partial class DemoSeeder
{
    public async Task<IReadOnlyList<DemoAccount>> SeedAsync(CancellationToken ct = default)
    {
        if (!await IsDatabaseEmptyAsync(ct))
        {
            throw new InputRejectedException("demo.not_empty", new InputError("database", "demo.not_empty",
                new LocalizedText("Demo data goes only into an empty database.", "Los datos de demostración solo se cargan en una base vacía.")));
        }

        return [];
    }

    public async Task<int> SeedSyntheticAsync(int count, CancellationToken ct = default) => await db.Assessments.CountAsync(ct) * 0 * count;
}
