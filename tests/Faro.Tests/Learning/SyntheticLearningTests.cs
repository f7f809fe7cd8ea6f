using System.Globalization;
using System.Text;
using Faro.Assessments;
using Faro.Data;
using Faro.Demo;
using Faro.Learning;
using Faro.People;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Learning;

/// The bulk synthetic generator (`faro demo --synthetic N`) writes its rows around the change
/// tracker (prepared INSERTs on SQLite, binary COPY on PostgreSQL): the full-text index must still
/// hold its published `yes` answers, peers must find them, everything generated must be marked
/// fictional, and the same N must give the same data.
public class SyntheticLearningTests
{
    [Theory, AllProviders]
    public async Task SyntheticCities_AreFictional_Searchable_AndPeers(string provider)
    {
        await using var core = await CoreServices.StartAsync(provider);
        Assert.Equal(30, await core.Run<DemoSeeder, int>(s => s.SeedSyntheticAsync(30)));

        var (answerId, code, narrative, reviewId) = await core.Db(async db =>
        {
            var synthetic = db.Assessments.Where(a => a.Jurisdiction!.Name.StartsWith("Synthetic city"));
            Assert.Equal(30, await synthetic.CountAsync());
            Assert.All(await synthetic.Select(a => new { a.IsFictional, J = a.Jurisdiction!.IsFictional, Answers = a.Answers.Count }).ToListAsync(),
                a => Assert.True(a.IsFictional && a.J && a.Answers == 88));
            Assert.False(await db.Institutions.AnyAsync(i => !i.IsFictional && i.Jurisdiction!.Name.StartsWith("Synthetic city")));
            Assert.False(await db.Jurisdictions.AnyAsync(j => j.Country!.Iso2 == "XV" && !j.IsFictional));
            // Every answer has its revision, and ids were given in order (no collision with later writes).
            Assert.False(await db.Answers.AnyAsync(a => !db.AnswerRevisions.Any(r => r.AnswerId == a.Id && r.Revision == a.Revision)));

            var practice = await db.Answers
                .Where(a => a.Status == AnswerStatus.Yes && a.Assessment!.Stage == Stage.Published && EF.Functions.Like(a.Narrative.Es!, "%ó%"))
                .OrderBy(a => a.Id).Select(a => new { a.Id, a.Indicator!.Code, a.Narrative.Es }).FirstAsync();
            var review = await synthetic.Where(a => a.Stage == Stage.GovernmentReview).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync();
            return (practice.Id, practice.Code, practice.Es!, review);
        });

        // A word of the practice with an accent, searched as written, without the accent and in capitals.
        var word = narrative.Split(' ', ',', '.', ';', ':', '(', ')', '«', '»', '"').First(w => w.Contains('ó', StringComparison.Ordinal) && w.Length > 4);
        var plain = new string(word.Normalize(NormalizationForm.FormD).Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray())
            .ToUpperInvariant();
        var accented = await core.Run<GoodPracticeService, PracticePage>(s => s.SearchAsync(new PracticeQuery(word, Indicator: code, Lang: "es"), "es"));
        var unaccented = await core.Run<GoodPracticeService, PracticePage>(s => s.SearchAsync(new PracticeQuery(plain, Indicator: code, Lang: "es"), "es"));
        Assert.Contains(accented.Items, i => i.AnswerId == answerId);
        Assert.Equal(accented.Items.Select(i => i.AnswerId), unaccented.Items.Select(i => i.AnswerId));
        Assert.All(accented.Items, i => Assert.True(i.IsFictional && i.Indicator == code));

        // The country facet, with no words: a full first page of generated practices.
        var facets = await core.Run<GoodPracticeService, PracticePage>(s => s.SearchAsync(new PracticeQuery(null, Country: "XV"), "en"));
        Assert.Contains(facets.Countries, c => c.Code == "XV");
        Assert.Equal(GoodPracticeService.PageSize, facets.Items.Count);

        var peers = await core.Run<PeerService, IReadOnlyList<GapPeers>>(p => p.PeersAsync(Actor.System("test"), reviewId, "es"));
        var withPeers = peers.Where(g => g.Peers.Count > 0).ToList();
        Assert.NotEmpty(withPeers);
        await core.Db(async db =>
        {
            foreach (var peer in withPeers.SelectMany(g => g.Peers.Select(p => (g.Indicator, p))))
            {
                var answer = await db.Answers.Where(a => a.Id == peer.p.AnswerId)
                    .Select(a => new { a.Status, a.Indicator!.Code, a.Assessment!.Stage, a.Assessment.IsFictional }).SingleAsync();
                Assert.Equal(AnswerStatus.Yes, answer.Status);
                Assert.Equal(peer.Indicator, answer.Code);
                Assert.Contains(answer.Stage, Access.PublicStages);
                Assert.True(answer.IsFictional);
            }
        });
    }

