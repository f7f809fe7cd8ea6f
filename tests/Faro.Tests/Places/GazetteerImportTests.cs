using System.Text;
using Faro.Data;
using Faro.People;
using Faro.Places;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Places;

public class GazetteerImportTests
{
    private const string Panama =
        "ADM0_ES,ADM0_PCODE,ADM1_ES,ADM1_EN,ADM1_PCODE,ADM2_ES,ADM2_PCODE\n" +
        "Panamá,PA,Panamá Oeste,West Panama,PA13,La Chorrera,PA1301\n" +
        "Panamá,PA,Panamá Oeste,West Panama,PA13,Arraiján,PA1302\n" +
        "Panamá,PA,Coclé,Cocle,PA02,\"Antón, distrito\",PA0201\n";

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static Task<int> CountAsync(CoreServices core) => core.Db(db => db.Jurisdictions.CountAsync());

    [Theory, AllProviders]
    public async Task Preview_ThenApply_AddsUnitsWithParents_AndASecondEditionChangesOnlyWhatChanged(string provider)
    {
        await using var core = await CoreServices.StartAsync(provider);
        var actor = Actor.System("test");

        var preview = await core.Run<GazetteerImport, GazetteerPreview>(g => g.PreviewAsync(actor, "PA", Utf8(Panama)));
        Assert.Empty(preview.Errors);
        Assert.Equal((5, 0, 0), (preview.Added, preview.Changed, preview.Unchanged));
        Assert.Equal(0, await CountAsync(core));

        await core.Run<GazetteerImport, GazetteerPreview>(g => g.ApplyAsync(actor, "PA", Utf8(Panama)));
        var chorrera = await core.Db(db => db.Jurisdictions.Include(j => j.Parent).SingleAsync(j => j.Code == "PA1301"));
        Assert.Equal(("La Chorrera", 2, "P-code", "PA13", "West Panama"), (chorrera.Name, chorrera.AdminLevel, chorrera.CodeSystem, chorrera.Parent!.Code, chorrera.Parent.NameEn));
        Assert.Equal("Antón, distrito", await core.Db(db => db.Jurisdictions.Where(j => j.Code == "PA0201").Select(j => j.Name).SingleAsync()));
        var ids = await core.Db(db => db.Jurisdictions.ToDictionaryAsync(j => j.Code!, j => j.Id));

        var second = Panama.Replace("Arraiján,PA1302", "Arraiján (distrito),PA1302", StringComparison.Ordinal) + "Panamá,PA,Coclé,Cocle,PA02,Penonomé,PA0202\n";
        var again = await core.Run<GazetteerImport, GazetteerPreview>(g => g.ApplyAsync(actor, "PA", Utf8(second)));
        Assert.Equal((1, 1, 4), (again.Added, again.Changed, again.Unchanged));
        var after = await core.Db(db => db.Jurisdictions.ToDictionaryAsync(j => j.Code!, j => j.Id));
        Assert.All(ids, kv => Assert.Equal(kv.Value, after[kv.Key]));
        Assert.True(await core.Db(db => db.Audit.AnyAsync(a => a.Action == "gazetteer.import")));
    }

    public static TheoryData<string, string, string, string, string> BadFiles => new()
    {
        { DatabaseProviders.Sqlite, Panama + "Panamá,PA,Coclé,Cocle,PA02,,PA0203\n", "5:ADM2_ES", "Row 5, column ADM2_ES: a name is required.", "Fila 5, columna ADM2_ES: el nombre es obligatorio." },
        { DatabaseProviders.Postgres, Panama + "Panamá,PA,Coclé,Cocle,PA02,Otra,PA0201\n", "5:ADM2_PCODE", "Row 5, column ADM2_PCODE: the P-code PA0201 is already on row 4.", "Fila 5, columna ADM2_PCODE: el P-code PA0201 ya está en la fila 4." },
        { DatabaseProviders.Sqlite, Panama + "Panamá,PA,,,PA09,Santiago,PA0901\n", "5:ADM1_ES", "Row 5, column ADM1_ES: unknown parent PA09: give its name or import it first.", "Fila 5, columna ADM1_ES: unidad superior PA09 desconocida: indique su nombre o impórtela antes." },
        { DatabaseProviders.Postgres, Panama + "Panamá,PA,,,PA09,Santiago,PA0901\n", "5:ADM1_ES", "Row 5, column ADM1_ES: unknown parent PA09: give its name or import it first.", "Fila 5, columna ADM1_ES: unidad superior PA09 desconocida: indique su nombre o impórtela antes." },
        { DatabaseProviders.Sqlite, Panama + "Colombia,CO,Antioquia,,CO05,Medellín,CO05001\n", "5:ADM0_PCODE", "Row 5, column ADM0_PCODE: CO is not PA.", "Fila 5, columna ADM0_PCODE: CO no es PA." },
    };

