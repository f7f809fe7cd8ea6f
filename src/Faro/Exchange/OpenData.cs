using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Faro.Data;
using Faro.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Faro.Exchange;

/// `Faro:OpenData`: what the installation says about the data it publishes.
public sealed class OpenDataOptions
{
    /// An SPDX licence id; CC-BY-4.0 lets a statistics office or an SDG portal reuse the answers
    /// with attribution, which is what publishing a profile means.
    public string License { get; set; } = "CC-BY-4.0";

    /// The installation named as the package's source (`Faro:OpenData:SourceTitle`).
    public string SourceTitle { get; set; } = "Faro";

    /// The installation's public address (`Faro:OpenData:SourceUrl`), from configuration and never
    /// from the request's Host header, which the client chooses.
    public string? SourceUrl { get; set; }
}

public sealed record OpenDataItem(int AssessmentId, LocalizedText Title, string Country, string? Place, bool IsFictional, string Catalogue,
    string Stage, DateTime UpdatedAt, string Download);

public sealed record PackageLicense(string Name, string? Path, string? Title);

public sealed record OpenDataPage(IReadOnlyList<OpenDataItem> Items, int Page, int PageSize, int Total, bool HasNext);

/// Published assessments as Frictionless Data Packages: the answers CSV with its HXL row and a
/// `datapackage.json` describing every column, the licence and the source. Public material only:
/// published or follow-up, not withdrawn, public evidence only, no comments (the CSV has none).
public sealed class OpenDataService(FaroDb db, Access access, ExchangeService exchange, IOptions<FaroOptions> options)
{
    public const int PageSize = 50;
    public const string CsvName = "answers.csv";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private IQueryable<Assessments.Assessment> Published()
    {
        var stages = Access.PublicStages;
        return db.Assessments.AsNoTracking().Where(a => stages.Contains(a.Stage) && a.WithdrawnAt == null);
    }

    public async Task<OpenDataPage> ListAsync(string? country, int page, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        var query = Published();
        if (!string.IsNullOrWhiteSpace(country))
        {
            var iso2 = country.Trim().ToUpperInvariant();
            query = query.Where(a => a.Country!.Iso2 == iso2);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(a => a.Id).Skip((page - 1) * PageSize).Take(PageSize)
            .Select(a => new
            {
                a.Id,
                a.Title,
                a.Country!.Iso2,
                Place = a.Jurisdiction != null ? a.Jurisdiction.Name : null,
                a.IsFictional,
                Catalogue = a.Catalogue!.Code + "@" + a.Catalogue.Version,
                a.Stage,
                a.UpdatedAt,
            })
            .ToListAsync(ct);
        var items = rows.Select(a => new OpenDataItem(a.Id, a.Title, a.Iso2, a.Place, a.IsFictional, a.Catalogue, EnumCodes.ToCode(a.Stage),
            a.UpdatedAt, $"/api/v1/open-data/{a.Id.ToString(CultureInfo.InvariantCulture)}.zip")).ToList();
        return new OpenDataPage(items, page, PageSize, total, page * PageSize < total);
    }

    public Task<bool> IsPublishedAsync(int assessmentId, CancellationToken ct = default) =>
        Published().AnyAsync(a => a.Id == assessmentId, ct);

    /// The package of one published assessment; anything else (a draft stage, a withdrawn
    /// assessment, an unknown id) is "not found", so that nobody learns it exists.
    public async Task<ExportedFile> PackageAsync(int assessmentId, CancellationToken ct = default)
    {
        if (!await IsPublishedAsync(assessmentId, ct))
        {
            throw RefusedException.NotFound("assessment");
        }

        // Read as an anonymous public reader, through the same scope rules as everyone.
        var standing = await access.AssessmentAsync(Actor.Anonymous(null), assessmentId, ct);
        var data = await exchange.ReadDataAsync(standing, institutionId: null, includePrivate: false, ct);
        var csv = AnswersCsv.Write(data, withPrivate: false);
        var descriptor = Descriptor(data, options.Value.OpenData);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "datapackage.json", JsonSerializer.SerializeToUtf8Bytes(descriptor, Json), data.ExportedAt);
            Add(zip, CsvName, csv, data.ExportedAt);
        }

