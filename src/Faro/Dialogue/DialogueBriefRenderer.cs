using System.Net;
using System.Text;
using Faro.Assessments;
using Faro.Catalogue;
using Faro.Profiles;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Faro.Dialogue;

/// The dialogue brief as an HTML document or a PDF (the profile's PDF machinery), in English or Spanish.
public static class DialogueBriefRenderer
{
    private static string T(string lang, string en, string es) => lang == Languages.Spanish ? es : en;

    public static string CategoryTitle(DialogueCategory c, string lang) => c switch
    {
        DialogueCategory.NationalFrameworkNotAppliedLocally => T(lang, "A national framework exists but is not yet applied locally",
            "Existe un marco nacional que aún no se aplica localmente"),
        DialogueCategory.LocalInnovation => T(lang, "The city acts without a national framework (local innovation)",
            "La ciudad actúa sin un marco nacional (innovación local)"),
        DialogueCategory.SharedGap => T(lang, "Gaps shared by both levels (a joint agenda)",
            "Brechas compartidas por ambos niveles (una agenda conjunta)"),
        DialogueCategory.NationalCompetence => T(lang, "National competence: the local role is referral or information",
            "Competencia nacional: el papel local es de derivación o información"),
    };

    public static string Status(AnswerStatus? s, string lang) => s switch
    {
        AnswerStatus.Yes => T(lang, "yes", "sí"),
        AnswerStatus.Partial => T(lang, "partial", "parcial"),
        AnswerStatus.No => "no",
        AnswerStatus.NotApplicable => T(lang, "not applicable", "no aplica"),
        AnswerStatus.NationalCompetence => T(lang, "national competence", "competencia nacional"),
        AnswerStatus.Unknown => T(lang, "not yet known", "aún no se sabe"),
        null => T(lang, "not answered", "sin respuesta"),
    };

    public static string CompetenceLabel(Competence c, string lang) => c switch
    {
        Competence.L => T(lang, "local", "local"),
        Competence.S => T(lang, "shared", "compartida"),
        Competence.N => T(lang, "national", "nacional"),
    };

    /// What the brief says about the national side: in Faro, outside Faro (linked), or absent.
    public static string NationalNote(DialogueBrief b) => b switch
    {
        { External: { } x } => T(b.Lang,
            $"The national counterpart is a profile published outside Faro: {x.Title}{(x.Year is { } y ? $" ({y})" : "")}. Its answers are not in Faro, so this brief lists the local side only.",
            $"La contraparte nacional es un perfil publicado fuera de Faro: {x.Title}{(x.Year is { } y2 ? $" ({y2})" : "")}. Sus respuestas no están en Faro, por lo que este informe presenta solo el lado local."),
        { HasNationalAnswers: true } => T(b.Lang, $"National counterpart: {b.NationalTitle}.", $"Contraparte nacional: {b.NationalTitle}."),
        _ => T(b.Lang, "No national assessment with answers is available in Faro, so this brief lists the local side only.",
            "No hay en Faro una evaluación nacional con respuestas, por lo que este informe presenta solo el lado local."),
    };

    private static DialogueCategory[] Categories(DialogueBrief b) =>
        b.HasNationalAnswers ? Enum.GetValues<DialogueCategory>() : [DialogueCategory.NationalCompetence];

    public static string Html(DialogueBrief b)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var l = b.Lang;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"").Append(l).Append("\"><head><meta charset=\"utf-8\"><title>")
            .Append(E(T(l, "Dialogue brief", "Informe de diálogo") + ": " + b.Place)).Append("</title></head><body><main>");
        sb.Append("<h1>").Append(E(T(l, "National–local dialogue brief", "Informe de diálogo nacional–local"))).Append(": ")
            .Append(E(b.Place)).Append(", ").Append(E(b.Country)).Append("</h1>");
        if (b.IsFictional)
        {
            sb.Append("<p class=\"fictional\">").Append(E(T(l, "Fictional place, demo data.", "Lugar ficticio, datos de demostración."))).Append("</p>");
        }

        sb.Append("<p class=\"national-note\">").Append(E(NationalNote(b)));
        if (b.External?.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "https" or "http")
        {
            sb.Append(" <a href=\"").Append(E(u.AbsoluteUri)).Append("\" rel=\"noopener\">").Append(E(T(l, "Open the national profile", "Abrir el perfil nacional"))).Append("</a>");
        }

        sb.Append("</p>");
        foreach (var c in Categories(b))
        {
            var rows = b.In(c);
            sb.Append("<section data-category=\"").Append(c).Append("\"><h2>").Append(E(CategoryTitle(c, l))).Append(" (").Append(rows.Count).Append(")</h2>");
            if (rows.Count == 0)
            {
                sb.Append("<p>").Append(E(T(l, "None.", "Ninguno."))).Append("</p>");
            }
            else
            {
                sb.Append("<ul>");
                foreach (var r in rows)
                {
                    sb.Append("<li data-indicator=\"").Append(E(r.Code)).Append("\"><strong>").Append(E(r.Code)).Append("</strong> ").Append(E(r.Text))
                        .Append(" <span>(").Append(E(T(l, "local", "local"))).Append(": ").Append(E(Status(r.Local, l)));
                    if (b.HasNationalAnswers)
                    {
                        sb.Append("; ").Append(E(T(l, "national", "nacional"))).Append(": ").Append(E(Status(r.National, l)));
                    }

                    sb.Append(")</span></li>");
                }

                sb.Append("</ul>");
            }

            sb.Append("</section>");
        }

        sb.Append("<section><h2>").Append(E(T(l, "Indicator by indicator", "Indicador por indicador"))).Append("</h2><table><thead><tr><th scope=\"col\">")
            .Append(E(T(l, "Indicator", "Indicador"))).Append("</th><th scope=\"col\">").Append(E(T(l, "Competence", "Competencia")))
            .Append("</th><th scope=\"col\">").Append(E(T(l, "Local", "Local"))).Append("</th>");
        if (b.HasNationalAnswers)
        {
            sb.Append("<th scope=\"col\">").Append(E(T(l, "National", "Nacional"))).Append("</th>");
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
        document.Info.Title = T(l, "Dialogue brief", "Informe de diálogo") + ": " + b.Place;
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

            Para(h1, T(l, "National–local dialogue brief", "Informe de diálogo nacional–local") + ": " + b.Place + ", " + b.Country, after: 10);
            if (b.IsFictional)
            {
                Para(body, T(l, "Fictional place, demo data.", "Lugar ficticio, datos de demostración."));
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
                    Para(body, T(l, "None.", "Ninguno."));
                }

                foreach (var r in rows)
                {
                    var sides = T(l, "local", "local") + ": " + Status(r.Local, l)
                        + (b.HasNationalAnswers ? "; " + T(l, "national", "nacional") + ": " + Status(r.National, l) : "");
                    var lines = layout.Wrap([new PdfRun(r.Code + " ", bold, ink), new PdfRun($"{r.Text} ({sides})", body, ink)], layout.Width);
                    layout.DrawLines(lines, PdfLayout.Left, body.Size * 1.45, body.Size * 1.1);
                    layout.Y += 3;
                }

                layout.Y += 6;
            }

            layout.Finish((g, page, n, total) => g.DrawString(T(l, $"Page {n} of {total}", $"Página {n} de {total}"), body, XBrushes.Gray,
                new XPoint(PdfLayout.Left, page.Height.Point - 40)));
        }

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }
}
