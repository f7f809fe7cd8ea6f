using Faro.Assessments;
using Faro.Catalogue;
using Faro.Data;
using Faro.Demo;
using Faro.People;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Catalogue;

/// Catalogue 2025.2 (issue 13 item 10): a real use of versioning and the crosswalk. Existing
/// assessments stay on 2025.1; new ones, and the next round of a 2025.1 assessment, take 2025.2.
public class CatalogueVersionTests
{
    private static readonly CatalogueFile V1 = CatalogueService.ReadSeedFile("2025.1");
    private static readonly CatalogueFile V2 = CatalogueService.ReadSeedFile("2025.2");

    private static Dictionary<string, IndicatorFile> Indicators(CatalogueFile f) =>
        f.Domains!.SelectMany(d => d.Areas!).SelectMany(a => a.Indicators!).ToDictionary(i => i.Code!, StringComparer.Ordinal);

    [Fact]
    public void Seed2025_2_PassesTheImportValidation_AndNamesItsPreviousVersion()
    {
        Assert.Empty(CatalogueService.Validate(V2));
        Assert.Equal(("faro-local", "2025.2", "2025.1"), (V2.Code, V2.Version, V2.PreviousVersion));
        Assert.Equal(88, Indicators(V2).Count);
        Assert.Equal(["2025.1", "2025.2"], CatalogueService.SeedVersions);
        // The profile heads findings with the topic (ADR 0005): every indicator has one, in both languages.
        Assert.All(Indicators(V2).Values, i => Assert.True(i.Topic is { En.Length: > 0, Es.Length: > 0 }, $"{i.Code}: no topic"));
    }

    /// Every 2025.1 indicator is accounted for: an explicit entry (reworded, merged, removed...) or
    /// the same code, unchanged, in 2025.2; every 2025.2 indicator that 2025.1 lacked is listed as
    /// new; and an entry's codes exist on their side.
    [Fact]
    public void Crosswalk_CoversEvery2025_1Indicator_AndEveryNewOne()
    {
        var v1 = Indicators(V1);
        var v2 = Indicators(V2);
        var entries = V2.Crosswalk!;
        var from = entries.Where(e => e.From is not null).ToLookup(e => e.From!, StringComparer.Ordinal);
        foreach (var (code, old) in v1)
        {
            if (from.Contains(code))
            {
                Assert.All(from[code], e => Assert.True(e.To is not null || e.Kind == "removed", $"{code}: mapped to nothing"));
                continue;
            }

            Assert.True(v2.TryGetValue(code, out var same), $"{code} vanished without a crosswalk entry");
            Assert.Equal((old.Text!.En, old.Text.Es, old.Guidance!.En, old.Guidance.Es), (same.Text!.En, same.Text.Es, same.Guidance!.En, same.Guidance.Es));
            Assert.Equal(old.GcmObjectives, same.GcmObjectives);
        }

        var reached = entries.Where(e => e.To is not null).Select(e => e.To!).ToHashSet(StringComparer.Ordinal);
        Assert.All(v2.Keys.Where(c => !v1.ContainsKey(c)), c => Assert.Contains(entries, e => e.To == c && e.Kind == "new"));
        Assert.All(entries, e => Assert.True(e.From is null || v1.ContainsKey(e.From), $"{e.From} is no 2025.1 code"));
        Assert.All(reached, c => Assert.True(v2.ContainsKey(c), $"{c} is no 2025.2 code"));
        Assert.All(entries, e => Assert.False(string.IsNullOrWhiteSpace(e.Note), $"{e.From}→{e.To}: no note"));

        // The decisions of issue 13: D1-17 merged into D6-01; D3-01 and D6-12 distinguished.
        Assert.Contains(entries, e => e is { From: "D1-17", To: "D6-01", Kind: "merged" });
        Assert.DoesNotContain("D1-17", v2.Keys);
        Assert.Contains("D6-12", v2["D3-01"].Guidance!.En, StringComparison.Ordinal);
        Assert.Contains("D3-01", v2["D6-12"].Guidance!.Es, StringComparison.Ordinal);
    }

