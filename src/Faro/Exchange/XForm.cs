using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Faro.Assessments;

namespace Faro.Exchange;

/// The questionnaire as an ODK XForm (https://getodk.github.io/xforms-spec/) that ODK Collect,
/// Enketo and KoboToolbox load: one group per indicator with a `select_one` status, the narrative
/// in each language as text, the answer's revision as a hidden field (so that a submission is
/// checked for conflicts like a workbook), and `meta/instanceID`. Submissions come back as the
/// instance XML, one or many (a root holding several instances).
public static partial class XForm
{
    public const string FormatVersion = "f1";
    public static readonly XNamespace XForms = "http://www.w3.org/2002/xforms";
    public static readonly XNamespace Html = "http://www.w3.org/1999/xhtml";
    public static readonly XNamespace Jr = "http://openrosa.org/javarosa";
    public static readonly XNamespace Orx = "http://openrosa.org/xforms";
    public static readonly XNamespace Odk = "http://www.opendatakit.org/xforms";

    public static readonly IReadOnlyDictionary<string, string> TranslationNames = new Dictionary<string, string>
    {
        [Languages.English] = "English (en)",
        [Languages.Spanish] = "Español (es)",
    };

    public static string FormId(int assessmentId) => "faro-assessment-" + assessmentId.ToString(CultureInfo.InvariantCulture);

    /// `{catalogue version}-f1-{export time}`: the catalogue and form format a submission was made
    /// with, checked on import; the time tells exports apart for the collection servers.
    public static string Version(QuestionnaireData data) =>
        $"{data.CatalogueVersion}-{FormatVersion}-{data.ExportedAt.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}";

    /// An XML element name for an indicator code (D1-01 → i_D1-01): names may not start with a digit.
    public static string ElementName(string code) => "i_" + NotNameChar().Replace(code, "_");

    public static byte[] Write(QuestionnaireData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var root = "/data";
        var instance = new XElement(XForms + "data", new XAttribute("id", FormId(data.AssessmentId)), new XAttribute("version", Version(data)));
        var binds = new List<XElement>();
        var body = new List<XElement>();
        var translations = Languages.All.ToDictionary(l => l, l => new XElement(XForms + "translation", new XAttribute("lang", TranslationNames[l]),
            l == Languages.English ? new XAttribute("default", "true()") : null));

        void Text(string id, Func<string, string?> value)
        {
            foreach (var (lang, translation) in translations)
            {
                translation.Add(new XElement(XForms + "text", new XAttribute("id", id), new XElement(XForms + "value", value(lang) ?? "")));
            }
        }

        foreach (var (status, label) in QuestionnaireXlsx.StatusLabels)
        {
            Text("status-" + status.ToCode(), l => label[l]);
        }

        foreach (var row in data.Rows)
        {
            var i = row.Indicator;
            var name = ElementName(i.Code);
            var path = $"{root}/{name}";
            instance.Add(new XElement(XForms + name,
                new XElement(XForms + "status", row.Answer.Status?.ToCode() ?? ""),
                Languages.All.Select(l => new XElement(XForms + ("narrative_" + l), row.Answer.Narrative[l] ?? "")),
                new XElement(XForms + "revision", row.Answer.Revision.ToString(CultureInfo.InvariantCulture))));
            Text(path + ":label", l => $"{i.Code} · {i.Text.Resolve(l)?.Text}");
            Text(path + "/status:label", l => l == Languages.Spanish ? "Estado" : "Status");
            Text(path + "/status:hint", l => i.Guidance.Resolve(l)?.Text ?? "");
            foreach (var l in Languages.All)
            {
                Text($"{path}/narrative_{l}:label", lang => (lang == Languages.Spanish ? "Narrativa" : "Narrative") + $" ({l})");
            }

            binds.Add(new XElement(XForms + "bind", new XAttribute("nodeset", path + "/status"), new XAttribute("type", "string")));
            binds.AddRange(Languages.All.Select(l => new XElement(XForms + "bind", new XAttribute("nodeset", $"{path}/narrative_{l}"), new XAttribute("type", "string"))));
            binds.Add(new XElement(XForms + "bind", new XAttribute("nodeset", path + "/revision"), new XAttribute("type", "int"), new XAttribute("readonly", "true()")));
            body.Add(new XElement(XForms + "group", new XAttribute("ref", path),
                new XElement(XForms + "label", new XAttribute("ref", $"jr:itext('{path}:label')")),
                new XElement(XForms + "select1", new XAttribute("ref", path + "/status"),
                    new XElement(XForms + "label", new XAttribute("ref", $"jr:itext('{path}/status:label')")),
                    new XElement(XForms + "hint", new XAttribute("ref", $"jr:itext('{path}/status:hint')")),
                    QuestionnaireXlsx.StatusLabels.Keys.Select(s => new XElement(XForms + "item",
                        new XElement(XForms + "label", new XAttribute("ref", $"jr:itext('status-{s.ToCode()}')")),
                        new XElement(XForms + "value", s.ToCode())))),
                Languages.All.Select(l => new XElement(XForms + "input", new XAttribute("ref", $"{path}/narrative_{l}"), new XAttribute("rows", "4"),
                    new XElement(XForms + "label", new XAttribute("ref", $"jr:itext('{path}/narrative_{l}:label')"))))));
        }

        instance.Add(new XElement(XForms + "meta", new XElement(XForms + "instanceID")));
        binds.Add(new XElement(XForms + "bind", new XAttribute("nodeset", root + "/meta/instanceID"), new XAttribute("type", "string"),
            new XAttribute("readonly", "true()"), new XAttribute(Jr + "preload", "uid")));

        var title = (data.Title.Resolve(Languages.English)?.Text ?? FormId(data.AssessmentId)) + (data.IsFictional ? " (fictional)" : "");
        var html = new XElement(Html + "html",
            new XAttribute("xmlns", XForms.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "h", Html.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "jr", Jr.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "orx", Orx.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "odk", Odk.NamespaceName),
            new XElement(Html + "head",
                new XElement(Html + "title", title),
                new XElement(XForms + "model", new XAttribute(Odk + "xforms-version", "1.0.0"),
                    new XElement(XForms + "itext", translations.Values),
                    new XElement(XForms + "instance", instance),
                    binds)),
            new XElement(Html + "body", body));
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            new XDocument(new XDeclaration("1.0", "utf-8", null), html).Save(writer);
        }

