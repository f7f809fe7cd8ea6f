using Faro.Assessments;
using Faro.Data;
using Faro.Demo;
using Faro.FollowUp;
using Faro.Notifications;
using Faro.People;
using Faro.Profiles;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Tests.Learning;

public class ActionPlanTests
{
    [Theory, AllProviders]
    public async Task ActionPlan_CreateEditRemove_WithAudit_AndBadInputChangesNothing(string provider)
    {
        await using var core = await CoreServices.StartAsync(provider);
        await core.Run<DemoSeeder>(s => s.SeedAsync());
        var coordinatorId = await core.Run<FaroDb, int>(db => db.Users.Where(u => u.Email!.StartsWith("coordinator@")).Select(u => u.Id).SingleAsync());
        var coordinator = await core.Run<Access, Actor>(a => a.ActorAsync(coordinatorId, null));
        var followUp = await core.Run<FaroDb, int>(db => db.Assessments.Where(a => a.Stage == Stage.FollowUp && a.Level == AssessmentLevel.Local).Select(a => a.Id).FirstAsync());

        var proposals = await core.Run<ActionPlanService, IReadOnlyList<string>>(p => p.ProposalsAsync(coordinator, followUp));
        Assert.NotEmpty(proposals);
        var gap = proposals[0];
        var before = await core.Run<ActionPlanService, IReadOnlyList<ActionView>>(p => p.ListAsync(coordinator, followUp));

        var bad = await Assert.ThrowsAsync<InputRejectedException>(() => core.Run<ActionPlanService, ActionView>(p =>
            p.CreateAsync(coordinator, followUp, new ActionInput("NOPE-1", null, "x\u0001", null, null, "soon", null))));
        Assert.Equal(["indicatorCode", "status", "textEs"], bad.Errors.Select(e => e.Location).Order(StringComparer.Ordinal));
        Assert.Contains("no es un indicador", bad.Describe(Languages.Spanish), StringComparison.Ordinal);
        Assert.Equal(before.Count, (await core.Run<ActionPlanService, IReadOnlyList<ActionView>>(p => p.ListAsync(coordinator, followUp))).Count);

        var created = await core.Run<ActionPlanService, ActionView>(p => p.CreateAsync(coordinator, followUp,
            new ActionInput(gap, "Adopt a protocol (fictional)", "Adoptar un protocolo (ficticio)", null, new DateOnly(2020, 1, 31), "planned", null)));
        Assert.True(created.IsOverdue);
        // Overdue: announced once in the coordinator's inbox, not again on the next sweep.
        // (The demo's own plans may have overdue actions too.)
        Assert.True(await core.Run<IServiceProvider, int>(s => s.GetRequiredService<ActionPlanService>().NotifyOverdueAsync(s.GetRequiredService<Notifier>())) >= 1);
        Assert.Equal(0, await core.Run<IServiceProvider, int>(s => s.GetRequiredService<ActionPlanService>().NotifyOverdueAsync(s.GetRequiredService<Notifier>())));
        var inbox = await core.Run<Notifier, IReadOnlyList<NotificationView>>(n => n.InboxAsync(coordinator, Languages.Spanish));
        Assert.Contains(inbox, n => n.Kind == Notifier.ActionOverdue && n.Text.Contains("vencía el 2020-01-31", StringComparison.Ordinal));
        var edited = await core.Run<ActionPlanService, ActionView>(p => p.UpdateAsync(coordinator, followUp, created.Id,
            new ActionInput(null, "Adopt a protocol (fictional)", "Adoptar un protocolo (ficticio)", null, new DateOnly(2020, 1, 31), "done", "Adopted.")));
        Assert.Equal("done", edited.Status);
        Assert.False(edited.IsOverdue);
        Assert.Equal(gap, edited.IndicatorCode);
        var csv = System.Text.Encoding.UTF8.GetString(await core.Run<ActionPlanService, byte[]>(p => p.CsvAsync(coordinator, followUp, Languages.Spanish)));
        Assert.StartsWith("indicador,accion", csv, StringComparison.Ordinal);
        Assert.Contains("Adoptar un protocolo (ficticio)", csv, StringComparison.Ordinal);

        await core.Run<ActionPlanService, bool>(p => p.RemoveAsync(coordinator, followUp, created.Id));
        Assert.DoesNotContain(await core.Run<ActionPlanService, IReadOnlyList<ActionView>>(p => p.ListAsync(coordinator, followUp)), a => a.Id == created.Id);
        await core.Db(async db =>
        {
            var actions = await db.Audit.Where(a => a.EntityType == "action" && a.EntityId == created.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Select(a => a.Action).ToListAsync();
            Assert.Equal(["action.created", "action.updated", "action.removed"], actions);
        });

        // Not in follow-up: refused, nothing written.
        var drafting = await core.Run<FaroDb, int>(db => db.Assessments.Where(a => (a.Stage == Stage.DataCollection || a.Stage == Stage.Validation || a.Stage == Stage.GovernmentReview) && a.IsFictional).Select(a => a.Id).FirstAsync());
        var refused = await Assert.ThrowsAsync<RefusedException>(() => core.Run<ActionPlanService, ActionView>(p =>
            p.CreateAsync(coordinator, drafting, new ActionInput(gap, null, "Acción (ficticia)", null, null, null, null))));
        Assert.Equal("action.not_follow_up", refused.Code);
    }

    [Theory, AllProviders]
    public async Task ActionPlan_IsInTheFollowUpAnnex_OfThePublishedProfile_InBothLanguages(string provider)
    {
        await using var core = await CoreServices.StartAsync(provider);
        await core.Run<DemoSeeder>(s => s.SeedAsync());
        var coordinatorId = await core.Run<FaroDb, int>(db => db.Users.Where(u => u.Email!.StartsWith("coordinator@")).Select(u => u.Id).SingleAsync());
        var coordinator = await core.Run<Access, Actor>(a => a.ActorAsync(coordinatorId, null));
        var followUp = await core.Run<FaroDb, int>(db => db.Assessments.Where(a => a.Stage == Stage.FollowUp && a.Level == AssessmentLevel.Local).Select(a => a.Id).FirstAsync());
        var published = await core.Run<FaroDb, int>(db => db.Assessments.Where(a => a.Stage == Stage.Published && a.Level == AssessmentLevel.Local).Select(a => a.Id).FirstAsync());
        var gap = (await core.Run<ActionPlanService, IReadOnlyList<string>>(p => p.ProposalsAsync(coordinator, followUp)))[0];

        async Task<string> ProfileAsync(int id, ProfileFormat format, string lang)
        {
            var file = await core.Run<ProfileService, ProfileFile?>(p => p.PublishedAsync(id, format, lang));
            Assert.True(file!.IsSnapshot);
            return System.Text.Encoding.UTF8.GetString(file.Content);
        }

        var created = await core.Run<ActionPlanService, ActionView>(p => p.CreateAsync(coordinator, followUp,
            new ActionInput(gap, "Open a one-stop desk (fictional)", "Abrir una ventanilla única (ficticia)", null, new DateOnly(2031, 3, 31), "in-progress", "Premises found.")));
        var en = await ProfileAsync(followUp, ProfileFormat.Html, Languages.English);
        Assert.Contains("id=\"action-plan\"", en, StringComparison.Ordinal);
        Assert.Contains("Action plan (follow-up)", en, StringComparison.Ordinal);
        Assert.Contains("Open a one-stop desk (fictional)", en, StringComparison.Ordinal);
        Assert.Contains("In progress. Premises found.", en, StringComparison.Ordinal);
        var es = await ProfileAsync(followUp, ProfileFormat.Html, Languages.Spanish);
        Assert.Contains("Plan de acción (seguimiento)", es, StringComparison.Ordinal);
        Assert.Contains("Abrir una ventanilla única (ficticia)", es, StringComparison.Ordinal);
        Assert.Contains("Abrir una ventanilla única (ficticia)", await ProfileAsync(followUp, ProfileFormat.Json, Languages.Spanish), StringComparison.Ordinal);
        // A published assessment not (yet) in follow-up has no such annex.
        Assert.DoesNotContain("id=\"action-plan\"", await ProfileAsync(published, ProfileFormat.Html, Languages.English), StringComparison.Ordinal);

        // Removing the action takes it out of the annex at once (the profile is frozen again).
        await core.Run<ActionPlanService, bool>(p => p.RemoveAsync(coordinator, followUp, created.Id));
        Assert.DoesNotContain("Open a one-stop desk (fictional)", await ProfileAsync(followUp, ProfileFormat.Html, Languages.English), StringComparison.Ordinal);
    }
}
