using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Faro.Exchange;

/// One row per indicator answer, UTF-8, with an HXL hashtag row under the header so that
/// humanitarian and statistics tools (HXL Proxy, HDX) read the columns without a mapping.
public static class AnswersCsv
{
    public sealed record CsvColumn(string Name, string Hxl, LocalizedText Description, string Type);

    public static readonly IReadOnlyList<CsvColumn> Columns =
    [
        new("country_code", "#country+code", new("ISO 3166-1 alpha-2 code of the country.", "Código ISO 3166-1 alfa-2 del país."), "string"),
        new("country", "#country+name", new("Country name (English).", "Nombre del país (inglés)."), "string"),
        new("place", "#adm2+name", new("The local government assessed (district or municipality).", "El gobierno local evaluado (distrito o municipio)."), "string"),
        new("place_code", "#adm2+code", new("Code of the place (ISO 3166-2, statistics code or P-code).", "Código del lugar (ISO 3166-2, código estadístico o P-code)."), "string"),
        new("fictional", "#meta+fictional", new("yes when the place is fictional (demo or test data).", "yes cuando el lugar es ficticio (datos de demostración o prueba)."), "string"),
        new("assessment_id", "#meta+assessment+id", new("Faro's id of the assessment.", "Id de la evaluación en Faro."), "integer"),
        new("catalogue", "#meta+catalogue", new("Indicator catalogue code@version.", "Código@versión del catálogo de indicadores."), "string"),
        new("indicator_code", "#indicator+code", new("Stable indicator code.", "Código estable del indicador."), "string"),
        new("domain", "#indicator+domain+code", new("Domain code.", "Código del dominio."), "string"),
        new("area", "#indicator+area+code", new("Sub-area code.", "Código de la subárea."), "string"),
        new("indicator_en", "#indicator+text+i_en", new("Indicator text in English.", "Texto del indicador en inglés."), "string"),
        new("indicator_es", "#indicator+text+i_es", new("Indicator text in Spanish.", "Texto del indicador en español."), "string"),
        new("status", "#status", new("yes, partial, no, not-applicable, national-competence or unknown; empty when not answered.",
            "yes, partial, no, not-applicable, national-competence o unknown; vacío si no hay respuesta."), "string"),
        new("narrative_en", "#description+i_en", new("Narrative of the answer in English.", "Narrativa de la respuesta en inglés."), "string"),
        new("narrative_es", "#description+i_es", new("Narrative of the answer in Spanish.", "Narrativa de la respuesta en español."), "string"),
        new("evidence", "#meta+evidence", new("Sources cited, as [id] title, separated by ' | '.", "Fuentes citadas, como [id] título, separadas por ' | '."), "string"),
        new("revision", "#meta+revision", new("Revision of the answer (0 = not answered).", "Revisión de la respuesta (0 = sin respuesta)."), "integer"),
        new("date", "#date+updated", new("When the answer was last saved (UTC, ISO 8601).", "Cuándo se guardó la respuesta por última vez (UTC, ISO 8601)."), "datetime"),
    ];

    /// A text a spreadsheet would run as a formula gets a leading apostrophe (OWASP's advice for
    /// CSV injection); the value is then read as text everywhere.
    public static string Neutralise(string? text) =>
        text is { Length: > 0 } && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text ?? "";

    public static byte[] Write(QuestionnaireData data, bool withPrivate)
    {
        ArgumentNullException.ThrowIfNull(data);
        var library = data.Evidence.Where(e => withPrivate || e.IsPublic).ToDictionary(e => e.Id);
        var sb = new StringBuilder();
        Line(sb, Columns.Select(c => c.Name));
        Line(sb, Columns.Select(c => c.Hxl));
        foreach (var row in data.Rows)
        {
            var i = row.Indicator;
            var a = row.Answer;
            Line(sb,
            [
                data.CountryCode, data.CountryName.En ?? data.CountryName.Es, data.PlaceName, data.PlaceCode, data.IsFictional ? "yes" : "no",
                data.AssessmentId.ToString(CultureInfo.InvariantCulture), data.Catalogue, i.Code, i.DomainCode, i.AreaCode, i.Text.En, i.Text.Es,
                a.Status?.ToCode(), a.Narrative.En, a.Narrative.Es,
                string.Join(" | ", a.EvidenceIds.Where(library.ContainsKey).Select(id => $"[{id.ToString(CultureInfo.InvariantCulture)}] {library[id].Title.Resolve(Languages.English)?.Text}")),
                a.Revision.ToString(CultureInfo.InvariantCulture), a.UpdatedAt?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ]);
        }

        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(sb.ToString());
    }

    private static void Line(StringBuilder sb, IEnumerable<string?> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            // The HXL row's hashtags start with '#', never with a formula character.
            var text = Neutralise(cell);
            if (text.AsSpan().IndexOfAny(",\"\n\r") >= 0)
            {
                sb.Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                sb.Append(text);
            }
        }

        sb.Append("\r\n");
    }
}

/// The assessment as JSON: where, which catalogue, each indicator with its answer, the library.
public static class AnswersJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Write(QuestionnaireData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var document = new
        {
            format = "faro-assessment",
            formatVersion = 1,
            assessment = new
            {
                id = data.AssessmentId,
                title = data.Title,
                stage = EnumCodes.ToCode(data.Stage),
                country = new { code = data.CountryCode, name = data.CountryName },
                place = new { name = data.PlaceName, code = data.PlaceCode },
                isFictional = data.IsFictional,
            },
            catalogue = new { code = data.CatalogueCode, version = data.CatalogueVersion },
            institutionId = data.InstitutionId,
            exportedAt = data.ExportedAt,
            indicators = data.Rows.Select(r => new
            {
                code = r.Indicator.Code,
                domain = r.Indicator.DomainCode,
                area = r.Indicator.AreaCode,
                competence = r.Indicator.Competence.ToString(),
                text = r.Indicator.Text,
                answer = new
                {
                    status = r.Answer.Status?.ToCode(),
                    narrative = r.Answer.Narrative,
                    evidence = r.Answer.EvidenceIds,
                    isValidated = r.Answer.IsValidated,
                    revision = r.Answer.Revision,
                    updatedAt = r.Answer.UpdatedAt,
                },
            }),
            evidence = data.Evidence.Select(e => new
            {
                id = e.Id,
                title = e.Title,
                type = e.Type.ToCode(),
                issuingBody = e.IssuingBody,
                issuedOn = e.IssuedOn,
                url = e.Url,
                isPublic = e.IsPublic,
            }),
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, Options);
    }
}
