using System.Net;
using System.Text.RegularExpressions;
using Faro.Assessments;
using Faro.Data;
using Faro.Demo;
using Faro.People;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Demo;

public partial class DemoDataTests
{
    private static async Task<(CoreServices Core, IReadOnlyList<DemoAccount> Accounts)> SeededAsync(string provider)
    {
        var core = await CoreServices.StartAsync(provider);
        var accounts = await core.Run<DemoSeeder, IReadOnlyList<DemoAccount>>(s => s.SeedAsync());
        return (core, accounts);
    }

    private static Task<Assessment> LaChorreraAsync(FaroDb db) =>
        db.Assessments.Include(a => a.Jurisdiction!.Parent).Include(a => a.Workshops).ThenInclude(w => w.Institutions)
            .Include(a => a.FocalPoints)
            .SingleAsync(a => a.Jurisdiction!.Name == "La Chorrera");

    [Theory, AllProviders]
    public async Task Seed_LaChorrera_HoldsOnlyThePublicFacts_AndNoAnswers(string provider)
    {
        var (core, _) = await SeededAsync(provider);
        await using var _core = core;
        await core.Db(async db =>
        {
            var panama = await db.Countries.SingleAsync(c => c.Iso2 == "PA");
            Assert.Equal(("PAN", 591, "Panama", "Panamá", false), (panama.Iso3, panama.M49, panama.Name.En, panama.Name.Es, panama.IsFictional));

            var assessment = await LaChorreraAsync(db);
            var district = assessment.Jurisdiction!;
            Assert.Equal(2, district.AdminLevel);
            Assert.Null(district.Code);
            Assert.Equal(("Panamá Oeste", 1, "PA-10", "ISO 3166-2"), (district.Parent!.Name, district.Parent.AdminLevel, district.Parent.Code, district.Parent.CodeSystem));
            Assert.Equal((Stage.DataCollection, 1, false), (assessment.Stage, assessment.Round, assessment.IsFictional));
            Assert.Contains("Inclusive Cities, Communities of Solidarity", assessment.Context.En, StringComparison.Ordinal);
            Assert.Contains("Ciudades Incluyentes, Comunidades Solidarias", assessment.Context.Es, StringComparison.Ordinal);
            Assert.Equal(0, await db.Answers.CountAsync(a => a.AssessmentId == assessment.Id));

            var workshops = assessment.Workshops.OrderBy(w => w.Date).ToList();
            Assert.Equal([new DateOnly(2021, 9, 2), new DateOnly(2022, 1, 11)], workshops.Select(w => w.Date));
            Assert.Equal([WorkshopKind.Induction, WorkshopKind.Validation], workshops.Select(w => w.Kind));
            Assert.All(workshops, w =>
            {
                Assert.Equal(WorkshopStatus.Held, w.Status);
                Assert.StartsWith("https://panama.iom.int/en/news/", w.SourceUrl, StringComparison.Ordinal);
                // No venue or head count is public, so none is made up.
                Assert.Null(w.Place);
                Assert.Null(w.Attendance);
            });
            Assert.Equal(9, workshops[0].Institutions.Count);
            Assert.Equal(WorkshopStatus.Held, workshops[1].Status);

            var acronyms = await db.Institutions.Where(i => i.CountryId == panama.Id).Select(i => i.Acronym).ToListAsync();
            Assert.Equal(["AMPYME", "INAMU", "MINSA", "MITRADEL", "MIVIOT", "SENNIAF"], acronyms.OfType<string>().Order());
            // The sources name no focal points.
            Assert.Empty(assessment.FocalPoints);

            // The demo's illustration, said so in both languages: the municipality's share of the
            // suggested routing (domain.md §8.3), so the demo focal point has something to answer.
            var routing = await db.Assignments.Where(x => x.AssessmentId == assessment.Id)
                .Select(x => new { x.Indicator!.Code, Institution = x.Institution!.Name.En }).ToListAsync();
            Assert.Equal(43, routing.Count);
            Assert.All(routing, r => Assert.Equal("Municipality of La Chorrera", r.Institution));
            Assert.Contains("Demo illustration", assessment.Context.En, StringComparison.Ordinal);
            Assert.Contains("Ilustración de la demostración", assessment.Context.Es, StringComparison.Ordinal);
            Assert.Contains("90 indicators", assessment.Context.En, StringComparison.Ordinal);
            Assert.Contains("Faro’s catalogue", assessment.Context.En, StringComparison.Ordinal);
            Assert.Contains("UNHCR, IOM and UN-Habitat with funding from the European Union", assessment.Context.En, StringComparison.Ordinal);
            Assert.Contains("ONU-Habitat", assessment.Context.Es, StringComparison.Ordinal);
            Assert.Contains("se desarrolló", assessment.Context.Es, StringComparison.Ordinal);
            Assert.DoesNotContain("ONU-Hábitat", assessment.Context.Es, StringComparison.Ordinal);

            // Panama's national profile (IOM, 2019, another indicator set) is a reference, not a Faro
            // assessment: no national Panamanian assessment exists, and none is published.
            Assert.Null(assessment.NationalCounterpartId);
            Assert.Equal(2019, assessment.NationalReferenceYear);
            Assert.StartsWith("https://", assessment.NationalReferenceUrl, StringComparison.Ordinal);
            Assert.True(assessment.NationalReferenceTitle.IsComplete);
            Assert.Contains("2019", assessment.NationalReferenceTitle.Es, StringComparison.Ordinal);
            Assert.False(await db.Assessments.AnyAsync(a => a.CountryId == panama.Id && a.Level == AssessmentLevel.National));
        });
    }