    [Fact]
    public void Seed2025_2_CarriesTheContentChangesOfIssue13()
    {
        var v2 = Indicators(V2);
        Assert.Contains("whether they are applied; it does not measure their effects", V2.Description!.En, StringComparison.Ordinal);
        Assert.Contains("si se aplican; no mide sus efectos", V2.Description.Es, StringComparison.Ordinal);

        var asylum = v2["D1-19"];
        Assert.Equal("N", asylum.Competence);
        Assert.Equal([3, 7, 12], asylum.GcmObjectives!);
        Assert.Contains("asylum", asylum.Text!.En, StringComparison.Ordinal);
        Assert.Contains("remisión al procedimiento de asilo", asylum.Text.Es, StringComparison.Ordinal);

        Assert.Equal("Los casos de explotación laboral de personas migrantes se remiten a la inspección del trabajo.", v2["D4-04"].Text!.Es);
        Assert.Equal("Local health services provide care to migrants regardless of their migration status.", v2["D1-01"].Text!.En);
        Assert.DoesNotContain("receive reception", v2["D6-08"].Text!.En + v2["D6-08"].Guidance!.En, StringComparison.Ordinal);
        Assert.Equal([16, 19], v2["D4-06"].GcmObjectives);
        Assert.Equal([12], v2["D3-01"].GcmObjectives);
        Assert.Contains(8, v2["D6-11"].GcmObjectives!);

        // The nine sentences on local competence are softened, in both languages.
        var all = v2.Values.Select(i => i.Guidance!).ToList();
        Assert.DoesNotContain(all, g => g.En!.Contains("This is within local competence.", StringComparison.Ordinal));
        Assert.DoesNotContain(all, g => g.Es!.Contains("Esto es competencia local.", StringComparison.Ordinal));
        Assert.Equal(9, all.Count(g => g.En!.Contains("check the municipal law", StringComparison.Ordinal)));
        Assert.Equal(9, all.Count(g => g.Es!.Contains("verifique la ley municipal", StringComparison.Ordinal)));
    }

    [Theory, AllProviders]
    public async Task Migrate_InstallsBothSeedVersions_Once_WithTheCrosswalk(string provider)
    {
        await using var core = await CoreServices.StartAsync(provider);
        await core.Run<CatalogueService>(s => s.EnsureSeedAsync());
        await core.Db(async db =>
        {
            var versions = await db.Catalogues.OrderBy(c => c.Id).Select(c => new { c.Id, c.Version, c.Status, c.PreviousVersionId }).ToListAsync();
            Assert.Equal(["2025.1", "2025.2"], versions.Select(v => v.Version));
            Assert.All(versions, v => Assert.Equal(CatalogueStatus.Published, v.Status));
            Assert.Equal(versions[0].Id, versions[1].PreviousVersionId);
            Assert.Equal(V2.Crosswalk!.Count, await db.Crosswalk.CountAsync(c => c.CatalogueId == versions[1].Id));
            Assert.Equal(88, await db.Indicators.CountAsync(i => i.CatalogueId == versions[1].Id));
            var asylum = await db.Indicators.SingleAsync(i => i.CatalogueId == versions[1].Id && i.Code == "D1-19");
            Assert.Equal([3, 7, 12], asylum.GcmObjectiveList);
            Assert.Equal(1, asylum.Sdg1072Domain);
        });
    }

    [Fact]
    public async Task NewAssessment_TakesTheNewestVersion_ByDefault()
    {
        await using var core = await CoreServices.StartAsync(DatabaseProviders.Sqlite);
        var country = await core.Db(async db => (await TestData.CountryAsync(db, "XN")).Iso2);
        var created = await core.Run<AssessmentCreation, Assessment>(s => s.CreateAsync(Actor.System("test"), new NewAssessment(country)));
        var version = await core.Db(db => db.Catalogues.Where(c => c.Id == created.CatalogueId).Select(c => c.Version).SingleAsync());
        Assert.Equal("2025.2", version);
    }

