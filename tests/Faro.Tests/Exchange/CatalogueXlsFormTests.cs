using System.Text.Json;
using Faro.Catalogue;
using Faro.Exchange;
using Faro.Tests.Infrastructure;

namespace Faro.Tests.Exchange;

/// The catalogue as an XLSForm-style workbook, through the CLI as an administrator would use it.
public sealed class CatalogueXlsFormTests
{
    /// The catalogue's JSON without what the test changed on purpose (its version).
    private static string Comparable(string json)
    {
        var file = JsonSerializer.Deserialize<CatalogueFile>(json, CatalogueFile.JsonOptions)!;
        file.Version = null;
        file.PreviousVersion = null;
        return JsonSerializer.Serialize(file, CatalogueFile.JsonOptions);
    }

    [Theory, AllProviders]
    public async Task SeedCatalogue_ExportedAsXlsx_WithANewVersion_ImportsWithEveryTextTheSame(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var xlsx = Path.Combine(db.Options.DataDirectory, "catalogue.xlsx");
        var export = await FaroCli.RunAsync(db, "catalogue", "export", "--format", "xlsx", "-o", xlsx, "--catalogue", "faro-local@2025.1");
        Assert.True(export.ExitCode == 0, export.Stderr);

        // The same version again is refused by the catalogue's own rules, and says where.
        var same = await FaroCli.RunAsync(db, "catalogue", "import", xlsx);
        Assert.Equal(2, same.ExitCode);
        Assert.Contains("already exists", same.Stderr, StringComparison.Ordinal);

        var edited = Workbooks.Edit(await File.ReadAllBytesAsync(xlsx), d =>
        {
            Workbooks.Set(d, CatalogueXlsForm.Settings, "C2", "2026.1");
            Workbooks.Set(d, CatalogueXlsForm.Settings, "F2", "2025.1");
        });
        await File.WriteAllBytesAsync(xlsx, edited);
        var import = await FaroCli.RunAsync(db, "catalogue", "import", xlsx);
        Assert.True(import.ExitCode == 0, import.Stderr);
        Assert.StartsWith("imported catalogue faro-local 2026.1", import.Stdout, StringComparison.Ordinal);

        var before = Path.Combine(db.Options.DataDirectory, "before.json");
        var after = Path.Combine(db.Options.DataDirectory, "after.json");
        Assert.Equal(0, (await FaroCli.RunAsync(db, "catalogue", "export", "-o", before, "--catalogue", "faro-local@2025.1")).ExitCode);
        Assert.Equal(0, (await FaroCli.RunAsync(db, "catalogue", "export", "-o", after, "--catalogue", "faro-local@2026.1")).ExitCode);
        var original = await File.ReadAllTextAsync(before);
        Assert.Contains("2025.1", original, StringComparison.Ordinal);
        Assert.Equal(Comparable(original), Comparable(await File.ReadAllTextAsync(after)));
    }

    [Fact]
    public void Workbook_HasTheXlsFormSheetsAndLanguageColumns()
    {
        var xlsx = CatalogueXlsForm.Write(CatalogueService.ReadSeedFile());
        var (sheets, issues) = Xlsx.Read(new MemoryStream(xlsx), "file");
        Assert.Empty(issues);
        var survey = sheets[CatalogueXlsForm.Survey];
        var header = Enumerable.Range(1, survey.LastColumn(1)).Select(c => survey.Cell(1, c)).ToList();
        Assert.Contains("label::English (en)", header);
        Assert.Contains("label::Español (es)", header);
        Assert.Contains("hint::English (en)", header);
        Assert.Contains("hint::Español (es)", header);
        var settings = sheets[CatalogueXlsForm.Settings];
        Assert.Equal("default_language", settings.Cell(1, 4));
        Assert.Equal("English (en)", settings.Cell(2, 4));
        Assert.Equal("list_name", sheets[CatalogueXlsForm.Choices].Cell(1, 1));
        Assert.Equal(88, survey.Rows.Values.Count(r => r.TryGetValue(1, out var t) && t == "select_one status"));
    }

    [Fact]
    public void HostileOrWrongWorkbooks_AreRefused_WithTheirPlace()
    {
        var good = CatalogueXlsForm.Write(CatalogueService.ReadSeedFile());
        InputRejectedException Refused(byte[] file) => Assert.Throws<InputRejectedException>(() => CatalogueXlsForm.Read(file));

        var formula = Refused(Workbooks.Edit(good, d => Workbooks.Set(d, CatalogueXlsForm.Survey, "C4", "1+1", formula: true)));
        Assert.Contains(formula.Errors, e => e.Location == "survey!C4" && e.Code == "import.formula");

        var unknown = Refused(Workbooks.Edit(good, d => Workbooks.Set(d, CatalogueXlsForm.Survey, "Z1", "relevant")));
        Assert.Contains(unknown.Errors, e => e.Location == "survey!Z1" && e.Code == "catalogue.unknown_column");

        var badType = Refused(Workbooks.Edit(good, d => Workbooks.Set(d, CatalogueXlsForm.Survey, "A4", "integer")));
        Assert.Contains(badType.Errors, e => e.Location == "survey!A4" && e.Code == "catalogue.bad_row" && e.Message.Es!.Contains("no se espera", StringComparison.Ordinal));

        Assert.Contains(Refused(Workbooks.ZipBomb()).Errors, e => e.Code == "import.too_large_uncompressed");
        Assert.Contains(Refused([.. "PK\u0003\u0004broken"u8]).Errors, e => e.Code == "import.corrupt");
    }
}
