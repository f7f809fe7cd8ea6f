using Faro.Assessments;
using Faro.Profiles;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Profiles;

public class ProfileAssemblerTests
{
    [Theory, AllProviders]
    public async Task Assemble_PublishedFollowUpRound_HasEverySectionInOrder(string provider)
    {
        var (core, c) = await ProfileCases.StartAsync(provider);
        await using var _ = core;
        var profile = await core.AssembleAsync(c.Assessment.Id, "en");

        Assert.Equal(
            ["objectives", "acronyms", "introduction", "framework", "summary", "context", "progress", "findings", "findings-d1", "findings-d2",
             "findings-d3", "findings-d4", "findings-d5", "findings-d6", "outside-competence", "sources", "annex", "method", "timeline",
             "indicator-table", "figures", "not-yet-known"],
            profile.Contents.Select(h => h.Id));
        Assert.False(profile.IsDraft);
        Assert.Equal("Puerto Añil", profile.Cover.Place);
        Assert.Equal("Published on 15 June 2022", profile.Cover.DateLine);
        Assert.Contains("10.7", profile.Introduction.Blocks.SelectMany(b => b.Items).Select(i => i.Text).First(x => x.Contains("10.7", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains(profile.Introduction.Blocks.SelectMany(b => b.Items), i => i.Text.Contains("not an official product", StringComparison.Ordinal));
    }

    [Theory, AllProviders]
    public async Task Assemble_SplitsAnswersIntoWellDevelopedPotentialOutsideAndNotYetKnown(string provider)
    {
        var (core, c) = await ProfileCases.StartAsync(provider);
        await using var _ = core;
        var profile = await core.AssembleAsync(c.Assessment.Id, "en");
        var statuses = await core.Db(db => db.Answers.Where(a => a.AssessmentId == c.Assessment.Id).Select(a => a.Status).ToListAsync());

        Assert.Equal(88, profile.Annex.Figures.Totals.Total);
        Assert.Equal(statuses.Count(s => s == AnswerStatus.Yes), profile.Annex.Figures.Totals.InPlace);
        Assert.Equal(statuses.Count(s => s == AnswerStatus.Partial), profile.Annex.Figures.Totals.Partial);
        Assert.Equal(statuses.Count(s => s == AnswerStatus.No), profile.Annex.Figures.Totals.NotInPlace);
        Assert.Equal(statuses.Count(s => s is AnswerStatus.NotApplicable or AnswerStatus.NationalCompetence), profile.Annex.Figures.Totals.OutsideCompetence);
        Assert.Equal(statuses.Count(s => s is AnswerStatus.Unknown or null), profile.Annex.Figures.Totals.NotYetKnown);
        Assert.All(profile.Findings.Domains.SelectMany(d => d.WellDeveloped), f => Assert.Equal(AnswerStatus.Yes, f.Status));
        Assert.All(profile.Findings.Domains.SelectMany(d => d.Potential), f => Assert.Contains(f.Status, new[] { AnswerStatus.Partial, AnswerStatus.No }));
        Assert.All(profile.OutsideCompetence.Items, f => Assert.Contains(f.Status, new[] { AnswerStatus.NotApplicable, AnswerStatus.NationalCompetence }));
        Assert.Equal(profile.Annex.Figures.Totals.NotYetKnown, profile.Annex.NotYetKnown.Items.Count);
        Assert.Equal([18, 18, 10, 14, 12, 16], profile.Annex.Figures.Domains.Select(d => d.Total));
    }

    [Theory, AllProviders]
    public async Task Assemble_CitesOnlyPublicEvidence_NumberedInOrderOfFirstUse_EachSourceOnce(string provider)
    {
        var (core, c) = await ProfileCases.StartAsync(provider);
        await using var _ = core;
        var profile = await core.AssembleAsync(c.Assessment.Id, "es");

        var citations = profile.Findings.Domains.SelectMany(d => d.WellDeveloped.Concat(d.Potential))
            .Concat(profile.OutsideCompetence.Items).SelectMany(f => f.Citations).Select(x => x.Number).ToList();
        var firstUse = citations.Distinct().ToList();
        Assert.Equal(Enumerable.Range(1, profile.Sources.Items.Count), firstUse);
        Assert.Equal(profile.Sources.Items.Count, profile.Sources.Items.Select(s => s.Title.Text).Distinct().Count());
        Assert.Equal(c.PublicEvidence.Count, profile.Sources.Items.Count);
        var json = System.Text.Encoding.UTF8.GetString(JsonProfileRenderer.Render(profile));
        Assert.DoesNotContain(TestData.PrivateMarker, json, StringComparison.Ordinal);
        Assert.Contains("\"Ley General de Salud (ficticia)\"", json, StringComparison.Ordinal);
    }

    [Theory, AllProviders]
    public async Task Assemble_NarrativeOnlyInTheOtherLanguage_IsMarkedAsFallback(string provider)
    {
        var (core, c) = await ProfileCases.StartAsync(provider);
        await using var _ = core;
        var en = await core.AssembleAsync(c.Assessment.Id, "en");
        var es = await core.AssembleAsync(c.Assessment.Id, "es");
        static IEnumerable<Finding> All(Profile p) => p.Findings.Domains.SelectMany(d => d.WellDeveloped.Concat(d.Potential)).Concat(p.OutsideCompetence.Items);

        var shownOnlySpanish = All(en).Where(f => c.OnlySpanish.Contains(f.IndicatorCode)).ToList();
        Assert.NotEmpty(shownOnlySpanish);
        Assert.All(shownOnlySpanish, f => Assert.True(f.Text.IsFallback && f.Text.Lang == "es"));
        var shownOnlyEnglish = All(es).Where(f => c.OnlyEnglish.Contains(f.IndicatorCode)).ToList();
        Assert.NotEmpty(shownOnlyEnglish);
        Assert.All(shownOnlyEnglish, f => Assert.True(f.Text.IsFallback && f.Text.Lang == "en"));
        Assert.All(All(en).Where(f => !c.OnlySpanish.Contains(f.IndicatorCode)), f => Assert.False(f.Text.IsFallback));
        Assert.Contains(en.Sources.Items, s => s.Title.IsFallback && s.Title.Text.Contains("Ñandutí", StringComparison.Ordinal));
    }

    [Theory, AllProviders]
    public async Task Assemble_BeforeApproved_IsDraft_AndFromApprovedOn_IsNot(string provider)
    {
        var (core, c) = await ProfileCases.StartAsync(provider, Stage.GovernmentReview);
        await using var _ = core;
        var draft = await core.AssembleAsync(c.Assessment.Id, "es");
        Assert.True(draft.IsDraft);
        Assert.NotNull(draft.Cover.DraftNotice);
        Assert.StartsWith("Generado el ", draft.Cover.DateLine, StringComparison.Ordinal);

        await core.Db(db => db.Assessments.Where(a => a.Id == c.Assessment.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Stage, Stage.Approved)));
        var approved = await core.AssembleAsync(c.Assessment.Id, "es");
        Assert.False(approved.IsDraft);
        Assert.Null(approved.Cover.DraftNotice);
    }

    [Theory, AllProviders]
    public async Task Assemble_Spanish_FormatsDatesAndLabelsInSpanish(string provider)
    {
        var (core, c) = await ProfileCases.StartAsync(provider);
        await using var _ = core;
        var es = await core.AssembleAsync(c.Assessment.Id, "es");

        Assert.Equal("Publicado el 15 de junio de 2022", es.Cover.DateLine);
        Assert.Equal(["Taller de inducción", "Taller de validación"], es.Annex.Workshops.Select(w => w.Kind));
        Assert.Equal("2 de septiembre de 2021", es.Annex.Workshops[0].Date);
        Assert.Equal("11 de enero de 2022", es.Annex.Workshops[1].Date);
        Assert.Contains("Dirección Regional de Salud (DRS)", es.Annex.Workshops[0].Institutions);
        Assert.Contains(es.Sources.Items, s => s.Date == "8 de marzo de 2022");
        Assert.Equal("Resumen", es.Summary.Title);
        Assert.Contains(es.Context.Blocks.SelectMany(b => b.Items), i => i.Text.Contains("180.000 habitantes", StringComparison.Ordinal));
    }

    [Theory, AllProviders]
    public async Task Assemble_FollowUpRound_DescribesProgressPerIndicator(string provider)
    {
        var (core, c) = await ProfileCases.StartAsync(provider);
        await using var _ = core;
        var profile = await core.AssembleAsync(c.Assessment.Id, "en");

        var progress = Assert.IsType<ProgressSection>(profile.Progress);
        Assert.Equal(1, progress.PreviousRound);
        Assert.DoesNotContain(progress.Rows, r => r.Change == ProgressChange.Unchanged);
        // Position 0 of the pattern: Partial → Yes; position 2: Yes → No; position 6: unanswered → Yes.
        Assert.Equal(ProgressChange.MoreDeveloped, progress.Rows.Single(r => r.IndicatorCode == "D1-01").Change);
        Assert.Equal(ProgressChange.LessDeveloped, progress.Rows.Single(r => r.IndicatorCode == "D1-03").Change);
        Assert.Equal(ProgressChange.New, progress.Rows.Single(r => r.IndicatorCode == "D1-07").Change);
        Assert.Equal(ProgressChange.Reclassified, progress.Rows.Single(r => r.IndicatorCode == "D1-08").Change);
    }

    [Theory, AllProviders]
    public async Task Assemble_ProgressAndSummary_AreInWords_WithoutCountsOrScores(string provider)
    {
        var (core, c) = await ProfileCases.StartAsync(provider);
        await using var _ = core;
        foreach (var (lang, more, less) in new[] { ("en", "More developed than in round 1: ", "Less developed than in round 1: "), ("es", "Más desarrollado que en la ronda 1: ", "Menos desarrollado que en la ronda 1: ") })
        {
            var profile = await core.AssembleAsync(c.Assessment.Id, lang);
            var progress = profile.Progress!.Blocks.SelectMany(b => b.Items).Select(i => i.Text).ToList();
            var topic = await core.Db(db => db.Indicators.Where(i => i.CatalogueId == c.Assessment.CatalogueId && i.Code == "D1-01").Select(i => i.Topic).SingleAsync());
            // D1-01 went from Partial to Yes: its topic, in sentence form, is among the more developed.
            var d101 = topic[lang]!;
            Assert.Contains(progress, p => p.StartsWith(more, StringComparison.Ordinal) && p.Contains(char.ToLowerInvariant(d101[0]) + d101[1..], StringComparison.Ordinal));
            Assert.Contains(progress, p => p.StartsWith(less, StringComparison.Ordinal));
            Assert.Equal(more.TrimEnd(' ', ':'), profile.Progress.Rows.Single(r => r.IndicatorCode == "D1-01").ChangeLabel);
            Assert.DoesNotContain(progress, p => p.Contains("mprove", StringComparison.Ordinal) || p.Contains("egress", StringComparison.Ordinal) || p.Contains("avances", StringComparison.Ordinal));

            // One paragraph per domain after the introduction, built from topics and joined with "and"/"y"; no digit anywhere.
            var summary = profile.Summary.Blocks.SelectMany(b => b.Items).Select(i => i.Text).ToList();
            Assert.Equal(1 + profile.Findings.Domains.Count, summary.Count);
            Assert.All(summary, p => Assert.DoesNotMatch(@"\d", p));
            Assert.StartsWith(lang == "en" ? "In migrants' rights, well-developed areas include " : "En el dominio «Derechos de las personas migrantes», entre las áreas bien desarrolladas figuran ", summary[1], StringComparison.Ordinal);
            Assert.Contains(lang == "en" ? " and " : " y ", summary[1], StringComparison.Ordinal);
            var firstWell = profile.Findings.Domains[0].WellDeveloped[0].Topic.Text;
            Assert.Contains(char.ToLowerInvariant(firstWell[0]) + firstWell[1..], summary[1], StringComparison.Ordinal);
        }
    }

    [Theory, AllProviders]
    public async Task Assemble_FindingsAreHeadedByTheTopic_AndTheAnnexTableHasCodesStatusesGcmAndSdg(string provider)
    {
        var (core, c) = await ProfileCases.StartAsync(provider);
        await using var _ = core;
        var profile = await core.AssembleAsync(c.Assessment.Id, "es");
        var indicators = await core.Db(db => db.Indicators.Where(i => i.CatalogueId == c.Assessment.CatalogueId).ToDictionaryAsync(i => i.Code));

        var finding = profile.Findings.Domains.SelectMany(d => d.Potential).First(f => f.Status == AnswerStatus.No);
        Assert.Equal(indicators[finding.IndicatorCode].Topic.Es, finding.Topic.Text);
        Assert.NotEqual(indicators[finding.IndicatorCode].Text.Es, finding.Topic.Text);
        Assert.Equal(88, profile.Annex.Indicators.Rows.Count);
        var row = profile.Annex.Indicators.Rows.Single(r => r.Code == finding.IndicatorCode);
        Assert.Equal("No existe", row.StatusLabel);
        Assert.Equal(indicators[row.Code].GcmObjectiveList.Order(), row.GcmObjectives);
        Assert.Equal(indicators[row.Code].Sdg1072Domain, row.Sdg1072Domain);
        Assert.Contains(profile.Annex.Indicators.Rows, r => r.GcmObjectives.Count > 0);
        Assert.Contains(profile.Annex.Indicators.Rows, r => r.Sdg1072Domain is not null);
    }

    [Theory, AllProviders]
    public async Task Assemble_Acronyms_ListTheInstitutionsNamedAndTheIssuersCited_SortedWithTheirNames(string provider)
    {
        var (core, c) = await ProfileCases.StartAsync(provider);
        await using var _ = core;
        await core.Db(async db =>
        {
            // The issuer of a cited source ("Ministry of Labour") is an institution with an
            // acronym; another institution with one is cited nowhere.
            db.Institutions.Add(new Faro.Places.Institution { CountryId = c.Assessment.CountryId, Name = new LocalizedText("Ministry of Labour", "Ministerio de Trabajo"), Acronym = "MITRAB", Kind = Faro.Places.InstitutionKind.NationalAgency });
            db.Institutions.Add(new Faro.Places.Institution { CountryId = c.Assessment.CountryId, Name = new LocalizedText("Port Authority", "Autoridad Portuaria"), Acronym = "APN", Kind = Faro.Places.InstitutionKind.NationalAgency });
            await db.SaveChangesAsync();
        });

        var es = await core.AssembleAsync(c.Assessment.Id, "es");
        var items = es.Acronyms.Items;
        Assert.Contains(new Acronym("DRS", "Dirección Regional de Salud"), items);
        Assert.Contains(new Acronym("INAMUJ", "Instituto Nacional de la Mujer, oficina local"), items);
        Assert.Contains(new Acronym("OIM", "Organización Internacional para las Migraciones"), items);
        Assert.Equal(es.Sources.Items.Any(s => s.IssuingBody == "Ministry of Labour"), items.Any(a => a.Short == "MITRAB" && a.Name == "Ministerio de Trabajo"));
        Assert.Contains(items, a => a.Short == "MITRAB");
        Assert.DoesNotContain(items, a => a.Short == "APN");
        Assert.Equal(items.Select(a => a.Short).Order(StringComparer.Create(new System.Globalization.CultureInfo("es"), true)), items.Select(a => a.Short));
        var en = await core.AssembleAsync(c.Assessment.Id, "en");
        Assert.Contains(new Acronym("DRS", "Regional Health Office"), en.Acronyms.Items);
        Assert.Contains(new Acronym("SDG", "Sustainable Development Goal"), en.Acronyms.Items);
    }

    [Theory]
    [InlineData(AnswerStatus.No, AnswerStatus.Partial, ProgressChange.MoreDeveloped)]
    [InlineData(AnswerStatus.Partial, AnswerStatus.Yes, ProgressChange.MoreDeveloped)]
    [InlineData(AnswerStatus.Yes, AnswerStatus.No, ProgressChange.LessDeveloped)]
    [InlineData(AnswerStatus.Partial, AnswerStatus.Partial, ProgressChange.Unchanged)]
    [InlineData(null, AnswerStatus.No, ProgressChange.New)]
    [InlineData(AnswerStatus.Unknown, AnswerStatus.Yes, ProgressChange.New)]
    [InlineData(AnswerStatus.Unknown, null, ProgressChange.Unchanged)]
    [InlineData(AnswerStatus.No, AnswerStatus.NationalCompetence, ProgressChange.Reclassified)]
    [InlineData(AnswerStatus.NotApplicable, AnswerStatus.Yes, ProgressChange.Reclassified)]
    [InlineData(AnswerStatus.NationalCompetence, AnswerStatus.NationalCompetence, ProgressChange.Unchanged)]
    public void Compare_Statuses_GivesTheDescriptiveChange(AnswerStatus? before, AnswerStatus? now, ProgressChange expected) =>
        Assert.Equal(expected, ProfileAssembler.Compare(before, now));

    [Fact]
    public void Labels_EveryKeyHasBothLanguages_AndSpanishDatesAreWrittenOut()
    {
        Assert.NotEmpty(ProfileLabels.Keys);
        Assert.All(ProfileLabels.Keys, k => Assert.False(string.IsNullOrWhiteSpace(ProfileLabels.For("es")[k]), k));
        Assert.Equal("2 de septiembre de 2021", ProfileLabels.For("es").Date(new DateOnly(2021, 9, 2)));
        Assert.Equal("2 September 2021", ProfileLabels.For("en").Date(new DateOnly(2021, 9, 2)));
        Assert.Equal("180.000", ProfileLabels.For("es").Number(180000));
        Assert.Equal("180,000", ProfileLabels.For("en").Number(180000));
    }
}
