using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using DocumentFormat.OpenXml.Spreadsheet;
using Faro.Assessments;
using Faro.Exchange;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Tests.Exchange;

public class QuestionnaireExchangeTests
{
    private static readonly IReadOnlyList<string> Both = Languages.All;

    private static async Task<byte[]> ExportAsync(FaroApp app, WorkflowWorld world, string who, string format = "xlsx", string lang = "both",
        int? institution = null) =>
        await app.WithService<byte[], IServiceProvider>(async s =>
        {
            var actor = await TestData.ActorAsync(s, world, who);
            var file = await s.GetRequiredService<ExchangeService>().ExportAsync(actor, world.AssessmentId, ExchangeService.ParseFormat(format), lang,
                institution);
            return file.Content;
        });

    private static Task<ImportPreview> PreviewAsync(FaroApp app, WorkflowWorld world, string who, byte[] file) =>
        app.WithService<ImportPreview, IServiceProvider>(async s =>
            await s.GetRequiredService<ExchangeService>().PreviewAsync(await TestData.ActorAsync(s, world, who), world.AssessmentId, file));

    private static Task<ImportPreview> ApplyAsync(FaroApp app, WorkflowWorld world, string who, byte[] file) =>
        app.WithService<ImportPreview, IServiceProvider>(async s =>
            await s.GetRequiredService<ExchangeService>().ApplyAsync(await TestData.ActorAsync(s, world, who), world.AssessmentId, file));

    /// Every answer of the assessment as text, to prove "nothing changed".
    private static Task<string> AnswersSnapshotAsync(FaroApp app, int assessmentId) => app.WithDb(async db =>
        string.Join("\n", (await db.Answers.AsNoTracking().Include(a => a.Evidence).Where(a => a.AssessmentId == assessmentId).OrderBy(a => a.IndicatorId).ToListAsync())
            .Select(a => $"{a.IndicatorId}|{a.Status}|{a.Narrative.En}|{a.Narrative.Es}|{a.Revision}|{string.Join(',', a.Evidence.Select(e => e.EvidenceId).Order())}")));

    [Theory, AllProviders]
    public async Task ExportThenImport_GivesNoChanges(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync();
        foreach (var lang in new[] { "both", "en", "es" })
        {
            var file = await ExportAsync(app, world, "coordinator-in", lang: lang);
            var preview = await PreviewAsync(app, world, "coordinator-in", file);
            Assert.Empty(preview.Errors);
            Assert.Empty(preview.Changes);
            Assert.Empty(preview.Conflicts);
            Assert.Equal(await app.WithDb(db => db.Indicators.CountAsync(i => db.Assessments.Any(a => a.Id == world.AssessmentId && a.CatalogueId == i.CatalogueId))),
                preview.Unchanged.Count);
        }
    }

