using Faro.Assessments;
using Faro.Data;
using Faro.Demo;
using Faro.Learning;
using Faro.Notifications;
using Faro.People;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Tests.Learning;

public class ExchangeRequestTests
{
    [Theory, AllProviders]
    public async Task ExchangeRequest_AskAcceptDeclineWithdraw_ByScope_WithAuditAndNotifications(string provider)
    {
        await using var core = await CoreServices.StartAsync(provider);
        await core.Run<DemoSeeder>(s => s.SeedAsync());
        var coordinatorId = await core.Run<FaroDb, int>(db => db.Users.Where(u => u.Email!.StartsWith("coordinator@")).Select(u => u.Id).SingleAsync());
        var coordinator = await core.Run<Access, Actor>(a => a.ActorAsync(coordinatorId, null));
        var review = await core.Run<FaroDb, int>(db => db.Assessments.Where(a => a.Stage == Stage.GovernmentReview).Select(a => a.Id).FirstAsync());
        var gaps = await core.Run<PeerService, IReadOnlyList<GapPeers>>(p => p.PeersAsync(coordinator, review, Languages.English));
        var withPeers = gaps.Where(g => g.Peers.Count > 0).ToList();
        var gap = withPeers[0];
        var peer = gap.Peers[0];

        // The asker: a focal point of the assessment in review; an outsider: a researcher of another assessment.
        var (focalId, outsiderId) = await core.Run<IServiceProvider, (int, int)>(async s =>
        {
            var db = s.GetRequiredService<FaroDb>();
            var users = s.GetRequiredService<UserService>();
            var institution = await db.Institutions.Where(i => i.CountryId == db.Assessments.Where(a => a.Id == review).Select(a => a.CountryId).First())
                .Select(i => i.Id).FirstAsync();
            var focal = await users.AddAsync("focal.exchange@test.example", "Exchange focal point (fictional)", Role.FocalPoint,
                new ScopeSpec(null, review, institution), WorkflowWorld.Password, "test");
            var third = await db.Assessments.Where(a => a.Id != review && a.Id != peer.AssessmentId).Select(a => a.Id).FirstAsync();
            var outsider = await users.AddAsync("outsider.exchange@test.example", "Outsider (fictional)", Role.Researcher,
                new ScopeSpec(null, third, null), WorkflowWorld.Password, "test");
            return (focal.Id, outsider.Id);
        });
        var focalPoint = await core.Run<Access, Actor>(a => a.ActorAsync(focalId, null));
        var outsider = await core.Run<Access, Actor>(a => a.ActorAsync(outsiderId, null));
        var lang = Languages.Spanish;

        // Bad input: every problem named, in Spanish, nothing written.
        var bad = await Assert.ThrowsAsync<InputRejectedException>(() => core.Run<PeerExchangeService, ExchangeRequestView>(x =>
            x.RequestAsync(focalPoint, review, new ExchangeRequestInput(0, gap.Indicator, "x\u0001"), lang)));
        Assert.Equal(["message", "peerAssessmentId"], bad.Errors.Select(e => e.Location).Order(StringComparer.Ordinal));
        Assert.Contains("no es una evaluación publicada", bad.Describe(lang), StringComparison.Ordinal);
        var notPractice = await core.Run<FaroDb, string>(db => db.Answers.Where(a => a.AssessmentId == peer.AssessmentId && a.Status != AnswerStatus.Yes)
            .Select(a => a.Indicator!.Code).FirstAsync());
        var bad2 = await Assert.ThrowsAsync<InputRejectedException>(() => core.Run<PeerExchangeService, ExchangeRequestView>(x =>
            x.RequestAsync(focalPoint, review, new ExchangeRequestInput(peer.AssessmentId, notPractice, "¿Cómo lo hicieron?"), lang)));
        Assert.Equal("exchange.not_a_practice", bad2.Errors.Single().Code);
        Assert.Equal(0, await core.Run<FaroDb, int>(db => db.ExchangeRequests.CountAsync()));

        // Outside the scope: not found, for asking and for reading.
        var hidden = await Assert.ThrowsAsync<RefusedException>(() => core.Run<PeerExchangeService, ExchangeRequestView>(x =>
            x.RequestAsync(outsider, review, new ExchangeRequestInput(peer.AssessmentId, gap.Indicator, "¿Cómo?"), lang)));
        Assert.Equal(RefusalKind.NotFound, hidden.Kind);

        var asked = await core.Run<PeerExchangeService, ExchangeRequestView>(x =>
            x.RequestAsync(focalPoint, review, new ExchangeRequestInput(peer.AssessmentId, gap.Indicator, "¿Cómo organizaron la atención?"), lang));
        Assert.Equal(("out", "requested", gap.Indicator), (asked.Direction, asked.Status, asked.IndicatorCode));
        Assert.True(asked.MayWithdraw);
        Assert.False(asked.MayAnswer);
        Assert.Empty(asked.Contacts);
        var inbox = await core.Run<Notifier, IReadOnlyList<NotificationView>>(n => n.InboxAsync(coordinator, lang));
        Assert.Contains(inbox, n => n.Kind == Notifier.ExchangeRequested && n.Text.Contains("solicita a", StringComparison.Ordinal));

        var again = await Assert.ThrowsAsync<RefusedException>(() => core.Run<PeerExchangeService, ExchangeRequestView>(x =>
            x.RequestAsync(focalPoint, review, new ExchangeRequestInput(peer.AssessmentId, gap.Indicator, "Otra vez"), lang)));
        Assert.Equal("exchange.already_open", again.Code);

        // Answering is for coordinators; an outsider does not even see the request.
        var notCoordinator = await Assert.ThrowsAsync<RefusedException>(() => core.Run<PeerExchangeService, ExchangeRequestView>(x =>
            x.AcceptAsync(focalPoint, asked.Id, new ExchangeAnswerInput(null), lang)));
        Assert.Equal("exchange.not_coordinator", notCoordinator.Code);
        var unseen = await Assert.ThrowsAsync<RefusedException>(() => core.Run<PeerExchangeService, ExchangeRequestView>(x =>
            x.AcceptAsync(outsider, asked.Id, new ExchangeAnswerInput(null), lang)));
        Assert.Equal(RefusalKind.NotFound, unseen.Kind);
        var noReason = await Assert.ThrowsAsync<InputRejectedException>(() => core.Run<PeerExchangeService, ExchangeRequestView>(x =>
            x.DeclineAsync(coordinator, asked.Id, new ExchangeAnswerInput(" "), lang)));
        Assert.Equal("note", noReason.Errors.Single().Location);

        var accepted = await core.Run<PeerExchangeService, ExchangeRequestView>(x =>
            x.AcceptAsync(coordinator, asked.Id, new ExchangeAnswerInput("Con gusto."), lang));
        Assert.Equal(("accepted", "Con gusto."), (accepted.Status, accepted.AnswerNote));
        Assert.Contains(accepted.Contacts, c => c.Side == "from");
        var seenByPeer = (await core.Run<PeerExchangeService, ExchangeRequestPage>(x => x.ListAsync(coordinator, peer.AssessmentId, lang))).Items;
        Assert.Equal("in", seenByPeer.Single(v => v.Id == asked.Id).Direction);
        var seenByAsker = (await core.Run<PeerExchangeService, ExchangeRequestPage>(x => x.ListAsync(focalPoint, review, lang))).Items;
        Assert.Equal(accepted.Contacts.Count, seenByAsker.Single(v => v.Id == asked.Id).Contacts.Count);
        var answeredTwice = await Assert.ThrowsAsync<RefusedException>(() => core.Run<PeerExchangeService, ExchangeRequestView>(x =>
            x.DeclineAsync(coordinator, asked.Id, new ExchangeAnswerInput("No."), lang)));
        Assert.Equal("exchange.not_open", answeredTwice.Code);
        Assert.Contains(await core.Run<Notifier, IReadOnlyList<NotificationView>>(n => n.InboxAsync(focalPoint, Languages.English)),
            n => n.Kind == Notifier.ExchangeAccepted);

        // A second request: only its asker may withdraw it; a declined one needs its reason.
        var other = withPeers.Count > 1 ? withPeers[1] : gap;
        var otherPeer = other == gap ? gap.Peers.Skip(1).First() : other.Peers[0];
        var second = await core.Run<PeerExchangeService, ExchangeRequestView>(x =>
            x.RequestAsync(focalPoint, review, new ExchangeRequestInput(otherPeer.AssessmentId, other.Indicator, "¿Qué protocolo usan?"), lang));
        var notAsker = await Assert.ThrowsAsync<RefusedException>(() => core.Run<PeerExchangeService, ExchangeRequestView>(x =>
            x.WithdrawAsync(coordinator, second.Id, lang)));
        Assert.Equal("exchange.not_requester", notAsker.Code);
        Assert.Equal("withdrawn", (await core.Run<PeerExchangeService, ExchangeRequestView>(x => x.WithdrawAsync(focalPoint, second.Id, lang))).Status);

        await core.Db(async db =>
        {
            var trail = await db.Audit.Where(a => a.EntityType == "exchange_request").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
            Assert.Equal(["exchange.requested", "exchange.accepted", "exchange.requested", "exchange.withdrawn"], trail);
            Assert.Equal(2, await db.ExchangeRequests.CountAsync());
        });
    }

