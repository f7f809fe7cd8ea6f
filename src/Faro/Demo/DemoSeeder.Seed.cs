using System.Globalization;
using System.Text.Json;
using Faro.Assessments;
using Faro.Audit;
using Faro.Catalogue;
using Faro.Data;
using Faro.People;
using Faro.Places;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Demo;

public sealed partial class DemoSeeder
{
    private const string DemoDomain = "demo.faro.example";
    private const string SyntheticPrefix = "Synthetic city ";
    private const int SyntheticBatch = 250;

    public async Task<IReadOnlyList<DemoAccount>> SeedAsync(CancellationToken ct = default)
    {
        if (!await IsDatabaseEmptyAsync(ct))
        {
            throw new InputRejectedException("demo.not_empty", new InputError("database", "demo.not_empty"));
        }

        var (catalogueId, indicators) = await LoadSeedCatalogueAsync(ct);
        var world = DemoWorld.Instance;

        // One transaction for everything: a failure leaves the database empty, so the next start-up
        // simply tries again.
        IReadOnlyList<DemoAccount> accounts;
        await using (var tx = await db.BeginWriteAsync(ct))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var seeded = new List<(DemoAccount Account, User User)>();

            async Task<User> AddUserAsync(string local, string name, Role role, string language)
            {
                var email = $"{local}@{DemoDomain}";
                var password = UserService.GeneratePassword();
                var user = new User
                {
                    UserName = email,
                    Email = email,
                    EmailConfirmed = true,
                    DisplayName = name,
                    PreferredLanguage = language,
                    CreatedAt = now,
                    IsDemo = true,
                };
                var result = await users.CreateAsync(user, password);
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"Could not create demo user {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
                }

                seeded.Add((new DemoAccount(email, password, role.ToCode()), user));
                return user;
            }

            // Users first, so that the fictional stage moves, replies and answers can name them.
            // Display names are invented personal names marked "(demo)": they read the same in
            // both languages (a label such as "Demo focal point (Municipality of …)" stayed English
            // in the Spanish UI), and the role and scope are shown by the pages, not the name.
            // The admin's is the shortest: the admin's Spanish header has every menu entry and must
            // stay one line at 1280 px (NarrowScreenTests).
            var admin = await AddUserAsync("admin", "Eva (demo)", Role.Admin, Languages.English);
            var coordinator = await AddUserAsync("coordinator", "Lucía Paz (demo)", Role.Coordinator, Languages.English);
            var researcherLaChorrera = await AddUserAsync("researcher.la-chorrera", "Diego Ruiz (demo)", Role.Researcher, Languages.Spanish);
            var researcherB = await AddUserAsync("researcher.santa-irenea", "Sofía Vera (demo)", Role.Researcher, Languages.Spanish);
            var focalLaChorrera = await AddUserAsync("focal.la-chorrera", "Ana Ríos (demo)", Role.FocalPoint, Languages.Spanish);
            var focalB = await AddUserAsync("focal.santa-irenea", "Rosa Ortiz (demo)", Role.FocalPoint, Languages.Spanish);
            var reviewerPanama = await AddUserAsync("reviewer.panama", "Jorge Mora (demo)", Role.NationalReviewer, Languages.Spanish);
            var reviewerValdoria = await AddUserAsync("reviewer.valdoria", "Elena Marín (demo)", Role.NationalReviewer, Languages.Spanish);

            var panama = await SeedPanamaAsync(catalogueId, indicators, now, ct);

            var (valdoria, provinces) = await EnsureFictionalCountryAsync(world, ct);
            var rows = new BulkRows(db);
            var writer = new FictionalAssessmentWriter(rows, world, indicators, catalogueId, clock);
            var nationalValdoria = writer.WriteNational(valdoria.Id, coordinator.Id);
            var cities = new Dictionary<string, CityResult>(StringComparer.Ordinal);
            for (var i = 0; i < world.Cities.Count; i++)
            {
                var city = world.Cities[i];
                var province = provinces[city.Province];
                // City B is the one with a demo researcher and a demo focal point, who wrote its
                // answers and replied to its review points.
                var actors = city.Key == "B"
                    ? new DemoActors(coordinator.Id, researcherB.Id, focalB.Id, "social")
                    : new DemoActors(coordinator.Id);
                cities[city.Key] = writer.WriteCity(city,
                    new CityPlace(valdoria.Id, province.Id, province.Name, province.Code!, nationalValdoria.Id), actors, i + 1);
            }

            // The fictional assessments before the role grants and the audit line that point at them.
            await rows.FlushAsync(ct);

