using System.Text.Json;
using Faro.Catalogue;
using Faro.Data;
using Faro.Tests.Infrastructure;

namespace Faro.Tests.Cli;

public class CliTests
{
    [Theory, AllProviders]
    public async Task Migrate_ThenUserAdd_PrintsAGeneratedPassword(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var migrate = await FaroCli.RunAsync(db, "migrate");
        Assert.True(migrate.ExitCode == 0, migrate.Stderr);

        var add = await FaroCli.RunAsync(db, "user", "add", "--email", "admin@example.org", "--name", "Ada Admin", "--role", "admin");

        Assert.True(add.ExitCode == 0, add.Stderr);
        Assert.Matches(@"^user admin@example.org \(admin\) password: [a-z2-9]{4}(-[a-z2-9]{4}){4}\s*$", add.Stdout);
    }

    [Fact]
    public async Task UserAdd_ReadsThePasswordFromStdin_WhenAsked()
    {
        using var db = TestDatabase.Create(DatabaseProviders.Sqlite);
        var add = await FaroCli.RunWithInputAsync(db, "a-very-long-passphrase", "user", "add", "--email", "a@example.org", "--name", "A", "--role", "admin", "--password-stdin");
        Assert.True(add.ExitCode == 0, add.Stderr);
        Assert.DoesNotContain("password", add.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--role", "boss", "--role: 'boss' is not a role")]
    [InlineData("--role", "coordinator", "scope: coordinator needs --scope country:XX")]
    public async Task UserAdd_WithBadInput_FailsWithOneLineAndCreatesNobody(string option, string value, string message)
    {
        using var db = TestDatabase.Create(DatabaseProviders.Sqlite);
        var result = await FaroCli.RunAsync(db, "user", "add", "--email", "x@example.org", "--name", "X", option, value);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        var again = await FaroCli.RunAsync(db, "user", "add", "--email", "x@example.org", "--name", "X", "--role", "admin");
        Assert.Equal(0, again.ExitCode);
    }

    [Theory]
    [InlineData("es", null)]
    [InlineData(null, "es_PA.UTF-8")]
    public async Task Refusals_ArePrintedInSpanish_WhenFaroLangOrLangSaysSo(string? faroLang, string? lang)
    {
        using var db = TestDatabase.Create(DatabaseProviders.Sqlite);
        var result = await FaroCli.RunInLanguageAsync(db, new Dictionary<string, string?> { ["FARO_LANG"] = faroLang, ["LANG"] = lang },
            "user", "add", "--email", "x@example.org", "--name", "X", "--role", "coordinator");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("faro: scope: coordinator necesita --scope country:XX", result.Stderr.Trim());
    }

    /// What a verb reports on success follows the language too; codes (statuses) stay codes.
    [Fact]
    public async Task SuccessLines_ArePrintedInSpanish_WhenLangSaysSo()
    {
        using var db = TestDatabase.Create(DatabaseProviders.Sqlite);
        var spanish = new Dictionary<string, string?> { ["FARO_LANG"] = null, ["LANG"] = "es_PA.UTF-8" };
        var migrate = await FaroCli.RunInLanguageAsync(db, spanish, "migrate");
        Assert.True(migrate.ExitCode == 0, migrate.Stderr);
        Assert.Equal("la base de datos está al día", migrate.Stdout.Trim());

        var list = await FaroCli.RunInLanguageAsync(db, spanish, "catalogue", "list");
        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Matches(@"^ +\d+  [a-z-]+@[0-9.]+  published  \d+ indicadores  0 evaluaciones", list.Stdout);
        Assert.DoesNotContain("indicators", list.Stdout, StringComparison.Ordinal);

        var create = await FaroCli.RunInLanguageAsync(db, spanish, "assessment", "create", "--country", "PA");
        Assert.True(create.ExitCode == 0, create.Stderr);
        Assert.StartsWith("creada la evaluación ", create.Stdout, StringComparison.Ordinal);
        var assessments = (await FaroCli.RunInLanguageAsync(db, spanish, "assessment", "list")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("  ID  ETAPA", assessments[0], StringComparison.Ordinal);
        Assert.EndsWith("Panamá (PA)", assessments[1].TrimEnd(), StringComparison.Ordinal);
        // The longer Spanish heading widens its column: the answered count ends under it.
        var heading = assessments[0].IndexOf("RESPONDIDOS", StringComparison.Ordinal);
        Assert.Equal('/', assessments[1][heading + "RESPONDIDOS".Length - 5]);
    }

    [Theory]
    [InlineData("en", "faro: Faro:Database:Provider: must be 'sqlite' or 'postgres', not 'mysql'.")]
    [InlineData("es", "faro: Faro:Database:Provider: debe ser 'sqlite' o 'postgres', no 'mysql'.")]
    public async Task AnUnknownDatabaseProvider_IsNamedInOneLine_InTheUsersLanguage(string lang, string expected)
    {
        using var db = TestDatabase.Create(DatabaseProviders.Sqlite);
        var result = await FaroCli.RunInLanguageAsync(db, new Dictionary<string, string?> { ["FARO_LANG"] = lang, ["Faro__Database__Provider"] = "mysql" }, "migrate");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(expected, result.Stderr.Trim());
        Assert.Empty(result.Stdout.Trim());
    }

    [Fact]
    public async Task FaroLang_GoesBeforeLang()
    {
        using var db = TestDatabase.Create(DatabaseProviders.Sqlite);
        var result = await FaroCli.RunInLanguageAsync(db, new Dictionary<string, string?> { ["FARO_LANG"] = "en", ["LANG"] = "es_ES.UTF-8" },
            "user", "add", "--email", "x@example.org", "--name", "X", "--role", "boss");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("faro: --role: 'boss' is not a role", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogueExport_ThenImportOfAChangedVersion_Works_AndTheSameVersionIsRefused()
    {
        using var db = TestDatabase.Create(DatabaseProviders.Sqlite);
        var file = Path.Combine(db.Options.DataDirectory, "catalogue.json");
        // Without --catalogue the export is the newest published version.
        var export = await FaroCli.RunAsync(db, "catalogue", "export", "--format", "json", "-o", file);
        Assert.True(export.ExitCode == 0, export.Stderr);

        var same = await FaroCli.RunAsync(db, "catalogue", "import", file);
        Assert.Equal(2, same.ExitCode);
        Assert.Contains("version: Catalogue faro-local version 2025.2 already exists", same.Stderr, StringComparison.Ordinal);

        var parsed = JsonSerializer.Deserialize<CatalogueFile>(await File.ReadAllTextAsync(file), CatalogueFile.JsonOptions)!;
        parsed.Version = "2026.1";
        parsed.PreviousVersion = "2025.2";
        // Its crosswalk maps from 2025.1; the new version's starts empty (nothing changed from 2025.2).
        parsed.Crosswalk = null;
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(parsed, CatalogueFile.JsonOptions));
        var import = await FaroCli.RunAsync(db, "catalogue", "import", file);
        Assert.True(import.ExitCode == 0, import.Stderr);
        Assert.StartsWith("imported catalogue faro-local 2026.1", import.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogueImport_OfBrokenJson_NamesLineAndPosition()
    {
        using var db = TestDatabase.Create(DatabaseProviders.Sqlite);
        var file = Path.Combine(db.Options.DataDirectory, "bad.json");
        await File.WriteAllTextAsync(file, "{\n \"code\": \"x\",\n \"version\": }");
        var result = await FaroCli.RunAsync(db, "catalogue", "import", file);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("faro: bad.json:3:", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackupFromSqlite_RestoreIntoPostgres_ThroughTheCli()
    {
        using var sqlite = TestDatabase.Create(DatabaseProviders.Sqlite);
        await using (var core = CoreServices.For(sqlite))
        {
            await core.Run<Faro.Operations.MigrationRunner>(m => m.MigrateAsync());
            await core.Db(async db => await TestData.CityAssessmentAsync(db, await TestData.CountryAsync(db), "Ciudad Cli", answered: 12));
        }

        var archive = Path.Combine(sqlite.Options.DataDirectory, "faro-backup.zip");
        var backup = await FaroCli.RunAsync(sqlite, "backup", "-o", archive);
        Assert.True(backup.ExitCode == 0, backup.Stderr);

        using var postgres = TestDatabase.Create(DatabaseProviders.Postgres);
        var restore = await FaroCli.RunAsync(postgres, "restore", archive);
        Assert.True(restore.ExitCode == 0, restore.Stderr);

        var list = await FaroCli.RunAsync(postgres, "assessment", "list");
        Assert.Contains("Ciudad Cli (XT) [fictional]", list.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"data-collection\s+local\s+1\s+12/88", list.Stdout);

        var twice = await FaroCli.RunAsync(postgres, "restore", archive);
        Assert.Equal(2, twice.ExitCode);
        Assert.Contains("restore only into a new, empty database", twice.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownVerb_ExitsNonZero()
    {
        using var db = TestDatabase.Create(DatabaseProviders.Sqlite);
        var result = await FaroCli.RunAsync(db, "frobnicate");
        Assert.NotEqual(0, result.ExitCode);
    }
}
