using System.Text;
using Faro.Catalogue;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Catalogue;

public class CatalogueImportTests
{
    [Theory, AllProviders]
    public async Task Migrate_LoadsTheSeedCatalogueOnce(string provider)
    {
        await using var core = await CoreServices.StartAsync(provider);
        await core.Run<Faro.Operations.MigrationRunner>(m => m.MigrateAsync());

        // Every seed version once (2025.1 and 2025.2), 88 indicators each.
        var perCatalogue = await core.Db(db => db.Indicators.GroupBy(i => i.CatalogueId).Select(g => g.Count()).ToListAsync());
        Assert.Equal(CatalogueService.SeedVersions.Count, await core.Db(db => db.Catalogues.CountAsync()));
        Assert.Equal([88, 88], perCatalogue);
    }

    [Theory, AllProviders]
    public async Task ExportThenImportAsNewVersion_KeepsEveryText(string provider)
    {
        await using var core = await CoreServices.StartAsync(provider);
        var seedId = await core.Db(db => db.Catalogues.Where(c => c.Version == "2025.1").Select(c => c.Id).SingleAsync());
        var exported = await core.Run<CatalogueService, CatalogueFile>(s => s.ExportAsync(seedId));
        exported.Version = "2026.1";
        exported.PreviousVersion = "2025.1";
        exported.Crosswalk = [new CrosswalkFile { From = "D1-01", To = "D1-01", Kind = "same" }];

        var imported = await core.Run<CatalogueService, IndicatorCatalogue>(s => s.ImportAsync(exported, "test"));
        var again = await core.Run<CatalogueService, CatalogueFile>(s => s.ExportAsync(imported.Id));

        Assert.Equal(88, again.Domains!.SelectMany(d => d.Areas!).SelectMany(a => a.Indicators!).Count());
        var first = again.Domains![0].Areas![0].Indicators![0];
        var original = CatalogueService.ReadSeedFile().Domains![0].Areas![0].Indicators![0];
        Assert.Equal(original.Text!.Es, first.Text!.Es);
        Assert.Equal((original.Topic!.En, original.Topic.Es), (first.Topic!.En, first.Topic.Es));
        Assert.Equal(original.Levels!.Partial!.En, first.Levels!.Partial!.En);
        Assert.Equal(original.GcmObjectives, first.GcmObjectives);
        Assert.Equal("2025.1", again.PreviousVersion);
        Assert.Single(again.Crosswalk!);
    }