    [Theory, MemberData(nameof(BadFiles))]
    public async Task ABadRow_IsRefusedWithRowAndColumn_InBothLanguages_AndNothingChanges(string provider, string csv, string location, string en, string es)
    {
        await using var core = await CoreServices.StartAsync(provider);
        var actor = Actor.System("test");
        var preview = await core.Run<GazetteerImport, GazetteerPreview>(g => g.PreviewAsync(actor, "PA", Utf8(csv)));
        var error = Assert.Single(preview.Errors);
        Assert.Equal((location, en, es), (error.Location, error.Message.En, error.Message.Es));

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => core.Run<GazetteerImport, GazetteerPreview>(g => g.ApplyAsync(actor, "PA", Utf8(csv))));
        Assert.Equal("gazetteer.invalid", refused.Code);
        Assert.Equal(0, await CountAsync(core));
    }

    [Theory, AllProviders]
    public async Task AFileNotInUtf8_IsRefusedNamingTheRowAndColumn_AndNothingChanges(string provider)
    {
        await using var core = await CoreServices.StartAsync(provider);
        var latin1 = Encoding.Latin1.GetBytes(Panama);
        var refused = await Assert.ThrowsAsync<InputRejectedException>(() =>
            core.Run<GazetteerImport, GazetteerPreview>(g => g.ApplyAsync(Actor.System("test"), "PA", latin1)));
        var error = Assert.Single(refused.Errors);
        Assert.Equal("gazetteer.encoding", error.Code);
        Assert.Equal(("2:ADM0_ES", "Row 2, column ADM0_ES: the file is not UTF-8 (save it as \"CSV UTF-8\")."), (error.Location, error.Message.En));
        Assert.StartsWith("Fila 2, columna ADM0_ES: el archivo no está en UTF-8", error.Message.Es, StringComparison.Ordinal);

        // One row pasted from a Latin-1 file, its accent after a quoted comma: row 5, the sixth column.
        var mixed = Utf8(Panama).Concat(Encoding.Latin1.GetBytes("Panama,PA,Panama Oeste,West Panama,PA13,\"Capira, Ñ\",PA1303\n")).ToArray();
        var preview = await core.Run<GazetteerImport, GazetteerPreview>(g => g.PreviewAsync(Actor.System("test"), "PA", mixed));
        Assert.Equal("5:ADM2_ES", Assert.Single(preview.Errors).Location);
        Assert.Equal(0, await CountAsync(core));
    }

    [Theory, AllProviders]
    public async Task ACodeTypedByHandUnderAnotherSystem_IsAConflict_AndCaseDoesNotMakeANewPlace(string provider)
    {
        await using var core = await CoreServices.StartAsync(provider);
        var actor = Actor.System("test");
        await core.Run<GazetteerImport, GazetteerPreview>(g => g.ApplyAsync(actor, "PA", Utf8(Panama)));
        var before = await CountAsync(core);

        // The same file with its codes in lower case is the same places, unchanged.
        var lower = await core.Run<GazetteerImport, GazetteerPreview>(g => g.PreviewAsync(actor, "PA", Utf8(Panama.Replace("PA1301", "pa1301", StringComparison.Ordinal))));
        Assert.Empty(lower.Errors);
        Assert.Equal(0, lower.Added);

        // A national code entered by hand is never merged with, nor duplicated by, a P-code.
        await core.Db(async db =>
        {
            var country = await db.Countries.SingleAsync(c => c.Iso2 == "PA");
            db.Jurisdictions.Add(new Jurisdiction { CountryId = country.Id, Name = "Capira", AdminLevel = 2, Code = "PA1303", CodeSystem = "national" });
            await db.SaveChangesAsync();
        });
        var csv = Panama + "Panamá,PA,Panamá Oeste,West Panama,PA13,Capira,pa1303\n";
        var preview = await core.Run<GazetteerImport, GazetteerPreview>(g => g.PreviewAsync(actor, "PA", Utf8(csv)));
        var error = Assert.Single(preview.Errors);
        Assert.Equal(("5:ADM2_PCODE", "gazetteer.code_taken"), (error.Location, error.Code));
        Assert.Equal("Fila 5, columna ADM2_PCODE: el código pa1303 ya lo usa Capira como código national; cambie antes el código de ese lugar.", error.Message.Es);
        await Assert.ThrowsAsync<InputRejectedException>(() => core.Run<GazetteerImport, GazetteerPreview>(g => g.ApplyAsync(actor, "PA", Utf8(csv))));
        Assert.Equal(before + 1, await CountAsync(core));
    }

    [Fact]
    public async Task ACoordinatorOfAnotherCountry_MayNotImport()
    {
        await using var core = await CoreServices.StartAsync(DatabaseProviders.Sqlite);
        var colombia = await core.Db(db => db.Countries.Where(c => c.Iso2 == "CO").Select(c => c.Id).SingleAsync());
        var actor = new Actor(42, "coordinator", [new RoleAssignment { UserId = 42, Role = Role.Coordinator, CountryId = colombia }], null);
        var refused = await Assert.ThrowsAsync<RefusedException>(() => core.Run<GazetteerImport, GazetteerPreview>(g => g.PreviewAsync(actor, "PA", Utf8(Panama))));
        Assert.Equal(RefusalKind.Forbidden, refused.Kind);
    }

    [Fact]
    public async Task TheCli_DryRunChangesNothing_ThenImports()
    {
        using var db = TestDatabase.Create(DatabaseProviders.Sqlite);
        var file = Path.Combine(db.Options.DataDirectory, "pa-adm2.csv");
        await File.WriteAllTextAsync(file, Panama);

        var dry = await FaroCli.RunAsync(db, "places", "import", "--country", "PA", file, "--dry-run");
        Assert.True(dry.ExitCode == 0, dry.Stderr);
        Assert.Contains("PA: would add 5, changed 0, unchanged 0", dry.Stdout, StringComparison.Ordinal);
        var real = await FaroCli.RunAsync(db, "places", "import", "--country", "PA", file);
        Assert.True(real.ExitCode == 0, real.Stderr);
        Assert.Contains("PA: added 5, changed 0, unchanged 0", real.Stdout, StringComparison.Ordinal);

        await File.WriteAllBytesAsync(file, Encoding.Latin1.GetBytes(Panama));
        var bad = await FaroCli.RunAsync(db, "places", "import", "--country", "PA", file);
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("faro: pa-adm2.csv: Row 2, column ADM0_ES: the file is not UTF-8 (save it as \"CSV UTF-8\").", bad.Stderr.Trim());
    }
}