    [Theory, AllProviders]
    public async Task ExchangeRequests_AreListedInPages_NewestFirst(string provider)
    {
        await using var core = await CoreServices.StartAsync(provider);
        await core.Run<DemoSeeder>(s => s.SeedAsync());
        var researcherId = await core.Run<FaroDb, int>(db => db.Users.Where(u => u.Email!.StartsWith("researcher.santa-irenea@")).Select(u => u.Id).SingleAsync());
        var researcher = await core.Run<Access, Actor>(a => a.ActorAsync(researcherId, null));
        var review = await core.Run<FaroDb, int>(db => db.Assessments.Where(a => a.Stage == Stage.GovernmentReview && a.Jurisdiction!.Name == "Santa Irenea").Select(a => a.Id).SingleAsync());
        var pairs = (await core.Run<PeerService, IReadOnlyList<GapPeers>>(p => p.PeersAsync(researcher, review, Languages.English)))
            .SelectMany(g => g.Peers.Select(p => (p.AssessmentId, g.Indicator))).Take(PeerExchangeService.PageSize + 1).ToList();
        Assert.Equal(PeerExchangeService.PageSize + 1, pairs.Count);
        foreach (var (peer, indicator) in pairs)
        {
            await core.Run<PeerExchangeService, ExchangeRequestView>(x => x.RequestAsync(researcher, review, new ExchangeRequestInput(peer, indicator, "¿Cómo lo hicieron? (prueba)"), "es"));
        }

        var first = await core.Run<PeerExchangeService, ExchangeRequestPage>(x => x.ListAsync(researcher, review, "es"));
        var second = await core.Run<PeerExchangeService, ExchangeRequestPage>(x => x.ListAsync(researcher, review, "es", page: 2));
        Assert.Equal((PeerExchangeService.PageSize, true, pairs.Count), (first.Items.Count, first.HasNext, first.Total));
        Assert.Equal((1, false), (second.Items.Count, second.HasNext));
        var ids = first.Items.Concat(second.Items).Select(i => i.Id).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Equal(pairs[0].Indicator, second.Items[0].IndicatorCode);
    }
}