    /// Every event date on a real place's records must be one a source gives. The moment the demo
    /// was loaded is no such date, so stage moves (which have no public dates) are not recorded.
    [Theory, AllProviders]
    public async Task Seed_RealPlaces_CarryNoDateThatNoSourceGives(string provider)
    {
        // The dates the public sources give (domain.md §2 and the two IOM Panama news items).
        DateOnly[] sourced = [new(2021, 9, 2), new(2022, 1, 11)];
        var (core, _) = await SeededAsync(provider);
        await using var _core = core;
        await core.Db(async db =>
        {
            var real = await db.Assessments.Where(a => !a.IsFictional).Include(a => a.Workshops).Include(a => a.FocalPoints).ToListAsync();
            Assert.NotEmpty(real);
            var ids = real.Select(a => a.Id).ToList();
            foreach (var a in real)
            {
                Assert.True(a.StartedOn is null || sourced.Contains(a.StartedOn.Value), $"started on {a.StartedOn}");
                Assert.All(a.Workshops, w => Assert.True(sourced.Contains(w.Date), $"workshop on {w.Date}"));
                Assert.Empty(a.FocalPoints);
                Assert.True(a.WithdrawnAt is null);
            }

            Assert.False(await db.StageEvents.AnyAsync(e => ids.Contains(e.AssessmentId)), "a stage date on a real place");
            Assert.False(await db.ProfileSnapshots.AnyAsync(s => ids.Contains(s.AssessmentId)), "a profile of a real place");
            Assert.False(await db.Answers.AnyAsync(x => ids.Contains(x.AssessmentId)), "an answer on a real place");
        });
    }

