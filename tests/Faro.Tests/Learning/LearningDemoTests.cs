using Faro.Assessments;
using Faro.Catalogue;
using Faro.Data;
using Faro.Demo;
using Faro.Dialogue;
using Faro.FollowUp;
using Faro.Learning;
using Faro.People;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Learning;

/// Dialogue, library, peers and rounds against the demo data, on both providers and in both
/// languages. One seeded database per provider serves all four, as seeding is the slow part.
public class LearningDemoTests
{
    private static bool Gap(AnswerStatus? s) => s is AnswerStatus.No or AnswerStatus.Partial;

    [Theory, AllProviders]
    public async Task DemoData_Brief_Search_Peers_AndComparison_TellTheTruth(string provider)
    {
        await using var core = await CoreServices.StartAsync(provider);
        await core.Run<DemoSeeder>(s => s.SeedAsync());
        var coordinatorId = await core.Run<FaroDb, int>(db => db.Users.Where(u => u.Email!.StartsWith("coordinator@")).Select(u => u.Id).SingleAsync());
        var coordinator = await core.Run<Access, Actor>(a => a.ActorAsync(coordinatorId, null));

        // 1. Dialogue brief of a fictional city whose national counterpart has answers in Faro.
        var (cityId, expected) = await core.Run<FaroDb, (int, Dictionary<string, DialogueCategory>)>(async db =>
        {
            var city = await db.Assessments.Where(a => a.Level == AssessmentLevel.Local && a.IsFictional && a.NationalCounterpartId != null
                && db.Answers.Any(x => x.AssessmentId == a.NationalCounterpartId)).OrderBy(a => a.Id).FirstAsync();
            var local = await db.Answers.Where(a => a.AssessmentId == city.Id).Select(a => new { a.Indicator!.Code, a.Indicator.Competence, a.Status }).ToListAsync();
            var national = await db.Answers.Where(a => a.AssessmentId == city.NationalCounterpartId).Select(a => new { a.Indicator!.Code, a.Status }).ToDictionaryAsync(x => x.Code, x => x.Status);
            var result = new Dictionary<string, DialogueCategory>();
            foreach (var l in local)
            {
                var n = national.GetValueOrDefault(l.Code);
                DialogueCategory? c = l.Competence == Competence.N || l.Status == AnswerStatus.NationalCompetence ? DialogueCategory.NationalCompetence
                    : n == AnswerStatus.Yes && Gap(l.Status) ? DialogueCategory.NationalFrameworkNotAppliedLocally
                    : l.Status == AnswerStatus.Yes && Gap(n) ? DialogueCategory.LocalInnovation
                    : Gap(l.Status) && Gap(n) ? DialogueCategory.SharedGap : null;
                if (c is { } category)
                {
                    result[l.Code] = category;
                }
            }

            return (city.Id, result);
        });
        foreach (var lang in Languages.All)
        {
            var brief = await core.Run<DialogueService, DialogueBrief>(d => d.BriefAsync(coordinator, cityId, lang));
            Assert.True(brief.HasNationalAnswers);
            foreach (var category in Enum.GetValues<DialogueCategory>())
            {
                Assert.Equal(expected.Where(e => e.Value == category).Select(e => e.Key).Order(StringComparer.Ordinal),
                    brief.In(category).Select(r => r.Code).Order(StringComparer.Ordinal));
            }

            Assert.Contains(expected.Values, v => v == DialogueCategory.SharedGap);
            var html = DialogueBriefRenderer.Html(brief);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(DialogueBriefRenderer.CategoryTitle(DialogueCategory.LocalInnovation, lang)), html, StringComparison.Ordinal);
            Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(DialogueBriefRenderer.Pdf(brief), 0, 4), StringComparison.Ordinal);
        }

        // La Chorrera's national counterpart has no answers in Faro: the local side only, no invented national answers.
        var chorrera = await core.Run<FaroDb, int>(db => db.Assessments.Where(a => a.Jurisdiction!.Name == "La Chorrera").Select(a => a.Id).SingleAsync());
        var chorreraBrief = await core.Run<DialogueService, DialogueBrief>(d => d.BriefAsync(coordinator, chorrera, Languages.Spanish));
        Assert.False(chorreraBrief.HasNationalAnswers);
        Assert.All(chorreraBrief.Rows, r => Assert.Null(r.National));
        Assert.Empty(chorreraBrief.In(DialogueCategory.SharedGap));
        Assert.Contains("solo el lado local", DialogueBriefRenderer.Html(chorreraBrief), StringComparison.Ordinal);
        // A focal point of the city is not a party to the national–local dialogue.
        var focalId = await core.Run<FaroDb, int>(db => db.Users.Where(u => u.Email!.StartsWith("focal.la-chorrera@")).Select(u => u.Id).SingleAsync());
        var focal = await core.Run<Access, Actor>(a => a.ActorAsync(focalId, null));
        await Assert.ThrowsAsync<RefusedException>(() => core.Run<DialogueService, DialogueBrief>(d => d.BriefAsync(focal, chorrera, Languages.English)));

        // 2. The library: with or without the accent, in any case, the same practices; public evidence only.
        var accented = await core.Run<GoodPracticeService, PracticePage>(s => s.SearchAsync(new PracticeQuery(Q: "migración"), Languages.Spanish));
        var plain = await core.Run<GoodPracticeService, PracticePage>(s => s.SearchAsync(new PracticeQuery(Q: "MIGRACION"), Languages.Spanish));
        Assert.NotEmpty(accented.Items);
        Assert.Equal(accented.Items.Select(i => i.AnswerId), plain.Items.Select(i => i.AnswerId));
        Assert.All(accented.Items, i => Assert.Contains("migraci", i.Narrative.ToLowerInvariant(), StringComparison.Ordinal));
        // The same in English pages and English narratives: case and accents ignored there too.
        var english = await core.Run<GoodPracticeService, PracticePage>(s => s.SearchAsync(new PracticeQuery(Q: "migrants", Lang: "en"), Languages.English));
        var englishAccented = await core.Run<GoodPracticeService, PracticePage>(s => s.SearchAsync(new PracticeQuery(Q: "MÍGRANTS", Lang: "en"), Languages.English));
        Assert.NotEmpty(english.Items);
        Assert.Equal(english.Items.Select(i => i.AnswerId), englishAccented.Items.Select(i => i.AnswerId));
        Assert.All(english.Items, i => Assert.Equal("en", i.NarrativeLang));
        // Publications dated three years back, so that a practice's year cannot be taken from the
        // day the demo was loaded.
        await core.Db(async db =>
        {
            foreach (var e in await db.StageEvents.Where(e => e.To == Stage.Published).ToListAsync())
            {
                e.At = e.At.AddYears(-3);
            }

            await db.SaveChangesAsync();
        });
        var all = await core.Run<GoodPracticeService, PracticePage>(s => s.SearchAsync(new PracticeQuery(), Languages.English));
        Assert.Equal(GoodPracticeService.PageSize, all.Items.Count);
        Assert.True(all.HasNext);
        await core.Db(async db =>
        {
            var ids = all.Items.Select(i => i.AnswerId).ToList();
            Assert.Equal(ids.Count, await db.Answers.CountAsync(a => ids.Contains(a.Id) && a.Status == AnswerStatus.Yes
                && (a.Assessment!.Stage == Stage.Published || a.Assessment.Stage == Stage.FollowUp)));
            var privateTitles = await db.Evidence.Where(e => !e.IsPublic).Select(e => e.Title.En).ToListAsync();
            Assert.DoesNotContain(all.Items.SelectMany(i => i.Evidence), e => privateTitles.Contains(e.Title));
            // A practice's year is the year its assessment was last published.
            foreach (var item in all.Items)
            {
                var published = await db.StageEvents.Where(e => e.AssessmentId == item.AssessmentId && e.To == Stage.Published).Select(e => e.At).ToListAsync();
                Assert.Equal(published.Max().Year, item.Year);
            }
        });
        var domain = all.Items[0].Domain;
        var filtered = await core.Run<GoodPracticeService, PracticePage>(s => s.SearchAsync(new PracticeQuery(Domain: domain, Lang: "es"), Languages.Spanish));
        Assert.All(filtered.Items, i => Assert.Equal(domain, i.Domain));

        // 3. Peers of the demo city in government review name a published city for a gap it has.
        var review = await core.Run<FaroDb, int>(db => db.Assessments.Where(a => a.Stage == Stage.GovernmentReview).Select(a => a.Id).FirstAsync());
        var peers = await core.Run<PeerService, IReadOnlyList<GapPeers>>(p => p.PeersAsync(coordinator, review, Languages.English));
        var withPeer = peers.First(g => g.Peers.Count > 0);
        await core.Db(async db =>
        {
            Assert.True(Gap(await db.Answers.Where(a => a.AssessmentId == review && a.Indicator!.Code == withPeer.Indicator).Select(a => a.Status).SingleAsync()));
            foreach (var peer in withPeer.Peers)
            {
                Assert.Contains(await db.Assessments.Where(a => a.Id == peer.AssessmentId).Select(a => a.Stage).SingleAsync(), Access.PublicStages);
                Assert.Equal(AnswerStatus.Yes, await db.Answers.Where(a => a.Id == peer.AnswerId).Select(a => a.Status).SingleAsync());
                Assert.NotEmpty(peer.Reasons);
            }
        });
        Assert.True(withPeer.Peers.Zip(withPeer.Peers.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        // The same peers in Spanish, with the reasons in Spanish.
        var peersEs = await core.Run<PeerService, IReadOnlyList<GapPeers>>(p => p.PeersAsync(coordinator, review, Languages.Spanish));
        var withPeerEs = peersEs.Single(g => g.Indicator == withPeer.Indicator);
        Assert.Equal(withPeer.Peers.Select(p => p.AnswerId), withPeerEs.Peers.Select(p => p.AnswerId));
        Assert.StartsWith("responde sí en", withPeerEs.Peers[0].Reasons[0], StringComparison.Ordinal);

        // 4. The two rounds of the fictional city: the comparison shows exactly the real differences.
        var (second, first, improvedCodes, regressedCodes) = await core.Run<FaroDb, (int, int, List<string>, List<string>)>(async db =>
        {
            var s = await db.Assessments.SingleAsync(a => a.IsFictional && a.Round == 2);
            static int Rank(AnswerStatus? x) => x switch { AnswerStatus.Yes => 2, AnswerStatus.Partial => 1, AnswerStatus.No => 0, _ => -1 };
            var before = await db.Answers.Where(a => a.AssessmentId == s.PreviousRoundId).Select(a => new { a.Indicator!.Code, a.Status }).ToDictionaryAsync(x => x.Code, x => x.Status);
            var after = await db.Answers.Where(a => a.AssessmentId == s.Id).Select(a => new { a.Indicator!.Code, a.Status }).ToDictionaryAsync(x => x.Code, x => x.Status);
            var comparable = after.Where(x => Rank(x.Value) >= 0 && before.TryGetValue(x.Key, out var b) && Rank(b) >= 0).ToList();
            return (s.Id, s.PreviousRoundId!.Value,
                comparable.Where(x => Rank(x.Value) > Rank(before[x.Key])).Select(x => x.Key).Order(StringComparer.Ordinal).ToList(),
                comparable.Where(x => Rank(x.Value) < Rank(before[x.Key])).Select(x => x.Key).Order(StringComparer.Ordinal).ToList());
        });
        foreach (var lang in Languages.All)
        {
            var comparison = await core.Run<RoundComparisonService, RoundsComparison>(r => r.CompareAsync(coordinator, second, first, lang));
            Assert.Equal(improvedCodes, comparison.Indicators.Where(i => i.Change == RoundChange.Improved).Select(i => i.Code!).Order(StringComparer.Ordinal));
            Assert.Equal(regressedCodes, comparison.Indicators.Where(i => i.Change == RoundChange.Regressed).Select(i => i.Code!).Order(StringComparer.Ordinal));
            Assert.NotEmpty(improvedCodes);
            Assert.NotEmpty(regressedCodes);
            var wording = comparison.Indicators.First(i => i.Change == RoundChange.Regressed).Wording;
            Assert.Equal(lang == Languages.Spanish ? "Menos desarrollado que en la ronda 1" : "Less developed than in round 1", wording);
            Assert.DoesNotContain("regress", string.Join(' ', comparison.Indicators.Select(i => i.Wording)), StringComparison.OrdinalIgnoreCase);
        }

        // The first round's action plan shows in the comparison.
        var plan = await core.Run<RoundComparisonService, RoundsComparison>(r => r.CompareAsync(coordinator, second, first, Languages.English));
        Assert.Equal(await core.Run<FaroDb, int>(db => db.Actions.CountAsync(a => a.AssessmentId == first)), plan.EarlierActions.Count);

        // The same comparison without `with` uses the previous round.
        var implicitRound = await core.Run<RoundComparisonService, RoundsComparison>(r => r.CompareAsync(coordinator, second, null, Languages.English));
        Assert.Equal(first, implicitRound.EarlierId);

        // 5. Common challenges of the fictional country: counts only, practices from published places.
        var iso = await core.Run<FaroDb, string>(db => db.Assessments.Where(a => a.Id == second).Select(a => a.Country!.Iso2).SingleAsync());
        var challenges = await core.Run<ChallengeService, ChallengeReport>(c => c.ForAsync(iso, Languages.Spanish));
        Assert.NotEmpty(challenges.Challenges);
        Assert.True(challenges.Challenges.Zip(challenges.Challenges.Skip(1)).All(p => p.First.Gaps >= p.Second.Gaps));
        await Assert.ThrowsAsync<InputRejectedException>(() => core.Run<ChallengeService, ChallengeReport>(c => c.ForAsync("ZZ9", Languages.Spanish)));
    }
}
