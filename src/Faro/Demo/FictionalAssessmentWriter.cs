using System.Globalization;
using Faro.Assessments;
using Faro.Catalogue;
using Faro.FollowUp;
using Faro.Places;
using Faro.Workflow;

namespace Faro.Demo;

internal sealed record CatalogueIndicator(int Id, string Code, Competence Competence);

/// Who the fictional events, answers and replies of one city are attributed to.
internal sealed record DemoActors(int? CoordinatorId, int? EditorId = null, int? FocalPointUserId = null, string? FocalPointInstitution = null);

/// Where a fictional city sits: its country, its province and the code prefix of its jurisdictions.
internal sealed record CityPlace(int CountryId, int ProvinceId, string ProvinceName, string ProvinceCode, int? NationalCounterpartId);

internal sealed record CityResult(IReadOnlyDictionary<int, Assessment> Rounds, IReadOnlyDictionary<string, Institution> Institutions);

/// Writes one fictional assessment (a city's rounds, or the fictional national one) from the texts of
/// `DemoWorld`. Statuses are drawn from a seeded `Random`, so the same data gives the same demo on
/// every installation; the JSON can pin any status a screen needs (a review point, an action item).
/// Rows go to `BulkRows`, which gives each its id at once, so children point at parents by id and
/// nothing is written until the caller flushes.
internal sealed class FictionalAssessmentWriter(BulkRows rows, DemoWorld world, IReadOnlyList<CatalogueIndicator> indicators, int catalogueId, TimeProvider clock)
{
    /// The source of a revision copied from the earlier round, as a new round's import would write it.
    private const string CarriedOver = "carried-over";