    /// A published 2025.1 round whose answers include both halves of the merged pair, stored in the
    /// order that would let the wrong one win (D1-17 before D6-01), and the distinguished D3-01.
    [Theory, AllProviders]
    public async Task NextRound_From2025_1_TakesTheSuccessor_CarriesAnswersThroughTheCrosswalk_AndListsWhatHasNoCounterpart(string provider)
    {
        await using var core = await CoreServices.StartAsync(provider);
        var (previousId, v1Id, v2Id) = await core.Db(async db =>
        {
            var country = await TestData.CountryAsync(db, "XR");
            var a = await TestData.CityAssessmentAsync(db, country, "Rho", answered: 2, stage: Stage.Published);
            var v1 = await db.Catalogues.SingleAsync(c => c.Version == "2025.1");
            var ids = await db.Indicators.Where(i => i.CatalogueId == v1.Id && (i.Code == "D1-17" || i.Code == "D6-01" || i.Code == "D3-01"))
                .ToDictionaryAsync(i => i.Code, i => i.Id);
            foreach (var (code, status) in new[] { ("D1-17", AnswerStatus.NationalCompetence), ("D6-01", AnswerStatus.Partial), ("D3-01", AnswerStatus.Yes) })
            {
                db.Answers.Add(new Answer
                {
                    AssessmentId = a.Id,
                    IndicatorId = ids[code],
                    Status = status,
                    Narrative = new LocalizedText($"{code} narrative", $"Narrativa de {code}"),
                    Revision = 1,
                    UpdatedAt = DateTime.UtcNow,
                });
                await db.SaveChangesAsync();
            }

            return (a.Id, a.CatalogueId, await db.Catalogues.Where(c => c.Version == "2025.2").Select(c => c.Id).SingleAsync());
        });
        Assert.Equal(v1Id, await core.Db(db => db.Catalogues.Where(c => c.Version == "2025.1").Select(c => c.Id).SingleAsync()));

        var result = await core.Run<NextRound, NextRoundResult>(r => r.StartAsync(Actor.System("test"), previousId, new NextRoundRequest()));

        Assert.Equal(v2Id, result.CatalogueId);
        Assert.Equal(["D1-17"], result.WithoutCounterpart);
        Assert.Contains("D1-19", result.NewIndicators);
        Assert.Equal(4, result.AnswersCarried);
        await core.Db(async db =>
        {
            var carried = await db.Answers.Where(x => x.AssessmentId == result.AssessmentId)
                .Select(x => new { x.Indicator!.Code, x.Indicator.CatalogueId, x.Status, x.Narrative, x.IsCarriedOver }).ToListAsync();
            Assert.All(carried, x => Assert.True(x.CatalogueId == v2Id && x.IsCarriedOver));
            var d601 = carried.Single(x => x.Code == "D6-01");
            Assert.Equal((AnswerStatus.Partial, "D6-01 narrative"), (d601.Status, d601.Narrative.En));
            Assert.Equal(AnswerStatus.Yes, carried.Single(x => x.Code == "D3-01").Status);
            Assert.DoesNotContain(carried, x => x.Code == "D1-19");
            // The round before is untouched, on its own version.
            Assert.Equal(v1Id, await db.Assessments.Where(x => x.Id == previousId).Select(x => x.CatalogueId).SingleAsync());
            Assert.Equal(5, await db.Answers.CountAsync(x => x.AssessmentId == previousId));
        });

        // Comparing the two rounds goes through the same crosswalk: D6-01 with its own earlier
        // answer, the merged D1-17 with nothing (not a second comparison against D6-01).
        var comparison = await core.Run<Faro.FollowUp.RoundComparisonService, Faro.FollowUp.RoundsComparison>(
            c => c.CompareAsync(Actor.System("test"), result.AssessmentId, previousId, "en"));
        var merged = comparison.Indicators.Single(i => i.EarlierCode == "D1-17");
        Assert.Equal((null, Faro.FollowUp.RoundChange.Retired), (merged.Code, merged.Change));
        var continued = comparison.Indicators.Single(i => i.Code == "D6-01");
        Assert.Equal(("D6-01", AnswerStatus.Partial), (continued.EarlierCode, continued.Earlier));
        Assert.Equal(Faro.FollowUp.RoundChange.New, comparison.Indicators.Single(i => i.Code == "D1-19").Change);
    }

    [Fact]
    public async Task Demo_ExistingAssessmentsStayOn2025_1()
    {
        await using var core = await CoreServices.StartAsync(DatabaseProviders.Sqlite);
        await core.Run<DemoSeeder, IReadOnlyList<DemoAccount>>(s => s.SeedAsync());
        await core.Db(async db =>
        {
            var versions = await db.Assessments.Select(a => a.Catalogue!.Version).Distinct().ToListAsync();
            Assert.Equal(["2025.1"], versions);
        });
    }

    [Fact]
    public async Task Import_CrosswalkNamingACodeThePreviousVersionLacks_IsRejectedWithItsPlace_AndWritesNothing()
    {
        await using var core = await CoreServices.StartAsync(DatabaseProviders.Sqlite);
        var file = CatalogueService.ReadSeedFile("2025.2");
        file.Version = "2025.9";
        file.Crosswalk![3].From = "D9-99";
        var error = await Assert.ThrowsAsync<InputRejectedException>(() => core.Run<CatalogueService, IndicatorCatalogue>(s => s.ImportAsync(file, "test")));
        var problem = Assert.Single(error.Errors);
        Assert.Equal(("crosswalk[3].from", "catalogue.unknown_code"), (problem.Location, problem.Code));
        Assert.Contains("D9-99", problem.Message.Es, StringComparison.Ordinal);
        Assert.False(await core.Db(db => db.Catalogues.AnyAsync(c => c.Version == "2025.9")));
    }
}
