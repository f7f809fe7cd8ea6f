using System.Globalization;
using System.Text.RegularExpressions;
using Faro.Assessments;

namespace Faro.Exchange;

/// The questionnaire workbook: an instructions sheet, one row per indicator with the current
/// answer, the evidence library, and a protected metadata sheet that says which assessment,
/// catalogue version and answer revisions the file was made from (what import checks against).
public static partial class QuestionnaireXlsx
{
    public const string FormatName = "faro-questionnaire";
    public const string FormatVersion = "1";
    public const string InstructionsSheet = "Instructions";
    public const string QuestionnaireSheet = "Questionnaire";
    public const string EvidenceSheet = "Evidence";
    public const string MetadataSheet = "Metadata";

    /// en, es, or both (en then es), as the export was asked for.
    public static IReadOnlyList<string> LanguagesOf(string? lang) => lang switch
    {
        null or "" or "both" => Languages.All,
        Languages.English or Languages.Spanish => [lang],
        _ => throw new InputRejectedException("export.bad_language", new InputError("lang", "export.bad_language")),
    };

    public static string LanguageCode(IReadOnlyList<string> langs) => langs.Count == 2 ? "both" : langs[0];

    public static IReadOnlyList<string> ColumnKeys(IReadOnlyList<string> langs) =>
    [
        "code", "domain", "area", .. langs.Select(l => "text_" + l), .. langs.Select(l => "guidance_" + l), "status",
        .. langs.Select(l => "narrative_" + l), "evidence",
    ];

    private static readonly Dictionary<string, (string En, string Es)> Labels = new()
    {
        ["code"] = ("Code", "Código"),
        ["domain"] = ("Domain", "Dominio"),
        ["area"] = ("Sub-area", "Subárea"),
        ["text"] = ("Indicator", "Indicador"),
        ["guidance"] = ("Guidance", "Orientación"),
        ["status"] = ("Status", "Estado"),
        ["narrative"] = ("Narrative", "Narrativa"),
        ["evidence"] = ("Evidence [id]", "Fuentes [id]"),
    };

    /// The header of a column: in the export's language, or both; a language column says its language.
    public static string Header(string key, IReadOnlyList<string> langs)
    {
        var parts = key.Split('_');
        var (en, es) = Labels[parts[0]];
        if (parts.Length == 2)
        {
            var l = parts[1];
            return (langs.Count == 2 ? (l == Languages.Spanish ? es : en) : (langs[0] == Languages.Spanish ? es : en)) + $" ({l})";
        }

        return langs.Count == 2 ? $"{en} / {es}" : langs[0] == Languages.Spanish ? es : en;
    }

    public static readonly IReadOnlyDictionary<AnswerStatus, LocalizedText> StatusLabels = new Dictionary<AnswerStatus, LocalizedText>
    {
        [AnswerStatus.Yes] = new("Yes", "Sí"),
        [AnswerStatus.Partial] = new("Partial", "Parcial"),
        [AnswerStatus.No] = new("No", "No"),
        [AnswerStatus.NotApplicable] = new("Not applicable", "No aplica"),
        [AnswerStatus.NationalCompetence] = new("Outside local competence", "Fuera de la competencia local"),
        [AnswerStatus.Unknown] = new("No information yet", "Sin información aún"),
    };

    /// Labels of files exported before the glossary's wording was used here: still read, never written.
    private static readonly Dictionary<string, AnswerStatus> EarlierLabels = new Dictionary<string, AnswerStatus>(StringComparer.OrdinalIgnoreCase)
    {
        ["Not yet known"] = AnswerStatus.Unknown,
        ["Aún no se sabe"] = AnswerStatus.Unknown,
    };

    /// The dropdown's choices: the labels of the first exported language.
    public static string StatusLabel(AnswerStatus status, string lang) => StatusLabels[status][lang]!;

    /// A status as typed: a label in either language or the code (yes, not-applicable, ...).
    public static bool TryParseStatus(string text, out AnswerStatus status)
    {
        var t = text.Trim();
        foreach (var (s, label) in StatusLabels)
        {
            if (string.Equals(label.En, t, StringComparison.OrdinalIgnoreCase) || string.Equals(label.Es, t, StringComparison.OrdinalIgnoreCase))
            {
                status = s;
                return true;
            }
        }

        return EarlierLabels.TryGetValue(t, out status) || EnumCodes.TryParse<AnswerStatus>(t, out status);
    }

