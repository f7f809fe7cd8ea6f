using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Faro.Exchange;

namespace Faro.Tests.Exchange;

/// Edits an exported workbook the way a person in a spreadsheet program would (a cell typed, a
/// sheet renamed, cells merged, a formula entered), for the round-trip and hostile-file tests.
public static class Workbooks
{
    public static byte[] Edit(byte[] workbook, Action<SpreadsheetDocument> change)
    {
        using var stream = new MemoryStream();
        stream.Write(workbook);
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            change(document);
        }

        return stream.ToArray();
    }

    public static Worksheet Sheet(SpreadsheetDocument document, string name)
    {
        var wb = document.WorkbookPart!;
        var sheet = wb.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        return ((WorksheetPart)wb.GetPartById(sheet.Id!)).Worksheet;
    }

    /// The row number of an indicator in the Questionnaire sheet.
    public static int RowOf(SpreadsheetDocument document, string code) =>
        (int)Sheet(document, QuestionnaireXlsx.QuestionnaireSheet).Descendants<Row>()
            .First(r => r.Elements<Cell>().Any(c => c.CellReference == $"A{r.RowIndex}" && c.InnerText == code)).RowIndex!.Value;

    public static void Set(SpreadsheetDocument document, string sheetName, string reference, string? text, bool formula = false)
    {
        var worksheet = Sheet(document, sheetName);
        var (column, rowNumber) = Xlsx.ParseReference(reference);
        var data = worksheet.GetFirstChild<SheetData>()!;
        var row = data.Elements<Row>().FirstOrDefault(r => r.RowIndex! == (uint)rowNumber);
        if (row is null)
        {
            row = new Row { RowIndex = (uint)rowNumber };
            data.Append(row);
        }

        var cell = row.Elements<Cell>().FirstOrDefault(c => c.CellReference == reference);
        if (cell is null)
        {
            cell = new Cell { CellReference = reference };
            var after = row.Elements<Cell>().LastOrDefault(c => Xlsx.ParseReference(c.CellReference).Column < column);
            if (after is null)
            {
                row.PrependChild(cell);
            }
            else
            {
                after.InsertAfterSelf(cell);
            }
        }

        cell.RemoveAllChildren();
        if (formula)
        {
            cell.DataType = CellValues.Number;
            cell.Append(new CellFormula(text!), new CellValue("2"));
        }
        else if (text is null)
        {
            cell.DataType = null;
        }
        else
        {
            cell.DataType = CellValues.InlineString;
            cell.Append(new InlineString(new Text(text)));
        }

        worksheet.Save();
    }

    public static string Column(string key, IReadOnlyList<string> langs) =>
        Xlsx.ColumnLetter(QuestionnaireXlsx.ColumnKeys(langs).ToList().IndexOf(key) + 1);

    /// A zip whose one entry claims nothing unusual but inflates to far more than the bound.
    public static byte[] ZipBomb()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 100; i++)
            {
                entry.Write(zeros);
            }
        }

        return stream.ToArray();
    }
}