    public CityResult WriteCity(CityData city, CityPlace place, DemoActors actors, int cityNumber)
    {
        var vars = new TemplateVars().Set("city", city.Name).Set("province", place.ProvinceName).SetAll(city.Vars);
        var jurisdiction = rows.Add(new Jurisdiction
        {
            CountryId = place.CountryId,
            ParentId = place.ProvinceId,
            Name = city.Name,
            AdminLevel = 2,
            Code = string.Create(CultureInfo.InvariantCulture, $"{place.ProvinceCode}-{cityNumber:000}"),
            CodeSystem = "Faro demo (fictional)",
            IsFictional = true,
        });
        var institutions = world.Institutions.ToDictionary(i => i.Key, i => rows.Add(new Institution
        {
            CountryId = place.CountryId,
            JurisdictionId = jurisdiction.Id,
            Name = vars.Render(i.Value.Name),
            Kind = i.Value.Kind,
            IsFictional = true,
        }), StringComparer.Ordinal);

        var rounds = new Dictionary<int, Assessment>();
        Dictionary<string, (AnswerStatus Status, LocalizedText Narrative)>? previous = null;
        foreach (var round in city.Rounds)
        {
            var roundVars = vars.Copy().SetAll(round.Vars);
            var timeline = new Timeline(round.Events, round.RevisedOn);
            var assessment = rows.Add(new Assessment
            {
                Level = AssessmentLevel.Local,
                CountryId = place.CountryId,
                JurisdictionId = jurisdiction.Id,
                Round = round.Round,
                CatalogueId = catalogueId,
                Stage = round.Stage,
                Title = new LocalizedText(
                    string.Create(CultureInfo.InvariantCulture, $"{city.Name} (fictional): local migration governance assessment, round {round.Round}"),
                    string.Create(CultureInfo.InvariantCulture, $"{city.Name} (ficticia): evaluación local de la gobernanza de la migración, ronda {round.Round}")),
                Context = roundVars.Render(round.Context),
                PreviousRoundId = round.Previous is { } p ? rounds[p].Id : null,
                NationalCounterpartId = place.NationalCounterpartId,
                StartedOn = timeline.Start,
                CreatedAt = Timeline.At(timeline.Start),
                UpdatedAt = Timeline.At(timeline.Last),
                IsFictional = true,
            });
            CheckLastEvent(round.Events, round.Stage, city.Name);

            var statuses = PlanStatuses(round, previous?.ToDictionary(x => x.Key, x => x.Value.Status, StringComparer.Ordinal));
            var library = new EvidenceLibrary(rows, world.Evidence, roundVars, $"https://example.org/valdoria/{city.Slug}/", assessment.Id, Timeline.At(timeline.DataCollection), actors.EditorId);
            var revisionDraw = new Random(round.Seed + 1);
            var planned = new List<PlannedAnswer>();
            foreach (var indicator in indicators)
            {
                if (!statuses.TryGetValue(indicator.Code, out var status))
                {
                    continue;
                }

                var texts = world.Indicators[indicator.Code];
                var institution = institutions[texts.Resp];
                roundVars.Set("resp", institution.Name.En!, institution.Name.Es!);
                var narrative = round.Texts.TryGetValue(indicator.Code, out var own) ? roundVars.Render(own)
                    : status == AnswerStatus.Unknown ? roundVars.Render(world.Unknown)
                    : roundVars.Render(texts.TextFor(status)!);
                var evidence = status switch
                {
                    AnswerStatus.Partial => texts.PartialEvidence ?? texts.Evidence,
                    AnswerStatus.Yes => texts.Evidence,
                    _ => [],
                };
                Earlier? earlier = null;
                if (previous?.TryGetValue(indicator.Code, out var before) == true)
                {
                    // A later round starts from the earlier answers as drafts; the current text is
                    // the confirmation or update that followed.
                    earlier = new Earlier(before.Status, before.Narrative.Copy(), CarriedOver);
                }
                else if (round.Revised.Contains(indicator.Code) || revisionDraw.NextDouble() < 0.08)
                {
                    earlier = new Earlier(AnswerStatus.Unknown, roundVars.Render(world.FirstDraft), "demo");
                }

                planned.Add(new PlannedAnswer(indicator, status, narrative, institution.Id, evidence,
                    IsValidated(round, indicator.Code, status), earlier));
            }

            WriteAnswers(assessment.Id, planned, library, timeline, actors.EditorId);

            foreach (var (key, institution) in institutions)
            {
                rows.Add(new FocalPoint
                {
                    AssessmentId = assessment.Id,
                    InstitutionId = institution.Id,
                    UserId = key == actors.FocalPointInstitution ? actors.FocalPointUserId : null,
                    ContactEmail = $"{key}@{city.Slug}.example",
                    AssignedAt = Timeline.At(timeline.Induction),
                });
            }

            foreach (var indicator in indicators)
            {
                rows.Add(new IndicatorAssignment
                {
                    AssessmentId = assessment.Id,
                    IndicatorId = indicator.Id,
                    InstitutionId = institutions[world.Indicators[indicator.Code].Resp].Id,
                    AssignedAt = Timeline.At(timeline.DataCollection),
                    AssignedById = actors.CoordinatorId,
                });
            }

            AddWorkshops(assessment.Id, round.Workshops, roundVars, institutions);
            AddStageEvents(assessment.Id, round.Events, actors.CoordinatorId);
            AddReviewPoints(assessment.Id, round.ReviewPoints, actors);
            AddActions(assessment.Id, round.Actions, roundVars, institutions);

            rounds[round.Round] = assessment;
            previous = planned.ToDictionary(a => a.Indicator.Code, a => (a.Status, a.Narrative), StringComparer.Ordinal);
        }

        return new CityResult(rounds, institutions);
    }

