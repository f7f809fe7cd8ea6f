using System.Text;
using Faro.Audit;
using Faro.Data;
using Faro.People;
using Microsoft.EntityFrameworkCore;

namespace Faro.Places;

public enum GazetteerChange { Added, Changed, Unchanged }

public sealed record GazetteerUnit(int Row, int Level, string PCode, string Name, string? NameEn, string? ParentPCode, GazetteerChange Change);

/// What an import would do: the units added, changed and unchanged, or the errors by row and
/// column. Nothing is written while `Errors` is not empty.
public sealed record GazetteerPreview(string CountryIso2, IReadOnlyList<GazetteerUnit> Units, IReadOnlyList<InputError> Errors)
{
    public int Added => Units.Count(u => u.Change == GazetteerChange.Added);
    public int Changed => Units.Count(u => u.Change == GazetteerChange.Changed);
    public int Unchanged => Units.Count(u => u.Change == GazetteerChange.Unchanged);
}

/// Imports a country's administrative units from a CSV gazetteer in the shape of the humanitarian
/// Common Operational Datasets (one row per deepest unit, with `ADM1_ES`, `ADM1_PCODE`, `ADM2_ES`,
/// `ADM2_PCODE`, ... and optional `ADMn_EN`). Units are matched by P-code, so a newer edition of
/// the same gazetteer updates names and parents instead of duplicating places. Preview first,
/// then apply all or nothing.
public sealed class GazetteerImport(FaroDb db, AuditLog audit)
{
    public const string CodeSystem = "P-code";
    public const int MaxBytes = 8 * 1024 * 1024;
    private const int MaxLevel = 3;

    public async Task<GazetteerPreview> PreviewAsync(Actor actor, string countryIso2, byte[] content, CancellationToken ct = default)
    {
        var country = await AuthorizedCountryAsync(actor, countryIso2, ct);
        return await BuildAsync(country, content, ct);
    }

    /// Applies the import in one transaction; refuses (changing nothing) when the preview has errors.
    public async Task<GazetteerPreview> ApplyAsync(Actor actor, string countryIso2, byte[] content, CancellationToken ct = default)
    {
        var country = await AuthorizedCountryAsync(actor, countryIso2, ct);
        await using var tx = await db.BeginWriteAsync(ct);
        var preview = await BuildAsync(country, content, ct);
        if (preview.Errors.Count > 0)
        {
            throw new InputRejectedException("gazetteer.invalid", preview.Errors);
        }

        // Keyed as PlaceCodes compares codes; BuildAsync has refused codes held under another system.
        var existing = (await db.Jurisdictions.Where(j => j.CountryId == country.Id && j.CodeSystem == CodeSystem && j.Code != null).ToListAsync(ct))
            .ToDictionary(j => PlaceCodes.Key(j.Code!), StringComparer.Ordinal);
        foreach (var unit in preview.Units.Where(u => u.Change != GazetteerChange.Unchanged).OrderBy(u => u.Level))
        {
            var parent = unit.ParentPCode is null ? null : existing[PlaceCodes.Key(unit.ParentPCode)];
            if (!existing.TryGetValue(PlaceCodes.Key(unit.PCode), out var j))
            {
                j = new Jurisdiction { CountryId = country.Id, Name = unit.Name, Code = unit.PCode, CodeSystem = CodeSystem };
                db.Jurisdictions.Add(j);
                existing[PlaceCodes.Key(unit.PCode)] = j;
            }

            var before = unit.Change == GazetteerChange.Changed ? Snapshot(j) : null;
            j.Name = unit.Name;
            j.NameEn = unit.NameEn;
            j.AdminLevel = unit.Level;
            j.Parent = parent;
            j.IsActive = true;
            await db.SaveChangesAsync(ct);
            audit.Record(actor, unit.Change == GazetteerChange.Added ? "jurisdiction.import_add" : "jurisdiction.import_change",
                "jurisdiction", j.Id, null, before, Snapshot(j));
        }

        audit.Record(actor, "gazetteer.import", "country", country.Iso2, null, null,
            new { preview.Added, preview.Changed, preview.Unchanged });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return preview;
    }