    [Theory, AllProviders]
    public async Task EditedFile_AppliesExactlyItsEdits_WithRevisionsAndAudit(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync();
        var codes = await app.WithDb(db => db.Indicators.Where(i => db.Assessments.Any(a => a.Id == world.AssessmentId && a.CatalogueId == i.CatalogueId)).OrderBy(i => i.Order).Select(i => i.Code).Take(12).ToListAsync());
        var (answered, unanswered) = (codes[0], codes[11]);
        var evidenceId = await app.WithDb(db => db.Evidence.Where(e => e.AssessmentId == world.AssessmentId).Select(e => e.Id).FirstAsync());
        var before = await AnswersSnapshotAsync(app, world.AssessmentId);
        var file = Workbooks.Edit(await ExportAsync(app, world, "researcher-in"), d =>
        {
            var r1 = Workbooks.RowOf(d, answered);
            var r2 = Workbooks.RowOf(d, unanswered);
            Workbooks.Set(d, QuestionnaireXlsx.QuestionnaireSheet, Workbooks.Column("status", Both) + r1, "No");
            Workbooks.Set(d, QuestionnaireXlsx.QuestionnaireSheet, Workbooks.Column("narrative_es", Both) + r1, "=Texto nuevo, con fórmula aparente");
            Workbooks.Set(d, QuestionnaireXlsx.QuestionnaireSheet, Workbooks.Column("status", Both) + r2, "Parcial");
            Workbooks.Set(d, QuestionnaireXlsx.QuestionnaireSheet, Workbooks.Column("evidence", Both) + r2, $"[{evidenceId}] the plan");
        });

        var preview = await PreviewAsync(app, world, "researcher-in", file);
        Assert.Empty(preview.Errors);
        Assert.Equal([answered, unanswered], preview.Changes.Select(c => c.Code));
        Assert.Equal(["status", "narrative_es"], preview.Changes[0].Fields.Select(f => f.Field));
        Assert.Equal("no", preview.Changes[0].Fields[0].New);
        Assert.Equal(before, await AnswersSnapshotAsync(app, world.AssessmentId));

        var applied = await ApplyAsync(app, world, "researcher-in", file);
        Assert.True(applied.Applied);
        await app.WithDb(async db =>
        {
            var a1 = await db.Answers.Include(a => a.Evidence).SingleAsync(a => a.AssessmentId == world.AssessmentId && a.Indicator!.Code == answered);
            Assert.Equal(AnswerStatus.No, a1.Status);
            Assert.Equal("=Texto nuevo, con fórmula aparente", a1.Narrative.Es);
            Assert.StartsWith("Answer ", a1.Narrative.En, StringComparison.Ordinal);
            Assert.Equal(2, a1.Revision);
            var a2 = await db.Answers.Include(a => a.Evidence).SingleAsync(a => a.AssessmentId == world.AssessmentId && a.Indicator!.Code == unanswered);
            Assert.Equal(AnswerStatus.Partial, a2.Status);
            Assert.Equal([evidenceId], a2.Evidence.Select(e => e.EvidenceId));
            Assert.Equal(1, a2.Revision);
            Assert.Equal(2, await db.AnswerRevisions.CountAsync(r => r.Source == "import"));
            Assert.Equal(1, await db.Audit.CountAsync(e => e.Action == "assessment.imported" && e.AssessmentId == world.AssessmentId));
            Assert.Equal(2, await db.Audit.CountAsync(e => e.Action.StartsWith("answer.") && e.AssessmentId == world.AssessmentId));
        });

        // The edited file, re-exported, round-trips to no changes again.
        var again = await PreviewAsync(app, world, "researcher-in", await ExportAsync(app, world, "researcher-in"));
        Assert.Empty(again.Changes);
    }

    [Theory, AllProviders]
    public async Task ConflictingEdit_IsReported_AndNotApplied(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync();
        var code = await app.WithDb(db => db.Indicators.Where(i => db.Assessments.Any(a => a.Id == world.AssessmentId && a.CatalogueId == i.CatalogueId)).OrderBy(i => i.Order).Select(i => i.Code).Skip(1).FirstAsync());
        var other = await app.WithDb(db => db.Indicators.Where(i => db.Assessments.Any(a => a.Id == world.AssessmentId && a.CatalogueId == i.CatalogueId)).OrderBy(i => i.Order).Select(i => i.Code).Skip(2).FirstAsync());
        var exported = await ExportAsync(app, world, "coordinator-in");
        await app.WithService<AnswerView, IServiceProvider>(async s =>
        {
            var actor = await TestData.ActorAsync(s, world, "researcher-in");
            var answers = s.GetRequiredService<AnswerService>();
            var current = await answers.GetAsync(actor, world.AssessmentId, code);
            return await answers.SaveAsync(actor, world.AssessmentId, code,
                new AnswerInput("yes", "Saved in Faro meanwhile", current.NarrativeEs, current.ResponsibleInstitutionId, current.Evidence), current.Revision);
        });
        var file = Workbooks.Edit(exported, d =>
        {
            Workbooks.Set(d, QuestionnaireXlsx.QuestionnaireSheet, Workbooks.Column("narrative_en", Both) + Workbooks.RowOf(d, code), "Edited in the spreadsheet");
            Workbooks.Set(d, QuestionnaireXlsx.QuestionnaireSheet, Workbooks.Column("narrative_en", Both) + Workbooks.RowOf(d, other), "A clean edit");
        });

        var applied = await ApplyAsync(app, world, "coordinator-in", file);
        var conflict = Assert.Single(applied.Conflicts);
        Assert.Equal(code, conflict.Code);
        Assert.Equal((1, 2), (conflict.ExportedRevision, conflict.CurrentRevision));
        Assert.Equal([other], applied.Changes.Select(c => c.Code));
        Assert.Equal("Saved in Faro meanwhile", await app.WithDb(db => db.Answers.Where(a => a.AssessmentId == world.AssessmentId && a.Indicator!.Code == code)
            .Select(a => a.Narrative.En).SingleAsync()));
    }

