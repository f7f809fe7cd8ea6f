using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Faro.Exchange;

/// One sheet to write: rows of text cells (never formulas), the first row a header.
public sealed class XlsxSheet(string name)
{
    public string Name { get; } = name;
    public List<string?[]> Rows { get; } = [];
    /// Columns (0-based) a person fills in: left unlocked when the sheet is protected.
    public HashSet<int> Editable { get; } = [];
    public bool Protect { get; init; }
    public bool Header { get; init; } = true;
    public List<(int Column, IReadOnlyList<string> Choices)> Lists { get; } = [];
    public Dictionary<int, double> Widths { get; } = [];
}

/// A sheet as read: cell text by row and column (both 1-based).
public sealed class XlsxGrid(string name)
{
    public string Name { get; } = name;
    public SortedDictionary<int, Dictionary<int, string>> Rows { get; } = [];

    public string? Cell(int row, int column) =>
        Rows.TryGetValue(row, out var cells) && cells.TryGetValue(column, out var text) ? text : null;

    public int LastColumn(int row) => Rows.TryGetValue(row, out var cells) && cells.Count > 0 ? cells.Keys.Max() : 0;
}

/// Writes and reads workbooks through the OpenXML SDK. Every written cell is a string; a text
/// that a spreadsheet would take for a formula (= + - @) gets the quote-prefix style, so it is
/// shown and stays text when edited, while its value stays exactly what Faro stored.
public static class Xlsx
{
    private const uint StyleHeader = 1, StyleLocked = 2, StyleLockedQuoted = 3, StyleOpen = 4, StyleOpenQuoted = 5;

    public static bool LooksLikeFormula(string? text) => text is { Length: > 0 } && text[0] is '=' or '+' or '-' or '@';