        return new ExportedFile(buffer.ToArray(), "application/zip", $"faro-open-data-{assessmentId.ToString(CultureInfo.InvariantCulture)}.zip");
    }

    private static void Add(ZipArchive zip, string name, byte[] content, DateTime at)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc));
        using var stream = entry.Open();
        stream.Write(content);
    }

    /// A Tabular Data Package descriptor (Frictionless Data Package v1; the v2 `commentRows` too).
    /// The HXL row is the CSV's second row: `commentChar: "#"` lets v1 readers skip it, as every
    /// hashtag starts with '#' and no data row does (the first column is a country code).
    public static object Descriptor(QuestionnaireData data, OpenDataOptions settings)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        var id = data.AssessmentId.ToString(CultureInfo.InvariantCulture);
        var licence = settings.License.Trim();
        return new
        {
            profile = "tabular-data-package",
            name = $"faro-assessment-{id}",
            title = data.Title.En ?? data.Title.Es,
            titleEs = data.Title.Es,
            description = $"Published answers of a local migration governance assessment ({data.PlaceName ?? data.CountryName.En}, catalogue {data.Catalogue})" +
                (data.IsFictional ? ". FICTIONAL place: demo or test data." : "."),
            descriptionEs = $"Respuestas publicadas de una evaluación local de gobernanza migratoria ({data.PlaceName ?? data.CountryName.Es}, catálogo {data.Catalogue})" +
                (data.IsFictional ? ". Lugar FICTICIO: datos de demostración o prueba." : "."),
            created = data.ExportedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            keywords = new[] { "migration governance", "gobernanza migratoria", "local government", "HXL" },
            licenses = new[] { License(licence) },
            sources = new[] { new { title = settings.SourceTitle, path = settings.SourceUrl } },
            assessment = new
            {
                id = data.AssessmentId,
                title = data.Title,
                stage = EnumCodes.ToCode(data.Stage),
                country = new { code = data.CountryCode, name = data.CountryName },
                place = new { name = data.PlaceName, code = data.PlaceCode },
                isFictional = data.IsFictional,
                catalogue = new { code = data.CatalogueCode, version = data.CatalogueVersion },
            },
            resources = new[]
            {
                new
                {
                    name = "answers",
                    path = CsvName,
                    profile = "tabular-data-resource",
                    format = "csv",
                    mediatype = "text/csv",
                    encoding = "utf-8",
                    dialect = new { delimiter = ",", lineTerminator = "\r\n", header = true, commentChar = "#", headerRows = new[] { 1 }, commentRows = new[] { 2 } },
                    schema = new
                    {
                        fields = AnswersCsv.Columns.Select(c => new
                        {
                            name = c.Name,
                            type = c.Type,
                            format = c.Type == "datetime" ? "%Y-%m-%dT%H:%M:%SZ" : null,
                            description = c.Description.En,
                            descriptionEs = c.Description.Es,
                            hxl = c.Hxl,
                        }),
                    },
                },
            },
        };
    }

    private static PackageLicense License(string spdx) => spdx.ToUpperInvariant() switch
    {
        "CC-BY-4.0" => new(spdx, "https://creativecommons.org/licenses/by/4.0/", "Creative Commons Attribution 4.0"),
        "CC0-1.0" => new(spdx, "https://creativecommons.org/publicdomain/zero/1.0/", "CC0 1.0"),
        "ODC-BY-1.0" => new(spdx, "https://opendatacommons.org/licenses/by/1-0/", "Open Data Commons Attribution License 1.0"),
        _ => new(spdx, null, null),
    };
}