    /// Withdrawal makes an assessment read-only whatever its stage: the answer save and the import,
    /// which decide their kind of change under the lock, are refused by the guarded write path too.
    [Theory, AllProviders]
    public async Task AWithdrawnAssessment_RefusesAnswerSavesAndImports_AndChangesNothing(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync();
        var code = await app.WithDb(db => db.Indicators.Where(i => db.Assessments.Any(a => a.Id == world.AssessmentId && a.CatalogueId == i.CatalogueId)).OrderBy(i => i.Order).Select(i => i.Code).FirstAsync());
        var file = Workbooks.Edit(await ExportAsync(app, world, "researcher-in"), d =>
            Workbooks.Set(d, QuestionnaireXlsx.QuestionnaireSheet, Workbooks.Column("narrative_en", Both) + Workbooks.RowOf(d, code), "Edited after the withdrawal"));
        await app.WithService<bool, IServiceProvider>(async s =>
        {
            await s.GetRequiredService<AssessmentCreation>().WithdrawAsync(await TestData.ActorAsync(s, world, "coordinator-in"), world.AssessmentId, "The municipality stopped the exercise.");
            return true;
        });
        var before = await AnswersSnapshotAsync(app, world.AssessmentId);

        var import = await Assert.ThrowsAsync<RefusedException>(() => ApplyAsync(app, world, "researcher-in", file));
        Assert.Equal(("assessment.withdrawn", RefusalKind.Conflict), (import.Code, import.Kind));
        var save = await Assert.ThrowsAsync<RefusedException>(() => app.WithService<AnswerView, IServiceProvider>(async s =>
        {
            var actor = await TestData.ActorAsync(s, world, "researcher-in");
            var answers = s.GetRequiredService<AnswerService>();
            var current = await answers.GetAsync(actor, world.AssessmentId, code);
            return await answers.SaveAsync(actor, world.AssessmentId, code,
                new AnswerInput("no", "Saved after the withdrawal", current.NarrativeEs, current.ResponsibleInstitutionId, current.Evidence), current.Revision);
        }));
        Assert.Equal("assessment.withdrawn", save.Code);
        var move = await Assert.ThrowsAsync<RefusedException>(() => app.WithService<StageEvent, IServiceProvider>(async s =>
            await s.GetRequiredService<StageMachine>().MoveAsync(await TestData.ActorAsync(s, world, "coordinator-in"), world.AssessmentId, Stage.Validation, null)));
        Assert.Equal("assessment.withdrawn", move.Code);
        Assert.Equal(Stage.DataCollection, await app.WithDb(db => db.Assessments.Where(a => a.Id == world.AssessmentId).Select(a => a.Stage).SingleAsync()));
        Assert.Equal(before, await AnswersSnapshotAsync(app, world.AssessmentId));
    }

    public static string[] HostileCases =>
    [
        "corrupt-zip", "zip-bomb", "renamed-sheet", "merged-cells", "formula", "unknown-code", "wrong-status", "other-assessment",
        "other-catalogue", "huge-file", "header-renamed", "xml-dtd", "not-a-file",
    ];

