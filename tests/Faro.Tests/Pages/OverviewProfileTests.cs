using System.Net;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Pages;

/// The assessment's overview offers the profile (issue 15, item 5): from drafting on a preview and
/// the draft downloads for the people in scope, the refusal when nothing is answered, and once
/// published the public profile.
public sealed class OverviewProfileTests
{
    [Fact]
    public async Task Overview_FromDraftingOn_OffersTheDraftProfile_ThenThePublicOne_OrSaysWhyNot()
    {
        using var app = new FaroApp();
        var world = await TestData.UiWorldAsync(app);
        var coordinator = await app.SignedInAs(UiWorld.Coordinator, UiWorld.Password);
        var api = $"/api/v1/assessments/{world.ReviewId}/profile";

        // Government review, 88 answers: preview and both downloads in both languages.
        var page = await coordinator.GetStringAsync($"/assessments/{world.ReviewId}");
        foreach (var lang in new[] { "es", "en" })
        {
            foreach (var format in new[] { "html", "pdf", "docx" })
            {
                Assert.Contains($"href=\"{api}?format={format}&amp;lang={lang}\"", page, StringComparison.Ordinal);
            }
        }

        Assert.Contains("Vista previa (español)", page, StringComparison.Ordinal);
        var preview = await coordinator.GetAsync($"{api}?format=html&lang=es");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("class=\"profile draft\"", await preview.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var pdf = await coordinator.GetAsync($"{api}?format=pdf&lang=en");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);

        // Before drafting: nothing offered.
        page = await coordinator.GetStringAsync($"/assessments/{world.CollectingId}");
        Assert.DoesNotContain("id=\"profile-title\"", page, StringComparison.Ordinal);

        // Drafting with no known answer: the refusal's text instead of links, in the UI language.
        await app.WithDb(db => db.Assessments.Where(a => a.Id == world.InductionId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Stage, Stage.Drafting)));
        page = await coordinator.GetStringAsync($"/assessments/{world.InductionId}");
        Assert.Contains("Esta evaluación aún no tiene respuestas, así que no se puede elaborar un perfil.", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"/api/v1/assessments/{world.InductionId}/profile", page, StringComparison.Ordinal);
        await coordinator.PostForm("/account/language", new() { ["lang"] = "en", ["returnUrl"] = "/" }, formPage: "/");
        page = await coordinator.GetStringAsync($"/assessments/{world.InductionId}");
        Assert.Contains("This assessment has no answers yet, so no profile can be produced.", page, StringComparison.Ordinal);

        // Published: the public profile, no draft links.
        await app.WithDb(db => db.Assessments.Where(a => a.Id == world.ReviewId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Stage, Stage.Published)));
        page = await coordinator.GetStringAsync($"/assessments/{world.ReviewId}");
        Assert.Contains($"<a href=\"/profiles/{world.ReviewId}\">The published profile (public page)</a>", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"{api}?format=pdf", page, StringComparison.Ordinal);
    }
}
