using System.Globalization;
using System.Text;
using Faro.Assessments;
using Faro.Catalogue;

namespace Faro.Exchange;

/// The indicator catalogue as an XLSForm-style workbook (`survey`, `choices`, `settings`), the
/// layout ODK, KoboToolbox and survey authors already edit: domains and sub-areas are groups, each
/// indicator a `select_one status` followed by its narrative `text` question, labels and hints in
/// `label::English (en)` / `label::Español (es)` columns. What XLSForm has no column for (topic, levels,
/// expected evidence, competence, GCM objectives, SDG 10.7.2 domain, routing, the crosswalk) sits
/// in `faro_*` columns and a `faro_crosswalk` sheet, so an export imports back unchanged.
public static class CatalogueXlsForm
{
    public const string Survey = "survey", Choices = "choices", Settings = "settings", Crosswalk = "faro_crosswalk";
    public const string StatusList = "status";
    private const string En = "English (en)", Es = "Español (es)";

    private static string L(string column, string lang) => $"{column}::{(lang == Languages.English ? En : Es)}";

    /// Text columns in both languages: (column prefix, how the indicator or group holds it).
    private static readonly string[] Pairs = ["label", "hint", "faro_topic", "faro_yes", "faro_partial", "faro_no", "faro_evidence", "faro_routing", "faro_migof"];
    private static readonly string[] Singles = ["type", "name", "required", "faro_code", "faro_competence", "faro_gcm_objectives", "faro_sdg_10_7_2", "faro_national_code"];

    private static readonly string[] SurveyColumns =
        [Singles[0], Singles[1], .. Pairs.SelectMany(p => new[] { L(p, Languages.English), L(p, Languages.Spanish) }), .. Singles[2..]];

    private static readonly string[] SettingsColumns =
    [
        "form_title", "form_id", "version", "default_language", "faro_status", "faro_previous_version",
        L("faro_title", Languages.English), L("faro_title", Languages.Spanish), L("faro_description", Languages.English), L("faro_description", Languages.Spanish),
    ];

    private static readonly string[] ChoicesColumns = ["list_name", "name", L("label", Languages.English), L("label", Languages.Spanish)];
    private static readonly string[] CrosswalkColumns = ["from", "to", "kind", "note"];

