using System.Text.RegularExpressions;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Faro.Profiles;

/// The fonts Faro ships inside its assembly (DejaVu Sans, see Fonts/LICENSE-DejaVu.txt), so that a
/// PDF looks the same on every server and embeds its fonts; no system font is ever looked up.
/// PDFsharp keeps one global resolver, so it is registered once for the process.
internal sealed class FaroFontResolver : IFontResolver
{
    public const string Family = "DejaVu Sans";

    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, byte[]> Faces = [];

    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not FaroFontResolver)
            {
                GlobalFontSettings.FontResolver = new FaroFontResolver();
            }
        }
    }

    // Every family resolves to DejaVu Sans: accented Spanish and every Latin character are covered.
    // There is no bold-oblique face in the box; it is simulated from the bold one.
    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => (bold, italic) switch
    {
        (true, true) => new FontResolverInfo("DejaVuSans-Bold", false, true),
        (true, false) => new FontResolverInfo("DejaVuSans-Bold"),
        (false, true) => new FontResolverInfo("DejaVuSans-Oblique"),
        (false, false) => new FontResolverInfo("DejaVuSans"),
    };

    public byte[]? GetFont(string faceName)
    {
        lock (Gate)
        {
            if (!Faces.TryGetValue(faceName, out var bytes))
            {
                using var stream = typeof(FaroFontResolver).Assembly.GetManifestResourceStream($"Faro.Profiles.Fonts.{faceName}.ttf")
                    ?? throw new InvalidOperationException($"Font {faceName} is not embedded in Faro.");
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                bytes = memory.ToArray();
                Faces[faceName] = bytes;
            }

            return bytes;
        }
    }
}

/// A piece of text in one font and colour, optionally a web link.
internal readonly record struct PdfRun(string Text, XFont Font, XBrush Brush, string? Link = null);

/// A small flowing-layout engine over PDFsharp: word-wrapped paragraphs made of runs, headings
/// that stay with what follows, bulleted and numbered items, tables whose rows never split, vector
/// drawings, page breaks, and an outline (bookmarks). Page furniture (running footer with "Page
/// n of N", watermark) is drawn by `Finish` once the page count is known.
internal sealed partial class PdfLayout : IDisposable
{
    public const double Margin = 60;
    public const double BottomMargin = 72;

    private readonly PdfDocument document;
    private PdfOutline? section;
    private XGraphics? gfx;

    public PdfLayout(PdfDocument document)
    {
        this.document = document;
        NewPage();
    }

    public PdfPage Page { get; private set; } = null!;

    public XGraphics Graphics => gfx!;

    public double Y { get; set; }

    public int PageNumber => document.PageCount;

    public static double Left => Margin;

    public double Width => Page.Width.Point - 2 * Margin;

    public double Bottom => Page.Height.Point - BottomMargin;

    public void NewPage()
    {
        gfx?.Dispose();
        Page = document.AddPage();
        Page.Size = PdfSharp.PageSize.A4;
        gfx = XGraphics.FromPdfPage(Page);
        Y = Margin;
    }

    /// Starts a new page unless `height` still fits on this one.
    public void EnsureSpace(double height)
    {
        if (Y + height > Bottom && Y > Margin)
        {
            NewPage();
        }
    }

    /// Adds a bookmark at the current page: level 1 at the top of the outline, level 2 under the
    /// last level 1.
    public void Bookmark(string title, int level)
    {
        if (level <= 1 || section is null)
        {
            section = document.Outlines.Add(title, Page, true);
        }
        else
        {
            section.Outlines.Add(title, Page, false);
        }
    }

    public sealed record Placed(string Text, XFont Font, XBrush Brush, string? Link, double X, double Width);

    public sealed record Line(IReadOnlyList<Placed> Items, double Width);

    /// Breaks runs into lines no wider than `width`. A word longer than a line (a long URL) is cut
    /// where it must be.
    public List<Line> Wrap(IEnumerable<PdfRun> runs, double width)
    {
        var lines = new List<Line>();
        var current = new List<Placed>();
        var x = 0.0;
        var contentWidth = 0.0;

        void Flush()
        {
            lines.Add(new Line(current, contentWidth));
            current = [];
            x = 0;
            contentWidth = 0;
        }

        foreach (var run in runs)
        {
            // A run that starts with a space ("… validación." then " [1]") keeps that space.
            if (run.Text.Length > 0 && char.IsWhiteSpace(run.Text[0]) && current.Count > 0 && x <= contentWidth)
            {
                x = contentWidth + Measure(" ", run.Font);
            }

            foreach (Match token in Tokens().Matches(run.Text))
            {
                var word = token.Groups[1].Value;
                var space = token.Groups[2].Value.Length > 0 ? " " : "";
                var wordWidth = Measure(word, run.Font);
                if (current.Count > 0 && x + wordWidth > width)
                {
                    Flush();
                }

                while (wordWidth > width)
                {
                    // Cut the longest prefix that fits; a URL has no spaces to break at.
                    var n = word.Length - 1;
                    while (n > 1 && Measure(word[..n], run.Font) > width - x)
                    {
                        n--;
                    }

                    var head = word[..n];
                    current.Add(new Placed(head, run.Font, run.Brush, run.Link, x, Measure(head, run.Font)));
                    contentWidth = x + Measure(head, run.Font);
                    Flush();
                    word = word[n..];
                    wordWidth = Measure(word, run.Font);
                }

                current.Add(new Placed(word, run.Font, run.Brush, run.Link, x, wordWidth));
                contentWidth = x + wordWidth;
                x += wordWidth + (space.Length > 0 ? Measure(" ", run.Font) : 0);
            }
        }

        if (current.Count > 0)
        {
            Flush();
        }

        return lines;
    }

    public double Measure(string text, XFont font) => gfx!.MeasureString(text, font).Width;

    /// Draws wrapped lines at `left`, moving to a new page whenever a line does not fit.
    public void DrawLines(IReadOnlyList<Line> lines, double left, double lineHeight, double ascent)
    {
        foreach (var line in lines)
        {
            EnsureSpace(lineHeight);
            DrawLine(line, left, Y + ascent, lineHeight);
            Y += lineHeight;
        }
    }

    public void DrawLine(Line line, double left, double baseline, double lineHeight)
    {
        foreach (var item in line.Items)
        {
            gfx!.DrawString(item.Text, item.Font, item.Brush, left + item.X, baseline, XStringFormats.BaseLineLeft);
            if (item.Link is { } link)
            {
                var rect = gfx.Transformer.WorldToDefaultPage(new XRect(left + item.X, baseline - lineHeight * 0.75, item.Width, lineHeight));
                Page.AddWebLink(new PdfRectangle(rect), link);
            }
        }
    }

    /// Draws the page furniture on every page once the page count is known.
    public void Finish(Action<XGraphics, PdfPage, int, int> furniture)
    {
        gfx?.Dispose();
        gfx = null;
        for (var i = 0; i < document.PageCount; i++)
        {
            var page = document.Pages[i];
            using var g = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            furniture(g, page, i + 1, document.PageCount);
        }
    }

    public void Dispose() => gfx?.Dispose();

    [GeneratedRegex(@"(\S+)(\s*)")]
    private static partial Regex Tokens();
}
