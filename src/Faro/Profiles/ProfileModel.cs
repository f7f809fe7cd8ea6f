using System.Text.Json.Serialization;
using Faro.Assessments;

namespace Faro.Profiles;

/// The assembled Migration Governance Profile in one language: what every renderer draws and what
/// the JSON format serialises. Built only from public content (never comments, private evidence,
/// review points or workshop minutes), so a renderer cannot leak what it was never given.
public sealed record Profile(
    int AssessmentId,
    string Lang,
    bool IsDraft,
    string Stage,
    ProfileCover Cover,
    IReadOnlyList<ProfileHeading> Contents,
    TextSection Objectives,
    AcronymsSection Acronyms,
    TextSection Introduction,
    TextSection Framework,
    TextSection Summary,
    TextSection Context,
    ProgressSection? Progress,
    FindingsSection Findings,
    NoteSection OutsideCompetence,
    SourcesSection Sources,
    AnnexSection Annex)
{
    /// Labels the renderers need (page numbers, legend, markers) in the profile's language; not part
    /// of the profile's content, so left out of the JSON.
    [JsonIgnore]
    public ProfileLabels Labels { get; init; } = ProfileLabels.For(Lang);

    /// Every text of the profile that is shown from the other language.
    public int CountFallbackTexts()
    {
        static IEnumerable<ProfileText> InBlocks(IReadOnlyList<ProfileBlock> blocks) => blocks.SelectMany(b => b.Items);
        static IEnumerable<ProfileText> InFindings(IEnumerable<Finding> findings) => findings.SelectMany(f => new[] { f.Topic, f.Text });
        var texts = InBlocks(Objectives.Blocks).Concat(InBlocks(Introduction.Blocks)).Concat(InBlocks(Context.Blocks)).Concat(InBlocks(Summary.Blocks))
            .Concat(InFindings(Findings.Domains.SelectMany(d => d.WellDeveloped.Concat(d.Potential))))
            .Concat(InFindings(OutsideCompetence.Items))
            .Concat(InFindings(Annex.NotYetKnown.Items))
            .Concat(Sources.Items.Select(s => s.Title))
            .Concat(Progress?.Rows.Select(r => r.Topic) ?? []);
        return texts.Count(t => t.IsFallback);
    }
}

/// A text as it appears in the profile: in the profile's language, or in the other one (`IsFallback`)
/// when only that exists; renderers mark a fallback, never show it silently.
public sealed record ProfileText(string Text, string Lang, bool IsFallback)
{
    public static ProfileText Own(string text, string lang) => new(text, lang, false);
}

public enum BlockKind
{
    Paragraph,
    BulletList,
}

/// A paragraph (one item) or a bulleted list.
public sealed record ProfileBlock(BlockKind Kind, IReadOnlyList<ProfileText> Items);

/// An entry of the table of contents and of the PDF outline: `Id` is the HTML anchor and the DOCX
/// bookmark; `Level` 1 is a section, 2 a sub-section.
public sealed record ProfileHeading(string Id, string Title, int Level);

public sealed record ProfileCover(
    string Title,
    string Place,
    string Country,
    string RoundLabel,
    string DateLine,
    bool IsFictional,
    string? FictionalNote,
    string? DraftNotice,
    string Disclaimer);

public sealed record TextSection(string Id, string Title, IReadOnlyList<ProfileBlock> Blocks);

/// Descriptive counts per domain: how many indicators are in place, partial, not in place,
/// outside local competence (not applicable or national competence) and not yet known. Never a
/// score, percentage or rank.
public sealed record DomainFigures(
    string Code,
    string Title,
    int InPlace,
    int Partial,
    int NotInPlace,
    int OutsideCompetence,
    int NotYetKnown)
{
    public int Total => InPlace + Partial + NotInPlace + OutsideCompetence + NotYetKnown;
}

/// The annex table of counts per domain (never in the Summary's headline, which is in words).
public sealed record FiguresSection(string Id, string Title, IReadOnlyList<DomainFigures> Domains, DomainFigures Totals);