    public static byte[] Write(CatalogueFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var survey = new XlsxSheet(Survey);
        survey.Rows.Add(SurveyColumns);
        string?[] Row(string type, string name, string? code, Dictionary<string, TextPair?> texts, Dictionary<string, string?>? more = null)
        {
            var row = new string?[SurveyColumns.Length];
            row[0] = type;
            row[1] = name;
            for (var c = 0; c < SurveyColumns.Length; c++)
            {
                var parts = SurveyColumns[c].Split("::");
                if (parts.Length == 2 && texts.TryGetValue(parts[0], out var pair) && pair is not null)
                {
                    row[c] = parts[1] == En ? pair.En : pair.Es;
                }
                else if (more is not null && more.TryGetValue(SurveyColumns[c], out var value))
                {
                    row[c] = value;
                }
            }

            row[Array.IndexOf(SurveyColumns, "faro_code")] = code;
            return row;
        }

        foreach (var d in file.Domains ?? [])
        {
            survey.Rows.Add(Row("begin_group", "domain_" + XmlName(d.Code), d.Code,
                new() { ["label"] = d.Title, ["hint"] = d.Description, ["faro_migof"] = d.Migof },
                new() { ["faro_sdg_10_7_2"] = d.Sdg1072Domain?.ToString(CultureInfo.InvariantCulture) }));
            foreach (var a in d.Areas ?? [])
            {
                survey.Rows.Add(Row("begin_group", "area_" + XmlName(a.Code), a.Code, new() { ["label"] = a.Title }));
                foreach (var i in a.Indicators ?? [])
                {
                    var name = XmlName(i.Code);
                    survey.Rows.Add(Row($"select_one {StatusList}", name, i.Code,
                        new()
                        {
                            ["label"] = i.Text,
                            ["hint"] = i.Guidance,
                            ["faro_topic"] = i.Topic,
                            ["faro_yes"] = i.Levels?.Yes,
                            ["faro_partial"] = i.Levels?.Partial,
                            ["faro_no"] = i.Levels?.No,
                            ["faro_evidence"] = i.Evidence,
                            ["faro_routing"] = i.Routing,
                        },
                        new()
                        {
                            ["required"] = "yes",
                            ["faro_competence"] = i.Competence,
                            ["faro_gcm_objectives"] = i.GcmObjectives is { Count: > 0 } g ? string.Join(' ', g.Select(x => x.ToString(CultureInfo.InvariantCulture))) : null,
                            ["faro_sdg_10_7_2"] = i.Sdg1072Domain?.ToString(CultureInfo.InvariantCulture),
                            ["faro_national_code"] = i.NationalCode,
                        }));
                    // The narrative is a question of the form, not part of the catalogue: no faro_code.
                    survey.Rows.Add(Row("text", name + "_narrative", null,
                        new() { ["label"] = new TextPair { En = "Narrative: what exists, since when, who is responsible", Es = "Narrativa: qué existe, desde cuándo, quién es responsable" } }));
                }

                survey.Rows.Add(Row("end_group", "", null, []));
            }

            survey.Rows.Add(Row("end_group", "", null, []));
        }

        var choices = new XlsxSheet(Choices);
        choices.Rows.Add(ChoicesColumns);
        foreach (var status in Enum.GetValues<AnswerStatus>())
        {
            choices.Rows.Add([StatusList, status.ToCode(), QuestionnaireXlsx.StatusLabel(status, Languages.English), QuestionnaireXlsx.StatusLabel(status, Languages.Spanish)]);
        }

        var settings = new XlsxSheet(Settings);
        settings.Rows.Add(SettingsColumns);
        settings.Rows.Add(
        [
            file.Title?.En ?? file.Title?.Es ?? file.Code, file.Code, file.Version, En, file.Status, file.PreviousVersion,
            file.Title?.En, file.Title?.Es, file.Description?.En, file.Description?.Es,
        ]);

        var crosswalk = new XlsxSheet(Crosswalk);
        crosswalk.Rows.Add(CrosswalkColumns);
        foreach (var c in file.Crosswalk ?? [])
        {
            crosswalk.Rows.Add([c.From, c.To, c.Kind, c.Note]);
        }

        return Xlsx.Write([survey, choices, settings, crosswalk]);
    }