    [Theory, AllProviders]
    public async Task Seed_FictionalAssessments_AreFlaggedCompleteBilingualAndBackedByEvidence(string provider)
    {
        var (core, _) = await SeededAsync(provider);
        await using var _core = core;
        await core.Db(async db =>
        {
            var valdoria = await db.Countries.SingleAsync(c => c.IsFictional);
            Assert.Equal(("XV", "XVD", 999), (valdoria.Iso2, valdoria.Iso3, valdoria.M49));
            Assert.Contains("fictional", valdoria.Name.En, StringComparison.Ordinal);
            Assert.Contains("ficticio", valdoria.Name.Es, StringComparison.Ordinal);
            Assert.False(await db.Jurisdictions.AnyAsync(j => j.CountryId == valdoria.Id && !j.IsFictional));
            Assert.False(await db.Institutions.AnyAsync(i => i.CountryId == valdoria.Id && !i.IsFictional));

            var assessments = await db.Assessments.Where(a => a.CountryId == valdoria.Id).ToListAsync();
            Assert.All(assessments, a => Assert.True(a.IsFictional));
            var national = assessments.Single(a => a.Level == AssessmentLevel.National);
            Assert.All(assessments.Where(a => a.Level == AssessmentLevel.Local), a => Assert.Equal(national.Id, a.NationalCounterpartId));
            Assert.Equal([Stage.Validation, Stage.GovernmentReview, Stage.Published, Stage.Published, Stage.FollowUp],
                assessments.Select(a => a.Stage).Order());

            var answers = await db.Answers.Where(a => a.Assessment!.CountryId == valdoria.Id)
                .Select(a => new { a.AssessmentId, a.Status, a.Narrative, Evidence = a.Evidence.Count, a.Revision, a.IsValidated })
                .ToListAsync();
            Assert.All(answers, a =>
            {
                Assert.True(a.Narrative.IsComplete);
                Assert.DoesNotContain("{", a.Narrative.En + a.Narrative.Es, StringComparison.Ordinal);
                if (a.Status is AnswerStatus.Yes or AnswerStatus.Partial)
                {
                    Assert.True(a.Evidence > 0);
                }
            });
            var complete = assessments.Where(a => a.Stage != Stage.Validation).Select(a => a.Id).ToList();
            Assert.All(complete, id => Assert.Equal(88, answers.Count(a => a.AssessmentId == id)));
            var partial = assessments.Single(a => a.Stage == Stage.Validation);
            Assert.InRange(answers.Count(a => a.AssessmentId == partial.Id), 55, 70);
            // Every one of the six answers appears, national competence mostly on the national items.
            Assert.Equal(Enum.GetValues<AnswerStatus>().Order(), answers.Select(a => a.Status!.Value).Distinct().Order());
            Assert.Contains(answers, a => a.Revision == 2);
            Assert.Contains(answers, a => a.IsValidated);

            var revisionsMissing = await db.Answers.Where(a => a.Assessment!.CountryId == valdoria.Id)
                .CountAsync(a => !db.AnswerRevisions.Any(r => r.AnswerId == a.Id && r.Revision == a.Revision));
            Assert.Equal(0, revisionsMissing);

            // One source reused across answers, and a few sources kept private.
            var links = await db.AnswerEvidence.Where(l => l.Evidence!.AssessmentId == national.Id).GroupBy(l => l.EvidenceId).Select(g => g.Count()).ToListAsync();
            Assert.True(links.Max() > 3);
            Assert.True(await db.Evidence.AnyAsync(e => !e.IsPublic));
            Assert.False(await db.Evidence.AnyAsync(e => e.Url != null && !e.Url.StartsWith("https://example.org/")));
        });
    }

    [Fact]
    public async Task Seed_FictionalCities_ShowRoundsReviewPointsAndAnActionPlan()
    {
        var (core, _) = await SeededAsync(DatabaseProviders.Sqlite);
        await using var _core = core;
        await core.Db(async db =>
        {
            var second = await db.Assessments.SingleAsync(a => a.IsFictional && a.Round == 2);
            Assert.Equal(Stage.Published, second.Stage);
            var first = await db.Assessments.SingleAsync(a => a.Id == second.PreviousRoundId);
            Assert.Equal(Stage.FollowUp, first.Stage);

            // Mostly improved, some regressed: compare the two rounds indicator by indicator.
            static int Rank(AnswerStatus? s) => s switch { AnswerStatus.Yes => 2, AnswerStatus.Partial => 1, _ => 0 };
            var before = await db.Answers.Where(a => a.AssessmentId == first.Id).ToDictionaryAsync(a => a.IndicatorId, a => a.Status);
            var after = await db.Answers.Where(a => a.AssessmentId == second.Id).ToDictionaryAsync(a => a.IndicatorId, a => a.Status);
            var improved = after.Count(x => Rank(x.Value) > Rank(before[x.Key]));
            var regressed = after.Count(x => Rank(x.Value) < Rank(before[x.Key]));
            Assert.True(improved > 10 && regressed is > 0 and < 10, $"improved {improved}, regressed {regressed}");

            // The action plan follows the gaps of the first round.
            var actions = await db.Actions.Where(a => a.AssessmentId == first.Id).ToListAsync();
            Assert.True(actions.Count >= 3);
            Assert.All(actions, a => Assert.NotEqual(AnswerStatus.Yes, before[a.IndicatorId!.Value]));

            var review = await db.ReviewPoints
                .Where(r => db.Assessments.Any(a => a.Id == r.AssessmentId && a.Stage == Stage.GovernmentReview)).ToListAsync();
            Assert.Contains(review, r => r.Resolution is null && r.Reply is null);
            Assert.Contains(review, r => r is { Reply: ReplyKind.Disagree, Resolution: null, ReplyReason: not null, ProposedChange: not null });
            Assert.Contains(review, r => r is { Resolution: ResolutionKind.Kept, ResolutionReason: not null });

            var backMove = await db.StageEvents.SingleAsync(e => e.Kind == StageEventKind.Back);
            Assert.False(string.IsNullOrWhiteSpace(backMove.Reason));
        });
    }