    [Theory, AllProviders]
    public async Task Migrate_GivesAnInstalledSeedItsTopics_OnceAndWithAnAuditLine_AndTouchesNothingElse(string provider)
    {
        // An installation that loaded 2025.1 before topics existed: the migration adds empty columns.
        await using var core = await CoreServices.StartAsync(provider);
        var seedId = await core.Db(db => db.Catalogues.Where(c => c.Version == "2025.1").Select(c => c.Id).SingleAsync());
        await core.Db(db => db.Indicators.Where(i => i.CatalogueId == seedId).ExecuteUpdateAsync(s => s.SetProperty(i => i.Topic.En, (string?)null).SetProperty(i => i.Topic.Es, (string?)null)));
        await core.Db(db => db.Indicators.Where(i => i.CatalogueId == seedId && i.Code == "D2-09").ExecuteUpdateAsync(s => s.SetProperty(i => i.Text.En, "An edited statement")));

        await core.Run<Faro.Operations.MigrationRunner>(m => m.MigrateAsync());
        await core.Run<Faro.Operations.MigrationRunner>(m => m.MigrateAsync());

        var d209 = await core.Db(db => db.Indicators.AsNoTracking().SingleAsync(i => i.CatalogueId == seedId && i.Code == "D2-09"));
        Assert.Equal(("Review of local rules on migration", "Revisión de la normativa local sobre migración"), (d209.Topic.En, d209.Topic.Es));
        // Only the topic is refreshed: a statement is never rewritten in a published version.
        Assert.Equal("An edited statement", d209.Text.En);
        Assert.Equal(88, await core.Db(db => db.Indicators.CountAsync(i => i.CatalogueId == seedId && i.Topic.En != null && i.Topic.Es != null)));
        var refreshed = await core.Db(db => db.Audit.Where(a => a.Action == "catalogue.topics_refreshed").Select(a => a.After).ToListAsync());
        Assert.Contains("D2-09", Assert.Single(refreshed), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ATopicIsOptional_ButInBothLanguagesAndShort()
    {
        var without = CatalogueService.ReadSeedFile();
        foreach (var i in without.Domains!.SelectMany(d => d.Areas!).SelectMany(a => a.Indicators!))
        {
            i.Topic = null;
        }

        Assert.Empty(CatalogueService.Validate(without));

        var file = CatalogueService.ReadSeedFile();
        file.Domains![0].Areas![0].Indicators![0].Topic!.Es = "";
        file.Domains[1].Areas![0].Indicators![0].Topic!.En = new string('x', CatalogueService.MaxTopicLength + 1);
        var errors = CatalogueService.Validate(file);
        Assert.Contains(errors, e => e.Location == "domains[0].areas[0].indicators[0].topic.es" && e.Message.Es == "Falta el texto en español.");
        Assert.Contains(errors, e => e.Location == "domains[1].areas[0].indicators[0].topic" && e.Code == "catalogue.topic_too_long");
    }

    [Theory, AllProviders]
    public async Task Import_WithManyProblems_NamesEachPlaceAndChangesNothing(string provider)
    {
        await using var core = await CoreServices.StartAsync(provider);
        var file = CatalogueService.ReadSeedFile();
        file.Version = "broken";
        file.Domains![0].Areas![0].Indicators![1].Code = file.Domains[0].Areas![0].Indicators![0].Code;
        file.Domains[1].Areas![0].Indicators![0].Text!.Es = " ";
        file.Domains[2].Areas![0].Indicators![0].Competence = "X";
        var before = await core.Db(db => db.Indicators.CountAsync());

        var e = await Assert.ThrowsAsync<InputRejectedException>(() => core.Run<CatalogueService, IndicatorCatalogue>(s => s.ImportAsync(file, "test")));

        Assert.Contains(e.Errors, x => x.Location == "domains[0].areas[0].indicators[1].code" && x.Code == "catalogue.duplicate_code");
        Assert.Contains(e.Errors, x => x.Location == "domains[1].areas[0].indicators[0].text.es" && x.Message.Es == "Falta el texto en español.");
        Assert.Contains(e.Errors, x => x.Location == "domains[2].areas[0].indicators[0].competence");
        Assert.Equal(before, await core.Db(db => db.Indicators.CountAsync()));
        Assert.False(await core.Db(db => db.Catalogues.AnyAsync(c => c.Version == "broken")));
    }

    [Fact]
    public async Task Import_SameVersionTwice_IsRefused()
    {
        await using var core = await CoreServices.StartAsync("sqlite");
        var e = await Assert.ThrowsAsync<InputRejectedException>(() =>
            core.Run<CatalogueService, IndicatorCatalogue>(s => s.ImportAsync(CatalogueService.ReadSeedFile(), "test")));
        Assert.Equal("catalogue.version_exists", e.Errors.Single().Code);
    }

    [Fact]
    public void Parse_BrokenJson_SaysWhereInTheFile()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("{\n  \"code\": \"x\",\n  \"domains\": [ { \"code\": } ]\n}"));
        var e = Assert.Throws<InputRejectedException>(() => CatalogueService.Parse(stream, "cat.json"));
        Assert.StartsWith("cat.json:3:", e.Errors.Single().Location, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AHugeTitleOrTooManyIndicators_IsRefusedNamingThePlace()
    {
        var file = CatalogueService.ReadSeedFile();
        file.Version = "huge";
        file.Title!.Es = new string('x', CatalogueService.MaxTextLength + 1);
        Assert.Contains(CatalogueService.Validate(file), e => e.Location == "title.es" && e.Code == "text.too_long");

        var many = CatalogueService.ReadSeedFile();
        var area = many.Domains![0].Areas![0];
        var template = area.Indicators![0];
        area.Indicators.AddRange(Enumerable.Range(0, CatalogueService.MaxIndicators).Select(n => template));
        Assert.Equal("catalogue.too_many_indicators", Assert.Single(CatalogueService.Validate(many)).Code);

        using var big = new MemoryStream(new byte[CatalogueService.MaxFileBytes + 1]);
        Assert.Equal("catalogue.too_large", Assert.Throws<InputRejectedException>(() => CatalogueService.Parse(big, "big.json")).Errors.Single().Code);
    }
}