    /// XLSForm names are XML names: a code such as "1.1" becomes "_1.1" there; the exact code
    /// travels in `faro_code`.
    private static string XmlName(string? code)
    {
        var sb = new StringBuilder();
        foreach (var ch in code ?? "")
        {
            sb.Append(char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-' or '.' ? ch : '_');
        }

        return sb.Length == 0 || !(char.IsAsciiLetter(sb[0]) || sb[0] == '_') ? "_" + sb : sb.ToString();
    }

    /// A catalogue read from a workbook, and where each domain, area and indicator was, so that the
    /// catalogue's own checks (CatalogueService.Validate) can be reported by sheet and row.
    public sealed record ReadCatalogue(CatalogueFile File, IReadOnlyDictionary<string, string> Places);

    public static ReadCatalogue Read(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var (package, refused) = SafePackage.OpenZip(content, "file");
        if (refused is not null)
        {
            throw Rejected([refused]);
        }

        using (package)
        {
            var (sheets, issues) = Xlsx.Read(package!, "file");
            var errors = issues.ToList();
            if (errors.Any(e => e.Code == "import.corrupt"))
            {
                throw Rejected(errors);
            }

            foreach (var name in new[] { Survey, Choices, Settings })
            {
                if (!sheets.ContainsKey(name))
                {
                    errors.Add(new ImportIssue(name, null, null, "catalogue.missing_sheet", name));
                }
            }

            if (errors.Count > 0)
            {
                throw Rejected(errors);
            }

            var file = new CatalogueFile { Domains = [] };
            var places = new Dictionary<string, string>(StringComparer.Ordinal);
            ReadSettings(sheets[Settings], file, errors);
            ReadSurvey(sheets[Survey], file, places, errors);
            if (sheets.TryGetValue(Crosswalk, out var crosswalk))
            {
                ReadCrosswalk(crosswalk, file, errors);
            }

            if (errors.Count > 0)
            {
                throw Rejected(errors);
            }

            return new ReadCatalogue(file, places);
        }
    }

    /// Reads the workbook and imports it through CatalogueService (all its checks and limits, one
    /// transaction); a check that fails is placed on the survey row it concerns.
    public static Task<IndicatorCatalogue> ImportAsync(CatalogueService catalogues, byte[] content, string? actor, CancellationToken ct = default) =>
        ImportAsync(catalogues, content, Faro.People.Actor.System(actor ?? "system"), asDraft: false, ct);

    /// `asDraft` imports the workbook as a draft whatever its `faro_status` says (the admin page
    /// and API: a new version is read and checked before it is published).
    public static async Task<IndicatorCatalogue> ImportAsync(CatalogueService catalogues, byte[] content, Faro.People.Actor actor, bool asDraft,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(catalogues);
        CatalogueService.RequireAdmin(actor);
        var read = Read(content);
        if (asDraft)
        {
            read.File.Status = "draft";
        }

        try
        {
            return await catalogues.ImportAsync(read.File, actor, ct);
        }
        catch (InputRejectedException e)
        {
            throw new InputRejectedException(e.Code, e.Errors.Select(x => x with { Location = Place(read.Places, x.Location) }).ToList());
        }
    }

    private static string Place(IReadOnlyDictionary<string, string> places, string path)
    {
        // The longest known prefix: "domains[0].areas[1].indicators[2].text.en" → "survey!5 (…)".
        var best = places.Keys.Where(k => path == k || path.StartsWith(k + ".", StringComparison.Ordinal)).MaxBy(k => k.Length);
        return best is null ? path : $"{places[best]} ({path})";
    }

    private static InputRejectedException Rejected(IEnumerable<ImportIssue> issues) =>
        new("catalogue.invalid_xlsx", issues.Select(i => i.ToInputError()).ToList());

    private static Dictionary<string, int> Header(XlsxGrid grid, IReadOnlyList<string> known, List<ImportIssue> errors, params string[] required)
    {
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var c = 1; c <= grid.LastColumn(1); c++)
        {
            if (grid.Cell(1, c)?.Trim() is not { Length: > 0 } name)
            {
                continue;
            }

            if (!known.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                // Refused rather than ignored: a column Faro does not keep would be lost silently.
                errors.Add(new ImportIssue(grid.Name, 1, Xlsx.ColumnLetter(c), "catalogue.unknown_column", name, string.Join(", ", known)));
            }
            else if (!columns.TryAdd(name, c))
            {
                errors.Add(new ImportIssue(grid.Name, 1, Xlsx.ColumnLetter(c), "catalogue.duplicate_column", name));
            }
        }

        foreach (var name in required.Where(r => !columns.ContainsKey(r)))
        {
            errors.Add(new ImportIssue(grid.Name, 1, null, "catalogue.missing_column", name));
        }

        return columns;
    }

    private static void ReadSettings(XlsxGrid grid, CatalogueFile file, List<ImportIssue> errors)
    {
        var h = Header(grid, SettingsColumns, errors, "form_id", "version");
        string? V(string column) => h.TryGetValue(column, out var c) ? grid.Cell(2, c) : null;
        file.Code = V("form_id");
        file.Version = V("version");
        file.Status = V("faro_status");
        file.PreviousVersion = V("faro_previous_version");
        file.Title = Pair(V(L("faro_title", Languages.English)), V(L("faro_title", Languages.Spanish)));
        file.Description = Pair(V(L("faro_description", Languages.English)), V(L("faro_description", Languages.Spanish)));
        if (V("default_language") is { } lang && lang is not (En or Es))
        {
            errors.Add(new ImportIssue(grid.Name, 2, Xlsx.ColumnLetter(h["default_language"]), "catalogue.bad_language", En, Es));
        }
    }

    private static TextPair? Pair(string? en, string? es) => en is null && es is null ? null : new TextPair { En = en, Es = es };