            var cityB = cities["B"];
            Grant(admin, Role.Admin, null, null, null, now);
            Grant(coordinator, Role.Coordinator, panama.Country.Id, null, null, now);
            Grant(coordinator, Role.Coordinator, valdoria.Id, null, null, now);
            Grant(researcherLaChorrera, Role.Researcher, null, panama.LaChorrera.Id, null, now);
            Grant(researcherB, Role.Researcher, null, cityB.Rounds[1].Id, null, now);
            Grant(focalLaChorrera, Role.FocalPoint, null, panama.LaChorrera.Id, panama.Municipality.Id, now);
            Grant(focalB, Role.FocalPoint, null, cityB.Rounds[1].Id, cityB.Institutions["social"].Id, now);
            Grant(reviewerPanama, Role.NationalReviewer, panama.Country.Id, null, null, now);
            Grant(reviewerValdoria, Role.NationalReviewer, valdoria.Id, null, null, now);
            db.Audit.Add(new AuditEntry
            {
                At = now,
                Actor = "demo",
                Action = "demo.seeded",
                EntityType = "installation",
                After = JsonSerializer.Serialize(new { assessments = await db.Assessments.CountAsync(ct), users = seeded.Count }),
            });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            accounts = seeded.Select(s => s.Account).ToList();
        }

        // The sign-ins first: they exist only in this call (Identity keeps hashes), and a failure
        // below must not lose them. Then the demo's few published profiles frozen, as a publication
        // would have, so that the portal lists them from the first request (the synthetic
        // thousands are left to the web host's `ProfileFreezer`, which also retries these).
        await WriteSavedAccountsAsync(accounts, ct);
        await profiles.FreezeUnfrozenAsync(int.MaxValue, ct);
        return accounts;
    }

    /// Adds `count` generated assessments of fictional cities ("Synthetic city 001", …) for benchmarks.
    /// Numbering continues after the synthetic cities already present, so the command can be repeated.
    public async Task<int> SeedSyntheticAsync(int count, Action<int>? progress = null, CancellationToken ct = default)
    {
        if (count <= 0)
        {
            return 0;
        }

        var (catalogueId, indicators) = await LoadSeedCatalogueAsync(ct);
        var world = DemoWorld.Instance;
        var coordinatorId = await db.Users.Where(u => u.Email == $"coordinator@{DemoDomain}").Select(u => (int?)u.Id).FirstOrDefaultAsync(ct);

        List<CityPlace> places;
        int first;
        await using (var tx = await db.BeginWriteAsync(ct))
        {
            var (valdoria, provinces) = await EnsureFictionalCountryAsync(world, ct);
            var nationalId = await db.Assessments
                .Where(a => a.CountryId == valdoria.Id && a.Level == AssessmentLevel.National)
                .Select(a => (int?)a.Id).FirstOrDefaultAsync(ct);
            places = provinces.Values.Select(p => new CityPlace(valdoria.Id, p.Id, p.Name, p.Code!, nationalId)).ToList();
            first = await db.Jurisdictions.CountAsync(j => j.CountryId == valdoria.Id && EF.Functions.Like(j.Name, SyntheticPrefix + "%"), ct) + 1;
            await tx.CommitAsync(ct);
        }

        db.ChangeTracker.Clear();
        // One transaction per batch of cities: one commit (one fsync) per batch instead of per
        // row, while the WAL and the rollback journal stay bounded at N = 10,000. A batch that
        // fails leaves the batches before it, each complete; the numbering continues from them.
        // The rows bypass the change tracker (`BulkRows`: prepared INSERTs on SQLite, binary COPY
        // on PostgreSQL), which is what makes 10,000 cities a matter of minutes.
        for (var start = first; start < first + count; start += SyntheticBatch)
        {
            await using var tx = await db.BeginWriteAsync(ct);
            var rows = new BulkRows(db);
            var writer = new FictionalAssessmentWriter(rows, world, indicators, catalogueId, clock);
            for (var n = start; n < Math.Min(start + SyntheticBatch, first + count); n++)
            {
                writer.WriteCity(SyntheticCity(world, n), places[n % places.Count], new DemoActors(coordinatorId), 100 + n);
            }

            await rows.FlushAsync(ct);
            await tx.CommitAsync(ct);
            progress?.Invoke(Math.Min(start + SyntheticBatch, first + count) - first);
        }

        await AfterBulkLoadAsync(ct);

        return count;
    }

    /// After a bulk load the planner's statistics describe the empty tables of before, and on
    /// PostgreSQL the full-text index holds the new answers in its pending list (see `BulkRows`):
    /// VACUUM merges the list into the index, ANALYZE refreshes the statistics. SQLite: ANALYZE, and
    /// FTS5's 'optimize' merges the index segments the batches left.
    private async Task AfterBulkLoadAsync(CancellationToken ct)
    {
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE) practice_search", ct);
            await db.Database.ExecuteSqlRawAsync("ANALYZE", ct);
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync("INSERT INTO practice_search(practice_search) VALUES ('optimize')", ct);
            // A sample per index (analysis_limit) is enough for the planner and keeps this to seconds.
            await db.Database.ExecuteSqlRawAsync("PRAGMA analysis_limit = 1000; ANALYZE;", ct);
        }
    }

    private async Task<(int CatalogueId, IReadOnlyList<CatalogueIndicator> Indicators)> LoadSeedCatalogueAsync(CancellationToken ct)
    {
        // The demo's narratives are written for one version (CatalogueService.DemoSeedVersion); its
        // assessments stay on it when a newer seed version is installed, as real ones do.
        var seed = CatalogueService.ReadSeedFile(CatalogueService.DemoSeedVersion);
        var catalogueId = await db.Catalogues.Where(c => c.Code == seed.Code && c.Version == seed.Version).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct)
            ?? throw new InvalidOperationException("The seed catalogue is not installed; run `migrate` first.");
        var indicators = await db.Indicators.AsNoTracking()
            .Where(i => i.CatalogueId == catalogueId)
            .OrderBy(i => i.Area!.Domain!.Order).ThenBy(i => i.Area!.Order).ThenBy(i => i.Order)
            .Select(i => new CatalogueIndicator(i.Id, i.Code, i.Competence))
            .ToListAsync(ct);
        var missing = indicators.Select(i => i.Code).Where(c => !DemoWorld.Instance.Indicators.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            // The fictional narratives are written for the seed catalogue; a changed seed needs new texts.
            throw new InvalidOperationException($"The demo data has no narratives for {string.Join(", ", missing)}.");
        }

        return (catalogueId, indicators);
    }

    /// The fictional country and its provinces, created when missing. Their ISO codes are from the
    /// ranges ISO 3166 leaves to users (alpha-2 XA–XZ, alpha-3 XAA–XZZ) and the M49 code from the
    /// user-assigned numeric range 900–999, so they can never collide with a real country.
    private async Task<(Country Country, Dictionary<string, Jurisdiction> Provinces)> EnsureFictionalCountryAsync(DemoWorld world, CancellationToken ct)
    {
        var data = world.Country;
        var country = await db.Countries.FirstOrDefaultAsync(c => c.Iso2 == data.Iso2, ct);
        if (country is null)
        {
            country = new Country { Iso2 = data.Iso2, Iso3 = data.Iso3, M49 = data.M49, Name = new LocalizedText(data.Name[0], data.Name[1]), IsFictional = true };
            db.Countries.Add(country);
            await db.SaveChangesAsync(ct);
        }

        var provinces = new Dictionary<string, Jurisdiction>(StringComparer.Ordinal);
        foreach (var p in world.Provinces)
        {
            var province = await db.Jurisdictions.FirstOrDefaultAsync(j => j.CountryId == country.Id && j.Code == p.Code, ct);
            if (province is null)
            {
                province = new Jurisdiction
                {
                    CountryId = country.Id,
                    Name = p.Name,
                    AdminLevel = 1,
                    Code = p.Code,
                    CodeSystem = "Faro demo (fictional)",
                    IsFictional = true,
                };
                db.Jurisdictions.Add(province);
                await db.SaveChangesAsync(ct);
            }

            provinces[p.Key] = province;
        }

        return (country, provinces);
    }

    private void Grant(User user, Role role, int? countryId, int? assessmentId, int? institutionId, DateTime now)
    {
        db.RoleAssignments.Add(new RoleAssignment
        {
            UserId = user.Id,
            Role = role,
            CountryId = countryId,
            AssessmentId = assessmentId,
            InstitutionId = institutionId,
            GrantedAt = now,
        });
        db.Audit.Add(new AuditEntry
        {
            At = now,
            Actor = "demo",
            Action = "user.role_granted",
            EntityType = "user",
            EntityId = user.Id.ToString(CultureInfo.InvariantCulture),
            AssessmentId = assessmentId,
            After = JsonSerializer.Serialize(new { email = user.Email, role = role.ToCode(), countryId, assessmentId, institutionId }),
        });
    }

    // Generated cities cycle through the stages in which answers exist, so that lists, filters and
    // gates have every stage to work with.
    private static readonly Stage[] SyntheticStages =
    [
        Stage.DataCollection, Stage.Validation, Stage.Drafting, Stage.GovernmentReview, Stage.Approved, Stage.Published, Stage.FollowUp,
    ];

    private static readonly string[] NotApplicableCandidates = ["D6-12", "D6-11", "D5-09", "D5-11", "D4-13"];

    /// A generated city: names drawn from the pools of `valdoria.json`, numbers and dates from a
    /// generator seeded with the city's number, so city 17 is the same on every run.
    private static CityData SyntheticCity(DemoWorld world, int n)
    {
        var rng = new Random(10_000 + n);
        var name = string.Create(CultureInfo.InvariantCulture, $"{SyntheticPrefix}{n:000}");
        var y1 = 2019 + rng.Next(0, 3);
        var y2 = y1 + 1 + rng.Next(0, 2);
        var planStart = y1 - rng.Next(0, 2);
        string Num(int value) => value.ToString(CultureInfo.InvariantCulture);
        var vars = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["n1"] = Json(Num(rng.Next(2, 40))),
            ["n2"] = Json(Num(rng.Next(10, 200))),
            ["n3"] = Json(Num(rng.Next(2, 40))),
            ["n4"] = Json(Num(rng.Next(2, 90))),
            ["n5"] = Json(Num(rng.Next(2, 60))),
            ["y1"] = Json(Num(y1)),
            ["y2"] = Json(Num(y2)),
            ["planStart"] = Json(Num(planStart)),
            ["planEnd"] = Json(Num(planStart + 4)),
            ["budgetYear"] = Json(Num(y2 + 1)),
            ["budgetOn"] = Json(Num(y2) + "-12-12"),
            ["officeActOn"] = Json(Num(y1) + "-06-10"),
            ["mobilityPlanOn"] = Json(Num(y2) + "-09-15"),
        };
        foreach (var (key, pool) in world.Synthetic.Vars)
        {
            var pick = pool[rng.Next(pool.Count)];
            vars[key] = JsonSerializer.SerializeToElement(pick);
        }

        var stage = SyntheticStages[n % SyntheticStages.Length];
        var day = new DateOnly(2023, 1, 2).AddDays(n * 5 % 540);
        var events = new List<EventData>();
        foreach (var s in Enum.GetValues<Stage>().Where(s => s <= stage))
        {
            events.Add(new EventData { To = s, At = day });
            day = day.AddDays(rng.Next(21, 50));
        }

        DateOnly DateOf(Stage s) => events.First(e => e.To == s).At;
        var minutes = world.Synthetic.Minutes;
        var workshops = new List<WorkshopData>
        {
            new() { Kind = WorkshopKind.Induction, Date = DateOf(Stage.Induction), Place = "Salón municipal de {city}", Attendance = rng.Next(15, 45),
                Institutions = ["mayor", "mobility", "social", "health", "education", "migration", "ngo"], Minutes = minutes },
        };
        if (stage > Stage.Validation)
        {
            workshops.Add(new()
            {
                Kind = WorkshopKind.Validation,
                Date = DateOf(Stage.Validation).AddDays(14),
                Place = "Salón municipal de {city}",
                Attendance = rng.Next(20, 50),
                Institutions = ["mayor", "council", "mobility", "social", "health", "education", "labour", "police", "migration", "ngo", "migrantorg"],
                Minutes = minutes
            });
        }

        if (stage >= Stage.Published)
        {
            workshops.Add(new()
            {
                Kind = WorkshopKind.Launch,
                Date = DateOf(Stage.Published).AddDays(14),
                Place = "Casa de la cultura de {city}",
                Attendance = rng.Next(40, 120),
                Institutions = ["mayor", "council", "mobility"],
                Minutes = minutes
            });
        }

        var notApplicable = NotApplicableCandidates.Where(_ => rng.NextDouble() < 0.3).ToList();
        var yes = 0.25 + rng.NextDouble() * 0.3;
        return new CityData
        {
            Key = name,
            Name = name,
            // Generated cities get their province from the caller (`CityPlace`), not by key.
            Province = "",
            Slug = string.Create(CultureInfo.InvariantCulture, $"synthetic-city-{n:000}"),
            Vars = vars,
            Rounds =
            [
                new RoundData
                {
                    Round = 1, Stage = stage, Seed = 20_000 + n, Yes = yes, Partial = 0.3, Unknown = rng.Next(0, 3),
                    NotApplicable = notApplicable, Context = world.Synthetic.Context, Events = events, Workshops = workshops,
                },
            ],
        };
    }

    private static JsonElement Json(string value) => JsonSerializer.SerializeToElement(value);
}