    public static string EvidenceCell(IEnumerable<int> ids, IReadOnlyDictionary<int, ExchangeEvidence> library, string lang) =>
        string.Join("\n", ids.Select(id => library.TryGetValue(id, out var e)
            ? $"[{id.ToString(CultureInfo.InvariantCulture)}] {e.Title.Resolve(lang)?.Text}".TrimEnd()
            : $"[{id.ToString(CultureInfo.InvariantCulture)}]"));

    public static byte[] Write(QuestionnaireData data, IReadOnlyList<string> langs)
    {
        ArgumentNullException.ThrowIfNull(data);
        var first = langs[0];
        var keys = ColumnKeys(langs);
        var library = data.Evidence.ToDictionary(e => e.Id);

        var instructions = new XlsxSheet(InstructionsSheet) { Header = false, Protect = true };
        instructions.Widths[0] = 110;
        foreach (var lang in langs)
        {
            var es = lang == Languages.Spanish;
            var fictional = data.IsFictional ? (es ? " (lugar ficticio)" : " (fictional place)") : "";
            instructions.Rows.Add([(data.Title.Resolve(lang)?.Text ?? "") + fictional]);
            instructions.Rows.Add([es
                ? $"Catálogo {data.Catalogue}; exportado {data.ExportedAt.ToString("u", CultureInfo.InvariantCulture)}."
                : $"Catalogue {data.Catalogue}; exported {data.ExportedAt.ToString("u", CultureInfo.InvariantCulture)}."]);
            instructions.Rows.Add([es
                ? "1. Complete en la hoja «Questionnaire» solo las columnas Estado, Narrativa y Fuentes; las demás están protegidas."
                : "1. In the 'Questionnaire' sheet fill in only the Status, Narrative and Evidence columns; the others are protected."]);
            instructions.Rows.Add([es
                ? "2. Estado: elija de la lista (" + string.Join(", ", StatusLabels.Values.Select(v => v.Es)) + "). Deje vacío si aún no responde."
                : "2. Status: pick from the list (" + string.Join(", ", StatusLabels.Values.Select(v => v.En)) + "). Leave empty if not answered yet."]);
            instructions.Rows.Add([es
                ? "3. Fuentes: una fuente por línea, con su número entre corchetes como en la hoja «Evidence», p. ej. [12]. Las fuentes nuevas se agregan en Faro."
                : "3. Evidence: one source per line, with its number in brackets as listed in the 'Evidence' sheet, e.g. [12]. New sources are added in Faro."]);
            instructions.Rows.Add([es
                ? "4. No cambie el nombre de las hojas ni de las columnas, no combine celdas ni use fórmulas: la importación lo rechazaría."
                : "4. Do not rename sheets or columns, merge cells or use formulas: the import would refuse the file."]);
            instructions.Rows.Add([es
                ? "5. Al importar, Faro muestra primero cada cambio; si alguien cambió una respuesta en Faro después de exportar, se muestra como conflicto y no se aplica."
                : "5. On import Faro first shows every change; if someone changed an answer in Faro after the export, it is shown as a conflict and not applied."]);
            instructions.Rows.Add([""]);
        }

        var questionnaire = new XlsxSheet(QuestionnaireSheet) { Protect = true };
        questionnaire.Rows.Add(keys.Select(k => (string?)Header(k, langs)).ToArray());
        for (var c = 0; c < keys.Count; c++)
        {
            var key = keys[c];
            if (key == "status" || key.StartsWith("narrative_", StringComparison.Ordinal) || key == "evidence")
            {
                questionnaire.Editable.Add(c);
            }

            questionnaire.Widths[c] = key switch
            {
                "code" => 10,
                "domain" or "area" or "status" => 22,
                _ => 50,
            };
        }

        questionnaire.Lists.Add((keys.ToList().IndexOf("status"), StatusLabels.Keys.Select(s => StatusLabel(s, first)).ToList()));
        foreach (var row in data.Rows)
        {
            var i = row.Indicator;
            var a = row.Answer;
            questionnaire.Rows.Add(keys.Select(key => key switch
            {
                "code" => i.Code,
                "domain" => $"{i.DomainCode} · {i.Domain.Resolve(first)?.Text}",
                "area" => $"{i.AreaCode} · {i.Area.Resolve(first)?.Text}",
                "status" => a.Status is { } s ? StatusLabel(s, first) : null,
                "evidence" => a.EvidenceIds.Count == 0 ? null : EvidenceCell(a.EvidenceIds, library, first),
                _ when key.StartsWith("text_", StringComparison.Ordinal) => i.Text[key[5..]],
                _ when key.StartsWith("guidance_", StringComparison.Ordinal) => i.Guidance[key[9..]],
                _ when key.StartsWith("narrative_", StringComparison.Ordinal) => a.Narrative[key[10..]],
                _ => null,
            }).ToArray());
        }

        var evidence = new XlsxSheet(EvidenceSheet) { Protect = true };
        evidence.Rows.Add(["id", .. langs.Select(l => (string?)$"{(l == Languages.Spanish ? "Título" : "Title")} ({l})"),
            first == Languages.Spanish ? "Tipo" : "Type", first == Languages.Spanish ? "Emisor" : "Issuing body",
            first == Languages.Spanish ? "Fecha" : "Date", "URL", first == Languages.Spanish ? "Pública" : "Public"]);
        foreach (var e in data.Evidence)
        {
            evidence.Rows.Add([e.Id.ToString(CultureInfo.InvariantCulture), .. langs.Select(l => e.Title[l]), e.Type.ToCode(),
                e.IssuingBody, e.IssuedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), e.Url, e.IsPublic ? "yes" : "no"]);
        }