    /// Refuses (unknown country, not a manager of it) before the caller's file is even read.
    public async Task RequireManagerAsync(Actor actor, string countryIso2, CancellationToken ct = default) =>
        await AuthorizedCountryAsync(actor, countryIso2, ct);

    private static object Snapshot(Jurisdiction j) => new { j.Name, j.NameEn, j.AdminLevel, j.Code, j.CodeSystem, ParentId = j.Parent?.Id ?? j.ParentId, j.IsActive };

    private async Task<Country> AuthorizedCountryAsync(Actor actor, string countryIso2, CancellationToken ct)
    {
        var iso2 = (countryIso2 ?? "").Trim().ToUpperInvariant();
        var country = await db.Countries.AsNoTracking().FirstOrDefaultAsync(c => c.Iso2 == iso2, ct);
        if (country is null)
        {
            throw new InputRejectedException("gazetteer.country", new InputError("country", "country.unknown", iso2));
        }

        Access.RequireCountryManager(actor, country.Id);
        return country;
    }

    private async Task<GazetteerPreview> BuildAsync(Country country, byte[] content, CancellationToken ct)
    {
        var errors = new List<InputError>();
        var table = ReadCsv(content, errors);
        if (table is null)
        {
            return new GazetteerPreview(country.Iso2, [], errors);
        }

        var (header, rows) = table.Value;
        var column = header.Select((name, i) => (name: name.Trim().ToUpperInvariant(), i)).GroupBy(x => x.name).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        foreach (var dup in header.Select(h => h.Trim().ToUpperInvariant()).GroupBy(h => h).Where(g => g.Count() > 1 && g.Key.StartsWith("ADM", StringComparison.Ordinal)))
        {
            errors.Add(Error(1, dup.Key, "gazetteer.duplicate_column"));
        }

        var levels = Enumerable.Range(1, MaxLevel).Where(l => column.ContainsKey($"ADM{l}_PCODE")).ToList();
        if (levels.Count == 0 || levels[0] != 1 || levels.Where((l, i) => l != i + 1).Any())
        {
            errors.Add(Error(1, "ADM1_PCODE", "gazetteer.no_levels"));
            return new GazetteerPreview(country.Iso2, [], errors);
        }

        foreach (var l in levels.Where(l => !column.ContainsKey($"ADM{l}_ES")))
        {
            errors.Add(Error(1, $"ADM{l}_ES", "gazetteer.missing_column"));
        }

        if (errors.Count > 0)
        {
            return new GazetteerPreview(country.Iso2, [], errors);
        }

        // Every coded place of the country: the P-coded ones are matched, a code held under another
        // system (a national code typed by hand) is a conflict the user must settle first.
        var holders = (await db.Jurisdictions.AsNoTracking().Where(j => j.CountryId == country.Id && j.Code != null)
            .Select(j => new { j.Code, j.CodeSystem, j.Name, j.NameEn, j.AdminLevel, ParentCode = j.Parent != null ? j.Parent.Code : null, j.IsActive })
            .ToListAsync(ct))
            .ToLookup(j => PlaceCodes.Key(j.Code!), StringComparer.Ordinal);
        var known = holders.Where(g => g.Any(j => j.CodeSystem == CodeSystem))
            .ToDictionary(g => g.Key, g => g.First(j => j.CodeSystem == CodeSystem), StringComparer.Ordinal);
        var units = new Dictionary<string, GazetteerUnit>(StringComparer.OrdinalIgnoreCase);
        var deepestRow = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var r = 0; r < rows.Count; r++)
        {
            var rowNumber = r + 2;
            var cells = rows[r];
            if (cells.Length != header.Length)
            {
                errors.Add(Error(rowNumber, null, "gazetteer.cell_count", cells.Length, header.Length));
                continue;
            }

            string? Cell(string name) => column.TryGetValue(name, out var i) && !string.IsNullOrWhiteSpace(cells[i]) ? cells[i].Trim() : null;
            if (Cell("ADM0_PCODE") is { } adm0 && !string.Equals(adm0, country.Iso2, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(adm0, country.Iso3, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(Error(rowNumber, "ADM0_PCODE", "gazetteer.other_country", adm0, country.Iso2));
                continue;
            }

            var deepest = levels.LastOrDefault(l => Cell($"ADM{l}_PCODE") is not null);
            if (deepest == 0)
            {
                errors.Add(Error(rowNumber, "ADM1_PCODE", "gazetteer.required"));
                continue;
            }

            string? parent = null;
            for (var l = 1; l <= deepest; l++)
            {
                var codeColumn = $"ADM{l}_PCODE";
                var code = Cell(codeColumn);
                if (code is null)
                {
                    errors.Add(Error(rowNumber, codeColumn, "gazetteer.required"));
                    break;
                }

                if (!PlaceCodes.IsWellFormed(code))
                {
                    errors.Add(Error(rowNumber, codeColumn, "gazetteer.bad_pcode", TextRules.Quote(code), PlaceCodes.MaxLength));
                    break;
                }

                if (holders[PlaceCodes.Key(code)].FirstOrDefault(j => j.CodeSystem != CodeSystem) is { } other)
                {
                    errors.Add(Error(rowNumber, codeColumn, "gazetteer.code_taken", code, other.Name, other.CodeSystem));
                    break;
                }

                var name = Cell($"ADM{l}_ES");
                var nameEn = Cell($"ADM{l}_EN");
                if (name is null)
                {
                    // A parent named in an earlier row or already in Faro may be given by its code alone.
                    if (l < deepest && (units.ContainsKey(code) || known.ContainsKey(PlaceCodes.Key(code))))
                    {
                        parent = code;
                        continue;
                    }

                    errors.Add(l < deepest
                        ? Error(rowNumber, $"ADM{l}_ES", "gazetteer.unknown_parent", code)
                        : Error(rowNumber, $"ADM{l}_ES", "gazetteer.required", new Phrase("refusal.gazetteer.name_required")));
                    break;
                }

                if (name.Length > 200 || (nameEn?.Length ?? 0) > 200)
                {
                    errors.Add(Error(rowNumber, $"ADM{l}_ES", "gazetteer.too_long"));
                    break;
                }

                var unit = new GazetteerUnit(rowNumber, l, code, name, nameEn, parent, GazetteerChange.Added);
                if (l == deepest && deepestRow.TryGetValue(code, out var firstRow))
                {
                    errors.Add(Error(rowNumber, codeColumn, "gazetteer.duplicate_pcode", code, firstRow));
                    break;
                }

                if (units.TryGetValue(code, out var seen))
                {
                    if (seen.Level != l || seen.ParentPCode != parent || seen.Name != name || (nameEn is not null && seen.NameEn != nameEn))
                    {
                        errors.Add(Error(rowNumber, codeColumn, "gazetteer.duplicate_pcode", new Phrase("refusal.gazetteer.duplicate_pcode.2", code, seen.Row)));
                        break;
                    }
                }
                else
                {
                    units[code] = unit;
                }

                if (l == deepest)
                {
                    deepestRow[code] = rowNumber;
                }

                parent = code;
            }
        }

        if (units.Count == 0 && errors.Count == 0)
        {
            errors.Add(Error(2, null, "gazetteer.empty"));
        }

        var result = units.Values.OrderBy(u => u.Row).ThenBy(u => u.Level).Select(u =>
        {
            if (!known.TryGetValue(PlaceCodes.Key(u.PCode), out var k))
            {
                return u;
            }

            var sameParent = string.Equals(k.ParentCode, u.ParentPCode, StringComparison.OrdinalIgnoreCase);
            var same = k.Name == u.Name && k.NameEn == u.NameEn && k.AdminLevel == u.Level && sameParent && k.IsActive;
            return u with { Change = same ? GazetteerChange.Unchanged : GazetteerChange.Changed };
        }).ToList();
        return new GazetteerPreview(country.Iso2, result, errors);
    }

    // The texts of `refusal.gazetteer.*` are the part after "Row 3, column pcode: ".
    private static InputError Error(int row, string? column, string code, params object?[] args) =>
        Error(row, column, code, new Phrase("refusal." + code, args));

    private static InputError Error(int row, string? column, string code, Phrase what) =>
        new(column is null ? $"{row}" : $"{row}:{column}", code, column is null
            ? new Phrase("refusal.gazetteer.at_row", row, what)
            : new Phrase("refusal.gazetteer.at_cell", row, column, what));

    /// Strict UTF-8 (a BOM is allowed), RFC 4180 quoting, comma or semicolon separated; control
    /// characters are refused. Returns null with the errors when the file cannot be read.
    private static (string[] Header, List<string[]> Rows)? ReadCsv(byte[] content, List<InputError> errors)
    {
        if (content.Length > MaxBytes)
        {
            errors.Add(new InputError("file", "gazetteer.too_large", MaxBytes / 1024 / 1024));
            return null;
        }

        var start = content.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(content, start, content.Length - start);
        }
        catch (DecoderFallbackException)
        {
            errors.Add(EncodingError(content, start));
            return null;
        }

        var lines = new List<(int Line, string[] Cells)>();
        var separator = DetectSeparator(text);
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var line = 1;
        var rowStart = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (char.IsControl(ch) && ch is not '\n' and not '\r' and not '\t')
            {
                errors.Add(new InputError($"{line}", "gazetteer.control", line, (int)ch));
                return null;
            }

            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }

