using Faro.Exchange;
using Faro.Tests.Exchange;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Faro.Tests.Browser;

/// Issue 11 in real Chromium: a focal point downloads the questionnaire as XLSX, edits it as a
/// spreadsheet program would, uploads it, reads the preview in Spanish and applies it; the same
/// file uploaded again then shows no change.
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ExchangeJourneyTests(Chromium chromium) : IAsyncLifetime
{
    private readonly FaroApp app = new();
    private UiWorld world = null!;
    private Uri server = null!;

    public async Task InitializeAsync()
    {
        server = app.StartKestrel();
        world = await TestData.UiWorldAsync(app);
    }

    public Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task FocalPoint_DownloadsEditsUploadsPreviewsAndApplies_TheXlsxQuestionnaire()
    {
        await using var s = await BrowserSession.OpenAsync(chromium, server);
        await s.SignInAsync(UiWorld.FocalPoint, UiWorld.Password);
        var page = $"/assessments/{world.CollectingId}/exchange";
        await s.GotoAsync(page);
        Assert.Contains("Exportar el cuestionario", await s.MainTextAsync(), StringComparison.Ordinal);

        await s.Page.Locator("#x-format").SelectOptionAsync("xlsx");
        await s.Page.Locator("#x-lang").SelectOptionAsync("es");
        var download = await s.Page.RunAndWaitForDownloadAsync(() => s.Page.Locator("#export-title ~ form button[type=submit]").ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);
        var exported = await File.ReadAllBytesAsync((await download.PathAsync())!);

        // The focal point's file holds only their institution's indicators.
        string[] spanish = [Faro.Languages.Spanish];
        var edited = Workbooks.Edit(exported, d =>
        {
            Assert.Throws<InvalidOperationException>(() => Workbooks.RowOf(d, "D1-01"));
            Workbooks.Set(d, QuestionnaireXlsx.QuestionnaireSheet, Workbooks.Column("narrative_es", spanish) + Workbooks.RowOf(d, "D1-08"),
                "La oficina municipal atiende a la población migrante con un protocolo escrito (editado en la hoja de cálculo).");
        });

        async Task UploadAsync(byte[] bytes)
        {
            await s.Page.Locator("#x-file").SetInputFilesAsync(new FilePayload
            {
                Name = "cuestionario.xlsx",
                MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                Buffer = bytes,
            });
            await s.ClickAndLandAsync(s.Page.Locator("#import-title ~ form button[type=submit]"));
        }

        await UploadAsync(edited);
        var preview = await s.MainTextAsync();
        Assert.Contains("Vista previa", preview, StringComparison.Ordinal);
        Assert.Contains("D1-08", preview, StringComparison.Ordinal);
        Assert.Contains("editado en la hoja de cálculo", preview, StringComparison.Ordinal);
        Assert.DoesNotContain("Errores", preview, StringComparison.Ordinal);
        // Nothing is written by the preview.
        Assert.False(await NarrativeIsEditedAsync());

        await s.ClickAndLandAsync(s.Page.Locator("main form button", new() { HasTextString = "Aplicar" }));
        Assert.Contains("/exchange?applied=1", s.Page.Url, StringComparison.Ordinal);
        Assert.True(await NarrativeIsEditedAsync());

        // The same file again: the revision moved on, so the row is now a conflict or unchanged,
        // never a second write.
        var revisions = await app.WithDb(db => db.AnswerRevisions.CountAsync());
        await UploadAsync(edited);
        Assert.Contains("Vista previa", await s.MainTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await s.Page.Locator("main form button", new() { HasTextString = "Aplicar" }).CountAsync());
        Assert.Equal(revisions, await app.WithDb(db => db.AnswerRevisions.CountAsync()));

        await s.ClickAndLandAsync(s.Page.Locator("main a", new() { HasTextString = "Volver a exportar" }));
        Assert.EndsWith(page, s.Page.Url, StringComparison.Ordinal);
    }

    private Task<bool> NarrativeIsEditedAsync() => app.WithDb(db => db.Answers
        .Where(a => a.AssessmentId == world.CollectingId && a.Indicator!.Code == "D1-08")
        .AnyAsync(a => a.Narrative.Es!.Contains("editado en la hoja de cálculo")));
}
