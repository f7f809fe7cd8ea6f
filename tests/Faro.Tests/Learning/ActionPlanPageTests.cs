using System.Net;
using Faro.Assessments;
using Faro.FollowUp;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Learning;

/// The action plan page over HTTP without JavaScript: forms with antiforgery, bad input named in
/// the user's language and nothing saved, add / close / remove, overdue actions on the home page.
public sealed class ActionPlanPageTests
{
    [Theory, AllProviders]
    public async Task ActionPlanPage_AddCloseRemove_WithoutJavaScript_AndOverdueOnTheHomePage(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await TestData.UiWorldAsync(app);
        var id = world.ReviewId;
        // The plan is written once published: move the fixture's assessment on, with one gap.
        var gap = await app.WithDb(async db =>
        {
            var a = await db.Assessments.SingleAsync(x => x.Id == id);
            a.Stage = Stage.FollowUp;
            var answer = await db.Answers.Include(x => x.Indicator).Where(x => x.AssessmentId == id).OrderBy(x => x.Id).FirstAsync();
            answer.Status = AnswerStatus.No;
            await db.SaveChangesAsync();
            return answer.Indicator!.Code;
        });
        var url = $"/assessments/{id}/actions";

        // Published, so the plan is public reading; only the team gets the forms.
        var outsider = await app.SignedInAs(UiWorld.Outsider, UiWorld.Password);
        var readOnly = await outsider.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, readOnly.StatusCode);
        Assert.DoesNotContain("handler=Create", await readOnly.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var refused = await (await outsider.PostForm(url + "?handler=Create", new() { ["IndicatorCode"] = gap, ["TextEs"] = "x" }, formPage: url)).Content.ReadAsStringAsync();
        Assert.Equal(0, await app.WithDb(db => db.Actions.CountAsync(a => a.AssessmentId == id)));

        var coordinator = await app.SignedInAs(UiWorld.Coordinator, UiWorld.Password);
        var page = await coordinator.GetStringAsync(url);
        Assert.Contains("Plan de acción", page, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{gap}\">", page, StringComparison.Ordinal);

        var bad = await (await coordinator.PostForm(url + "?handler=Create", new() { ["IndicatorCode"] = gap, ["TextEs"] = "", ["Status"] = "planned" }, formPage: url))
            .Content.ReadAsStringAsync();
        Assert.Contains("Describa la acción en español o en inglés.", bad, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDb(db => db.Actions.CountAsync(a => a.AssessmentId == id)));

        var created = await (await coordinator.PostForm(url + "?handler=Create", new()
        {
            ["IndicatorCode"] = gap,
            ["TextEs"] = "Adoptar un protocolo (ficticio)",
            ["DueOn"] = "2020-01-31",
            ["Status"] = "planned",
        }, formPage: url)).Content.ReadAsStringAsync();
        Assert.Contains("Se guardó la acción.", created, StringComparison.Ordinal);
        Assert.Contains("vencida", created, StringComparison.Ordinal);
        var actionId = await app.WithDb(db => db.Actions.Where(a => a.AssessmentId == id).Select(a => a.Id).SingleAsync());

        var home = await coordinator.GetStringAsync("/");
        Assert.Contains("Acciones vencidas", home, StringComparison.Ordinal);
        Assert.Contains($"data-overdue-action=\"{actionId}\"", home, StringComparison.Ordinal);

        var closed = await (await coordinator.PostForm(url + "?handler=Close", new() { ["ActionId"] = $"{actionId}" }, formPage: url)).Content.ReadAsStringAsync();
        Assert.Contains("La acción se cerró como realizada.", closed, StringComparison.Ordinal);
        Assert.Equal(ActionStatus.Done, await app.WithDb(db => db.Actions.Where(a => a.Id == actionId).Select(a => a.Status).SingleAsync()));
        Assert.DoesNotContain($"data-overdue-action=\"{actionId}\"", await coordinator.GetStringAsync("/"), StringComparison.Ordinal);

        await coordinator.PostForm(url + "?handler=Remove", new() { ["ActionId"] = $"{actionId}" }, formPage: url);
        Assert.NotNull(await app.WithDb(db => db.Actions.Where(a => a.Id == actionId).Select(a => a.RemovedAt).SingleAsync()));
        Assert.DoesNotContain($"data-action=\"{actionId}\"", await coordinator.GetStringAsync(url), StringComparison.Ordinal);
    }
}