/// One row of the annex table of indicators: where the codes and answers of the findings are.
public sealed record IndicatorRow(
    string Code,
    ProfileText Topic,
    string StatusLabel,
    string CompetenceLabel,
    IReadOnlyList<int> GcmObjectives,
    int? Sdg1072Domain);

public sealed record IndicatorTableSection(string Id, string Title, IReadOnlyList<ProfileBlock> Blocks, IReadOnlyList<IndicatorRow> Rows);

/// An acronym or short name used in the profile ("DRS") and the full name in the profile's language.
public sealed record Acronym(string Short, string Name);

public sealed record AcronymsSection(string Id, string Title, IReadOnlyList<Acronym> Items);

public sealed record Citation(int Number, string? Section);

/// One finding: the indicator's neutral topic as its heading and the narrative with the numbered
/// citations of its public evidence. The code, status and competence are data for the JSON and
/// the annex table; renderers never print them next to the narrative, where a status would read
/// as a verdict on the heading.
public sealed record Finding(
    string IndicatorCode,
    ProfileText Topic,
    AnswerStatus Status,
    string StatusLabel,
    string CompetenceLabel,
    ProfileText Text,
    IReadOnlyList<Citation> Citations);

public sealed record DomainFindings(
    string Id,
    string Code,
    string Title,
    string WellDevelopedTitle,
    IReadOnlyList<Finding> WellDeveloped,
    string? NoneWellDeveloped,
    string PotentialTitle,
    IReadOnlyList<Finding> Potential,
    string? NonePotential);

public sealed record FindingsSection(string Id, string Title, IReadOnlyList<ProfileBlock> Blocks, IReadOnlyList<DomainFindings> Domains);

/// Indicators listed with their status rather than as findings: outside local competence (with the
/// narrative, which often says what the local role is) or not yet known.
public sealed record NoteSection(string Id, string Title, IReadOnlyList<ProfileBlock> Blocks, IReadOnlyList<Finding> Items);

public sealed record Source(
    int Number,
    ProfileText Title,
    string TypeLabel,
    string? IssuingBody,
    string? Date,
    string? Url);

public sealed record SourcesSection(string Id, string Title, IReadOnlyList<ProfileBlock> Blocks, IReadOnlyList<Source> Items);

/// Named as the profile words them ("more developed than in round 1"), never as a score.
public enum ProgressChange
{
    MoreDeveloped,
    LessDeveloped,
    Unchanged,
    New,
    Reclassified,
}

public sealed record ProgressRow(
    string IndicatorCode,
    ProfileText Topic,
    ProgressChange Change,
    string ChangeLabel,
    string PreviousLabel,
    string CurrentLabel);

/// "Progress since the last round": in words (the topics more developed, less developed, newly
/// assessed or reclassified since the previous round) and a table of the changed ones; never a
/// count of improvements.
public sealed record ProgressSection(
    string Id,
    string Title,
    IReadOnlyList<ProfileBlock> Blocks,
    int PreviousRound,
    string IndicatorHeader,
    string ChangeHeader,
    string PreviousHeader,
    string CurrentHeader,
    IReadOnlyList<ProgressRow> Rows);

public sealed record TimelineWorkshop(string Kind, string Date, string? Place, IReadOnlyList<string> Institutions, string Text);

public sealed record TimelineStage(string Stage, string Date);

public sealed record AnnexSection(
    string Id,
    string Title,
    TextSection Method,
    string TimelineId,
    string TimelineTitle,
    string WorkshopsTitle,
    IReadOnlyList<TimelineWorkshop> Workshops,
    string? NoWorkshops,
    string StagesTitle,
    IReadOnlyList<TimelineStage> Stages,
    IndicatorTableSection Indicators,
    FiguresSection Figures,
    NoteSection NotYetKnown,
    ActionPlanSection? ActionPlan = null);

/// One action of the follow-up plan: the gap's indicator code, the action, and one line with the
/// owner, due date, status and progress notes.
public sealed record PlanAction(string? Indicator, string Action, string Details);

/// The follow-up annex: the action plan of an assessment in `follow-up` (public material: the
/// same plan the public actions page shows). Absent in every other stage.
public sealed record ActionPlanSection(string Id, string Title, string Intro, string? None, IReadOnlyList<PlanAction> Actions);
