using DocumentFormat.OpenXml.Packaging;
using Faro.Exchange;
using Faro.Tests.Exchange;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Faro.Tests.Browser;

/// Issue 11's round trip in real Chromium: a focal point downloads the questionnaire, fills one
/// answer in the workbook offline, uploads it, reads the preview in Spanish and applies it.
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
    public async Task FocalPoint_ExportsFillsOfflineImports_SeesThePreview_AndApplies()
    {
        await using var s = await BrowserSession.OpenAsync(chromium, server, "es");
        await s.SignInAsync(UiWorld.FocalPoint, UiWorld.Password);
        await s.GotoAsync($"/assessments/{world.CollectingId}/exchange");
        await s.Page.GetByLabel("Formato").SelectOptionAsync("xlsx");
        var download = await s.Page.RunAndWaitForDownloadAsync(() => s.Page.GetByRole(AriaRole.Button, new() { Name = "Descargar" }).ClickAsync());
        var exported = await File.ReadAllBytesAsync((await download.PathAsync())!);

        // Offline, in the spreadsheet: D2-01 (assigned to the focal point's municipality) becomes "No" with a narrative.
        var langs = new[] { "es" };
        string? column = null;
        var edited = Workbooks.Edit(exported, d =>
        {
            var row = Workbooks.RowOf(d, "D2-01");
            langs = Languages(d);
            column = Workbooks.Column("narrative_es", langs);
            Workbooks.Set(d, QuestionnaireXlsx.QuestionnaireSheet, Workbooks.Column("status", langs) + row, "No existe");
            Workbooks.Set(d, QuestionnaireXlsx.QuestionnaireSheet, column + row, "No hay una ordenanza (completado sin conexión, ficticio).");
        });
        Assert.NotNull(column);

        await s.Page.GetByLabel("Archivo").SetInputFilesAsync(new FilePayload
        {
            Name = "cuestionario.xlsx",
            MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Buffer = edited,
        });
        await s.ClickAndLandAsync(s.Page.GetByRole(AriaRole.Button, new() { Name = "Previsualizar la importación" }));
        var preview = await s.MainTextAsync();
        Assert.Contains("D2-01", preview, StringComparison.Ordinal);
        Assert.Contains("No hay una ordenanza (completado sin conexión, ficticio).", preview, StringComparison.Ordinal);
        // Nothing is saved by the preview.
        Assert.False(await app.WithDb(db => db.Answers.AnyAsync(a => a.AssessmentId == world.CollectingId
            && a.Narrative.Es == "No hay una ordenanza (completado sin conexión, ficticio).")));

        await s.ClickAndLandAsync(s.Page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Aplicar") }));
        Assert.Contains("Importación aplicada", await s.MainTextAsync(), StringComparison.Ordinal);
        var saved = await app.WithDb(db => db.Answers.AsNoTracking()
            .SingleAsync(a => a.AssessmentId == world.CollectingId && a.Indicator!.Code == "D2-01"));
        Assert.Equal(Faro.Assessments.AnswerStatus.No, saved.Status);
        Assert.Equal("No hay una ordenanza (completado sin conexión, ficticio).", saved.Narrative.Es);
        Assert.True(await app.WithDb(db => db.AnswerRevisions.AnyAsync(r => r.AnswerId == saved.Id && r.Source == "import")));
    }

    /// The languages the exported workbook was written in, read from its metadata sheet.
    private static string[] Languages(SpreadsheetDocument document)
    {
        var text = Workbooks.Sheet(document, QuestionnaireXlsx.QuestionnaireSheet).InnerText;
        var hasEn = text.Contains("(English)", StringComparison.Ordinal) || text.Contains("(inglés)", StringComparison.Ordinal);
        return hasEn ? ["en", "es"] : ["es"];
    }
}