    /// The fictional country's own assessment, with its national answers, for the dialogue view.
    public Assessment WriteNational(int countryId, int? coordinatorId)
    {
        var national = world.National;
        var vars = new TemplateVars().Set("city", "Valdoria");
        var institutions = world.NationalInstitutions.ToDictionary(i => i.Key, i => rows.Add(new Institution
        {
            CountryId = countryId,
            Name = vars.Render(i.Value.Name),
            Kind = InstitutionKind.NationalAgency,
            IsFictional = true,
        }), StringComparer.Ordinal);

        var timeline = new Timeline(national.Events, null);
        var last = national.Events[^1].To;
        var assessment = rows.Add(new Assessment
        {
            Level = AssessmentLevel.National,
            CountryId = countryId,
            Round = 1,
            CatalogueId = catalogueId,
            Stage = last,
            Title = vars.Render(national.Title),
            Context = vars.Render(national.Context),
            StartedOn = timeline.Start,
            CreatedAt = Timeline.At(timeline.Start),
            UpdatedAt = Timeline.At(timeline.Last),
            IsFictional = true,
        });

        var library = new EvidenceLibrary(rows, world.NationalEvidence, vars, "https://example.org/valdoria/national/", assessment.Id, Timeline.At(timeline.DataCollection), null);
        var revisionDraw = new Random(7);
        var planned = new List<PlannedAnswer>();
        foreach (var indicator in indicators)
        {
            var answer = world.Indicators[indicator.Code].National;
            var institution = institutions[answer.Resp];
            vars.Set("resp", institution.Name.En!, institution.Name.Es!);
            var earlier = revisionDraw.NextDouble() < 0.06 ? new Earlier(AnswerStatus.Unknown, vars.Render(world.FirstDraft), "demo") : null;
            planned.Add(new PlannedAnswer(indicator, answer.Status, vars.Render(answer.Text), institution.Id,
                answer.Status is AnswerStatus.Yes or AnswerStatus.Partial ? answer.Evidence : [], true, earlier));
        }

        WriteAnswers(assessment.Id, planned, library, timeline, null);
        foreach (var institution in institutions.Values)
        {
            rows.Add(new FocalPoint { AssessmentId = assessment.Id, InstitutionId = institution.Id, AssignedAt = Timeline.At(timeline.Induction) });
        }

        foreach (var indicator in indicators)
        {
            rows.Add(new IndicatorAssignment
            {
                AssessmentId = assessment.Id,
                IndicatorId = indicator.Id,
                InstitutionId = institutions[world.Indicators[indicator.Code].National.Resp].Id,
                AssignedAt = Timeline.At(timeline.DataCollection),
                AssignedById = coordinatorId,
            });
        }

        AddWorkshops(assessment.Id, national.Workshops, vars, institutions);
        AddStageEvents(assessment.Id, national.Events, coordinatorId);
        return assessment;
    }