        return stream.ToArray();
    }

    /// Never resolves anything: no DTD, no external entity, no document larger than the upload.
    public static readonly XmlReaderSettings SafeReader = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = SafePackage.MaxUploadBytes,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    /// One instance (`<data id=… version=…>`) or a root holding several. A field left empty keeps
    /// the stored value: a collector's blank means "not filled in", never "erase".
    public static ImportedFile ReadSubmissions(byte[] content)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(content, writable: false), SafeReader);
            document = XDocument.Load(reader);
        }
        catch (XmlException e) when (e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            return Refused(new ImportIssue("submission", null, null, "import.dtd"));
        }
        catch (XmlException e)
        {
            return Refused(new ImportIssue("submission", e.LineNumber > 0 ? e.LineNumber : null, null, "import.bad_xml", e.LineNumber, e.LinePosition));
        }

        var root = document.Root!;
        var instances = root.Attribute("id") is not null ? [root] : root.Elements().Where(e => e.Attribute("id") is not null).ToList();
        if (instances.Count == 0)
        {
            return Refused(new ImportIssue("submission", null, null, "import.no_instance"));
        }

        var issues = new List<ImportIssue>();
        var rows = new List<ImportedRow>();
        int? assessmentId = null;
        string? version = null;
        for (var n = 0; n < instances.Count; n++)
        {
            var instance = instances[n];
            var sheet = $"submission[{(n + 1).ToString(CultureInfo.InvariantCulture)}]";
            var id = instance.Attribute("id")!.Value;
            var match = FormIdPattern().Match(id);
            if (!match.Success)
            {
                issues.Add(new ImportIssue(sheet, null, "@id", "import.unknown_form", id));
                continue;
            }

            var thisAssessment = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var thisVersion = instance.Attribute("version")?.Value;
            if ((assessmentId is not null && assessmentId != thisAssessment) || (version is not null && version != thisVersion))
            {
                issues.Add(new ImportIssue(sheet, null, "@id", "import.mixed_forms"));
                continue;
            }

            assessmentId = thisAssessment;
            version = thisVersion;
            foreach (var group in instance.Elements().Where(e => e.Name.LocalName.StartsWith("i_", StringComparison.Ordinal)))
            {
                var where = $"{sheet}/{group.Name.LocalName}";
                var row = new ImportedRow { Sheet = where, Code = group.Name.LocalName };
                row.Columns["code"] = group.Name.LocalName;
                var revision = group.Elements().FirstOrDefault(e => e.Name.LocalName == "revision")?.Value.Trim();
                row.BaseRevision = int.TryParse(revision, NumberStyles.None, CultureInfo.InvariantCulture, out var rev) ? rev : null;
                var status = group.Elements().FirstOrDefault(e => e.Name.LocalName == "status")?.Value.Trim();
                row.Columns["status"] = "status";
                if (!string.IsNullOrEmpty(status))
                {
                    row.HasStatus = true;
                    if (EnumCodes.TryParse<AnswerStatus>(status, out var parsed))
                    {
                        row.Status = parsed;
                    }
                    else
                    {
                        issues.Add(QuestionnaireXlsx.BadStatus(where, null, "status", status));
                    }
                }

                foreach (var lang in Languages.All)
                {
                    var text = group.Elements().FirstOrDefault(e => e.Name.LocalName == "narrative_" + lang)?.Value;
                    row.Columns["narrative_" + lang] = "narrative_" + lang;
                    if (!string.IsNullOrWhiteSpace(text))
                    {
                        row.Narrative[lang] = text;
                    }
                }

                if (row.HasStatus || row.Narrative.Count > 0)
                {
                    rows.Add(row);
                }
            }
        }

        return new ImportedFile("xform", assessmentId, null, rows, issues, version);
    }

    private static ImportedFile Refused(ImportIssue issue) => new("xform", null, null, [], [issue]);

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex NotNameChar();

    [GeneratedRegex(@"^faro-assessment-(\d{1,9})$")]
    private static partial Regex FormIdPattern();
}
