using System.Text.RegularExpressions;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Pages;

/// The home of each role lists what needs them with counts that match what is listed (issue 15,
/// item 11).
public sealed class HomeNeedsTests
{
    [Fact]
    public async Task Home_CountsWhatItLists_AndTheTeamSeesItsUnansweredIndicators()
    {
        using var app = new FaroApp();
        var world = await TestData.UiWorldAsync(app);

        // The focal point: the badge counts the indicators assigned, as many as the summary says.
        var assigned = await app.WithDb(db => db.Assignments.CountAsync(x => x.AssessmentId == world.CollectingId && x.InstitutionId == world.MunicipalityId));
        var focal = await app.SignedInAs(UiWorld.FocalPoint, UiWorld.Password);
        var page = await focal.GetStringAsync("/");
        Assert.Contains($"Indicadores asignados a usted <span class=\"count\">{assigned}</span>", page, StringComparison.Ordinal);
        Assert.Matches(new Regex($"\\d+ de {assigned} aún sin respuesta\\."), page);

        // The researcher: Puerto Nuevo (data collection, 12 of 88 answered) needs them.
        var researcher = await app.SignedInAs(UiWorld.Researcher, UiWorld.Password);
        page = await researcher.GetStringAsync("/");
        Assert.DoesNotContain("Nada requiere su atención", page, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/assessments/{world.CollectingId}?status=none#indicators\">Puerto Nuevo</a>:", page, StringComparison.Ordinal);
        Assert.Contains("76 de 88 indicadores aún no tienen respuesta", page, StringComparison.Ordinal);
        Assert.Contains("Indicadores sin respuesta <span class=\"count\">76</span>", page, StringComparison.Ordinal);
        await researcher.PostForm("/account/language", new() { ["lang"] = "en", ["returnUrl"] = "/" }, formPage: "/");
        page = await researcher.GetStringAsync("/");
        Assert.Contains("76 of 88 indicators have no answer yet", page, StringComparison.Ordinal);

        // Someone outside the country has nothing of it to do.
        var outsider = await app.SignedInAs(UiWorld.Outsider, UiWorld.Password);
        Assert.DoesNotContain("Puerto Nuevo", await outsider.GetStringAsync("/"), StringComparison.Ordinal);
    }
}
