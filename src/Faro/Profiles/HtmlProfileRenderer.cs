using System.Globalization;
using System.Text;

namespace Faro.Profiles;

/// Semantic HTML5 of a profile. Two outputs from one writer:
/// - `RenderDocument`: a standalone page (the HTML download and snapshot) with the stylesheet in a
///   `<style>` block so that it reads the same saved to disk or printed, offline;
/// - `RenderArticle`: the `<article>` alone, which the public portal places inside its own layout
///   next to a linked copy of the same stylesheet (`profile.css`).
/// Neither has a script, an event handler or a `style=` attribute, so both work under a strict
/// Content-Security-Policy (the standalone page needs only the hash of its one `<style>` block,
/// see `StyleHash`).
public static class HtmlProfileRenderer
{
    private const string StyleResource = "Faro.Profiles.profile.css";

    private static readonly Lazy<string> Css = new(() =>
    {
        using var stream = typeof(HtmlProfileRenderer).Assembly.GetManifestResourceStream(StyleResource)
            ?? throw new InvalidOperationException($"{StyleResource} is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });

    public static string Stylesheet => Css.Value;

    /// The CSP source for the standalone page's `<style>` block: `'sha256-…'`.
    public static string StyleHash =>
        "'sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Stylesheet))) + "'";

    public static byte[] Render(Profile profile) => Encoding.UTF8.GetBytes(RenderDocument(profile));

    public static string RenderDocument(Profile profile)
    {
        var w = new Writer();
        w.Line("<!DOCTYPE html>");
        w.Line($"<html lang=\"{profile.Lang}\">");
        w.Line("<head>");
        w.Line("<meta charset=\"utf-8\">");
        w.Line("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        if (profile.IsDraft)
        {
            w.Line("<meta name=\"robots\" content=\"noindex\">");
        }

        w.Line($"<title>{E(Title(profile))}</title>");
        w.Raw("<style>").Raw(Stylesheet).Line("</style>");
        w.Line("</head>");
        w.Line("<body>");
        WriteArticle(w, profile);
        w.Line("</body>");
        w.Line("</html>");
        return w.ToString();
    }

    public static string RenderArticle(Profile profile)
    {
        var w = new Writer();
        WriteArticle(w, profile);
        return w.ToString();
    }

    public static string Title(Profile profile) =>
        $"{profile.Cover.Title}: {profile.Cover.Place}" + (profile.IsDraft ? $" ({profile.Labels["draft.watermark"]})" : "");

    private static void WriteArticle(Writer w, Profile p)
    {
        var t = p.Labels;
        w.Line(p.IsDraft
            ? $"<article class=\"profile draft\" lang=\"{p.Lang}\" data-watermark=\"{E(t["draft.watermark"])}\">"
            : $"<article class=\"profile\" lang=\"{p.Lang}\">");
        if (p.Cover.DraftNotice is { } draft)
        {
            w.Line($"<p class=\"draft-banner\" role=\"note\">{E(draft)}</p>");
        }

        w.Line("<header class=\"cover\">");
        w.Line($"<p class=\"doc-title\">{E(p.Cover.Title)}</p>");
        w.Line($"<h1>{E(p.Cover.Place)}</h1>");
        w.Line($"<p class=\"meta\">{E(p.Cover.Country)} · {E(p.Cover.RoundLabel)} · {E(p.Cover.DateLine)}</p>");
        if (p.Cover.FictionalNote is { } fictional)
        {
            w.Line($"<p class=\"note\">{E(fictional)}</p>");
        }

        w.Line("</header>");

        w.Line("<nav class=\"toc\" aria-labelledby=\"contents-title\">");
        w.Line($"<h2 id=\"contents-title\">{E(t["doc.contents"])}</h2>");
        w.Line("<ol>");
        for (var i = 0; i < p.Contents.Count; i++)
        {
            var h = p.Contents[i];
            w.Raw($"<li><a href=\"#{h.Id}\">{E(h.Title)}</a>");
            var nextIsChild = i + 1 < p.Contents.Count && p.Contents[i + 1].Level > h.Level;
            if (nextIsChild)
            {
                w.Line("<ol>");
                continue;
            }

            w.Line("</li>");
            var closesGroup = h.Level == 2 && (i + 1 == p.Contents.Count || p.Contents[i + 1].Level == 1);
            if (closesGroup)
            {
                w.Line("</ol></li>");
            }
        }

        w.Line("</ol>");
        w.Line("</nav>");

        TextSection(w, p.Objectives, p);
        Acronyms(w, p);
        TextSection(w, p.Introduction, p);
        TextSection(w, p.Framework, p);
        TextSection(w, p.Summary, p);
        TextSection(w, p.Context, p);
        if (p.Progress is { } progress)
        {
            Progress(w, progress, p);
        }

        Findings(w, p);
        Notes(w, p.OutsideCompetence, p, "h2", withText: true);
        Sources(w, p);
        Annex(w, p);

        w.Line($"<footer class=\"disclaimer\">{(p.Cover.IsFictional ? $"<p class=\"fictional\">{E(p.Labels["doc.fictional_footer"])}</p>" : "")}<p>{E(p.Cover.Disclaimer)}</p></footer>");
        w.Line("</article>");
    }

    private static void OpenSection(Writer w, string id, string title, string heading = "h2")
    {
        w.Line($"<section id=\"{id}\" aria-labelledby=\"{id}-title\">");
        w.Line($"<{heading} id=\"{id}-title\">{E(title)}</{heading}>");
    }

    private static void TextSection(Writer w, TextSection section, Profile p, string heading = "h2")
    {
        OpenSection(w, section.Id, section.Title, heading);
        Blocks(w, section.Blocks, p);
        w.Line("</section>");
    }

    private static void Blocks(Writer w, IReadOnlyList<ProfileBlock> blocks, Profile p)
    {
        foreach (var block in blocks)
        {
            switch (block.Kind)
            {
                case BlockKind.Paragraph:
                    w.Line($"<p>{Text(block.Items[0], p)}</p>");
                    break;
                case BlockKind.BulletList:
                    w.Line("<ul>");
                    foreach (var item in block.Items)
                    {
                        w.Line($"<li>{Text(item, p)}</li>");
                    }

                    w.Line("</ul>");
                    break;
            }
        }
    }

    /// A text in the profile's language as is; a fallback in the other language with its marker
    /// and its own `lang`, so that screen readers switch voice.
    private static string Text(ProfileText text, Profile p) => text.IsFallback
        ? $"<span class=\"fallback\">{E(FallbackMarker(text, p))}</span> <span lang=\"{text.Lang}\">{E(text.Text)}</span>"
        : E(text.Text);

    public static string FallbackMarker(ProfileText text, Profile p) =>
        p.Labels.Format("fallback.marker", p.Labels["lang." + text.Lang]);

    private static void Acronyms(Writer w, Profile p)
    {
        var s = p.Acronyms;
        OpenSection(w, s.Id, s.Title);
        w.Line("<dl class=\"acronyms\">");
        foreach (var a in s.Items)
        {
            w.Line($"<dt>{E(a.Short)}</dt><dd>{E(a.Name)}</dd>");
        }

        w.Line("</dl>");
        w.Line("</section>");
    }

    private static void Figures(Writer w, FiguresSection s, ProfileLabels t)
    {
        OpenSection(w, s.Id, s.Title, "h3");
        // Tables scroll inside their own box on a phone; the box is a named, focusable region so a
        // keyboard can scroll it too (axe scrollable-region-focusable).
        w.Line($"<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{E(s.Title)}\">");
        w.Line("<table class=\"figures\">");
        w.Line("<thead><tr>");
        w.Line($"<th scope=\"col\">{E(t["figures.domain"])}</th>");
        foreach (var key in new[] { "figure.in_place", "figure.partial", "figure.not_in_place", "figure.outside", "figure.not_yet_known" })
        {
            w.Line($"<th scope=\"col\" class=\"n\">{E(t[key])}</th>");
        }

        w.Line($"<th scope=\"col\" class=\"n\">{E(t["figures.total"])}</th>");
        w.Line("</tr></thead>");
        w.Line("<tbody>");
        foreach (var d in s.Domains)
        {
            FigureRow(w, d, t, "");
        }

        // Totals in the body, not a <tfoot>: browsers repeat a footer on every printed page.
        FigureRow(w, s.Totals, t, " class=\"total\"");
        w.Line("</tbody>");
        w.Line("</table>");
        w.Line("</div>");
        w.Line("</section>");
    }

    private static void FigureRow(Writer w, DomainFigures d, ProfileLabels t, string rowClass)
    {
        w.Raw($"<tr{rowClass}><th scope=\"row\">{E(d.Title)}</th>");
        foreach (var n in new[] { d.InPlace, d.Partial, d.NotInPlace, d.OutsideCompetence, d.NotYetKnown, d.Total })
        {
            w.Raw($"<td class=\"n\">{t.Number(n)}</td>");
        }

        w.Line("</tr>");
    }

    /// "3, 7, 12" and "2", or a dash where the catalogue links none.
    public static string Gcm(IndicatorRow r, ProfileLabels t) =>
        r.GcmObjectives.Count == 0 ? t["indicator_table.none"] : string.Join(", ", r.GcmObjectives.Select(t.Number));

    public static string Sdg(IndicatorRow r, ProfileLabels t) => r.Sdg1072Domain is { } d ? t.Number(d) : t["indicator_table.none"];

    public static string[] IndicatorHeaders(ProfileLabels t) =>
        [t["indicator_table.code"], t["indicator_table.topic"], t["indicator_table.status"], t["indicator_table.competence"], t["indicator_table.gcm"], t["indicator_table.sdg"]];

    private static void IndicatorTable(Writer w, IndicatorTableSection s, Profile p)
    {
        var t = p.Labels;
        OpenSection(w, s.Id, s.Title, "h3");
        Blocks(w, s.Blocks, p);
        w.Line($"<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{E(s.Title)}\">");
        w.Line("<table class=\"indicators\">");
        w.Line("<thead><tr>" + string.Concat(IndicatorHeaders(t).Select(h => $"<th scope=\"col\">{E(h)}</th>")) + "</tr></thead>");
        w.Line("<tbody>");
        foreach (var r in s.Rows)
        {
            w.Line($"<tr><th scope=\"row\"><span class=\"code\">{E(r.Code)}</span></th><td>{Text(r.Topic, p)}</td><td>{E(r.StatusLabel)}</td><td>{E(r.CompetenceLabel)}</td><td>{E(Gcm(r, t))}</td><td>{E(Sdg(r, t))}</td></tr>");
        }

        w.Line("</tbody>");
        w.Line("</table>");
        w.Line("</div>");
        w.Line("</section>");
    }

    private static void Progress(Writer w, ProgressSection s, Profile p)
    {
        OpenSection(w, s.Id, s.Title);
        Blocks(w, s.Blocks, p);
        if (s.Rows.Count > 0)
        {
            w.Line($"<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{E(s.Title)}\">");
            w.Line("<table class=\"progress\">");
            w.Line($"<thead><tr><th scope=\"col\">{E(s.IndicatorHeader)}</th><th scope=\"col\">{E(s.PreviousHeader)}</th><th scope=\"col\">{E(s.CurrentHeader)}</th><th scope=\"col\">{E(s.ChangeHeader)}</th></tr></thead>");
            w.Line("<tbody>");
            foreach (var row in s.Rows)
            {
                w.Line($"<tr><th scope=\"row\">{Text(row.Topic, p)}</th><td>{E(row.PreviousLabel)}</td><td>{E(row.CurrentLabel)}</td><td>{E(row.ChangeLabel)}</td></tr>");
            }

            w.Line("</tbody>");
            w.Line("</table>");
            w.Line("</div>");
        }

        w.Line("</section>");
    }

    private static void Findings(Writer w, Profile p)
    {
        var s = p.Findings;
        OpenSection(w, s.Id, s.Title);
        Blocks(w, s.Blocks, p);
        foreach (var d in s.Domains)
        {
            OpenSection(w, d.Id, d.Title, "h3");
            w.Line($"<h4>{E(d.WellDevelopedTitle)}</h4>");
            FindingList(w, d.WellDeveloped, d.NoneWellDeveloped, p);
            w.Line($"<h4>{E(d.PotentialTitle)}</h4>");
            FindingList(w, d.Potential, d.NonePotential, p);
            w.Line("</section>");
        }

        w.Line("</section>");
    }

    private static void FindingList(Writer w, IReadOnlyList<Finding> findings, string? none, Profile p)
    {
        if (none is not null)
        {
            w.Line($"<p class=\"none\">{E(none)}</p>");
        }

        // The topic heads the finding and the narrative follows as a paragraph; code and status
        // are in the annex table, where they cannot read as a verdict on the heading.
        foreach (var f in findings)
        {
            w.Line("<div class=\"finding\">");
            w.Line($"<h5>{Text(f.Topic, p)}</h5>");
            w.Line($"<p>{Text(f.Text, p)}{Citations(f)}</p>");
            w.Line("</div>");
        }
    }

    private static string Citations(Finding f) => f.Citations.Count == 0
        ? ""
        : " <span class=\"cite\">" + string.Concat(f.Citations.Select(c =>
            $"<a href=\"#source-{c.Number.ToString(CultureInfo.InvariantCulture)}\">[{E(CitationText(c))}]</a>")) + "</span>";

    /// "[3]" or "[3, art. 12]": the number of the source and the article or section it supports.
    public static string CitationText(Citation c) =>
        c.Section is { } section ? $"{c.Number.ToString(CultureInfo.InvariantCulture)}, {section}" : c.Number.ToString(CultureInfo.InvariantCulture);

    private static void Notes(Writer w, NoteSection s, Profile p, string heading, bool withText)
    {
        OpenSection(w, s.Id, s.Title, heading);
        Blocks(w, s.Blocks, p);
        if (s.Items.Count > 0)
        {
            w.Line("<ul class=\"notes\">");
            foreach (var f in s.Items)
            {
                w.Line(withText
                    ? $"<li><strong>{Text(f.Topic, p)}.</strong> {Text(f.Text, p)}{Citations(f)}</li>"
                    : $"<li>{Text(f.Topic, p)} <span class=\"code\">{E(f.IndicatorCode)}</span></li>");
            }

            w.Line("</ul>");
        }

        w.Line("</section>");
    }

    private static void Sources(Writer w, Profile p)
    {
        var s = p.Sources;
        OpenSection(w, s.Id, s.Title);
        Blocks(w, s.Blocks, p);
        if (s.Items.Count > 0)
        {
            w.Line("<ol class=\"sources\">");
            foreach (var src in s.Items)
            {
                w.Line($"<li id=\"source-{src.Number.ToString(CultureInfo.InvariantCulture)}\">{SourceText(src, p, html: true)}</li>");
            }

            w.Line("</ol>");
        }

        w.Line("</section>");
    }

    /// One line of the source list: title, type, issuing body, date, link. Shared wording for
    /// every format (HTML marks it up, the others take it as plain text).
    public static string SourceText(Source src, Profile p, bool html)
    {
        var title = html ? $"<cite>{Text(src.Title, p)}</cite>" : (src.Title.IsFallback ? FallbackMarker(src.Title, p) + " " : "") + src.Title.Text;
        var parts = new List<string> { src.TypeLabel };
        if (src.IssuingBody is { } body)
        {
            parts.Add(html ? E(body) : body);
        }

        if (src.Date is { } date)
        {
            parts.Add(date);
        }

        var line = $"{title}. {string.Join(", ", parts)}.";
        if (src.Url is { } url)
        {
            line += html ? $" <a href=\"{E(url)}\">{E(url)}</a>" : " " + url;
        }

        return line;
    }

    private static void Annex(Writer w, Profile p)
    {
        var a = p.Annex;
        OpenSection(w, a.Id, a.Title);
        TextSection(w, a.Method, p, "h3");
        OpenSection(w, a.TimelineId, a.TimelineTitle, "h3");
        w.Line($"<h4>{E(a.WorkshopsTitle)}</h4>");
        if (a.NoWorkshops is { } none)
        {
            w.Line($"<p>{E(none)}</p>");
        }
        else
        {
            w.Line("<ul class=\"workshops\">");
            foreach (var ws in a.Workshops)
            {
                w.Line($"<li>{E(WorkshopText(ws))}</li>");
            }

            w.Line("</ul>");
        }

        w.Line($"<h4>{E(a.StagesTitle)}</h4>");
        w.Line("<ul class=\"stages\">");
        foreach (var stage in a.Stages)
        {
            w.Line($"<li>{E(stage.Stage)}: {E(stage.Date)}</li>");
        }

        w.Line("</ul>");
        w.Line("</section>");
        IndicatorTable(w, a.Indicators, p);
        Figures(w, a.Figures, p.Labels);
        Notes(w, a.NotYetKnown, p, "h3", withText: false);
        if (a.ActionPlan is { } plan)
        {
            OpenSection(w, plan.Id, plan.Title, "h3");
            w.Line($"<p>{E(plan.Intro)}</p>");
            if (plan.None is { } noAction)
            {
                w.Line($"<p>{E(noAction)}</p>");
            }
            else
            {
                w.Line("<ul class=\"action-plan\">");
                foreach (var x in plan.Actions)
                {
                    w.Line($"<li>{(x.Indicator is null ? "" : "<strong>" + E(x.Indicator) + "</strong> ")}{E(x.Action)}. {E(x.Details)}</li>");
                }

                w.Line("</ul>");
            }

            w.Line("</section>");
        }

        w.Line("</section>");
    }

    /// "Induction workshop, 2 September 2021, La Chorrera. Participating institutions: …"
    public static string WorkshopText(TimelineWorkshop ws) =>
        $"{ws.Kind}, {ws.Date}{(ws.Place is { Length: > 0 } place ? ", " + place : "")}." + (ws.Text.Length > 0 ? " " + ws.Text : "");

    private static string E(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    private sealed class Writer
    {
        private readonly StringBuilder sb = new();

        public Writer Raw(string s)
        {
            sb.Append(s);
            return this;
        }

        public void Line(string s) => sb.Append(s).Append('\n');

        public override string ToString() => sb.ToString();
    }
}
