using System.Net;
using System.Text;
using Faro.Assessments;
using Faro.Catalogue;
using Faro.Profiles;
using Faro.Texts;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Faro.Dialogue;

/// The dialogue brief as an HTML document or a PDF (the profile's PDF machinery), in English or Spanish.
public static class DialogueBriefRenderer
{
    // The brief's words are the catalogue's `dialogue.*` keys (Texts/dialogue.*.json).
    private static string T(string lang, string key, params object?[] args) => TextCatalog.Default.Render(lang, key, args);

    public static string CategoryTitle(DialogueCategory c, string lang) => c switch
    {
        DialogueCategory.NationalFrameworkNotAppliedLocally => T(lang, "dialogue.category.national_framework_not_applied"),
        DialogueCategory.LocalInnovation => T(lang, "dialogue.category.local_innovation"),
        DialogueCategory.SharedGap => T(lang, "dialogue.category.shared_gap"),
        DialogueCategory.NationalCompetence => T(lang, "dialogue.category.national_competence"),
    };

    public static string Status(AnswerStatus? s, string lang) => s switch
    {
        AnswerStatus.Yes => T(lang, "dialogue.status.yes"),
        AnswerStatus.Partial => T(lang, "dialogue.status.partial"),
        AnswerStatus.No => T(lang, "dialogue.status.no"),
        AnswerStatus.NotApplicable => T(lang, "dialogue.status.not_applicable"),
        AnswerStatus.NationalCompetence => T(lang, "dialogue.status.national_competence"),
        AnswerStatus.Unknown => T(lang, "dialogue.status.unknown"),
        null => T(lang, "dialogue.status.unanswered"),
    };

    public static string CompetenceLabel(Competence c, string lang) => c switch
    {
        Competence.L => T(lang, "dialogue.competence.local"),
        Competence.S => T(lang, "dialogue.competence.shared"),
        Competence.N => T(lang, "dialogue.competence.national"),
    };

    /// What the brief says about the national side: in Faro, outside Faro (linked), or absent.
    public static string NationalNote(DialogueBrief b) => b switch
    {
        { External: { Year: { } y } x } => T(b.Lang, "dialogue.national.external_year", x.Title, y),
        { External: { } x } => T(b.Lang, "dialogue.national.external", x.Title),
        { HasNationalAnswers: true } => T(b.Lang, "dialogue.national.in_faro", b.NationalTitle),
        _ => T(b.Lang, "dialogue.national.none"),
    };

    private static DialogueCategory[] Categories(DialogueBrief b) =>
        b.HasNationalAnswers ? Enum.GetValues<DialogueCategory>() : [DialogueCategory.NationalCompetence];

