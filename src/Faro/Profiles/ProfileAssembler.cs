using Faro.Assessments;
using Faro.Catalogue;
using Faro.Data;
using Faro.People;
using Faro.Places;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Profiles;

/// Builds the `Profile` of an assessment in one language from the database, in the section order
/// of published local profiles (see docs/profiles.md). Only public content is ever read: answers' narratives, public evidence,
/// workshops (dates, places, institutions, attendance) and stage dates. Comments, private
/// evidence, review points, workshop minutes and people are not queried at all.
public sealed class ProfileAssembler(FaroDb db, TimeProvider clock)
{
    /// Until `approved`, every output is a draft.
    public static readonly IReadOnlyList<Stage> FinalStages = [Stage.Approved, Stage.Published, Stage.FollowUp];

    public async Task<Profile?> AssembleAsync(int assessmentId, string lang, CancellationToken ct = default)
    {
        if (!Languages.IsSupported(lang))
        {
            throw new ArgumentOutOfRangeException(nameof(lang), lang, "Not a profile language.");
        }

        var assessment = await db.Assessments.AsNoTracking()
            .Include(a => a.Country).Include(a => a.Jurisdiction).Include(a => a.Catalogue)
            .FirstOrDefaultAsync(a => a.Id == assessmentId, ct);
        if (assessment is null)
        {
            return null;
        }

        var domains = await db.Domains.AsNoTracking()
            .Where(d => d.CatalogueId == assessment.CatalogueId)
            .Include(d => d.Areas).ThenInclude(a => a.Indicators)
            .AsSplitQuery()
            .ToListAsync(ct);
        var answers = await db.Answers.AsNoTracking().Where(a => a.AssessmentId == assessmentId).ToListAsync(ct);
        // Public evidence only, filtered in the query: private evidence never leaves the database.
        var links = await db.AnswerEvidence.AsNoTracking()
            .Where(l => l.Evidence!.AssessmentId == assessmentId && l.Evidence.IsPublic)
            .Include(l => l.Evidence)
            .OrderBy(l => l.Id)
            .ToListAsync(ct);
        var workshops = await db.Workshops.AsNoTracking()
            .Where(w => w.AssessmentId == assessmentId && w.Status != WorkshopStatus.Cancelled)
            .Include(w => w.Institutions).ThenInclude(i => i.Institution)
            .OrderBy(w => w.Date).ThenBy(w => w.Id)
            // As one query, SQLite joined every workshop's institutions of the installation before
            // picking this assessment's: 300 ms at N = 10,000, twice per publication.
            .AsSplitQuery()
            .ToListAsync(ct);
        var events = await db.StageEvents.AsNoTracking()
            .Where(e => e.AssessmentId == assessmentId)
            .OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new StageDate(e.To, e.Kind, e.At))
            .ToListAsync(ct);
        PreviousRound? previous = null;
        if (assessment.PreviousRoundId is { } previousId)
        {
            var round = await db.Assessments.AsNoTracking().Where(a => a.Id == previousId).Select(a => a.Round).FirstAsync(ct);
            var statuses = await db.Answers.AsNoTracking().Where(a => a.AssessmentId == previousId)
                .Select(a => new { a.Indicator!.Code, a.Status })
                .ToListAsync(ct);
            previous = new PreviousRound(round, statuses.ToDictionary(s => s.Code, s => s.Status, StringComparer.Ordinal));
        }

        List<PlanRow>? plan = null;
        if (assessment.Stage == Stage.FollowUp)
        {
            plan = await db.Actions.AsNoTracking()
                .Where(x => x.AssessmentId == assessmentId && x.RemovedAt == null)
                .OrderBy(x => x.DueOn == null).ThenBy(x => x.DueOn).ThenBy(x => x.Id)
                .Select(x => new PlanRow(
                    db.Indicators.Where(i => i.Id == x.IndicatorId).Select(i => i.Code).FirstOrDefault(),
                    x.Action,
                    db.Institutions.FirstOrDefault(i => i.Id == x.OwnerInstitutionId),
                    x.DueOn, x.Status, x.ProgressNotes))
                .ToListAsync(ct);
        }