    [Theory, AllProviders]
    public async Task HostileFiles_AreRefusedWithAPlacedMessage_AndChangeNothing(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync();
        var good = await ExportAsync(app, world, "coordinator-in");
        var code = await app.WithDb(db => db.Indicators.Where(i => db.Assessments.Any(a => a.Id == world.AssessmentId && a.CatalogueId == i.CatalogueId)).OrderBy(i => i.Order).Select(i => i.Code).FirstAsync());
        var before = await AnswersSnapshotAsync(app, world.AssessmentId);
        var otherExport = await app.WithService<byte[], IServiceProvider>(async s =>
            (await s.GetRequiredService<ExchangeService>().ExportAsync(await TestData.ActorAsync(s, world, "admin"), world.OtherAssessmentId, ExportFormat.Xlsx, "both", null)).Content);

        byte[] Status(string text) => Workbooks.Edit(good, d =>
            Workbooks.Set(d, QuestionnaireXlsx.QuestionnaireSheet, Workbooks.Column("status", Both) + Workbooks.RowOf(d, code), text));

        var corpus = new Dictionary<string, (byte[] File, string Code)>
        {
            ["corrupt-zip"] = (good[..(good.Length / 2)], "import.corrupt"),
            ["zip-bomb"] = (Workbooks.ZipBomb(), "import.too_large_uncompressed"),
            ["renamed-sheet"] = (Workbooks.Edit(good, d => d.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == "Questionnaire").Name = "Hoja1"),
                "import.sheet_missing"),
            ["merged-cells"] = (Workbooks.Edit(good, d =>
            {
                var ws = Workbooks.Sheet(d, QuestionnaireXlsx.QuestionnaireSheet);
                ws.InsertAfter(new MergeCells(new MergeCell { Reference = "I2:I3" }) { Count = 1 }, ws.GetFirstChild<SheetProtection>());
                ws.Save();
            }), "import.merged_cells"),
            ["formula"] = (Workbooks.Edit(good, d =>
                Workbooks.Set(d, QuestionnaireXlsx.QuestionnaireSheet, Workbooks.Column("narrative_en", Both) + Workbooks.RowOf(d, code), "1+1", formula: true)),
                "import.formula"),
            ["unknown-code"] = (Workbooks.Edit(good, d => Workbooks.Set(d, QuestionnaireXlsx.QuestionnaireSheet, "A" + Workbooks.RowOf(d, code), "ZZ-99")),
                "import.unknown_code"),
            ["wrong-status"] = (Status("Maybe"), "import.bad_status"),
            ["other-assessment"] = (otherExport, "import.other_assessment"),
            ["other-catalogue"] = (Workbooks.Edit(good, d => Workbooks.Set(d, QuestionnaireXlsx.MetadataSheet, "B5", "faro-local@1999.1")), "import.other_catalogue"),
            ["huge-file"] = (new byte[50 * 1024 * 1024], "import.too_large"),
            ["header-renamed"] = (Workbooks.Edit(good, d => Workbooks.Set(d, QuestionnaireXlsx.QuestionnaireSheet, Workbooks.Column("status", Both) + "1", "Estado final")),
                "import.header_changed"),
            ["xml-dtd"] = (Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><!DOCTYPE data [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><data id=\"faro-assessment-1\">&xxe;</data>"),
                "import.dtd"),
            ["not-a-file"] = (Encoding.UTF8.GetBytes("just some text"), "import.unknown_format"),
        };
        Assert.Equal(HostileCases.Order(), corpus.Keys.Order());

        foreach (var (name, (file, expected)) in corpus)
        {
            var preview = await PreviewAsync(app, world, "coordinator-in", file);
            Assert.True(preview.Errors.Any(e => e.Code == expected), $"{name}: expected {expected}, got {string.Join(", ", preview.Errors.Select(e => e.Code))}");
            Assert.All(preview.Errors, e => Assert.False(string.IsNullOrEmpty(e.Message.En) || string.IsNullOrEmpty(e.Message.Es)));
            var refused = await Assert.ThrowsAsync<InputRejectedException>(() => ApplyAsync(app, world, "coordinator-in", file));
            Assert.Contains(refused.Errors, e => e.Code == expected);
        }