    private static void ReadSurvey(XlsxGrid grid, CatalogueFile file, Dictionary<string, string> places, List<ImportIssue> errors)
    {
        var h = Header(grid, SurveyColumns, errors, "type", "name", L("label", Languages.English), L("label", Languages.Spanish));
        if (errors.Count > 0)
        {
            return;
        }

        DomainFile? domain = null;
        AreaFile? area = null;
        var depth = 0;
        foreach (var (r, _) in grid.Rows.Where(x => x.Key > 1))
        {
            string? V(string column) => h.TryGetValue(column, out var c) ? grid.Cell(r, c) : null;
            TextPair? P(string column) => Pair(V(L(column, Languages.English)), V(L(column, Languages.Spanish)));
            ImportIssue Issue(string column, string code, params object?[] args) => IssueSaying(column, code, new Phrase("refusal." + code, args));
            ImportIssue IssueSaying(string column, string code, Phrase message) =>
                new(grid.Name, r, h.TryGetValue(column, out var c) ? Xlsx.ColumnLetter(c) : null, code, message);
            int? Number(string column)
            {
                if (V(column) is not { } text)
                {
                    return null;
                }

                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    return n;
                }

                errors.Add(Issue(column, "catalogue.bad_number", text));
                return null;
            }

            var type = string.Join(' ', (V("type") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
            var code = V("faro_code") ?? V("name");
            var place = $"{grid.Name}!{r.ToString(CultureInfo.InvariantCulture)}";
            switch (type)
            {
                case "":
                    continue;
                case "begin_group" or "begin group" when depth == 0:
                    domain = new DomainFile { Code = code, Title = P("label"), Description = P("hint"), Migof = P("faro_migof"), Sdg1072Domain = Number("faro_sdg_10_7_2"), Areas = [] };
                    file.Domains!.Add(domain);
                    places[$"domains[{file.Domains.Count - 1}]"] = place;
                    depth = 1;
                    break;
                case "begin_group" or "begin group" when depth == 1:
                    area = new AreaFile { Code = code, Title = P("label"), Indicators = [] };
                    domain!.Areas!.Add(area);
                    places[$"domains[{file.Domains!.Count - 1}].areas[{domain.Areas.Count - 1}]"] = place;
                    depth = 2;
                    break;
                case "end_group" or "end group" when depth > 0:
                    depth--;
                    break;
                case "select_one " + StatusList when depth == 2:
                    var gcm = new List<int>();
                    foreach (var part in (V("faro_gcm_objectives") ?? "").Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                        {
                            gcm.Add(n);
                        }
                        else
                        {
                            errors.Add(IssueSaying("faro_gcm_objectives", "catalogue.bad_number", new Phrase("refusal.catalogue.bad_number.2", part)));
                        }
                    }

                    area!.Indicators!.Add(new IndicatorFile
                    {
                        Code = code,
                        Topic = P("faro_topic"),
                        Text = P("label"),
                        Guidance = P("hint"),
                        Levels = new LevelsFile { Yes = P("faro_yes"), Partial = P("faro_partial"), No = P("faro_no") },
                        Evidence = P("faro_evidence"),
                        Routing = P("faro_routing"),
                        Competence = V("faro_competence"),
                        GcmObjectives = gcm,
                        Sdg1072Domain = Number("faro_sdg_10_7_2"),
                        NationalCode = V("faro_national_code"),
                    });
                    places[$"domains[{file.Domains!.Count - 1}].areas[{domain!.Areas!.Count - 1}].indicators[{area.Indicators.Count - 1}]"] = place;
                    break;
                case "text" when depth == 2:
                    // The narrative question: part of the form, not of the catalogue.
                    break;
                default:
                    errors.Add(Issue("type", "catalogue.bad_row", V("type"), StatusList));
                    break;
            }
        }

        if (depth != 0)
        {
            errors.Add(new ImportIssue(grid.Name, null, null, "catalogue.open_group"));
        }
    }

    private static void ReadCrosswalk(XlsxGrid grid, CatalogueFile file, List<ImportIssue> errors)
    {
        var h = Header(grid, CrosswalkColumns, errors, "from", "to", "kind");
        var rows = new List<CrosswalkFile>();
        foreach (var (r, _) in grid.Rows.Where(x => x.Key > 1))
        {
            string? V(string column) => h.TryGetValue(column, out var c) ? grid.Cell(r, c) : null;
            rows.Add(new CrosswalkFile { From = V("from"), To = V("to"), Kind = V("kind"), Note = V("note") });
        }

        file.Crosswalk = rows.Count == 0 ? null : rows;
    }
}
