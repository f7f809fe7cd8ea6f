using System.Text.RegularExpressions;
using Faro.Tests.Infrastructure;

namespace Faro.Tests.Pages;

/// The blockers of the next move (issue 15, item 6): grouped by kind with counts, each indicator
/// group linking to the overview filtered to those indicators, plurals right in both languages,
/// and no confirmation dialog for a move known to be blocked.
public sealed class BlockerGroupTests
{
    [Fact]
    public async Task Blockers_AreGroupedWithCounts_LinkToTheirIndicators_AndABlockedMoveAsksNoConfirmation()
    {
        using var app = new FaroApp();
        var world = await TestData.UiWorldAsync(app);
        var coordinator = await app.SignedInAs(UiWorld.Coordinator, UiWorld.Password);

        // Puerto Nuevo: 12 of 88 answered, so 76 without an answer, all reachable from one link.
        var page = await coordinator.GetStringAsync($"/assessments/{world.CollectingId}");
        Assert.Matches(new Regex("\\d+ cosas bloquean este paso:"), page);
        var link = $"/assessments/{world.CollectingId}?blocked=answer.missing#indicators";
        Assert.Contains($"<a href=\"{link}\">76 indicadores no tienen respuesta</a>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("más.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-confirm", page, StringComparison.Ordinal);

        var filtered = await coordinator.GetStringAsync(link);
        Assert.Contains("Se muestran 76 de 88", filtered, StringComparison.Ordinal);

        // One blocker (no induction workshop held): the singular, in both languages; an assessment
        // with a clear way forward still asks for confirmation.
        page = await coordinator.GetStringAsync($"/assessments/{world.InductionId}");
        Assert.Contains("1 cosa bloquea este paso:", page, StringComparison.Ordinal);
        await coordinator.PostForm("/account/language", new() { ["lang"] = "en", ["returnUrl"] = "/" }, formPage: "/");
        page = await coordinator.GetStringAsync($"/assessments/{world.InductionId}");
        Assert.Contains("1 thing blocks this step:", page, StringComparison.Ordinal);
        page = await coordinator.GetStringAsync($"/assessments/{world.CollectingId}");
        Assert.Contains(">76 indicators have no answer</a>", page, StringComparison.Ordinal);
    }
}
