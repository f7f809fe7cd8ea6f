using Faro.Catalogue;

namespace Faro.Tests.Catalogue;

public class SeedCatalogueTests
{
    private static readonly CatalogueFile Seed = CatalogueService.ReadSeedFile();

    private static IEnumerable<IndicatorFile> Indicators => Seed.Domains!.SelectMany(d => d.Areas!).SelectMany(a => a.Indicators!);

    [Fact]
    public void Seed_Has88IndicatorsInSixDomains_AsInTheDomainBrief()
    {
        Assert.Equal(["D1", "D2", "D3", "D4", "D5", "D6"], Seed.Domains!.Select(d => d.Code));
        Assert.Equal([18, 18, 10, 14, 12, 16], Seed.Domains!.Select(d => d.Areas!.Sum(a => a.Indicators!.Count)));
        Assert.Equal(88, Indicators.Count());
        Assert.Equal([7, 6, 3, 6, 3, 6], Seed.Domains!.Select(d => d.Areas!.Count));
    }

    [Fact]
    public void Seed_CompetenceCounts_MatchTheBrief()
    {
        var counts = Indicators.GroupBy(i => i.Competence).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(39, counts["L"]);
        Assert.Equal(39, counts["S"]);
        Assert.Equal(10, counts["N"]);
    }

    [Fact]
    public void Seed_CodesAreUniqueAndFollowTheDomain()
    {
        var codes = Indicators.Select(i => i.Code!).ToList();
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var domain in Seed.Domains!)
        {
            Assert.All(domain.Areas!.SelectMany(a => a.Indicators!), i => Assert.StartsWith(domain.Code + "-", i.Code, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Seed_EveryTextExistsInBothLanguages()
    {
        static void Both(TextPair? t, string where)
        {
            Assert.True(!string.IsNullOrWhiteSpace(t?.En), $"{where}: English missing");
            Assert.True(!string.IsNullOrWhiteSpace(t?.Es), $"{where}: Spanish missing");
        }

        Both(Seed.Title, "title");
        foreach (var d in Seed.Domains!)
        {
            Both(d.Title, d.Code!);
            foreach (var a in d.Areas!)
            {
                Both(a.Title, a.Code!);
            }
        }

        foreach (var i in Indicators)
        {
            Both(i.Text, i.Code + ".text");
            Both(i.Guidance, i.Code + ".guidance");
            Both(i.Levels?.Yes, i.Code + ".levels.yes");
            Both(i.Levels?.Partial, i.Code + ".levels.partial");
            Both(i.Levels?.No, i.Code + ".levels.no");
            Both(i.Evidence, i.Code + ".evidence");
            Assert.NotEmpty(i.GcmObjectives!);
        }
    }

    [Fact]
    public void Seed_EveryIndicatorHasATopic_AShortNeutralHeadingInBothLanguages()
    {
        Assert.All(Indicators, i =>
        {
            Assert.True(!string.IsNullOrWhiteSpace(i.Topic?.En) && !string.IsNullOrWhiteSpace(i.Topic?.Es), $"{i.Code}: topic missing");
            foreach (var (topic, statement) in new[] { (i.Topic!.En!, i.Text!.En!), (i.Topic.Es!, i.Text!.Es!) })
            {
                // A heading, not a sentence: no full stop, short, and never the statement itself
                // (the statement is a claim, which the answer under it may contradict).
                Assert.False(topic.EndsWith('.'), $"{i.Code}: '{topic}' ends with a full stop");
                Assert.True(topic.Length <= 90, $"{i.Code}: '{topic}' is {topic.Length} characters");
                Assert.NotEqual(statement.TrimEnd('.'), topic);
                Assert.True(char.IsUpper(topic[0]), $"{i.Code}: '{topic}' does not start with a capital");
            }
        });
        Assert.Equal(88, Indicators.Select(i => i.Topic!.En).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(88, Indicators.Select(i => i.Topic!.Es).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        // The Spanish follows the glossary: referral is "remisión".
        Assert.DoesNotContain(Indicators, i => i.Topic!.Es!.Contains("derivación", StringComparison.OrdinalIgnoreCase)
            || i.Topic.Es.Contains("referencia", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Seed_PassesTheImportValidation() => Assert.Empty(CatalogueService.Validate(Seed));

    [Fact]
    public void Seed_DoesNotPresentItselfAsOfficial()
    {
        Assert.Contains("not", Seed.Description!.En, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("official IOM indicator", Seed.Title!.En, StringComparison.OrdinalIgnoreCase);
    }
}