    /// Draws a status per indicator, then applies what the data pins: fixed statuses, "not
    /// applicable" where the city has a reason, dependencies (no alignment without a plan) and floors.
    private Dictionary<string, AnswerStatus> PlanStatuses(RoundData round, Dictionary<string, AnswerStatus>? previous)
    {
        var rng = new Random(round.Seed);
        var result = new Dictionary<string, AnswerStatus>(StringComparer.Ordinal);
        foreach (var indicator in indicators)
        {
            // One draw per indicator whatever happens below, so that pinning one status does not
            // change the draws of all the others.
            var draw = rng.NextDouble();
            if (round.Unanswered.Contains(indicator.Code))
            {
                continue;
            }

            var texts = world.Indicators[indicator.Code];
            result[indicator.Code] =
                round.Statuses.TryGetValue(indicator.Code, out var pinned) ? pinned
                : round.NotApplicable.Contains(indicator.Code) && texts.Na is not null ? AnswerStatus.NotApplicable
                : previous?.TryGetValue(indicator.Code, out var before) == true ? Improve(before, draw, round.Improve)
                : indicator.Competence == Competence.N && texts.Nc is not null ? (draw < 0.75 ? AnswerStatus.NationalCompetence : AnswerStatus.Yes)
                : draw < round.Yes ? AnswerStatus.Yes
                : draw < round.Yes + round.Partial ? AnswerStatus.Partial
                : AnswerStatus.No;
        }

        // "Not yet known" goes only to drawn answers that nothing else depends on.
        var required = world.Indicators.Values.Select(t => t.Requires).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var candidates = result
            .Where(x => !round.Statuses.ContainsKey(x.Key) && x.Value is AnswerStatus.Yes or AnswerStatus.Partial or AnswerStatus.No
                && world.Indicators[x.Key] is { Requires: null, Floor: null } && !required.Contains(x.Key))
            .Select(x => x.Key).ToList();
        for (var i = 0; i < round.Unknown && candidates.Count > 0; i++)
        {
            var pick = candidates[rng.Next(candidates.Count)];
            candidates.Remove(pick);
            result[pick] = AnswerStatus.Unknown;
        }

        // In catalogue order: what an indicator requires always comes earlier in the catalogue.
        foreach (var indicator in indicators)
        {
            if (!result.TryGetValue(indicator.Code, out var status))
            {
                continue;
            }

            var texts = world.Indicators[indicator.Code];
            if (texts.Floor is { } floor && status is AnswerStatus.No or AnswerStatus.Unknown)
            {
                status = floor;
            }

            if (texts.Requires is { } requirement && status != AnswerStatus.NotApplicable)
            {
                var inPlace = result.TryGetValue(requirement, out var r) && r is AnswerStatus.Yes or AnswerStatus.Partial;
                status = !inPlace ? AnswerStatus.No
                    : status is AnswerStatus.No or AnswerStatus.Unknown ? AnswerStatus.Partial
                    : status;
            }

            if (status != AnswerStatus.Unknown && texts.TextFor(status) is null)
            {
                status = new[] { AnswerStatus.Partial, AnswerStatus.No, AnswerStatus.NationalCompetence, AnswerStatus.Yes }
                    .First(s => texts.TextFor(s) is not null);
            }

            result[indicator.Code] = status;
        }

        return result;
    }

    /// A later round: most gaps stay, some close, partial answers may become complete.
    private static AnswerStatus Improve(AnswerStatus before, double draw, double chance) => before switch
    {
        AnswerStatus.Unknown => draw < 0.5 ? AnswerStatus.Partial : AnswerStatus.Yes,
        AnswerStatus.No => draw < chance * 0.25 ? AnswerStatus.Yes : draw < chance ? AnswerStatus.Partial : AnswerStatus.No,
        AnswerStatus.Partial => draw < chance ? AnswerStatus.Yes : AnswerStatus.Partial,
        AnswerStatus.Yes or AnswerStatus.NotApplicable or AnswerStatus.NationalCompetence => before,
    };

    /// Confirmed with the institutions: everything but "not yet known" once drafting starts; during
    /// validation only the domains already gone through.
    private static bool IsValidated(RoundData round, string code, AnswerStatus status)
    {
        if (status == AnswerStatus.Unknown || round.Stage < Stage.Validation)
        {
            return false;
        }

        if (round.Stage > Stage.Validation)
        {
            return true;
        }

        var domains = round.ValidatedDomains.Count > 0 ? round.ValidatedDomains : ["D1", "D2"];
        return domains.Contains(code[..2]);
    }

    private void WriteAnswers(int assessmentId, List<PlannedAnswer> planned, EvidenceLibrary library, Timeline timeline, int? editorId)
    {
        for (var i = 0; i < planned.Count; i++)
        {
            var plan = planned[i];
            var (firstAt, lastAt) = timeline.RevisionTimes(i, plan.Earlier);
            var answer = rows.Add(new Answer
            {
                AssessmentId = assessmentId,
                IndicatorId = plan.Indicator.Id,
                Status = plan.Status,
                Narrative = plan.Narrative,
                ResponsibleInstitutionId = plan.InstitutionId,
                IsValidated = plan.IsValidated,
                Revision = plan.Earlier is null ? 1 : 2,
                UpdatedAt = lastAt,
                UpdatedById = editorId,
            });
            foreach (var reference in plan.Evidence)
            {
                var (evidence, section) = library.Get(reference);
                // Also kept on the answer: the revision below lists its evidence ids.
                answer.Evidence.Add(rows.Add(new AnswerEvidence { AnswerId = answer.Id, EvidenceId = evidence.Id, Section = section }));
            }

            if (plan.Earlier is { } earlier)
            {
                rows.Add(new AnswerRevision
                {
                    AnswerId = answer.Id,
                    Revision = 1,
                    Status = earlier.Status,
                    Narrative = earlier.Narrative,
                    ResponsibleInstitutionId = plan.InstitutionId,
                    IsValidated = false,
                    At = firstAt,
                    ById = editorId,
                    Source = earlier.Source,
                });
            }

            rows.Add(AnswerRevision.Of(answer, lastAt, editorId, "demo"));
        }
    }