        // Candidates for the acronyms: the country's institutions that have one; only those the
        // profile names (workshops, action plan, issuers of cited sources) are listed.
        var withAcronym = await db.Institutions.AsNoTracking()
            .Where(i => i.CountryId == assessment.CountryId && i.Acronym != null && i.Acronym != "")
            .OrderBy(i => i.Id)
            .ToListAsync(ct);

        var input = new Input(assessment, domains.OrderBy(d => d.Order).ToList(), answers.ToDictionary(a => a.IndicatorId),
            links.ToLookup(l => l.AnswerId), workshops, events, previous, plan, withAcronym);
        return Build(input, ProfileLabels.For(lang), clock.GetUtcNow().UtcDateTime);
    }

    private sealed record StageDate(Stage To, StageEventKind Kind, DateTime At);

    private sealed record PreviousRound(int Round, IReadOnlyDictionary<string, AnswerStatus?> Statuses);

    private sealed record PlanRow(string? Indicator, LocalizedText Action, Institution? Owner, DateOnly? DueOn, FollowUp.ActionStatus Status, string Notes);

    private sealed record Input(
        Assessment Assessment,
        IReadOnlyList<Domain> Domains,
        IReadOnlyDictionary<int, Answer> Answers,
        ILookup<int, AnswerEvidence> Evidence,
        IReadOnlyList<Workshop> Workshops,
        IReadOnlyList<StageDate> Events,
        PreviousRound? Previous,
        IReadOnlyList<PlanRow>? Plan,
        IReadOnlyList<Institution> WithAcronym);

    private sealed record Classified(Indicator Indicator, Answer? Answer);

    private static Profile Build(Input input, ProfileLabels t, DateTime now)
    {
        var lang = t.Lang;
        var a = input.Assessment;
        var country = Text(a.Country!.Name, lang)?.Text ?? a.Country.Iso2;
        var place = a.Jurisdiction?.Name ?? country;
        var isDraft = !FinalStages.Contains(a.Stage);
        // National assessments have their own wording: the local texts speak of local authorities.
        var national = a.Level == AssessmentLevel.National;
        string K(string key) => t.Variant(key, national);
        var indicators = input.Domains
            .SelectMany(d => d.Areas.OrderBy(x => x.Order).SelectMany(x => x.Indicators.OrderBy(i => i.Order)).Select(i => (Domain: d, Indicator: i)))
            .ToList();

        var publishedAt = input.Events.LastOrDefault(e => e.To == Stage.Published)?.At;
        var cover = new ProfileCover(
            t[K("doc.title")],
            place,
            country,
            t.Format("doc.round", t.Number(a.Round)),
            Access.IsPublicStage(a.Stage) && publishedAt is { } at
                ? t.Format("doc.published_on", t.Date(DateOnly.FromDateTime(at)))
                : t.Format("doc.generated_on", t.Date(DateOnly.FromDateTime(now))),
            a.IsFictional,
            a.IsFictional ? t["doc.fictional"] : null,
            isDraft ? t["draft.notice"] : null,
            t["doc.disclaimer"]);

        var objectives = new TextSection("objectives", t["section.objectives"], t.Blocks(K("objectives.text"), place));
        var domainTitles = input.Domains.Select(d => Text(d.Title, lang)?.Text ?? d.Code).ToList();
        var catalogueName = $"{Text(a.Catalogue!.Title, lang)?.Text ?? a.Catalogue.Code}, {a.Catalogue.Version}";
        var introduction = new TextSection("introduction", t["section.introduction"], t.Blocks("introduction.text",
            catalogueName, t.Number(indicators.Count), t.Number(input.Domains.Count), JoinList(domainTitles, lang)));

        var contextBlocks = Text(a.Context, lang) is { } context
            ? SplitText(context)
            : [new ProfileBlock(BlockKind.Paragraph, [ProfileText.Own(t.Format("context.missing", place), lang)])];
        int CountCompetence(Competence c) => indicators.Count(x => x.Indicator.Competence == c);
        contextBlocks = [.. contextBlocks, Paragraph(t.Format("context.competence",
            t.Number(CountCompetence(Competence.L)), t.Number(CountCompetence(Competence.S)), t.Number(CountCompetence(Competence.N))), lang)];
        var contextSection = new TextSection("context", t["section.context"], contextBlocks);

        // Classify every indicator once; the order of the lists is the order of the document.
        var well = new Dictionary<Domain, List<Classified>>();
        var potential = new Dictionary<Domain, List<Classified>>();
        var outside = new List<Classified>();
        var notYetKnown = new List<Classified>();
        var figures = new List<DomainFigures>();
        foreach (var domain in input.Domains)
        {
            well[domain] = [];
            potential[domain] = [];
            int inPlace = 0, partial = 0, notInPlace = 0, outsideCount = 0, unknown = 0;
            foreach (var (_, indicator) in indicators.Where(x => x.Domain == domain))
            {
                var answer = input.Answers.GetValueOrDefault(indicator.Id);
                var item = new Classified(indicator, answer);
                switch (answer?.Status)
                {
                    case AnswerStatus.Yes:
                        inPlace++;
                        well[domain].Add(item);
                        break;
                    case AnswerStatus.Partial:
                        partial++;
                        potential[domain].Add(item);
                        break;
                    case AnswerStatus.No:
                        notInPlace++;
                        potential[domain].Add(item);
                        break;
                    case AnswerStatus.NotApplicable:
                    case AnswerStatus.NationalCompetence:
                        outsideCount++;
                        outside.Add(item);
                        break;
                    case AnswerStatus.Unknown:
                    case null:
                        unknown++;
                        notYetKnown.Add(item);
                        break;
                }
            }

            figures.Add(new DomainFigures(domain.Code, Text(domain.Title, lang)?.Text ?? domain.Code, inPlace, partial, notInPlace, outsideCount, unknown));
        }

        var totals = new DomainFigures("", t["figures.all_domains"], figures.Sum(f => f.InPlace), figures.Sum(f => f.Partial),
            figures.Sum(f => f.NotInPlace), figures.Sum(f => f.OutsideCompetence), figures.Sum(f => f.NotYetKnown));

        // The Summary in words, assembled from the findings' topics: what is well developed and
        // what has potential, per domain. Counts are left to the annex: a headline of numbers
        // reads as a score.
        var summaryBlocks = new List<ProfileBlock> { Paragraph(t["summary.text"], lang) };
        foreach (var domain in input.Domains)
        {
            // English runs the domain into the sentence ("In migrants' rights, …"); Spanish names it
            // in quotes («Alianzas»), since "En alianzas" does not read as a domain.
            var domainTitle = Text(domain.Title, lang)?.Text ?? domain.Code;
            var title = lang == Languages.Spanish ? domainTitle : InSentence(domainTitle);
            var wellTopics = well[domain].Select(c => InSentence(TopicOf(c.Indicator, lang).Text)).ToList();
            var potentialTopics = potential[domain].Select(c => InSentence(TopicOf(c.Indicator, lang).Text)).ToList();
            var line = (wellTopics.Count, potentialTopics.Count) switch
            {
                ( > 0, > 0) => t.Format("summary.domain", title, JoinWords(wellTopics, lang), JoinWords(potentialTopics, lang)),
                ( > 0, 0) => t.Format("summary.domain_well_only", title, JoinWords(wellTopics, lang)),
                (0, > 0) => t.Format("summary.domain_potential_only", title, JoinWords(potentialTopics, lang)),
                _ => t.Format("summary.domain_none", title),
            };
            summaryBlocks.Add(Paragraph(line, lang));
        }

        var summary = new TextSection("summary", t["section.summary"], summaryBlocks);

        var sources = new SourceList(t);
        Finding ToFinding(Classified c, bool withNarrative = true) => new(
            c.Indicator.Code,
            TopicOf(c.Indicator, lang),
            c.Answer?.Status ?? AnswerStatus.Unknown,
            StatusLabel(c.Answer?.Status, t),
            t["competence." + c.Indicator.Competence.ToCode()],
            !withNarrative ? ProfileText.Own("", lang)
                : c.Answer is { } answer && Text(answer.Narrative, lang) is { } narrative
                    ? narrative with { Text = string.Join(' ', narrative.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) }
                    : ProfileText.Own(t["finding.no_narrative"], lang),
            // Citing numbers the source, so only what is shown with its narrative may cite.
            c.Answer is null || !withNarrative ? [] : sources.Cite(input.Evidence[c.Answer.Id]));

        var domainFindings = input.Domains.Select(d =>
        {
            var wellFindings = well[d].Select(x => ToFinding(x)).ToList();
            var potentialFindings = potential[d].Select(x => ToFinding(x)).ToList();
            return new DomainFindings(
                "findings-" + d.Code.ToLowerInvariant(),
                d.Code,
                Text(d.Title, lang)?.Text ?? d.Code,
                t["section.well_developed"],
                wellFindings,
                wellFindings.Count == 0 ? t["findings.none_well_developed"] : null,
                t["section.potential"],
                potentialFindings,
                potentialFindings.Count == 0 ? t["findings.none_potential"] : null);
        }).ToList();
        var findings = new FindingsSection("findings", t["section.findings"], t.Blocks("findings.text"), domainFindings);

        var outsideSection = new NoteSection("outside-competence", t[K("section.outside_competence")],
            outside.Count == 0 ? t.Blocks(K("outside.none")) : t.Blocks(K("outside.text"), place),
            outside.Select(x => ToFinding(x)).ToList());

        var sourcesSection = new SourcesSection("sources", t["section.sources"],
            sources.Items.Count == 0 ? t.Blocks("sources.none") : t.Blocks("sources.text"), sources.Items);

        var progress = input.Previous is { } previous ? BuildProgress(a, previous, indicators.Select(x => x.Indicator), input.Answers, t) : null;

        var workshops = input.Workshops.Select(w =>
        {
            var institutions = w.Institutions
                .Select(i => Text(i.Institution!.Name, lang)?.Text is { } name ? (i.Institution.Acronym is { Length: > 0 } ac ? $"{name} ({ac})" : name) : i.Institution.Acronym ?? "")
                .Where(n => n.Length > 0)
                .Order(StringComparer.Create(t.Culture, ignoreCase: true))
                .ToList();
            var kind = t["workshop." + w.Kind.ToCode()] + (w.Status == WorkshopStatus.Planned ? " " + t["timeline.planned"] : "");
            var parts = new List<string>();
            if (institutions.Count > 0)
            {
                parts.Add(t.Format("timeline.participants", JoinList(institutions, lang)));
            }

            if (w.Attendance is { } attendance)
            {
                parts.Add(t.Format("timeline.attendance", t.Number(attendance)));
            }

            return new TimelineWorkshop(kind, t.Date(w.Date), w.Place, institutions, string.Join(' ', parts));
        }).ToList();

        // The date each stage was last entered going forward: a return for revision and its reason
        // are internal, only the path that led to the profile is shown.
        var stages = input.Events
            .Where(e => e.Kind != StageEventKind.Back)
            .GroupBy(e => e.To)
            .Select(g => g.Last())
            .OrderBy(e => e.At)
            .Select(e => new TimelineStage(t["stage." + e.To.ToCode()], t.Date(DateOnly.FromDateTime(e.At))))
            .ToList();

        var notYetKnownSection = new NoteSection("not-yet-known", t["section.not_yet_known"],
            notYetKnown.Count == 0 ? t.Blocks("not_yet_known.none") : t.Blocks("not_yet_known.text"),
            notYetKnown.Select(c => ToFinding(c, withNarrative: false)).ToList());
        ActionPlanSection? actionPlan = null;
        if (input.Plan is { } plan)
        {
            var actions = plan.Select(x =>
            {
                var parts = new List<string>();
                if (x.Owner is { } owner && Text(owner.Name, lang)?.Text is { Length: > 0 } ownerName)
                {
                    parts.Add(t.Format("action_plan.owner", ownerName));
                }

                if (x.DueOn is { } due)
                {
                    parts.Add(t.Format("action_plan.due", t.Date(due)));
                }

                parts.Add(t["action_plan.status." + EnumCodes.ToCode(x.Status)]);
                if (!string.IsNullOrWhiteSpace(x.Notes))
                {
                    parts.Add(x.Notes.Trim());
                }

                return new PlanAction(x.Indicator, Text(x.Action, lang)?.Text ?? "", string.Join(' ', parts));
            }).ToList();
            actionPlan = new ActionPlanSection("action-plan", t["section.action_plan"], t["action_plan.intro"],
                actions.Count == 0 ? t["action_plan.none"] : null, actions);
        }

        var indicatorTable = new IndicatorTableSection("indicator-table", t["section.indicator_table"], t.Blocks("indicator_table.text"),
            indicators.Select(x =>
            {
                var answer = input.Answers.GetValueOrDefault(x.Indicator.Id);
                return new IndicatorRow(x.Indicator.Code, TopicOf(x.Indicator, lang), StatusLabel(answer?.Status, t),
                    t["competence." + x.Indicator.Competence.ToCode()], x.Indicator.GcmObjectiveList.Order().ToList(), x.Indicator.Sdg1072Domain);
            }).ToList());
        var figuresSection = new FiguresSection("figures", t["section.figures"], figures, totals);

        var annex = new AnnexSection("annex", t["section.annex"],
            new TextSection("method", t["section.method"], t.Blocks(K("method.text"))),
            "timeline", t["section.timeline"], t["timeline.workshops"], workshops,
            workshops.Count == 0 ? t["timeline.no_workshops"] : null,
            t["timeline.stages"], stages, indicatorTable, figuresSection, notYetKnownSection, actionPlan);

        var acronyms = new AcronymsSection("acronyms", t["section.acronyms"],
            Acronyms(t, input.WithAcronym, input.Workshops.SelectMany(w => w.Institutions.Select(i => i.Institution!))
                .Concat(input.Plan?.Select(x => x.Owner).OfType<Institution>() ?? []), sources.Items));
        var framework = new TextSection("framework", t["section.framework"], t.Blocks("framework.text"));

        // The order of published local profiles: Objectives, Acronyms, Introduction, Conceptual
        // framework, Summary, Context, Key findings, Key sources, Annexes. Every renderer follows it.
        var contents = new List<ProfileHeading>
        {
            new(objectives.Id, objectives.Title, 1),
            new(acronyms.Id, acronyms.Title, 1),
            new(introduction.Id, introduction.Title, 1),
            new(framework.Id, framework.Title, 1),
            new(summary.Id, summary.Title, 1),
            new(contextSection.Id, contextSection.Title, 1),
        };
        if (progress is not null)
        {
            contents.Add(new(progress.Id, progress.Title, 1));
        }

        contents.Add(new(findings.Id, findings.Title, 1));
        contents.AddRange(domainFindings.Select(d => new ProfileHeading(d.Id, d.Title, 2)));
        contents.Add(new(outsideSection.Id, outsideSection.Title, 1));
        contents.Add(new(sourcesSection.Id, sourcesSection.Title, 1));
        contents.Add(new(annex.Id, annex.Title, 1));
        contents.Add(new(annex.Method.Id, annex.Method.Title, 2));
        contents.Add(new(annex.TimelineId, annex.TimelineTitle, 2));
        contents.Add(new(indicatorTable.Id, indicatorTable.Title, 2));
        contents.Add(new(figuresSection.Id, figuresSection.Title, 2));
        contents.Add(new(notYetKnownSection.Id, notYetKnownSection.Title, 2));
        if (actionPlan is not null)
        {
            contents.Add(new(actionPlan.Id, actionPlan.Title, 2));
        }

        return new Profile(a.Id, lang, isDraft, a.Stage.ToCode(), cover, contents, objectives, acronyms, introduction, framework, summary,
            contextSection, progress, findings, outsideSection, sourcesSection, annex);
    }

    /// The acronyms the profile uses: its own texts' (static, per language), then every institution
    /// it names that has one (workshop participants, action-plan owners, and institutions whose
    /// name or acronym is the issuer of a cited source), each once, sorted in the reader's language.
    private static List<Acronym> Acronyms(ProfileLabels t, IReadOnlyList<Institution> withAcronym, IEnumerable<Institution> named, IReadOnlyList<Source> sources)
    {
        var items = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in t["acronyms.static"].ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            items.TryAdd(line[..colon].TrimStart('-', ' '), line[(colon + 2)..]);
        }

        static bool Issues(Institution i, string issuer) =>
            string.Equals(issuer, i.Acronym, StringComparison.OrdinalIgnoreCase)
            || string.Equals(issuer, i.Name.En?.Trim(), StringComparison.OrdinalIgnoreCase)
            || string.Equals(issuer, i.Name.Es?.Trim(), StringComparison.OrdinalIgnoreCase)
            || issuer.Contains($"({i.Acronym})", StringComparison.Ordinal);

        var issuers = sources.Select(s => s.IssuingBody).OfType<string>().ToList();
        foreach (var institution in named.Concat(withAcronym.Where(i => issuers.Any(issuer => Issues(i, issuer)))))
        {
            if (institution.Acronym?.Trim() is { Length: > 0 } acronym && Text(institution.Name, t.Lang)?.Text is { Length: > 0 } name)
            {
                items.TryAdd(acronym, name);
            }
        }

        var order = StringComparer.Create(t.Culture, ignoreCase: true);
        return items.OrderBy(x => x.Key, order).Select(x => new Acronym(x.Key, x.Value)).ToList();
    }

    private static ProgressSection BuildProgress(Assessment a, PreviousRound previous, IEnumerable<Indicator> indicators,
        IReadOnlyDictionary<int, Answer> answers, ProfileLabels t)
    {
        var lang = t.Lang;
        var rows = new List<ProgressRow>();
        foreach (var indicator in indicators)
        {
            // Rounds on different catalogue versions are matched by indicator code.
            var had = previous.Statuses.TryGetValue(indicator.Code, out var before);
            var now = answers.GetValueOrDefault(indicator.Id)?.Status;
            var change = Compare(had ? before : null, now);
            if (change != ProgressChange.Unchanged)
            {
                rows.Add(new ProgressRow(indicator.Code, TopicOf(indicator, lang), change,
                    ChangeLabel(change, previous.Round, t), StatusLabel(before, t), StatusLabel(now, t)));
            }
        }

        // In words, by topic: what is more and less developed than in the previous round. No count
        // of "improvements": the method describes, it does not score.
        var blocks = new List<ProfileBlock>(t.Blocks("progress.text", t.Number(a.Round), t.Number(previous.Round)));
        foreach (var (change, key) in new[]
        {
            (ProgressChange.MoreDeveloped, "progress.more"), (ProgressChange.LessDeveloped, "progress.less"),
            (ProgressChange.New, "progress.new"), (ProgressChange.Reclassified, "progress.reclassified"),
        })
        {
            var topics = rows.Where(r => r.Change == change).Select(r => InSentence(r.Topic.Text)).ToList();
            if (topics.Count > 0)
            {
                blocks.Add(Paragraph(t.Format(key, t.Number(previous.Round), JoinWords(topics, lang)), lang));
            }
        }

        if (rows.Count == 0)
        {
            blocks = [.. blocks, .. t.Blocks("progress.none")];
        }

        return new ProgressSection("progress", t["section.progress"], blocks, previous.Round, t["progress.topic"], t["progress.change"],
            t.Format("progress.previous", t.Number(previous.Round)), t.Format("progress.previous", t.Number(a.Round)), rows);
    }

    /// Yes > Partial > No can improve or regress; a move into or out of "not applicable" or
    /// "national competence" is a reclassification, not progress; an indicator unknown before is
    /// newly assessed.
    public static ProgressChange Compare(AnswerStatus? before, AnswerStatus? now)
    {
        static int? Rank(AnswerStatus? s) => s switch
        {
            AnswerStatus.Yes => 3,
            AnswerStatus.Partial => 2,
            AnswerStatus.No => 1,
            _ => null,
        };

        static bool Known(AnswerStatus? s) => s is not (null or AnswerStatus.Unknown);

        if (!Known(before))
        {
            return Known(now) ? ProgressChange.New : ProgressChange.Unchanged;
        }

        if (Rank(before) is { } b && Rank(now) is { } n)
        {
            return n > b ? ProgressChange.MoreDeveloped : n < b ? ProgressChange.LessDeveloped : ProgressChange.Unchanged;
        }

        return before == now ? ProgressChange.Unchanged : ProgressChange.Reclassified;
    }

    private static string ChangeLabel(ProgressChange change, int previousRound, ProfileLabels t) => change switch
    {
        ProgressChange.MoreDeveloped => t.Format("change.more_developed", t.Number(previousRound)),
        ProgressChange.LessDeveloped => t.Format("change.less_developed", t.Number(previousRound)),
        ProgressChange.Unchanged => t["change.unchanged"],
        ProgressChange.New => t["change.new"],
        ProgressChange.Reclassified => t["change.reclassified"],
    };

    public static string StatusLabel(AnswerStatus? status, ProfileLabels t) => status switch
    {
        AnswerStatus.Yes => t["status.yes"],
        AnswerStatus.Partial => t["status.partial"],
        AnswerStatus.No => t["status.no"],
        AnswerStatus.NotApplicable => t["status.not_applicable"],
        AnswerStatus.NationalCompetence => t["status.national"],
        AnswerStatus.Unknown => t["status.unknown"],
        null => t["status.unanswered"],
    };

    private static ProfileText? Text(LocalizedText text, string lang) =>
        text.Resolve(lang) is { } r ? new ProfileText(r.Text.Trim(), r.Lang, r.IsFallback) : null;

    /// The indicator's neutral topic ("Review of local rules on migration"), never its statement,
    /// which reads as a claim the answer may contradict; a catalogue without topics falls back to
    /// the statement, then the code.
    private static ProfileText TopicOf(Indicator indicator, string lang) =>
        Text(indicator.Topic, lang) is { Text.Length: > 0 } topic ? topic : Text(indicator.Text, lang) ?? ProfileText.Own(indicator.Code, lang);

    /// A label as it reads inside a sentence: "Migrants' rights" becomes "migrants' rights", but an
    /// acronym or a name in capitals ("SDG", "ODS") is kept.
    private static string InSentence(string label) =>
        label.Length > 1 && char.IsUpper(label[0]) && !char.IsUpper(label[1]) ? char.ToLowerInvariant(label[0]) + label[1..] : label;

    /// "A, B and C" / "A, B y C" ("e" before a word that starts with the sound i: "A e integración");
    /// items separated by semicolons when one has a comma of its own ("maternal, child … programmes").
    private static string JoinWords(List<string> items, string lang)
    {
        if (items.Count <= 1)
        {
            return items.Count == 0 ? "" : items[0];
        }

        var last = items[^1];
        var and = " and ";
        if (lang == Languages.Spanish)
        {
            var lower = last.ToLowerInvariant();
            var soundsI = lower.StartsWith('i') || lower.StartsWith('í') || (lower.StartsWith("hi", StringComparison.Ordinal) && !(lower.Length > 2 && "aeoué".Contains(lower[2], StringComparison.Ordinal)));
            and = soundsI ? " e " : " y ";
        }

        var separator = items.Any(i => i.Contains(',', StringComparison.Ordinal)) ? "; " : ", ";
        return string.Join(separator, items.Take(items.Count - 1)) + (separator == "; " ? ";" : "") + and + last;
    }

    private static ProfileBlock Paragraph(string text, string lang) => new(BlockKind.Paragraph, [ProfileText.Own(text, lang)]);

    /// A user's text split into paragraphs and lists, each keeping the language it is written in.
    private static List<ProfileBlock> SplitText(ProfileText text) =>
        ProfileLabels.Split(text.Text, text.Lang)
            .Select(b => b with { Items = b.Items.Select(i => i with { IsFallback = text.IsFallback }).ToList() })
            .ToList();

    private static string JoinList(List<string> items, string lang) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join("; ", items.Take(items.Count - 1)) + (lang == Languages.Spanish ? "; y " : "; and ") + items[^1],
    };

    /// Numbers public sources in the order of their first citation and lists each once.
    private sealed class SourceList(ProfileLabels t)
    {
        private readonly Dictionary<int, int> numbers = [];

        public List<Source> Items { get; } = [];

        public List<Citation> Cite(IEnumerable<AnswerEvidence> links)
        {
            var citations = new List<Citation>();
            foreach (var link in links)
            {
                var evidence = link.Evidence!;
                if (!numbers.TryGetValue(evidence.Id, out var number))
                {
                    number = Items.Count + 1;
                    numbers[evidence.Id] = number;
                    Items.Add(new Source(
                        number,
                        Text(evidence.Title, t.Lang) ?? ProfileText.Own(evidence.Url ?? evidence.IssuingBody ?? "", t.Lang),
                        t["evidence." + evidence.Type.ToCode()],
                        string.IsNullOrWhiteSpace(evidence.IssuingBody) ? null : evidence.IssuingBody.Trim(),
                        evidence.IssuedOn is { } on ? t.Date(on) : null,
                        string.IsNullOrWhiteSpace(evidence.Url) ? null : evidence.Url.Trim()));
                }

                if (citations.All(c => c.Number != number))
                {
                    citations.Add(new Citation(number, string.IsNullOrWhiteSpace(link.Section) ? null : link.Section.Trim()));
                }
            }

            return citations.OrderBy(c => c.Number).ToList();
        }
    }
}