        var metadata = new XlsxSheet(MetadataSheet) { Protect = true };
        metadata.Rows.Add(["key", "value"]);
        metadata.Rows.Add(["format", FormatName]);
        metadata.Rows.Add(["format_version", FormatVersion]);
        metadata.Rows.Add(["assessment_id", data.AssessmentId.ToString(CultureInfo.InvariantCulture)]);
        metadata.Rows.Add(["catalogue", data.Catalogue]);
        metadata.Rows.Add(["exported_at", data.ExportedAt.ToString("O", CultureInfo.InvariantCulture)]);
        metadata.Rows.Add(["language", LanguageCode(langs)]);
        metadata.Rows.Add(["institution_id", data.InstitutionId?.ToString(CultureInfo.InvariantCulture)]);
        metadata.Rows.Add(["columns", string.Join(",", keys)]);
        metadata.Rows.Add([null, null]);
        metadata.Rows.Add(["indicator", "revision"]);
        foreach (var row in data.Rows)
        {
            metadata.Rows.Add([row.Indicator.Code, row.Answer.Revision.ToString(CultureInfo.InvariantCulture)]);
        }

        return Xlsx.Write([instructions, questionnaire, evidence, metadata]);
    }

    /// Reads a questionnaire workbook into rows. Structural problems (missing or renamed sheet,
    /// changed headers, foreign metadata) come back as issues; per-cell problems too, each placed.
    public static ImportedFile Read(byte[] content)
    {
        var issues = new List<ImportIssue>();
        var (package, refused) = SafePackage.OpenZip(content, "file");
        if (refused is not null)
        {
            return new ImportedFile("xlsx", null, null, [], [refused]);
        }

        using (package)
        {
            var (sheets, readIssues) = Xlsx.Read(package!, "file");
            issues.AddRange(readIssues);
            if (issues.Any(i => i.Code == "import.corrupt"))
            {
                return new ImportedFile("xlsx", null, null, [], issues);
            }

            foreach (var name in new[] { QuestionnaireSheet, MetadataSheet })
            {
                if (!sheets.ContainsKey(name))
                {
                    issues.Add(new ImportIssue(name, null, null, "import.sheet_missing", name, string.Join(", ", sheets.Keys)));
                }
            }

            if (issues.Any(i => i.Code == "import.sheet_missing"))
            {
                return new ImportedFile("xlsx", null, null, [], issues);
            }

            var meta = sheets[MetadataSheet];
            var values = new Dictionary<string, (string? Value, int Row)>(StringComparer.Ordinal);
            var revisions = new Dictionary<string, int>(StringComparer.Ordinal);
            var inRevisions = false;
            foreach (var (r, cells) in meta.Rows)
            {
                var key = cells.GetValueOrDefault(1)?.Trim();
                var value = cells.GetValueOrDefault(2)?.Trim();
                if (key is null)
                {
                    continue;
                }

                if (inRevisions)
                {
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var rev))
                    {
                        issues.Add(new ImportIssue(MetadataSheet, r, "B", "import.metadata_invalid"));
                        continue;
                    }

                    revisions[key] = rev;
                }
                else if (key == "indicator")
                {
                    inRevisions = true;
                }
                else
                {
                    values[key] = (value, r);
                }
            }

            if (values.GetValueOrDefault("format").Value != FormatName || values.GetValueOrDefault("format_version").Value != FormatVersion)
            {
                issues.Add(new ImportIssue(MetadataSheet, null, null, "import.not_questionnaire"));
                return new ImportedFile("xlsx", null, null, [], issues);
            }

            int? assessmentId = int.TryParse(values.GetValueOrDefault("assessment_id").Value, NumberStyles.None, CultureInfo.InvariantCulture, out var aid)
                ? aid : null;
            var catalogue = values.GetValueOrDefault("catalogue").Value;
            IReadOnlyList<string> langs;
            try
            {
                langs = LanguagesOf(values.GetValueOrDefault("language").Value ?? "?");
            }
            catch (InputRejectedException)
            {
                issues.Add(new ImportIssue(MetadataSheet, values.GetValueOrDefault("language").Row, "B", "import.metadata_invalid", new Phrase("refusal.import.metadata_invalid.2")));
                return new ImportedFile("xlsx", assessmentId, catalogue, [], issues);
            }

            var keys = ColumnKeys(langs);
            if (values.GetValueOrDefault("columns").Value != string.Join(",", keys))
            {
                issues.Add(new ImportIssue(MetadataSheet, values.GetValueOrDefault("columns").Row, "B", "import.metadata_invalid", new Phrase("refusal.import.metadata_invalid.3")));
                return new ImportedFile("xlsx", assessmentId, catalogue, [], issues);
            }

            var sheet = sheets[QuestionnaireSheet];
            for (var c = 0; c < keys.Count; c++)
            {
                var expected = Header(keys[c], langs);
                var found = sheet.Cell(1, c + 1);
                if (!string.Equals(found?.Trim(), expected, StringComparison.Ordinal))
                {
                    issues.Add(new ImportIssue(QuestionnaireSheet, 1, Xlsx.ColumnLetter(c + 1), "import.header_changed", expected, found));
                }
            }

            if (sheet.LastColumn(1) > keys.Count)
            {
                issues.Add(new ImportIssue(QuestionnaireSheet, 1, Xlsx.ColumnLetter(keys.Count + 1), "import.header_changed", new Phrase("refusal.import.header_changed.2")));
            }

            if (issues.Any(i => i.Code == "import.header_changed"))
            {
                return new ImportedFile("xlsx", assessmentId, catalogue, [], issues);
            }

            var col = keys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i + 1);
            var rows = new List<ImportedRow>();
            foreach (var (r, cells) in sheet.Rows)
            {
                if (r == 1)
                {
                    continue;
                }

                var code = cells.GetValueOrDefault(col["code"])?.Trim();
                if (string.IsNullOrEmpty(code))
                {
                    if (cells.Count > 0)
                    {
                        issues.Add(new ImportIssue(QuestionnaireSheet, r, "A", "import.code_missing"));
                    }

                    continue;
                }

                var row = new ImportedRow
                {
                    Sheet = QuestionnaireSheet,
                    Row = r,
                    Code = code,
                    BaseRevision = revisions.TryGetValue(code, out var rev) ? rev : null,
                    HasStatus = true,
                };
                row.Columns["code"] = "A";
                var statusText = cells.GetValueOrDefault(col["status"]);
                row.Columns["status"] = Xlsx.ColumnLetter(col["status"]);
                if (!string.IsNullOrWhiteSpace(statusText))
                {
                    if (TryParseStatus(statusText, out var status))
                    {
                        row.Status = status;
                    }
                    else
                    {
                        issues.Add(BadStatus(QuestionnaireSheet, r, row.Columns["status"], statusText));
                    }
                }

                foreach (var lang in langs)
                {
                    var key = "narrative_" + lang;
                    row.Narrative[lang] = cells.GetValueOrDefault(col[key]);
                    row.Columns[key] = Xlsx.ColumnLetter(col[key]);
                }

                row.Columns["evidence"] = Xlsx.ColumnLetter(col["evidence"]);
                row.EvidenceIds = ParseEvidence(cells.GetValueOrDefault(col["evidence"]), QuestionnaireSheet, r, row.Columns["evidence"], issues);
                rows.Add(row);
            }

            return new ImportedFile("xlsx", assessmentId, catalogue, rows, issues);
        }
    }

    public static ImportIssue BadStatus(string sheet, int? row, string column, string text) => new(sheet, row, column, "import.bad_status",
        text, new LocalizedText(string.Join(", ", StatusLabels.Values.Select(v => v.En)), string.Join(", ", StatusLabels.Values.Select(v => v.Es))));

    /// "[12] Plan ...\n[15] Law ..." → 12, 15. A cell with text but no [number] is refused rather
    /// than read as "no evidence".
    public static IReadOnlyList<int> ParseEvidence(string? text, string sheet, int row, string column, List<ImportIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var ids = new List<int>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var m = EvidenceId().Match(line);
            if (!m.Success || !int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                issues.Add(new ImportIssue(sheet, row, column, "import.bad_evidence", line));
                continue;
            }

            ids.Add(id);
        }

        return ids;
    }

    [GeneratedRegex(@"^\[(\d{1,9})\]")]
    private static partial Regex EvidenceId();
}