    private void AddWorkshops(int assessmentId, List<WorkshopData> workshops, TemplateVars vars, Dictionary<string, Institution> institutions)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        foreach (var w in workshops)
        {
            var workshop = rows.Add(new Workshop
            {
                AssessmentId = assessmentId,
                Kind = w.Kind,
                Status = w.Status,
                Date = w.Date ?? today.AddDays(w.InDays ?? 0),
                Place = w.Place is null ? null : vars.Fill(w.Place, Languages.Spanish),
                Attendance = w.Attendance,
                Minutes = w.Minutes is null ? new LocalizedText() : vars.Render(w.Minutes),
            });
            foreach (var k in w.Institutions)
            {
                rows.Add(new WorkshopInstitution { WorkshopId = workshop.Id, InstitutionId = institutions[k].Id });
            }
        }
    }

    private void AddStageEvents(int assessmentId, List<EventData> events, int? byId)
    {
        Stage? from = null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            rows.Add(new StageEvent
            {
                AssessmentId = assessmentId,
                From = from,
                To = e.To,
                Kind = from is null ? StageEventKind.Created : e.To > from ? StageEventKind.Forward : StageEventKind.Back,
                Reason = e.Reason,
                ById = byId,
                At = e.At.ToDateTime(new TimeOnly(9 + (i % 7), 5 * i % 60), DateTimeKind.Utc),
            });
            from = e.To;
        }
    }

    private void AddReviewPoints(int assessmentId, List<ReviewPointData> points, DemoActors actors)
    {
        foreach (var p in points)
        {
            rows.Add(new ReviewPoint
            {
                AssessmentId = assessmentId,
                IndicatorId = indicators.First(i => i.Code == p.Indicator).Id,
                Finding = new LocalizedText(p.Finding[0], p.Finding[1]),
                RaisedById = actors.CoordinatorId,
                RaisedAt = p.RaisedAt,
                Reply = p.Reply,
                ReplyReason = p.ReplyReason,
                ProposedChange = p.ProposedChange,
                RepliedById = p.Reply is null ? null : actors.FocalPointUserId,
                RepliedAt = p.RepliedAt,
                Resolution = p.Resolution,
                ResolutionReason = p.ResolutionReason,
                ResolvedById = p.Resolution is null ? null : actors.CoordinatorId,
                ResolvedAt = p.ResolvedAt,
            });
        }
    }

    private void AddActions(int assessmentId, List<ActionData> actions, TemplateVars vars, Dictionary<string, Institution> institutions)
    {
        foreach (var a in actions)
        {
            rows.Add(new ActionItem
            {
                AssessmentId = assessmentId,
                IndicatorId = indicators.First(i => i.Code == a.Indicator).Id,
                Action = vars.Render(a.Text),
                OwnerInstitutionId = institutions[a.Owner].Id,
                DueOn = a.Due,
                Status = a.Status,
                CreatedAt = a.CreatedAt.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc),
                UpdatedAt = a.UpdatedAt.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc),
            });
        }
    }

    private static void CheckLastEvent(List<EventData> events, Stage stage, string city)
    {
        if (events.Count == 0 || events[0].To != Stage.Requested || events[^1].To != stage)
        {
            throw new InvalidOperationException($"The demo events of {city} must start at requested and end at {stage.ToCode()}.");
        }
    }

    private sealed record Earlier(AnswerStatus? Status, LocalizedText Narrative, string Source);

    private sealed record PlannedAnswer(CatalogueIndicator Indicator, AnswerStatus Status, LocalizedText Narrative, int InstitutionId,
        IReadOnlyList<string> Evidence, bool IsValidated, Earlier? Earlier);

    /// The dates an assessment's answers were written on, taken from its stage events.
    private sealed class Timeline
    {
        private readonly DateOnly? revisedOn;

        public Timeline(List<EventData> events, DateOnly? revisedOn)
        {
            this.revisedOn = revisedOn;
            Start = events[0].At;
            Last = events[^1].At;
            Induction = events.FirstOrDefault(e => e.To == Stage.Induction)?.At ?? Start;
            DataCollection = events.LastOrDefault(e => e.To == Stage.DataCollection)?.At ?? Induction;
            Validation = events.FirstOrDefault(e => e.To == Stage.Validation)?.At;
        }

        public DateOnly Start { get; }
        public DateOnly Last { get; }
        public DateOnly Induction { get; }
        public DateOnly DataCollection { get; }
        public DateOnly? Validation { get; }

        public static DateTime At(DateOnly day) => day.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc);

        /// Spreads the answers over data collection; a second save lands after the validation
        /// session that prompted it (or a few days later, before any validation).
        public (DateTime First, DateTime Last) RevisionTimes(int index, Earlier? earlier)
        {
            var end = Validation ?? DataCollection.AddDays(45);
            var span = Math.Max(1, end.DayNumber - DataCollection.DayNumber - 1);
            var first = DataCollection.AddDays(earlier?.Source == CarriedOver ? 0 : index * 37 % span)
                .ToDateTime(new TimeOnly(10 + index % 7, index % 60), DateTimeKind.Utc);
            if (earlier is null)
            {
                return (first, first);
            }

            var second = revisedOn ?? (Validation is { } v ? v.AddDays(index % 12) : DateOnly.FromDateTime(first).AddDays(5));
            return (first, second.ToDateTime(new TimeOnly(15, index % 60), DateTimeKind.Utc));
        }
    }

    /// An assessment's evidence library, filled on first use so that it holds only the sources some
    /// Yes or Partial answer cites; each source is one row however many answers cite it.
    private sealed class EvidenceLibrary(BulkRows bulk, Dictionary<string, EvidenceData> templates, TemplateVars vars, string urlBase, int assessmentId, DateTime createdAt, int? createdById)
    {
        private readonly Dictionary<string, Evidence> rows = new(StringComparer.Ordinal);

        /// "plan:eje 2" is the plan, cited at its axis 2.
        public (Evidence Evidence, string? Section) Get(string reference)
        {
            var colon = reference.IndexOf(':', StringComparison.Ordinal);
            var key = colon < 0 ? reference : reference[..colon];
            var section = colon < 0 ? null : reference[(colon + 1)..];
            if (!rows.TryGetValue(key, out var evidence))
            {
                var t = templates.TryGetValue(key, out var found) ? found
                    : throw new InvalidOperationException($"Demo evidence '{key}' is not defined.");
                evidence = bulk.Add(new Evidence
                {
                    AssessmentId = assessmentId,
                    Title = vars.Render(t.Title),
                    Type = t.Type,
                    IssuingBody = vars.Fill(t.Issuer, Languages.Spanish),
                    IssuedOn = t.On is null ? null : DateOnly.ParseExact(vars.Fill(t.On, Languages.English), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                    Url = t.Url ? urlBase + Kebab(key) : null,
                    IsPublic = t.Public,
                    CreatedAt = createdAt,
                    CreatedById = createdById,
                });
                rows.Add(key, evidence);
            }

            return (evidence, section);
        }

        private static string Kebab(string camel) =>
            string.Concat(camel.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
    }
}