                    cell.Append(ch);
                }
            }
            else if (ch == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (ch == separator)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else if (ch is '\n' or '\r')
            {
                if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                cells.Add(cell.ToString());
                cell.Clear();
                if (cells.Any(c => c.Length > 0))
                {
                    lines.Add((rowStart, cells.ToArray()));
                }

                cells.Clear();
                line++;
                rowStart = line;
            }
            else
            {
                cell.Append(ch);
            }
        }

        if (quoted)
        {
            errors.Add(new InputError($"{rowStart}", "gazetteer.quote", rowStart));
            return null;
        }

        cells.Add(cell.ToString());
        if (cells.Any(c => c.Length > 0))
        {
            lines.Add((rowStart, cells.ToArray()));
        }

        if (lines.Count == 0)
        {
            errors.Add(new InputError("1", "gazetteer.empty", new Phrase("refusal.gazetteer.empty.2")));
            return null;
        }

        // Rows are numbered as a spreadsheet shows them: the header is row 1.
        return (lines[0].Cells, lines.Skip(1).Select(l => l.Cells).ToList());
    }

    /// Names the row and column of the first byte that is not UTF-8, so the user can find the
    /// accent that broke (a file saved as Latin-1 or Windows-1252). Separators and quotes are ASCII,
    /// the same bytes in every such encoding, so the column is counted on the raw bytes and named
    /// from the header read leniently.
    private static InputError EncodingError(byte[] content, int start)
    {
        var bytes = content.AsSpan(start);
        var bad = 0;
        while (bad < bytes.Length && System.Buffers.OperationStatus.Done == Rune.DecodeFromUtf8(bytes[bad..], out _, out var used))
        {
            bad += used;
        }

        var lenient = new UTF8Encoding(false, false);
        var firstLineEnd = bytes.IndexOfAny((byte)'\r', (byte)'\n') is var e and >= 0 ? e : bytes.Length;
        var headerText = lenient.GetString(bytes[..firstLineEnd]);
        var separator = DetectSeparator(headerText);
        var header = headerText.Split(separator);
        int row = 1, cell = 0;
        var quoted = false;
        for (var i = 0; i < bad; i++)
        {
            var b = bytes[i];
            if (b == (byte)'"')
            {
                quoted = !quoted;
            }
            else if (b == (byte)'\n')
            {
                row++;
                cell = quoted ? cell : 0;
            }
            else if (b == (byte)separator && !quoted)
            {
                cell++;
            }
        }

        var column = cell < header.Length ? header[cell].Trim().Trim('"') : $"#{cell + 1}";
        return new InputError($"{row}:{column}", "gazetteer.encoding", row, column);
    }

    private static char DetectSeparator(string text)
    {
        var firstLine = text.AsSpan(0, Math.Max(0, text.IndexOfAny(['\r', '\n']) is var n and >= 0 ? n : text.Length));
        return firstLine.Count(';') > firstLine.Count(',') ? ';' : ',';
    }
}
