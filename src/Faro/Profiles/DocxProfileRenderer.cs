using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Faro.Profiles;

/// The profile as a Word document for editors who polish it before print: real Title and
/// Heading 1–3 styles (the navigation pane and a table of contents pick them up), real bulleted
/// and numbered lists, tables, hyperlinked sources, numbered citations in brackets that match the
/// "Key sources" list, "Page n of N" fields in the footer, and for drafts a DRAFT header on every
/// page plus the notice. Checked with the SDK's `OpenXmlValidator` in tests; opens in Word and
/// LibreOffice. Arial is named because both have it or a metric twin.
public static class DocxProfileRenderer
{
    private const string Accent = "0B5394";
    private const string Muted = "4A5866";
    private const string DraftRed = "A61B1B";
    private const int BulletList = 1;
    private const int NumberedList = 2;

    public static byte[] Render(Profile profile)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Title = HtmlProfileRenderer.Title(profile);
            document.PackageProperties.Creator = "Faro";
            document.PackageProperties.Language = profile.Lang == Languages.Spanish ? "es-419" : "en-GB";
            var main = document.AddMainDocumentPart();
            AddStyles(main, profile.Lang);
            AddNumbering(main);
            var body = new Body();
            main.Document = new Document(body);
            new Writer(main, body, profile).Write();
            body.Append(SectionProperties(main, profile));
            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static SectionProperties SectionProperties(MainDocumentPart main, Profile p)
    {
        var footerPart = main.AddNewPart<FooterPart>();
        var page = p.Labels["doc.page"];
        var before = page[..page.IndexOf("{0}", StringComparison.Ordinal)];
        var middle = page[(page.IndexOf("{0}", StringComparison.Ordinal) + 3)..page.IndexOf("{1}", StringComparison.Ordinal)];
        var after = page[(page.IndexOf("{1}", StringComparison.Ordinal) + 3)..];
        footerPart.Footer = new Footer(new Paragraph(
            new ParagraphProperties(new ParagraphStyleId { Val = "Footer" }),
            TextRun($"{(p.IsDraft ? p.Labels["draft.watermark"] + " · " : "")}{(p.Cover.IsFictional ? p.Labels["doc.fictional_footer"] + " · " : "")}{p.Cover.Place} · {p.Cover.Title} · {before}"),
            new SimpleField(TextRun("1")) { Instruction = " PAGE " },
            TextRun(middle),
            new SimpleField(TextRun("1")) { Instruction = " NUMPAGES " },
            TextRun(after)));
        var section = new SectionProperties();
        if (p.IsDraft)
        {
            var headerPart = main.AddNewPart<HeaderPart>();
            headerPart.Header = new Header(new Paragraph(
                new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
                new Run(new RunProperties(new Bold(), new Color { Val = DraftRed }, new FontSize { Val = "36" }), new Text(p.Labels["draft.watermark"]))));
            section.Append(new HeaderReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(headerPart) });
        }