        // Places are given: the wrong status names its sheet, row and column.
        var wrong = await PreviewAsync(app, world, "coordinator-in", Status("Maybe"));
        Assert.Matches(@"^Questionnaire!H\d+$", wrong.Errors.Single().Location);
        Assert.Equal(before, await AnswersSnapshotAsync(app, world.AssessmentId));
        Assert.Equal(0, await app.WithDb(db => db.AnswerRevisions.CountAsync()));
    }

    [Theory, AllProviders]
    public async Task FocalPoint_ExportsOnlyTheirIndicators_AndImportChangesOnlyThose(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync();
        var file = await ExportAsync(app, world, "focal-point-in");
        var rows = Workbooks.Edit(file, d => { });
        var preview = await PreviewAsync(app, world, "focal-point-in", file);
        Assert.Equal([world.AssignedCode], preview.Unchanged);

        // A team export edited on a row not assigned to the focal point's institution is refused.
        var notTheirs = await app.WithDb(db => db.Indicators.Where(i => db.Assessments.Any(a => a.Id == world.AssessmentId && a.CatalogueId == i.CatalogueId)).Where(i => i.Code != world.AssignedCode).OrderBy(i => i.Order).Select(i => i.Code).FirstAsync());
        var team = Workbooks.Edit(await ExportAsync(app, world, "coordinator-in"), d =>
        {
            Workbooks.Set(d, QuestionnaireXlsx.QuestionnaireSheet, Workbooks.Column("narrative_en", Both) + Workbooks.RowOf(d, notTheirs), "Not my indicator");
            Workbooks.Set(d, QuestionnaireXlsx.QuestionnaireSheet, Workbooks.Column("narrative_en", Both) + Workbooks.RowOf(d, world.AssignedCode), "Mine");
        });
        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => ApplyAsync(app, world, "focal-point-in", team));
        Assert.Contains(refused.Errors, e => e.Code == "answer.not_assigned");

        var own = Workbooks.Edit(file, d =>
            Workbooks.Set(d, QuestionnaireXlsx.QuestionnaireSheet, Workbooks.Column("narrative_en", Both) + Workbooks.RowOf(d, world.AssignedCode), "Mine"));
        var applied = await ApplyAsync(app, world, "focal-point-in", own);
        Assert.Equal([world.AssignedCode], applied.Changes.Select(c => c.Code));
        Assert.Equal("import", await app.WithDb(db => db.AnswerRevisions.Select(r => r.Source).SingleAsync()));
        Assert.NotEmpty(rows);
    }

    [Theory, AllProviders]
    public async Task Apply_OutsideEditableStages_IsRefused(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync(Stage.Approved);
        var code = await app.WithDb(db => db.Indicators.Where(i => db.Assessments.Any(a => a.Id == world.AssessmentId && a.CatalogueId == i.CatalogueId)).OrderBy(i => i.Order).Select(i => i.Code).FirstAsync());
        var file = Workbooks.Edit(await ExportAsync(app, world, "coordinator-in"), d =>
            Workbooks.Set(d, QuestionnaireXlsx.QuestionnaireSheet, Workbooks.Column("status", Both) + Workbooks.RowOf(d, code), "Not yet known"));
        var preview = await PreviewAsync(app, world, "coordinator-in", file);
        Assert.False(preview.StageAllows);
        var refused = await Assert.ThrowsAsync<RefusedException>(() => ApplyAsync(app, world, "coordinator-in", file));
        Assert.Equal("assessment.locked", refused.Code);
        Assert.Equal(0, await app.WithDb(db => db.AnswerRevisions.CountAsync()));
    }

    /// The dropdown speaks the glossary; files exported with the earlier wording still read.
    [Theory]
    [InlineData("Sin información aún")]
    [InlineData("No information yet")]
    [InlineData("aún no se sabe")]
    [InlineData("Not yet known")]
    [InlineData("unknown")]
    public void StatusLabels_OfTheGlossary_AndOfEarlierFiles_ReadAsNoInformationYet(string typed)
    {
        Assert.True(QuestionnaireXlsx.TryParseStatus(typed, out var status));
        Assert.Equal(AnswerStatus.Unknown, status);
        Assert.Equal("Sin información aún", QuestionnaireXlsx.StatusLabel(AnswerStatus.Unknown, "es"));
    }

    [Fact]
    public async Task Xlsx_HasDropdown_ProtectedMetadata_AndNeutralisedFormulaText()
    {
        using var app = new FaroApp();
        var world = await app.WorkflowWorldAsync();
        var code = await app.WithDb(db => db.Indicators.Where(i => db.Assessments.Any(a => a.Id == world.AssessmentId && a.CatalogueId == i.CatalogueId)).OrderBy(i => i.Order).Select(i => i.Code).FirstAsync());
        await app.WithDb(async db =>
        {
            var a = await db.Answers.FirstAsync(x => x.AssessmentId == world.AssessmentId && x.Indicator!.Code == code);
            a.Narrative = new LocalizedText("=HYPERLINK(\"http://evil.example\")", "@SUM(1)");
            await db.SaveChangesAsync();
        });
        var file = await ExportAsync(app, world, "coordinator-in");
        Workbooks.Edit(file, d =>
        {
            var q = Workbooks.Sheet(d, QuestionnaireXlsx.QuestionnaireSheet);
            var validation = q.Descendants<DataValidation>().Single();
            Assert.Equal(DataValidationValues.List, validation.Type!.Value);
            Assert.Contains("No information yet", validation.Formula1!.Text, StringComparison.Ordinal);
            Assert.NotNull(Workbooks.Sheet(d, QuestionnaireXlsx.MetadataSheet).GetFirstChild<SheetProtection>());
            Assert.Empty(q.Descendants<CellFormula>());
            var styles = d.WorkbookPart!.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
            var cell = q.Descendants<Cell>().Single(c => c.InnerText.StartsWith("=HYPERLINK", StringComparison.Ordinal));
            Assert.True(styles[(int)cell.StyleIndex!.Value].QuotePrefix?.Value);
        });
        var csv = Encoding.UTF8.GetString(await ExportAsync(app, world, "coordinator-in", "csv"));
        Assert.Contains("'=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.Contains("'@SUM(1)", csv, StringComparison.Ordinal);
        var lines = csv.Split("\r\n");
        Assert.StartsWith("country_code,country,place,place_code,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("#country+code,#country+name,#adm2+name,", lines[1], StringComparison.Ordinal);
        Assert.Contains("#indicator+code", lines[1], StringComparison.Ordinal);
        Assert.Contains("#indicator+text+i_es", lines[1], StringComparison.Ordinal);
        Assert.Contains("#status", lines[1], StringComparison.Ordinal);
        Assert.Contains("#date+updated", lines[1], StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(await ExportAsync(app, world, "coordinator-in", "json"));
        Assert.Equal(world.AssessmentId, json.RootElement.GetProperty("assessment").GetProperty("id").GetInt32());
    }

    [Theory, AllProviders]
    public async Task XForm_FollowsTheOdkStructure_AndItsSubmissionImports(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync();
        var form = XDocument.Parse(Encoding.UTF8.GetString(await ExportAsync(app, world, "coordinator-in", "xform")));
        XNamespace h = "http://www.w3.org/1999/xhtml", x = "http://www.w3.org/2002/xforms", jr = "http://openrosa.org/javarosa";
        Assert.Equal(h + "html", form.Root!.Name);
        var model = form.Root.Element(h + "head")!.Element(x + "model")!;
        Assert.NotNull(form.Root.Element(h + "head")!.Element(h + "title"));
        var translations = model.Element(x + "itext")!.Elements(x + "translation").ToList();
        Assert.Equal(["English (en)", "Español (es)"], translations.Select(t => t.Attribute("lang")!.Value));
        Assert.Equal(translations[0].Elements().Count(), translations[1].Elements().Count());
        var instance = model.Element(x + "instance")!.Elements().Single();
        Assert.Equal(XForm.FormId(world.AssessmentId), instance.Attribute("id")!.Value);
        Assert.NotNull(instance.Attribute("version"));
        Assert.NotNull(instance.Element(x + "meta")!.Element(x + "instanceID"));
        var binds = model.Elements(x + "bind").Select(b => b.Attribute("nodeset")!.Value).ToHashSet();
        var leaves = instance.Descendants().Where(e => !e.HasElements).Select(e => "/" + string.Join("/", e.AncestorsAndSelf().TakeWhile(a => a != instance.Parent).Reverse().Select(a => a.Name.LocalName))).ToList();
        Assert.All(leaves, l => Assert.Contains(l, binds));
        Assert.Equal("uid", model.Elements(x + "bind").Single(b => b.Attribute("nodeset")!.Value == "/data/meta/instanceID").Attribute(jr + "preload")!.Value);
        var selects = form.Root.Element(h + "body")!.Descendants(x + "select1").ToList();
        var indicators = await app.WithDb(db => db.Indicators.CountAsync(i => db.Assessments.Any(a => a.Id == world.AssessmentId && a.CatalogueId == i.CatalogueId)));
        Assert.Equal(indicators, selects.Count);
        Assert.All(selects, s => Assert.Equal(6, s.Elements(x + "item").Count()));
        var itextIds = translations[1].Elements(x + "text").Select(t => t.Attribute("id")!.Value).ToHashSet();
        Assert.All(form.Root.Descendants().Attributes("ref").Where(a => a.Value.StartsWith("jr:itext(", StringComparison.Ordinal)),
            a => Assert.Contains(a.Value[10..^2], itextIds));

        // A collector fills one indicator: the instance as ODK Collect sends it imports.
        var code = world.AssignedCode;
        var submission = new XElement(instance);
        submission.Element(x + XForm.ElementName(code))!.Element(x + "status")!.Value = "unknown";
        submission.Element(x + XForm.ElementName(code))!.Element(x + "narrative_es")!.Value = "Dato de campo";
        submission.Element(x + "meta")!.Element(x + "instanceID")!.Value = "uuid:" + Guid.NewGuid();
        var bytes = Encoding.UTF8.GetBytes(new XDocument(submission).ToString());
        var preview = await PreviewAsync(app, world, "coordinator-in", bytes);
        Assert.Empty(preview.Errors);
        Assert.Equal(code, Assert.Single(preview.Changes).Code);
        var applied = await ApplyAsync(app, world, "coordinator-in", Encoding.UTF8.GetBytes(new XElement("submissions", submission).ToString()));
        Assert.True(applied.Applied);
        Assert.Equal(AnswerStatus.Unknown, await app.WithDb(db => db.Answers.Where(a => a.AssessmentId == world.AssessmentId && a.Indicator!.Code == code)
            .Select(a => a.Status).SingleAsync()));

        var unknown = new XElement(submission);
        unknown.SetAttributeValue("id", "someone-elses-form");
        Assert.Contains((await PreviewAsync(app, world, "coordinator-in", Encoding.UTF8.GetBytes(unknown.ToString()))).Errors, e => e.Code == "import.unknown_form");
        var stale = new XElement(submission);
        stale.SetAttributeValue("version", "2019.1-f1-20190101000000");
        Assert.Contains((await PreviewAsync(app, world, "coordinator-in", Encoding.UTF8.GetBytes(stale.ToString()))).Errors, e => e.Code == "import.stale_form");
        var dtd = "<?xml version=\"1.0\"?><!DOCTYPE data [<!ENTITY x \"y\">]>" + submission;
        Assert.Contains((await PreviewAsync(app, world, "coordinator-in", Encoding.UTF8.GetBytes(dtd))).Errors, e => e.Code == "import.dtd");
    }

    [Fact]
    public async Task Api_ExportAndPreview_RoundTrip_InTheCallersLanguage()
    {
        using var app = new FaroApp();
        var world = await app.WorkflowWorldAsync();
        var client = await app.WithTokenOf(world.Users["coordinator-in"]);
        var export = await client.GetAsync($"/api/v1/assessments/{world.AssessmentId}/export?format=xlsx&lang=es");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType!.MediaType);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var preview = await client.PostAsync($"/api/v1/assessments/{world.AssessmentId}/imports/preview", content);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        using var body = System.Text.Json.JsonDocument.Parse(await preview.Content.ReadAsStringAsync());
        Assert.Equal(0, body.RootElement.GetProperty("changes").GetArrayLength());

        var bad = Workbooks.Edit(bytes, d => Workbooks.Set(d, QuestionnaireXlsx.QuestionnaireSheet,
            Workbooks.Column("status", [Languages.Spanish]) + Workbooks.RowOf(d, world.AssignedCode), "Quizás"));
        using var badContent = new ByteArrayContent(bad);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/assessments/{world.AssessmentId}/imports") { Content = badContent };
        request.Headers.AcceptLanguage.ParseAdd("es");
        var refused = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadAsStringAsync();
        Assert.Contains("import.invalid", problem, StringComparison.Ordinal);
        Assert.Contains("Questionnaire!", problem, StringComparison.Ordinal);
    }
    [Theory, AllProviders]
    public async Task Page_UploadShowsThePreviewInTheUsersLanguage_AndApplyChangesOnlyThen(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await app.WorkflowWorldAsync();
        var browser = await app.SignedInAs(WorkflowWorld.Email("coordinator-in"), WorkflowWorld.Password);
        var page = $"/assessments/{world.AssessmentId}/exchange";
        Assert.Contains("Export the questionnaire", await browser.GetStringAsync(page), StringComparison.Ordinal);
        var download = await browser.GetAsync(page + "?handler=download&format=xlsx&language=both");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var file = Workbooks.Edit(await download.Content.ReadAsByteArrayAsync(), d => Workbooks.Set(d, QuestionnaireXlsx.QuestionnaireSheet,
            Workbooks.Column("narrative_en", Both) + Workbooks.RowOf(d, world.AssignedCode), "Edited through the page"));

        async Task<HttpResponseMessage> PostAsync(string handler, HttpContent content)
        {
            var html = await browser.GetStringAsync(page);
            var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            using var form = new MultipartFormDataContent { { new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken" } };
            if (handler == "Preview")
            {
                form.Add(content, "Upload", "questionnaire.xlsx");
            }
            else
            {
                form.Add(content, "Pending");
            }

            return await browser.PostAsync($"{page}?handler={handler}", form);
        }

        var preview = await PostAsync("Preview", new ByteArrayContent(file));
        var html = await preview.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("Import preview", html, StringComparison.Ordinal);
        Assert.Contains("Edited through the page", html, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDb(db => db.AnswerRevisions.CountAsync()));

        // The page holds only the id of the file kept on the server, never the file.
        Assert.DoesNotContain("FileContent", html, StringComparison.Ordinal);
        var id = System.Text.RegularExpressions.Regex.Match(html, "name=\"Pending\" value=\"([0-9a-f]{32})\"").Groups[1].Value;
        Assert.NotEmpty(id);
        // Another user cannot apply it, nor can a path be passed for an id.
        var other = await app.SignedInAs(WorkflowWorld.Email("researcher-in"), WorkflowWorld.Password);
        var otherPage = await other.GetStringAsync(page);
        var otherToken = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(otherPage, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        foreach (var attempt in new[] { id, "../../faro.db" })
        {
            using var form = new MultipartFormDataContent { { new StringContent(otherToken), "__RequestVerificationToken" }, { new StringContent(attempt), "Pending" } };
            var refused = await other.PostAsync($"{page}?handler=Apply", form);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Equal(0, await app.WithDb(db => db.AnswerRevisions.CountAsync()));
        }

        var applied = await PostAsync("Apply", new StringContent(id));
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        Assert.Equal("Edited through the page", await app.WithDb(db => db.Answers
            .Where(a => a.AssessmentId == world.AssessmentId && a.Indicator!.Code == world.AssignedCode).Select(a => a.Narrative.En).SingleAsync()));

        // A wrong status: the error is placed by sheet, row and column.
        var bad = Workbooks.Edit(file, d => Workbooks.Set(d, QuestionnaireXlsx.QuestionnaireSheet,
            Workbooks.Column("status", Both) + Workbooks.RowOf(d, world.AssignedCode), "Quizás"));
        var placed = await (await PostAsync("Preview", new ByteArrayContent(bad))).Content.ReadAsStringAsync();
        Assert.Contains("is not a status", WebUtility.HtmlDecode(placed), StringComparison.Ordinal);
        Assert.Contains("Questionnaire!H", placed, StringComparison.Ordinal);
    }
}
