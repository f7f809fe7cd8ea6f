namespace Faro.Profiles;

/// The per-domain bar chart of the Summary, laid out once in abstract units and drawn by each
/// renderer (SVG in HTML, vector paths in the PDF), so that both show the same picture. Bars are
/// stacked counts on a common scale; no percentages, no ordering by result: domains keep the
/// catalogue's order.
public sealed class ProfileChart
{
    public sealed record Series(string Key, string Label, string Fill, string TextFill);

    public sealed record Segment(Series Series, int Count, double X, double Width);

    public sealed record Bar(string Label, int Total, double Y, IReadOnlyList<Segment> Segments);

    public const double Width = 640;
    public const double LabelHeight = 18;
    public const double BarHeight = 20;
    public const double RowHeight = 48;
    public const double LegendRowHeight = 22;

    public IReadOnlyList<Series> Legend { get; }

    public IReadOnlyList<Bar> Bars { get; }

    public double LegendY { get; }

    public double Height { get; }

    public double BarAreaWidth { get; }

    public ProfileChart(SummarySection summary, ProfileLabels t)
    {
        // Colours distinguishable in greyscale and by colour-blind readers; "not in place" is a
        // neutral grey, not an alarm red: the profile describes, it does not judge.
        var inPlace = new Series("in-place", t["figure.in_place"], "#2b5c8a", "#ffffff");
        var partial = new Series("partial", t["figure.partial"], "#8fb8de", "#1b2631");
        var notInPlace = new Series("not-in-place", t["figure.not_in_place"], "#c4c4c4", "#1b2631");
        var outside = new Series("outside", t["figure.outside"], "#e3b448", "#1b2631");
        var unknown = new Series("not-yet-known", t["figure.not_yet_known"], "#ffffff", "#1b2631");
        Legend = [inPlace, partial, notInPlace, outside, unknown];

        // Room on the right of the longest bar for its total.
        BarAreaWidth = Width - 40;
        var max = Math.Max(1, summary.Domains.Count == 0 ? 1 : summary.Domains.Max(d => d.Total));
        var unit = BarAreaWidth / max;
        Bars = summary.Domains.Select((d, i) =>
        {
            var x = 0.0;
            var segments = new List<Segment>();
            foreach (var (series, count) in new[] { (inPlace, d.InPlace), (partial, d.Partial), (notInPlace, d.NotInPlace), (outside, d.OutsideCompetence), (unknown, d.NotYetKnown) })
            {
                if (count > 0)
                {
                    segments.Add(new Segment(series, count, x, count * unit));
                    x += count * unit;
                }
            }

            return new Bar(d.Title, d.Total, i * RowHeight, segments);
        }).ToList();
        LegendY = Bars.Count * RowHeight + 8;
        Height = LegendY + 3 * LegendRowHeight;
    }
}