    public static byte[] Write(IEnumerable<XlsxSheet> sheets)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var sheetList = workbookPart.Workbook.AppendChild(new Sheets());
            uint sheetId = 1;
            foreach (var sheet in sheets)
            {
                var part = workbookPart.AddNewPart<WorksheetPart>();
                part.Worksheet = Worksheet(sheet);
                sheetList.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = sheetId++, Name = sheet.Name });
            }
        }

        return stream.ToArray();
    }

    private static Worksheet Worksheet(XlsxSheet sheet)
    {
        var worksheet = new Worksheet();
        if (sheet.Header)
        {
            worksheet.Append(new SheetViews(new SheetView(new Pane
            {
                VerticalSplit = 1,
                TopLeftCell = "A2",
                ActivePane = PaneValues.BottomLeft,
                State = PaneStateValues.Frozen,
            })
            { WorkbookViewId = 0 }));
        }

        if (sheet.Widths.Count > 0)
        {
            var columns = new Columns();
            foreach (var (index, width) in sheet.Widths.OrderBy(w => w.Key))
            {
                columns.Append(new Column { Min = (uint)index + 1, Max = (uint)index + 1, Width = width, CustomWidth = true });
            }

            worksheet.Append(columns);
        }

        var data = new SheetData();
        for (var r = 0; r < sheet.Rows.Count; r++)
        {
            var row = new Row { RowIndex = (uint)r + 1 };
            var values = sheet.Rows[r];
            for (var c = 0; c < values.Length; c++)
            {
                if (values[c] is not { } text)
                {
                    // An editable empty cell is still written so that it is unlocked.
                    if (sheet.Protect && r > 0 && sheet.Editable.Contains(c))
                    {
                        row.Append(new Cell { CellReference = Reference(c + 1, r + 1), StyleIndex = StyleOpen });
                    }

                    continue;
                }

                var header = sheet.Header && r == 0;
                var open = !header && sheet.Editable.Contains(c);
                var quoted = LooksLikeFormula(text);
                row.Append(new Cell
                {
                    CellReference = Reference(c + 1, r + 1),
                    DataType = CellValues.InlineString,
                    InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }),
                    StyleIndex = header ? StyleHeader : open ? (quoted ? StyleOpenQuoted : StyleOpen) : (quoted ? StyleLockedQuoted : StyleLocked),
                });
            }

            data.Append(row);
        }

        worksheet.Append(data);
        if (sheet.Protect)
        {
            worksheet.Append(new SheetProtection { Sheet = true, Objects = true, Scenarios = true, FormatColumns = false, FormatRows = false });
        }

        if (sheet.Lists.Count > 0 && sheet.Rows.Count > 1)
        {
            var validations = new DataValidations();
            foreach (var (column, choices) in sheet.Lists)
            {
                var letter = ColumnLetter(column + 1);
                validations.Append(new DataValidation(new Formula1("\"" + string.Join(",", choices) + "\""))
                {
                    Type = DataValidationValues.List,
                    AllowBlank = true,
                    ShowErrorMessage = true,
                    ShowDropDown = false,
                    SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{letter}2:{letter}{sheet.Rows.Count}" },
                });
            }

            validations.Count = (uint)validations.ChildElements.Count;
            worksheet.Append(validations);
        }

        return worksheet;
    }

    private static Stylesheet Stylesheet()
    {
        static CellFormat Format(uint font, bool locked, bool quoted) => new(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top },
            new Protection { Locked = locked })
        {
            FontId = font,
            FillId = 0,
            BorderId = 0,
            ApplyAlignment = true,
            ApplyProtection = true,
            QuotePrefix = quoted ? true : null,
        };

        return new Stylesheet(
            new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border()) { Count = 1 },
            new CellFormats(new CellFormat(), Format(1, true, false), Format(0, true, false), Format(0, true, true), Format(0, false, false), Format(0, false, true)) { Count = 6 });
    }

    /// Reads every sheet of a measured package (see SafePackage). Formulas and merged cells are
    /// refused where they are: a formula's value is whatever the last program computed, and a
    /// merged range hides which row a value belongs to.
    public static (IReadOnlyDictionary<string, XlsxGrid> Sheets, IReadOnlyList<ImportIssue> Issues) Read(Stream package, string fileLabel)
    {
        var grids = new Dictionary<string, XlsxGrid>(StringComparer.Ordinal);
        var issues = new List<ImportIssue>();
        try
        {
            using var document = SpreadsheetDocument.Open(package, false);
            var workbookPart = document.WorkbookPart;
            if (workbookPart?.Workbook?.Sheets is not { } sheets)
            {
                return (grids, [SafePackage.Corrupt(fileLabel)]);
            }

            var shared = workbookPart.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
            foreach (var sheet in sheets.Elements<Sheet>())
            {
                var name = sheet.Name?.Value ?? "";
                if (sheet.Id?.Value is not { } rid || workbookPart.GetPartById(rid) is not WorksheetPart part)
                {
                    continue;
                }

                var grid = new XlsxGrid(name);
                grids[name] = grid;
                var worksheet = part.Worksheet;
                foreach (var merge in worksheet.Descendants<MergeCell>())
                {
                    issues.Add(new ImportIssue(name, null, merge.Reference?.Value, "import.merged_cells", merge.Reference?.Value));
                }

                foreach (var cell in worksheet.Descendants<Cell>())
                {
                    var (column, row) = ParseReference(cell.CellReference?.Value);
                    if (row == 0)
                    {
                        continue;
                    }

                    if (cell.CellFormula is not null)
                    {
                        issues.Add(new ImportIssue(name, row, ColumnLetter(column), "import.formula"));
                        continue;
                    }

                    string? text;
                    if (cell.DataType?.Value == CellValues.SharedString)
                    {
                        text = int.TryParse(cell.CellValue?.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < shared.Count
                            ? shared[index] : null;
                    }
                    else if (cell.DataType?.Value == CellValues.InlineString)
                    {
                        text = cell.InlineString?.InnerText;
                    }
                    else
                    {
                        text = cell.CellValue?.Text;
                    }

                    if (!string.IsNullOrEmpty(text))
                    {
                        if (!grid.Rows.TryGetValue(row, out var cells))
                        {
                            grid.Rows[row] = cells = [];
                        }

                        cells[column] = text;
                    }
                }
            }
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or IOException or System.Xml.XmlException
            or InvalidOperationException or FormatException)
        {
            return (grids, [SafePackage.Corrupt(fileLabel)]);
        }

        return (grids, issues);
    }

    public static string Reference(int column, int row) => ColumnLetter(column) + row.ToString(CultureInfo.InvariantCulture);

    public static string ColumnLetter(int column)
    {
        var letters = "";
        while (column > 0)
        {
            var rem = (column - 1) % 26;
            letters = (char)('A' + rem) + letters;
            column = (column - 1) / 26;
        }

        return letters;
    }

    public static (int Column, int Row) ParseReference(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return (0, 0);
        }

        var column = 0;
        var i = 0;
        while (i < reference.Length && char.IsAsciiLetter(reference[i]))
        {
            column = (column * 26) + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
            i++;
        }

        return int.TryParse(reference.AsSpan(i), NumberStyles.None, CultureInfo.InvariantCulture, out var row) ? (column, row) : (0, 0);
    }
}
