using Faro.Operations;
using Faro.Places;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Places;

public class CountryReferenceDataTests
{
    [Fact]
    public void TheShippedFile_HasEveryIso3166Country_WithUniqueCodes_AndBothNames()
    {
        var rows = CountryReferenceData.Load();

        // ISO 3166-1 has 249 officially assigned codes.
        Assert.Equal(249, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r.Iso2).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(rows.Count, rows.Select(r => r.Iso3).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(rows.Count, rows.Select(r => r.Numeric).Distinct().Count());
        Assert.All(rows, r =>
        {
            Assert.Matches("^[A-Z]{2}$", r.Iso2);
            Assert.Matches("^[A-Z]{3}$", r.Iso3);
            Assert.False(string.IsNullOrWhiteSpace(r.Name.En), r.Iso2);
            Assert.False(string.IsNullOrWhiteSpace(r.Name.Es), r.Iso2);
            foreach (var region in new[] { r.Region, r.SubRegion, r.IntermediateRegion })
            {
                if (region is not null)
                {
                    Assert.Matches("^[0-9]{3}$", region.Code);
                    Assert.False(string.IsNullOrWhiteSpace(region.Name.En), r.Iso2);
                    Assert.False(string.IsNullOrWhiteSpace(region.Name.Es), r.Iso2);
                }
            }
        });

        // UN M49 leaves out only Antarctica and Taiwan among the ISO codes.
        Assert.Equal(["AQ", "TW"], rows.Where(r => r.Region is null).Select(r => r.Iso2).Order(StringComparer.Ordinal));
        var panama = rows.Single(r => r.Iso2 == "PA");
        Assert.Equal(("PAN", 591, "Panamá"), (panama.Iso3, panama.Numeric, panama.Name.Es));
        Assert.Equal(("019", "419", "013"), (panama.Region!.Code, panama.SubRegion!.Code, panama.IntermediateRegion!.Code));
        Assert.Equal("Centroamérica", panama.IntermediateRegion.Name.Es);
    }

    [Theory, AllProviders]
    public async Task Migrate_LoadsTheCountries_AndRunningItAgainKeepsTheirIds(string provider)
    {
        await using var services = await CoreServices.StartAsync(provider);
        var first = await services.Db(db => db.Countries.AsNoTracking().ToDictionaryAsync(c => c.Iso2, c => c.Id));
        Assert.Equal(249, first.Count);

        // A name changed locally is put back by the next migrate; the row keeps its id.
        await services.Db(async db =>
        {
            var pa = await db.Countries.SingleAsync(c => c.Iso2 == "PA");
            pa.Name = new LocalizedText("Old", "Viejo");
            await db.SaveChangesAsync();
        });
        await services.Run<MigrationRunner>(m => m.MigrateAsync());

        var second = await services.Db(db => db.Countries.AsNoTracking().ToDictionaryAsync(c => c.Iso2, c => c.Id));
        Assert.Equal(first, second);
        var panama = await services.Db(db => db.Countries.AsNoTracking().SingleAsync(c => c.Iso2 == "PA"));
        Assert.Equal(("Panama", "Panamá", "Central America"), (panama.Name.En, panama.Name.Es, panama.IntermediateRegionName.En));
    }

    [Theory, AllProviders]
    public async Task OnAFreshInstallation_ACoordinatorForPanamaCanBeAdded(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var migrate = await FaroCli.RunAsync(db, "migrate");
        Assert.True(migrate.ExitCode == 0, migrate.Stderr);

        var add = await FaroCli.RunAsync(db, "user", "add", "--email", "coord@example.org", "--name", "Coordinator", "--role", "coordinator", "--scope", "country:PA");

        Assert.True(add.ExitCode == 0, add.Stderr);
        Assert.Contains("coord@example.org (coordinator", add.Stdout, StringComparison.Ordinal);
    }
}
