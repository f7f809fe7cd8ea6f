using System.Net;
using System.Text;
using Faro.Notifications;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Tests.Notifications;

public class NotificationTests
{
    [Theory, AllProviders]
    public async Task ReturnForRevision_IsEmailedInTheReadersLanguage_Once(string provider)
    {
        await using var smtp = TinySmtpServer.Start();
        await using var core = await CoreServices.StartAsync(provider, settings: new Dictionary<string, string?>
        {
            ["Faro:Smtp:Host"] = "127.0.0.1",
            ["Faro:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Faro:Smtp:Security"] = "None",
            ["Faro:Smtp:From"] = "faro@test.example",
        }, configure: (services, configuration) => NotificationMailer.AddMail(services, configuration));
        var world = await core.Run<IServiceProvider, WorkflowWorld>(s => TestData.WorkflowWorldAsync(s, Stage.Validation));
        await core.Db(db => db.Users.Where(u => u.Id == world.Users["focal-point-in"]).ExecuteUpdateAsync(s => s.SetProperty(u => u.PreferredLanguage, "es")));
        await core.Run<IServiceProvider>(async s => await s.GetRequiredService<StageMachine>()
            .MoveAsync(await TestData.ActorAsync(s, world, "coordinator-in"), world.AssessmentId, Stage.DataCollection, "Faltan fuentes en D4"));

        var sent = await core.Run<NotificationMailer, int>(m => m.SendPendingAsync());
        Assert.True(sent >= 2);
        Assert.Equal(0, await core.Run<NotificationMailer, int>(m => m.SendPendingAsync()));
        var spanish = Assert.Single(smtp.Messages, m => m.Contains("RCPT TO:<focal-point-in@test.example>", StringComparison.Ordinal));
        Assert.Contains("fue devuelta", spanish, StringComparison.Ordinal);
        var english = Assert.Single(smtp.Messages, m => m.Contains("RCPT TO:<researcher-in@test.example>", StringComparison.Ordinal));
        Assert.Contains("was returned from Validation to Data collection", english, StringComparison.Ordinal);
        Assert.DoesNotContain(smtp.Messages, m => m.Contains("coordinator-in@", StringComparison.Ordinal));
        Assert.Equal(0, await core.Db(db => db.Notifications.CountAsync(n => n.EmailedAt == null)));
    }

    [Theory, AllProviders]
    public async Task Inbox_ListsNotificationsInTheUsersLanguage_AndMarksThemRead(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync(Stage.Validation);
        var coordinator = await app.WithTokenOf(world.Users["coordinator-in"]);
        var moved = await coordinator.PostAsync($"/api/v1/assessments/{world.AssessmentId}/transitions",
            new StringContent("{\"to\":\"data-collection\",\"reason\":\"Sources missing in D4\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

        var browser = await app.SignedInAs(WorkflowWorld.Email("focal-point-in"), WorkflowWorld.Password);
        var page = await browser.GetStringAsync("/inbox");
        Assert.Contains("Alpha local assessment was returned from Validation to Data collection for revision: Sources missing in D4", page, StringComparison.Ordinal);
        Assert.Contains("class=\"unread\"", page, StringComparison.Ordinal);
        var read = await browser.PostForm("/inbox?handler=ReadAll", [], "/inbox");
        Assert.Equal(HttpStatusCode.Redirect, read.StatusCode);
        Assert.DoesNotContain("class=\"unread\"", await browser.GetStringAsync("/inbox"), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDb(db => db.Notifications.CountAsync(n => n.UserId == world.Users["focal-point-in"] && n.ReadAt == null)));
    }
}