    public static string Html(DialogueBrief b)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var l = b.Lang;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"").Append(l).Append("\"><head><meta charset=\"utf-8\"><title>")
            .Append(E(T(l, "dialogue.brief") + ": " + b.Place)).Append("</title></head><body><main>");
        sb.Append("<h1>").Append(E(T(l, "dialogue.brief_title"))).Append(": ")
            .Append(E(b.Place)).Append(", ").Append(E(b.Country)).Append("</h1>");
        if (b.IsFictional)
        {
            sb.Append("<p class=\"fictional\">").Append(E(T(l, "dialogue.fictional"))).Append("</p>");
        }

        sb.Append("<p class=\"national-note\">").Append(E(NationalNote(b)));
        if (b.External?.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "https" or "http")
        {
            sb.Append(" <a href=\"").Append(E(u.AbsoluteUri)).Append("\" rel=\"noopener\">").Append(E(T(l, "dialogue.open_national"))).Append("</a>");
        }

        sb.Append("</p>");
        foreach (var c in Categories(b))
        {
            var rows = b.In(c);
            sb.Append("<section data-category=\"").Append(c).Append("\"><h2>").Append(E(CategoryTitle(c, l))).Append(" (").Append(rows.Count).Append(")</h2>");
            if (rows.Count == 0)
            {
                sb.Append("<p>").Append(E(T(l, "dialogue.none"))).Append("</p>");
            }
            else
            {
                sb.Append("<ul>");
                foreach (var r in rows)
                {
                    sb.Append("<li data-indicator=\"").Append(E(r.Code)).Append("\"><strong>").Append(E(r.Code)).Append("</strong> ").Append(E(r.Text))
                        .Append(" <span>(").Append(E(T(l, "dialogue.side.local"))).Append(": ").Append(E(Status(r.Local, l)));
                    if (b.HasNationalAnswers)
                    {
                        sb.Append("; ").Append(E(T(l, "dialogue.side.national"))).Append(": ").Append(E(Status(r.National, l)));
                    }

                    sb.Append(")</span></li>");
                }

                sb.Append("</ul>");
            }

            sb.Append("</section>");
        }

        sb.Append("<section><h2>").Append(E(T(l, "dialogue.by_indicator"))).Append("</h2><table><thead><tr><th scope=\"col\">")
            .Append(E(T(l, "dialogue.column.indicator"))).Append("</th><th scope=\"col\">").Append(E(T(l, "dialogue.column.competence")))
            .Append("</th><th scope=\"col\">").Append(E(T(l, "dialogue.column.local"))).Append("</th>");
        if (b.HasNationalAnswers)
        {
            sb.Append("<th scope=\"col\">").Append(E(T(l, "dialogue.column.national"))).Append("</th>");
        }

        sb.Append("</tr></thead><tbody>");
        foreach (var r in b.Rows)
        {
            sb.Append("<tr><td><strong>").Append(E(r.Code)).Append("</strong> ").Append(E(r.Text)).Append("</td><td>").Append(E(CompetenceLabel(r.Competence, l)))
                .Append("</td><td>").Append(E(Status(r.Local, l))).Append("</td>");
            if (b.HasNationalAnswers)
            {
                sb.Append("<td>").Append(E(Status(r.National, l))).Append("</td>");
            }

            sb.Append("</tr>");
        }

        sb.Append("</tbody></table></section></main></body></html>");
        return sb.ToString();
    }

    public static byte[] Pdf(DialogueBrief b)
    {
        FaroFontResolver.EnsureRegistered();
        var l = b.Lang;
        var options = new XPdfFontOptions(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset);
        var body = new XFont(FaroFontResolver.Family, 10, XFontStyleEx.Regular, options);
        var bold = new XFont(FaroFontResolver.Family, 10, XFontStyleEx.Bold, options);
        var h1 = new XFont(FaroFontResolver.Family, 16, XFontStyleEx.Bold, options);
        var h2 = new XFont(FaroFontResolver.Family, 12, XFontStyleEx.Bold, options);
        var ink = XBrushes.Black;
        using var document = new PdfDocument();
        document.Info.Title = T(l, "dialogue.brief") + ": " + b.Place;
        document.Info.Creator = "Faro";
        document.Language = l;
        using (var layout = new PdfLayout(document))
        {
            void Para(XFont font, string text, string? link = null, double after = 6)
            {
                var lines = layout.Wrap([new PdfRun(text, font, ink, link)], layout.Width);
                layout.DrawLines(lines, PdfLayout.Left, font.Size * 1.45, font.Size * 1.1);
                layout.Y += after;
            }

            Para(h1, T(l, "dialogue.brief_title") + ": " + b.Place + ", " + b.Country, after: 10);
            if (b.IsFictional)
            {
                Para(body, T(l, "dialogue.fictional"));
            }

            Para(body, NationalNote(b));
            if (b.External?.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "https" or "http")
            {
                Para(body, u.AbsoluteUri, u.AbsoluteUri);
            }

            foreach (var c in Categories(b))
            {
                var rows = b.In(c);
                layout.EnsureSpace(60);
                Para(h2, $"{CategoryTitle(c, l)} ({rows.Count})", after: 4);
                if (rows.Count == 0)
                {
                    Para(body, T(l, "dialogue.none"));
                }

                foreach (var r in rows)
                {
                    var sides = T(l, "dialogue.side.local") + ": " + Status(r.Local, l)
                        + (b.HasNationalAnswers ? "; " + T(l, "dialogue.side.national") + ": " + Status(r.National, l) : "");
                    var lines = layout.Wrap([new PdfRun(r.Code + " ", bold, ink), new PdfRun($"{r.Text} ({sides})", body, ink)], layout.Width);
                    layout.DrawLines(lines, PdfLayout.Left, body.Size * 1.45, body.Size * 1.1);
                    layout.Y += 3;
                }

                layout.Y += 6;
            }

            layout.Finish((g, page, n, total) => g.DrawString(T(l, "dialogue.page_of", n, total), body, XBrushes.Gray,
                new XPoint(PdfLayout.Left, page.Height.Point - 40)));
        }

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }
}
