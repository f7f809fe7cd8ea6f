using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Faro.Profiles;

/// The profile as a PDF, made in-process with PDFsharp 6.2.4 (MIT; 6.5 and later are AGPL, do not
/// upgrade): A4, DejaVu Sans embedded as subsets with Unicode text (selectable and searchable,
/// accents included), a bookmark per section and domain, a contents list with page numbers and
/// links, "Page n of N" on every page, and a DRAFT watermark on
/// every page until the profile is approved.
public static class PdfProfileRenderer
{
    public static byte[] Render(Profile profile)
    {
        FaroFontResolver.EnsureRegistered();
        using var document = new PdfDocument();
        document.Info.Title = HtmlProfileRenderer.Title(profile);
        document.Info.Subject = $"{profile.Cover.Title}: {profile.Cover.Place}, {profile.Cover.Country}";
        document.Info.Author = "Faro";
        document.Info.Creator = "Faro";
        document.Language = profile.Lang;
        document.PageMode = PdfPageMode.UseOutlines;
        using (var writer = new Writer(document, profile))
        {
            writer.Write();
        }

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private sealed class Writer : IDisposable
    {
        private static readonly XPdfFontOptions Embedded = new(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset);
        private static readonly XColor InkColor = XColor.FromArgb(0x1b, 0x26, 0x31);
        private static readonly XColor MutedColor = XColor.FromArgb(0x4a, 0x58, 0x66);
        private static readonly XColor AccentColor = XColor.FromArgb(0x0b, 0x53, 0x94);
        private static readonly XColor DraftColor = XColor.FromArgb(0xa6, 0x1b, 0x1b);
        private static readonly XColor LineColor = XColor.FromArgb(0xc9, 0xd1, 0xd9);

        private readonly Profile p;
        private readonly PdfLayout layout;
        private readonly XBrush ink = new XSolidBrush(InkColor);
        private readonly XBrush muted = new XSolidBrush(MutedColor);
        private readonly XBrush accent = new XSolidBrush(AccentColor);
        private readonly XBrush draft = new XSolidBrush(DraftColor);
        private readonly XFont body = Font(10);
        private readonly XFont bold = Font(10, XFontStyleEx.Bold);
        private readonly XFont italic = Font(10, XFontStyleEx.Italic);
        private readonly XFont small = Font(8);
        private readonly List<(string Id, string Title, int Level, int Page, double Y)> contents = [];
        private readonly Dictionary<string, int> headingPages = [];

        public Writer(PdfDocument document, Profile profile)
        {
            p = profile;
            layout = new PdfLayout(document);
        }

        private static XFont Font(double size, XFontStyleEx style = XFontStyleEx.Regular) => new(FaroFontResolver.Family, size, style, Embedded);

        public void Write()
        {
            Cover();
            Section(p.Objectives.Id, p.Objectives.Title, newPage: true);
            Blocks(p.Objectives.Blocks);
            Acronyms();
            foreach (var section in new[] { p.Introduction, p.Framework, p.Summary, p.Context })
            {
                Section(section.Id, section.Title);
                Blocks(section.Blocks);
            }

            if (p.Progress is { } progress)
            {
                Progress(progress);
            }

            Findings();
            Notes(p.OutsideCompetence, level: 1, withText: true);
            Sources();
            Annex();
            Disclaimer();
            layout.Finish(Furniture);
        }

        private void Cover()
        {
            var c = p.Cover;
            layout.Y = 110;
            Paragraph([new PdfRun(c.Title.ToUpper(p.Labels.Culture), Font(11, XFontStyleEx.Bold), accent)], spaceAfter: 6);
            Paragraph([new PdfRun(c.Place, Font(28, XFontStyleEx.Bold), ink)], spaceAfter: 8);
            Paragraph([new PdfRun($"{c.Country} · {c.RoundLabel} · {c.DateLine}", Font(11), muted)], spaceAfter: 10);
            if (c.FictionalNote is { } fictional)
            {
                Paragraph([new PdfRun(fictional, italic, muted)]);
            }

            if (c.DraftNotice is { } notice)
            {
                layout.Y += 6;
                var lines = layout.Wrap([new PdfRun(notice, bold, draft)], layout.Width - 16);
                var height = lines.Count * LineHeight(bold) + 12;
                layout.Graphics.DrawRectangle(new XPen(DraftColor, 2), PdfLayout.Left, layout.Y, layout.Width, height);
                layout.Y += 6;
                layout.DrawLines(lines, PdfLayout.Left + 8, LineHeight(bold), Ascent(bold));
                layout.Y += 12;
            }

            layout.Y += 24;
            var h = Font(15, XFontStyleEx.Bold);
            Paragraph([new PdfRun(p.Labels["doc.contents"], h, ink)], spaceAfter: 6);
            foreach (var heading in p.Contents)
            {
                var font = heading.Level == 1 ? bold : body;
                var indent = heading.Level == 1 ? 0 : 16;
                layout.EnsureSpace(LineHeight(font) + 2);
                contents.Add((heading.Id, heading.Title, heading.Level, layout.PageNumber, layout.Y));
                var lines = layout.Wrap([new PdfRun(heading.Title, font, ink)], layout.Width - indent - 40);
                layout.DrawLines(lines, PdfLayout.Left + indent, LineHeight(font) + 2, Ascent(font));
            }
        }

        private void Section(string id, string title, bool newPage = false)
        {
            if (newPage)
            {
                layout.NewPage();
            }

            var font = Font(16, XFontStyleEx.Bold);
            layout.Y += newPage ? 0 : 14;
            // Keep the heading with at least a few lines of what follows.
            layout.EnsureSpace(LineHeight(font) + 5 * LineHeight(body));
            layout.Bookmark(title, 1);
            headingPages[id] = layout.PageNumber;
            Paragraph([new PdfRun(title, font, ink)], spaceAfter: 2);
            layout.Graphics.DrawLine(new XPen(AccentColor, 1.5), PdfLayout.Left, layout.Y, PdfLayout.Left + layout.Width, layout.Y);
            layout.Y += 10;
        }

        private void SubSection(string id, string title)
        {
            var font = Font(13, XFontStyleEx.Bold);
            layout.Y += 10;
            layout.EnsureSpace(LineHeight(font) + 5 * LineHeight(body));
            layout.Bookmark(title, 2);
            headingPages[id] = layout.PageNumber;
            Paragraph([new PdfRun(title, font, accent)], spaceAfter: 6);
        }

        private void MinorHeading(string title)
        {
            var font = Font(10.5, XFontStyleEx.Bold);
            layout.Y += 4;
            layout.EnsureSpace(LineHeight(font) + 3 * LineHeight(body));
            Paragraph([new PdfRun(title, font, ink)], spaceAfter: 4);
        }

        private static double LineHeight(XFont font) => font.Size * 1.45;

        private static double Ascent(XFont font) => font.Size * 1.1;

        private void Paragraph(IEnumerable<PdfRun> runs, double indent = 0, double spaceAfter = 7)
        {
            var list = runs.ToList();
            var font = list.Count == 0 ? body : list.MaxBy(r => r.Font.Size).Font;
            var lines = layout.Wrap(list, layout.Width - indent);
            layout.DrawLines(lines, PdfLayout.Left + indent, LineHeight(font), Ascent(font));
            layout.Y += spaceAfter;
        }

        /// A bulleted or numbered item: the marker hangs to the left of the wrapped text.
        private void Item(string marker, IEnumerable<PdfRun> runs, double indent = 16, double spaceAfter = 4)
        {
            var lines = layout.Wrap(runs, layout.Width - indent);
            if (lines.Count == 0)
            {
                return;
            }

            layout.EnsureSpace(LineHeight(body));
            layout.Graphics.DrawString(marker, body, ink, PdfLayout.Left + 2, layout.Y + Ascent(body), XStringFormats.BaseLineLeft);
            layout.DrawLines(lines, PdfLayout.Left + indent, LineHeight(body), Ascent(body));
            layout.Y += spaceAfter;
        }

        private List<PdfRun> Runs(ProfileText text, XFont? font = null, XBrush? brush = null)
        {
            var runs = new List<PdfRun>();
            if (text.IsFallback)
            {
                runs.Add(new PdfRun(HtmlProfileRenderer.FallbackMarker(text, p) + " ", italic, muted));
            }

            runs.Add(new PdfRun(text.Text, font ?? body, brush ?? ink));
            return runs;
        }

        private void Blocks(IReadOnlyList<ProfileBlock> blocks)
        {
            foreach (var block in blocks)
            {
                switch (block.Kind)
                {
                    case BlockKind.Paragraph:
                        Paragraph(Runs(block.Items[0]));
                        break;
                    case BlockKind.BulletList:
                        foreach (var item in block.Items)
                        {
                            Item("•", Runs(item));
                        }

                        layout.Y += 3;
                        break;
                }
            }
        }

        private void Acronyms()
        {
            var s = p.Acronyms;
            Section(s.Id, s.Title);
            foreach (var a in s.Items)
            {
                Item(a.Short, [new PdfRun(a.Name, body, ink)], indent: 70, spaceAfter: 3);
            }
        }

        private void Figures(FiguresSection s)
        {
            var t = p.Labels;
            SubSection(s.Id, s.Title);
            var headers = new[] { t["figures.domain"], t["figure.in_place"], t["figure.partial"], t["figure.not_in_place"], t["figure.outside"], t["figure.not_yet_known"], t["figures.total"] };
            var rows = s.Domains.Append(s.Totals)
                .Select(d => (IReadOnlyList<string>)[d.Title, .. new[] { d.InPlace, d.Partial, d.NotInPlace, d.OutsideCompetence, d.NotYetKnown, d.Total }.Select(t.Number)])
                .ToList();
            Table(headers, rows, [0.25, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125], numericFrom: 1, boldLast: true);
        }

        private void IndicatorTable(IndicatorTableSection s)
        {
            var t = p.Labels;
            SubSection(s.Id, s.Title);
            Blocks(s.Blocks);
            Table(HtmlProfileRenderer.IndicatorHeaders(t),
                s.Rows.Select(r => (IReadOnlyList<string>)[r.Code, (r.Topic.IsFallback ? HtmlProfileRenderer.FallbackMarker(r.Topic, p) + " " : "") + r.Topic.Text,
                    r.StatusLabel, r.CompetenceLabel, HtmlProfileRenderer.Gcm(r, t), HtmlProfileRenderer.Sdg(r, t)]).ToList(),
                [0.09, 0.39, 0.15, 0.15, 0.12, 0.10], numericFrom: 99);
        }

        /// A table whose rows never split across pages; the header row repeats after a page break.
        private void Table(IReadOnlyList<string> headers, List<IReadOnlyList<string>> rows, double[] widths, int numericFrom, bool boldLast = false, string? caption = null)
        {
            const double pad = 3;
            var columns = widths.Select(w => w * layout.Width).ToArray();
            var rule = new XPen(LineColor, 0.6);
            var header = Font(7, XFontStyleEx.Bold);

            double Row(IReadOnlyList<string> cells, XFont font, bool measureOnly)
            {
                var wrapped = cells.Select((c, i) => layout.Wrap([new PdfRun(c, font, ink)], columns[i] - 2 * pad)).ToList();
                var height = wrapped.Max(l => l.Count) * LineHeight(font) + 2 * pad;
                if (measureOnly)
                {
                    return height;
                }

                var x = PdfLayout.Left;
                for (var i = 0; i < cells.Count; i++)
                {
                    var y = layout.Y + pad;
                    foreach (var line in wrapped[i])
                    {
                        var offset = i >= numericFrom ? columns[i] - 2 * pad - line.Width : 0;
                        layout.DrawLine(line, x + pad + offset, y + Ascent(font), LineHeight(font));
                        y += LineHeight(font);
                    }

                    x += columns[i];
                }

                layout.Y += height;
                layout.Graphics.DrawLine(rule, PdfLayout.Left, layout.Y, PdfLayout.Left + layout.Width, layout.Y);
                return height;
            }

            void Header()
            {
                layout.EnsureSpace(Row(headers, header, true) + Row(rows[0], small, true) + (caption is null ? 0 : 2 * LineHeight(bold)));
                if (caption is not null)
                {
                    Paragraph([new PdfRun(caption, bold, ink)], spaceAfter: 4);
                    caption = null;
                }

                Row(headers, header, false);
                layout.Graphics.DrawLine(new XPen(InkColor, 0.8), PdfLayout.Left, layout.Y, PdfLayout.Left + layout.Width, layout.Y);
            }

            Header();
            for (var r = 0; r < rows.Count; r++)
            {
                var font = boldLast && r == rows.Count - 1 ? bold : body;
                var height = Row(rows[r], font, true);
                if (layout.Y + height > layout.Bottom)
                {
                    layout.NewPage();
                    Header();
                }

                Row(rows[r], font, false);
            }

            layout.Y += 10;
        }

        private void Progress(ProgressSection s)
        {
            Section(s.Id, s.Title);
            Blocks(s.Blocks);
            if (s.Rows.Count > 0)
            {
                Table([s.IndicatorHeader, s.PreviousHeader, s.CurrentHeader, s.ChangeHeader],
                    s.Rows.Select(r => (IReadOnlyList<string>)[r.Topic.Text, r.PreviousLabel, r.CurrentLabel, r.ChangeLabel]).ToList(),
                    [0.34, 0.2, 0.2, 0.26], numericFrom: 99);
            }
        }

        private List<PdfRun> NarrativeRuns(Finding f)
        {
            var runs = Runs(f.Text);
            if (f.Citations.Count > 0)
            {
                runs.Add(new PdfRun(" " + string.Join(" ", f.Citations.Select(c => $"[{HtmlProfileRenderer.CitationText(c)}]")), body, accent));
            }

            return runs;
        }

        private void Findings()
        {
            var s = p.Findings;
            Section(s.Id, s.Title, newPage: true);
            Blocks(s.Blocks);
            foreach (var d in s.Domains)
            {
                SubSection(d.Id, d.Title);
                MinorHeading(d.WellDevelopedTitle);
                FindingList(d.WellDeveloped, d.NoneWellDeveloped);
                MinorHeading(d.PotentialTitle);
                FindingList(d.Potential, d.NonePotential);
            }
        }

        private void FindingList(IReadOnlyList<Finding> findings, string? none)
        {
            if (none is not null)
            {
                Paragraph([new PdfRun(none, italic, muted)]);
            }

            // The topic heads the finding and the narrative follows; code and status are in the annex.
            foreach (var f in findings)
            {
                layout.EnsureSpace(LineHeight(bold) + 2 * LineHeight(body));
                Paragraph(Runs(f.Topic, bold), spaceAfter: 1);
                Paragraph(NarrativeRuns(f));
            }
        }

        private void Notes(NoteSection s, int level, bool withText)
        {
            if (level == 1)
            {
                Section(s.Id, s.Title);
            }
            else
            {
                SubSection(s.Id, s.Title);
            }

            Blocks(s.Blocks);
            foreach (var f in s.Items)
            {
                var runs = Runs(f.Topic, withText ? bold : body);
                if (withText)
                {
                    runs[^1] = runs[^1] with { Text = runs[^1].Text + ". " };
                    runs.AddRange(NarrativeRuns(f));
                }
                else
                {
                    runs.Add(new PdfRun(" " + f.IndicatorCode, small, muted));
                }

                Item("•", runs);
            }
        }

        private void Sources()
        {
            var s = p.Sources;
            Section(s.Id, s.Title, newPage: true);
            Blocks(s.Blocks);
            foreach (var src in s.Items)
            {
                var runs = Runs(src.Title, italic);
                var parts = new List<string> { src.TypeLabel };
                if (src.IssuingBody is { } issuer)
                {
                    parts.Add(issuer);
                }

                if (src.Date is { } date)
                {
                    parts.Add(date);
                }

                runs.Add(new PdfRun($". {string.Join(", ", parts)}. ", body, ink));
                if (src.Url is { } url)
                {
                    runs.Add(new PdfRun(url, small, accent, url));
                }

                Item(p.Labels.Number(src.Number) + ".", runs, indent: 22, spaceAfter: 6);
            }
        }

        private void Annex()
        {
            var a = p.Annex;
            Section(a.Id, a.Title, newPage: true);
            SubSection(a.Method.Id, a.Method.Title);
            Blocks(a.Method.Blocks);
            SubSection(a.TimelineId, a.TimelineTitle);
            MinorHeading(a.WorkshopsTitle);
            if (a.NoWorkshops is { } none)
            {
                Paragraph([new PdfRun(none, body, ink)]);
            }

            foreach (var w in a.Workshops)
            {
                var rest = HtmlProfileRenderer.WorkshopText(w)[w.Kind.Length..];
                Item("•", [new PdfRun(w.Kind, bold, ink), new PdfRun(rest, body, ink)]);
            }

            MinorHeading(a.StagesTitle);
            foreach (var stage in a.Stages)
            {
                Item("•", [new PdfRun(stage.Stage + ": ", bold, ink), new PdfRun(stage.Date, body, ink)]);
            }

            IndicatorTable(a.Indicators);
            Figures(a.Figures);
            Notes(a.NotYetKnown, level: 2, withText: false);
            if (a.ActionPlan is { } plan)
            {
                SubSection(plan.Id, plan.Title);
                Paragraph([new PdfRun(plan.Intro, body, ink)]);
                if (plan.None is { } noAction)
                {
                    Paragraph([new PdfRun(noAction, body, ink)]);
                }

                foreach (var x in plan.Actions)
                {
                    Item("•", [new PdfRun(x.Indicator is null ? "" : x.Indicator + " ", bold, ink), new PdfRun(x.Action + ". " + x.Details, body, ink)]);
                }
            }
        }

        private void Disclaimer()
        {
            layout.Y += 20;
            layout.EnsureSpace(60);
            layout.Graphics.DrawLine(new XPen(LineColor, 0.8), PdfLayout.Left, layout.Y, PdfLayout.Left + layout.Width, layout.Y);
            layout.Y += 8;
            Paragraph([new PdfRun(p.Cover.Disclaimer, small, muted)]);
        }

        private void Furniture(XGraphics g, PdfPage page, int number, int count)
        {
            var width = page.Width.Point;
            var height = page.Height.Point;
            if (p.IsDraft)
            {
                var mark = Font(96, XFontStyleEx.Bold);
                var state = g.Save();
                g.RotateAtTransform(-50, new XPoint(width / 2, height / 2));
                g.DrawString(p.Labels["draft.watermark"], mark, new XSolidBrush(XColor.FromArgb(40, DraftColor)), new XPoint(width / 2, height / 2), XStringFormats.Center);
                g.Restore(state);
            }

            var y = height - 40;
            g.DrawLine(new XPen(LineColor, 0.6), PdfLayout.Margin, y - 12, width - PdfLayout.Margin, y - 12);
            var left = $"{p.Cover.Place} · {p.Cover.Title}";
            g.DrawString(p.IsDraft ? $"{p.Labels["draft.watermark"]} · {left}" : left, small, p.IsDraft ? draft : muted, PdfLayout.Margin, y, XStringFormats.BaseLineLeft);
            g.DrawString(p.Labels.Format("doc.page", p.Labels.Number(number), p.Labels.Number(count)), small, muted, width - PdfLayout.Margin, y, XStringFormats.BaseLineRight);
            if (p.Cover.IsFictional)
            {
                // On every page, so that no page taken out of a fictional profile passes for a real one.
                g.DrawString(p.Labels["doc.fictional_footer"], small, draft, PdfLayout.Margin, y + 11, XStringFormats.BaseLineLeft);
            }

            // The contents list gets its page numbers and links now that every page is known.
            foreach (var entry in contents.Where(c => c.Page == number))
            {
                if (headingPages.TryGetValue(entry.Id, out var target))
                {
                    var font = entry.Level == 1 ? bold : body;
                    g.DrawString(p.Labels.Number(target), font, ink, width - PdfLayout.Margin, entry.Y + Ascent(font), XStringFormats.BaseLineRight);
                    var rect = g.Transformer.WorldToDefaultPage(new XRect(PdfLayout.Margin, entry.Y, width - 2 * PdfLayout.Margin, LineHeight(font)));
                    page.AddDocumentLink(new PdfRectangle(rect), target);
                }
            }
        }

        public void Dispose() => layout.Dispose();
    }
}