    [Fact]
    public async Task Seed_CreatesScopedDemoUsers_AndSavesTheirSignInsForLaterStartUps()
    {
        var (core, accounts) = await SeededAsync(DatabaseProviders.Sqlite);
        await using var _core = core;

        Assert.Equal(["admin", "coordinator", "focal-point", "focal-point", "national-reviewer", "national-reviewer", "researcher", "researcher"],
            accounts.Select(a => a.Role).Order());
        Assert.All(accounts, a => Assert.EndsWith("@demo.faro.example", a.Email, StringComparison.Ordinal));
        Assert.Equal(accounts, await core.Run<DemoSeeder, IReadOnlyList<DemoAccount>>(s => Task.FromResult(s.ReadSavedAccounts())));
        var file = await File.ReadAllTextAsync(Path.Combine(core.Database.Options.DataDirectory, DemoSeeder.AccountsFileName));
        Assert.Matches(DemoLine(), file.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0]);

        await core.Run<UserManager<User>>(async users =>
        {
            foreach (var a in accounts)
            {
                var user = await users.FindByEmailAsync(a.Email);
                Assert.True(user!.IsDemo);
                Assert.True(await users.CheckPasswordAsync(user, a.Password), a.Email);
            }
        });
        await core.Db(async db =>
        {
            var coordinator = await db.RoleAssignments.Where(r => r.User!.Email == "coordinator@demo.faro.example").Select(r => r.CountryId).ToListAsync();
            Assert.Equal(2, coordinator.Count);
            var focal = await db.RoleAssignments.SingleAsync(r => r.User!.Email == "focal.la-chorrera@demo.faro.example");
            var municipality = await db.Institutions.SingleAsync(i => i.Id == focal.InstitutionId);
            Assert.Equal("Municipality of La Chorrera", municipality.Name.En);
            var fictionalFocal = await db.RoleAssignments.SingleAsync(r => r.User!.Email == "focal.santa-irenea@demo.faro.example");
            Assert.True(await db.Institutions.AnyAsync(i => i.Id == fictionalFocal.InstitutionId && i.IsFictional));
        });
    }

    [Fact]
    public async Task Seed_OnANonEmptyDatabase_IsRefused_AndAddsNothing()
    {
        var (core, _) = await SeededAsync(DatabaseProviders.Sqlite);
        await using var _core = core;
        var before = await core.Db(db => db.Assessments.CountAsync());

        var error = await Assert.ThrowsAsync<InputRejectedException>(() => core.Run<DemoSeeder, IReadOnlyList<DemoAccount>>(s => s.SeedAsync()));

        Assert.Equal("demo.not_empty", error.Code);
        Assert.Equal(before, await core.Db(db => db.Assessments.CountAsync()));
    }

    [Fact]
    public async Task SeedSynthetic_AddsCompleteFictionalAssessmentsInVariedStages_AndNumberingContinues()
    {
        await using var core = await CoreServices.StartAsync(DatabaseProviders.Sqlite);

        Assert.Equal(8, await core.Run<DemoSeeder, int>(s => s.SeedSyntheticAsync(8)));
        Assert.Equal(2, await core.Run<DemoSeeder, int>(s => s.SeedSyntheticAsync(2)));

        await core.Db(async db =>
        {
            var cities = await db.Assessments.Where(a => a.Jurisdiction!.Name.StartsWith("Synthetic city"))
                .Select(a => new { a.Jurisdiction!.Name, a.Stage, a.IsFictional, Answers = a.Answers.Count }).ToListAsync();
            Assert.Equal(10, cities.Count);
            Assert.Contains(cities, c => c.Name == "Synthetic city 010");
            Assert.All(cities, c => Assert.True(c.IsFictional && c.Answers == 88));
            Assert.True(cities.Select(c => c.Stage).Distinct().Count() >= 5);
            Assert.True(await db.Countries.AnyAsync(c => c.Iso2 == "XV" && c.IsFictional));
        });
    }

    [Fact]
    public async Task DemoCommand_PrintsTheSignIns_AndASecondRunIsRefusedWithOneLine()
    {
        using var db = TestDatabase.Create(DatabaseProviders.Sqlite);

        var first = await FaroCli.RunAsync(db, "demo");
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal(8, first.Stdout.Split('\n').Count(l => DemoLine().IsMatch(l)));

        var list = await FaroCli.RunAsync(db, "assessment", "list");
        Assert.Matches(@"data-collection\s+local\s+1\s+0/88\s+La Chorrera \(PA\)", list.Stdout);
        Assert.Matches(@"government-review\s+local\s+1\s+88/88\s+Santa Irenea \(XV\) \[fictional\]", list.Stdout);

        var again = await FaroCli.RunAsync(db, "demo");
        Assert.NotEqual(0, again.ExitCode);
        Assert.Single(again.Stderr.Trim().Split('\n'));
        Assert.Contains("empty database", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebHost_SeedsAnEmptyDatabase_AndTheDemoSignInsWork()
    {
        using var app = new FaroApp(seedDemo: true);
        _ = app.Browser();
        var accounts = await app.WithService<IReadOnlyList<DemoAccount>, DemoSeeder>(s => Task.FromResult(s.ReadSavedAccounts()));

        var focal = accounts.Single(a => a.Email == "focal.santa-irenea@demo.faro.example");
        var client = await app.SignedInAs(focal.Email, focal.Password);
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public void DemoTexts_ReferOnlyToDefinedPlaceholdersInstitutionsAndEvidence()
    {
        var world = DemoWorld.Instance;
        Assert.Equal(88, world.Indicators.Count);
        foreach (var city in world.Cities)
        {
            foreach (var round in city.Rounds)
            {
                var vars = new TemplateVars().Set("city", city.Name).Set("province", "P").SetAll(city.Vars).SetAll(round.Vars).Set("resp", "R", "R");
                foreach (var (code, texts) in world.Indicators)
                {
                    Assert.True(world.Institutions.ContainsKey(texts.Resp), $"{code}: institution {texts.Resp}");
                    Assert.True(world.NationalInstitutions.ContainsKey(texts.National.Resp), $"{code}: national institution {texts.National.Resp}");
                    Assert.All(texts.Evidence.Concat(texts.PartialEvidence ?? []), e => Assert.True(world.Evidence.ContainsKey(e.Split(':')[0]), $"{code}: evidence {e}"));
                    Assert.All(texts.National.Evidence, e => Assert.True(world.NationalEvidence.ContainsKey(e), $"{code}: national evidence {e}"));
                    Assert.True(texts.National.Status == AnswerStatus.No || texts.National.Evidence.Count > 0, $"{code}: national answer without evidence");
                    foreach (var status in Enum.GetValues<AnswerStatus>())
                    {
                        if (texts.TextFor(status) is { } pair)
                        {
                            Assert.True(vars.Render(pair).IsComplete, $"{code} {status}");
                        }
                    }
                }

                foreach (var (key, e) in world.Evidence)
                {
                    Assert.True(vars.Render(e.Title).IsComplete, key);
                    Assert.NotEmpty(vars.Fill(e.Issuer, Languages.Spanish));
                    if (e.On is { } on)
                    {
                        Assert.True(DateOnly.TryParseExact(vars.Fill(on, Languages.English), "yyyy-MM-dd", out _), key);
                    }
                }
            }
        }
    }

    [GeneratedRegex(@"^demo account: [a-z.\-]+@demo\.faro\.example [a-z2-9]{4}(-[a-z2-9]{4}){4} [a-z\-]+$")]
    private static partial Regex DemoLine();
}