        section.Append(
            new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footerPart) },
            new PageSize { Width = 11906U, Height = 16838U },
            new PageMargin { Top = 1134, Right = 1134U, Bottom = 1134, Left = 1134U, Header = 567U, Footer = 567U, Gutter = 0U });
        return section;
    }

    private static Run TextRun(string text) => new(new Text(text) { Space = SpaceProcessingModeValues.Preserve });

    private static void AddStyles(MainDocumentPart main, string lang)
    {
        var part = main.AddNewPart<StyleDefinitionsPart>();
        var language = lang == Languages.Spanish ? "es-419" : "en-GB";
        Style Paragraph(string id, string name, string? basedOn, RunProperties run, ParagraphProperties? paragraph = null, int? outline = null)
        {
            var style = new Style { Type = StyleValues.Paragraph, StyleId = id };
            style.Append(new StyleName { Val = name });
            if (basedOn is not null)
            {
                style.Append(new BasedOn { Val = basedOn });
            }

            style.Append(new NextParagraphStyle { Val = "Normal" });
            if (outline is not null)
            {
                style.Append(new UIPriority { Val = 9 }, new PrimaryStyle());
            }

            var pPr = paragraph ?? new ParagraphProperties();
            if (outline is { } level)
            {
                pPr.Append(new OutlineLevel { Val = level });
            }

            style.Append(new StyleParagraphProperties(pPr.ChildElements.Select(c => c.CloneNode(true))));
            style.Append(new StyleRunProperties(run.ChildElements.Select(c => c.CloneNode(true))));
            return style;
        }

        static ParagraphProperties Spacing(int before, int after, bool keepNext = false)
        {
            var p = new ParagraphProperties();
            if (keepNext)
            {
                p.Append(new KeepNext(), new KeepLines());
            }

            p.Append(new SpacingBetweenLines { Before = before.ToString(CultureInfo.InvariantCulture), After = after.ToString(CultureInfo.InvariantCulture) });
            return p;
        }

        var styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = "Arial", HighAnsi = "Arial", ComplexScript = "Arial", EastAsia = "Arial" },
                    new FontSize { Val = "20" },
                    new DocumentFormat.OpenXml.Wordprocessing.Languages { Val = language })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "120", Line = "276", LineRule = LineSpacingRuleValues.Auto }))),
            Paragraph("Normal", "Normal", null, new RunProperties()),
            Paragraph("Title", "Title", "Normal", new RunProperties(new Bold(), new FontSize { Val = "52" }), Spacing(0, 120)),
            Paragraph("Subtitle", "Subtitle", "Normal", new RunProperties(new Color { Val = Muted }, new FontSize { Val = "24" }), Spacing(0, 240)),
            Paragraph("Heading1", "heading 1", "Normal", new RunProperties(new Bold(), new Color { Val = "1B2631" }, new FontSize { Val = "32" }), Spacing(480, 160, keepNext: true), outline: 0),
            Paragraph("Heading2", "heading 2", "Normal", new RunProperties(new Bold(), new Color { Val = Accent }, new FontSize { Val = "26" }), Spacing(320, 120, keepNext: true), outline: 1),
            Paragraph("Heading3", "heading 3", "Normal", new RunProperties(new Bold(), new FontSize { Val = "21" }), Spacing(200, 80, keepNext: true), outline: 2),
            Paragraph("Heading4", "heading 4", "Normal", new RunProperties(new Bold()), Spacing(160, 40, keepNext: true), outline: 3),
            Paragraph("ListParagraph", "List Paragraph", "Normal", new RunProperties(), new ParagraphProperties(new Indentation { Left = "720" })),
            Paragraph("Caption", "caption", "Normal", new RunProperties(new Italic(), new Color { Val = Muted }, new FontSize { Val = "18" })),
            Paragraph("Footer", "footer", "Normal", new RunProperties(new Color { Val = Muted }, new FontSize { Val = "16" })),
            Paragraph("Note", "Profile note", "Normal", new RunProperties(new Color { Val = Muted }, new FontSize { Val = "18" })),
            new Style(new StyleName { Val = "Hyperlink" }, new UIPriority { Val = 99 },
                new StyleRunProperties(new Color { Val = Accent }, new Underline { Val = UnderlineValues.Single }))
            { Type = StyleValues.Character, StyleId = "Hyperlink" },
            new Style(new StyleName { Val = "Table Grid" },
                new StyleTableProperties(new TableBorders(
                    new TopBorder { Val = BorderValues.Single, Size = 4, Color = "C9D1D9" },
                    new BottomBorder { Val = BorderValues.Single, Size = 4, Color = "C9D1D9" },
                    new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4, Color = "C9D1D9" })))
            { Type = StyleValues.Table, StyleId = "TableGrid" });
        part.Styles = styles;
    }

    private static void AddNumbering(MainDocumentPart main)
    {
        var part = main.AddNewPart<NumberingDefinitionsPart>();
        static AbstractNum Abstract(int id, NumberFormatValues format, string text) => new(
            new MultiLevelType { Val = MultiLevelValues.SingleLevel },
            new Level(
                new StartNumberingValue { Val = 1 },
                new NumberingFormat { Val = format },
                new LevelText { Val = text },
                new LevelJustification { Val = LevelJustificationValues.Left },
                new PreviousParagraphProperties(new Indentation { Left = "720", Hanging = "360" }))
            { LevelIndex = 0 })
        { AbstractNumberId = id };

        part.Numbering = new Numbering(
            Abstract(1, NumberFormatValues.Bullet, "•"),
            Abstract(2, NumberFormatValues.Decimal, "%1."),
            new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = BulletList },
            new NumberingInstance(new AbstractNumId { Val = 2 }) { NumberID = NumberedList });
    }

    private sealed class Writer(MainDocumentPart main, Body body, Profile p)
    {
        public void Write()
        {
            var c = p.Cover;
            body.Append(StyledParagraph("Subtitle", Run(c.Title.ToUpper(p.Labels.Culture), bold: true, color: Accent)));
            body.Append(StyledParagraph("Title", Run(c.Place)));
            body.Append(StyledParagraph("Subtitle", Run($"{c.Country} · {c.RoundLabel} · {c.DateLine}")));
            if (c.FictionalNote is { } fictional)
            {
                body.Append(StyledParagraph("Note", Run(fictional, italic: true)));
            }

            if (c.DraftNotice is { } notice)
            {
                body.Append(StyledParagraph(null, Run(notice, bold: true, color: DraftRed)));
            }

            TextSection(p.Objectives, "Heading1");
            Acronyms();
            TextSection(p.Introduction, "Heading1");
            TextSection(p.Framework, "Heading1");
            TextSection(p.Summary, "Heading1");
            TextSection(p.Context, "Heading1");
            if (p.Progress is { } progress)
            {
                Progress(progress);
            }

            Findings();
            Notes(p.OutsideCompetence, "Heading1", withText: true);
            Sources();
            Annex();
            body.Append(StyledParagraph("Note", Run(c.Disclaimer)));
        }

        private void Heading(string style, string text) => body.Append(StyledParagraph(style, Run(text)));

        private void TextSection(TextSection s, string style)
        {
            Heading(style, s.Title);
            Blocks(s.Blocks);
        }

        private void Blocks(IReadOnlyList<ProfileBlock> blocks)
        {
            foreach (var block in blocks)
            {
                switch (block.Kind)
                {
                    case BlockKind.Paragraph:
                        body.Append(StyledParagraph(null, Texts(block.Items[0])));
                        break;
                    case BlockKind.BulletList:
                        foreach (var item in block.Items)
                        {
                            body.Append(ListItem(BulletList, Texts(item)));
                        }

                        break;
                }
            }
        }

        private Run[] Texts(ProfileText text, bool bold = false, bool italic = false) => text.IsFallback
            ? [Run(HtmlProfileRenderer.FallbackMarker(text, p) + " ", italic: true, color: Muted), Run(text.Text, bold, italic, lang: text.Lang)]
            : [Run(text.Text, bold, italic)];

        private static Run Run(string text, bool bold = false, bool italic = false, string? color = null, string? lang = null, bool small = false)
        {
            var props = new RunProperties();
            if (bold)
            {
                props.Append(new Bold());
            }

            if (italic)
            {
                props.Append(new Italic());
            }

            if (color is not null)
            {
                props.Append(new Color { Val = color });
            }

            if (small)
            {
                props.Append(new FontSize { Val = "14" });
            }

            if (lang is not null)
            {
                props.Append(new DocumentFormat.OpenXml.Wordprocessing.Languages { Val = lang == Languages.Spanish ? "es-419" : "en-GB" });
            }

            var run = new Run();
            if (props.HasChildren)
            {
                run.Append(props);
            }

            run.Append(new Text(text) { Space = SpaceProcessingModeValues.Preserve });
            return run;
        }

        private static Paragraph StyledParagraph(string? style, params OpenXmlElement[] content)
        {
            var paragraph = new Paragraph();
            if (style is not null)
            {
                paragraph.Append(new ParagraphProperties(new ParagraphStyleId { Val = style }));
            }

            paragraph.Append(content);
            return paragraph;
        }

        private static Paragraph ListItem(int numbering, params OpenXmlElement[] content)
        {
            var paragraph = new Paragraph(new ParagraphProperties(
                new ParagraphStyleId { Val = "ListParagraph" },
                new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = numbering })));
            paragraph.Append(content);
            return paragraph;
        }

        private void Acronyms()
        {
            var s = p.Acronyms;
            Heading("Heading1", s.Title);
            foreach (var a in s.Items)
            {
                body.Append(StyledParagraph(null, Run(a.Short, bold: true), Run("\t" + a.Name)));
            }
        }

        private void Figures(FiguresSection s)
        {
            var t = p.Labels;
            Heading("Heading2", s.Title);
            var headers = new[] { t["figures.domain"], t["figure.in_place"], t["figure.partial"], t["figure.not_in_place"], t["figure.outside"], t["figure.not_yet_known"], t["figures.total"] };
            var rows = s.Domains.Append(s.Totals)
                .Select(d => (IReadOnlyList<string>)[d.Title, .. new[] { d.InPlace, d.Partial, d.NotInPlace, d.OutsideCompetence, d.NotYetKnown, d.Total }.Select(t.Number)])
                .ToList();
            body.Append(Table(headers, rows, [1990, 1270, 1270, 1270, 1280, 1270, 1270], numericFrom: 1, boldLast: true));
        }

        private void IndicatorTable(IndicatorTableSection s)
        {
            var t = p.Labels;
            Heading("Heading2", s.Title);
            Blocks(s.Blocks);
            body.Append(Table(HtmlProfileRenderer.IndicatorHeaders(t),
                s.Rows.Select(r => (IReadOnlyList<string>)[r.Code, (r.Topic.IsFallback ? HtmlProfileRenderer.FallbackMarker(r.Topic, p) + " " : "") + r.Topic.Text,
                    r.StatusLabel, r.CompetenceLabel, HtmlProfileRenderer.Gcm(r, t), HtmlProfileRenderer.Sdg(r, t)]).ToList(),
                [850, 3600, 1500, 1500, 1200, 970], numericFrom: 99));
            body.Append(StyledParagraph(null));
        }

        private static Table Table(IReadOnlyList<string> headers, List<IReadOnlyList<string>> rows, int[] widths, int numericFrom, bool boldLast = false)
        {
            var table = new Table(new TableProperties(
                new TableStyle { Val = "TableGrid" },
                new TableWidth { Width = widths.Sum().ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa }));
            table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(CultureInfo.InvariantCulture) })));

            TableRow Row(IReadOnlyList<string> cells, bool bold, bool header)
            {
                var row = new TableRow();
                if (header)
                {
                    row.Append(new TableRowProperties(new TableHeader()));
                }

                for (var i = 0; i < cells.Count; i++)
                {
                    var pPr = new ParagraphProperties(new SpacingBetweenLines { After = "0" });
                    if (i >= numericFrom)
                    {
                        pPr.Append(new Justification { Val = JustificationValues.Right });
                    }

                    row.Append(new TableCell(
                        new TableCellProperties(new TableCellWidth { Width = widths[i].ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa }),
                        new Paragraph(pPr, Run(cells[i], bold: bold, small: header))));
                }

                return row;
            }

            table.Append(Row(headers, bold: true, header: true));
            for (var r = 0; r < rows.Count; r++)
            {
                table.Append(Row(rows[r], bold: boldLast && r == rows.Count - 1, header: false));
            }

            return table;
        }

        private void Progress(ProgressSection s)
        {
            Heading("Heading1", s.Title);
            Blocks(s.Blocks);
            if (s.Rows.Count > 0)
            {
                body.Append(Table([s.IndicatorHeader, s.PreviousHeader, s.CurrentHeader, s.ChangeHeader],
                    s.Rows.Select(r => (IReadOnlyList<string>)[r.Topic.Text, r.PreviousLabel, r.CurrentLabel, r.ChangeLabel]).ToList(),
                    [3300, 1900, 1900, 2500], numericFrom: 99));
                body.Append(StyledParagraph(null));
            }
        }

        private List<OpenXmlElement> Narrative(Finding f)
        {
            var content = new List<OpenXmlElement>(Texts(f.Text));
            if (f.Citations.Count > 0)
            {
                content.Add(Run(" " + string.Join(" ", f.Citations.Select(c => $"[{HtmlProfileRenderer.CitationText(c)}]")), color: Accent));
            }

            return content;
        }

        private void Findings()
        {
            var s = p.Findings;
            Heading("Heading1", s.Title);
            Blocks(s.Blocks);
            foreach (var d in s.Domains)
            {
                Heading("Heading2", d.Title);
                Heading("Heading3", d.WellDevelopedTitle);
                FindingList(d.WellDeveloped, d.NoneWellDeveloped);
                Heading("Heading3", d.PotentialTitle);
                FindingList(d.Potential, d.NonePotential);
            }
        }

        private void FindingList(IReadOnlyList<Finding> findings, string? none)
        {
            if (none is not null)
            {
                body.Append(StyledParagraph(null, Run(none, italic: true, color: Muted)));
            }

            // The topic heads the finding and the narrative follows; code and status are in the annex.
            foreach (var f in findings)
            {
                body.Append(StyledParagraph("Heading4", Texts(f.Topic)));
                body.Append(StyledParagraph(null, [.. Narrative(f)]));
            }
        }

        private void Notes(NoteSection s, string style, bool withText)
        {
            Heading(style, s.Title);
            Blocks(s.Blocks);
            foreach (var f in s.Items)
            {
                body.Append(withText
                    ? ListItem(BulletList, [.. Texts(f.Topic, bold: true), Run(". "), .. Narrative(f)])
                    : ListItem(BulletList, [.. Texts(f.Topic), Run(" " + f.IndicatorCode, color: Muted, small: true)]));
            }
        }

        private void Sources()
        {
            var s = p.Sources;
            Heading("Heading1", s.Title);
            Blocks(s.Blocks);
            foreach (var src in s.Items)
            {
                var content = new List<OpenXmlElement>(Texts(src.Title, italic: true));
                var line = HtmlProfileRenderer.SourceText(src with { Url = null }, p, html: false);
                var title = (src.Title.IsFallback ? HtmlProfileRenderer.FallbackMarker(src.Title, p) + " " : "") + src.Title.Text;
                content.Add(Run(line[title.Length..] + (src.Url is null ? "" : " ")));
                if (src.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri))
                {
                    var relation = main.AddHyperlinkRelationship(uri, true);
                    content.Add(new Hyperlink(new Run(new RunProperties(new RunStyle { Val = "Hyperlink" }), new Text(url))) { Id = relation.Id });
                }
                else if (src.Url is { } text)
                {
                    content.Add(Run(text));
                }

                // Numbered by Word's own list: its numbers are the ones the citations use, as
                // sources are listed in order of first citation starting at 1.
                body.Append(ListItem(NumberedList, [.. content]));
            }
        }

        private void Annex()
        {
            var a = p.Annex;
            Heading("Heading1", a.Title);
            TextSection(a.Method, "Heading2");
            Heading("Heading2", a.TimelineTitle);
            Heading("Heading3", a.WorkshopsTitle);
            if (a.NoWorkshops is { } none)
            {
                body.Append(StyledParagraph(null, Run(none)));
            }

            foreach (var w in a.Workshops)
            {
                body.Append(ListItem(BulletList, Run(w.Kind, bold: true), Run(HtmlProfileRenderer.WorkshopText(w)[w.Kind.Length..])));
            }

            Heading("Heading3", a.StagesTitle);
            foreach (var stage in a.Stages)
            {
                body.Append(ListItem(BulletList, Run(stage.Stage + ": ", bold: true), Run(stage.Date)));
            }

            IndicatorTable(a.Indicators);
            Figures(a.Figures);
            Notes(a.NotYetKnown, "Heading2", withText: false);
            if (a.ActionPlan is { } plan)
            {
                Heading("Heading2", plan.Title);
                body.Append(StyledParagraph(null, Run(plan.Intro)));
                if (plan.None is { } noAction)
                {
                    body.Append(StyledParagraph(null, Run(noAction)));
                }

                foreach (var x in plan.Actions)
                {
                    body.Append(ListItem(BulletList, Run(x.Indicator is null ? "" : x.Indicator + " ", bold: true), Run(x.Action + ". " + x.Details)));
                }
            }
        }
    }
}