    /// Facets are tokens of the index (SQLite) or its own columns (PostgreSQL), and the first pages
    /// of a search are kept in memory until the next stage move: a facet narrows a search to exactly
    /// its practices, and a re-opened assessment leaves the results of a search already made.
    [Theory, AllProviders]
    public async Task Facets_NarrowASearch_AndARepeatedSearch_ForgetsAReopenedAssessment(string provider)
    {
        await using var core = await CoreServices.StartAsync(provider);
        await core.Run<DemoSeeder, int>(s => s.SeedSyntheticAsync(30));
        var (word, domain) = await core.Db(async db =>
        {
            var practice = await db.Answers.Where(a => a.Status == AnswerStatus.Yes && a.Assessment!.Stage == Stage.Published && a.Narrative.Es != null)
                .OrderBy(a => a.Id).Select(a => new { a.Narrative.Es, Domain = a.Indicator!.Area!.Domain!.Code }).FirstAsync();
            return (practice.Es!.Split(' ', ',', '.', ';', ':', '(', ')', '«', '»', '"').First(w => w.Length > 6), practice.Domain);
        });

        var all = await core.Run<GoodPracticeService, PracticePage>(s => s.SearchAsync(new PracticeQuery(word), "es"));
        var narrowed = await core.Run<GoodPracticeService, PracticePage>(s => s.SearchAsync(new PracticeQuery(word, Domain: domain, Country: "xv", Lang: "es"), "es"));
        Assert.NotEmpty(narrowed.Items);
        Assert.All(narrowed.Items, i => Assert.True(i.Domain == domain && i.CountryIso2 == "XV" && i.NarrativeLang == "es"));
        var none = await core.Run<GoodPracticeService, PracticePage>(s => s.SearchAsync(new PracticeQuery(word, Domain: "D9", Country: "XV"), "es"));
        Assert.Empty(none.Items);
        // A facet that is not a code of the catalogue matches nothing, and its characters never reach the engine's syntax.
        var odd = await core.Run<GoodPracticeService, PracticePage>(s => s.SearchAsync(new PracticeQuery(word, Indicator: "\"D1-01\" OR x"), "es"));
        Assert.Empty(odd.Items);

        // The same search again after the first result's assessment is re-opened: it is gone.
        var published = await core.Db(db => db.Assessments.Where(a => a.Stage == Stage.Published).Select(a => a.Id).ToListAsync());
        var first = all.Items.First(i => published.Contains(i.AssessmentId));
        await core.Run<StageMachine, StageEvent>(m => m.MoveAsync(Actor.System("test"), first.AssessmentId, Stage.DataCollection, "Corrección de fuentes"));
        var again = await core.Run<GoodPracticeService, PracticePage>(s => s.SearchAsync(new PracticeQuery(word), "es"));
        Assert.DoesNotContain(again.Items, i => i.AssessmentId == first.AssessmentId);
        // Ranked again, not the kept ranking with a hole where the re-opened practices were.
        Assert.Equal(GoodPracticeService.PageSize, all.Items.Count);
        Assert.Equal(GoodPracticeService.PageSize, again.Items.Count);
        await core.Run<PracticeRankCache>(c => { c.Clear(); return Task.CompletedTask; });
        var fresh = await core.Run<GoodPracticeService, PracticePage>(s => s.SearchAsync(new PracticeQuery(word), "es"));
        Assert.Equal(fresh.Items.Select(i => i.AnswerId), again.Items.Select(i => i.AnswerId));
    }

    [Fact]
    public async Task SyntheticCities_AreTheSameOnEveryRun()
    {
        async Task<string> FingerprintAsync()
        {
            await using var core = await CoreServices.StartAsync(DatabaseProviders.Sqlite);
            await core.Run<DemoSeeder, int>(s => s.SeedSyntheticAsync(12));
            return await core.Db(async db => string.Join('\n', await db.Answers.OrderBy(a => a.Id)
                .Select(a => a.Assessment!.Jurisdiction!.Name + "|" + a.Indicator!.Code + "|" + a.Status + "|" + a.Narrative.En + "|" + a.Evidence.Count)
                .ToListAsync()));
        }

        Assert.Equal(await FingerprintAsync(), await FingerprintAsync());
    }
}
