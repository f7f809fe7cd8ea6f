using System.Text.Json;
using System.Text.Json.Serialization;
using Faro.Data;
using Microsoft.EntityFrameworkCore;

namespace Faro.Places;

/// Loads the ISO 3166-1 countries with their UN M49 regions, shipped as an embedded file generated
/// by scripts/generate-countries.py (sources and licences in docs/reference-data.md). Run by
/// `migrate`: an upsert by alpha-2 code, so existing countries keep their ids (and everything that
/// refers to them) while names and regions follow the newest file.
public sealed class CountryReferenceData(FaroDb db)
{
    public const string ResourceName = "Faro.Places.countries.json";

    public async Task<int> EnsureAsync(CancellationToken ct = default)
    {
        var rows = Load();
        var existing = await db.Countries.ToDictionaryAsync(c => c.Iso2, StringComparer.Ordinal, ct);
        var changed = 0;
        foreach (var row in rows)
        {
            if (!existing.TryGetValue(row.Iso2, out var country))
            {
                country = new Country { Iso2 = row.Iso2, Iso3 = row.Iso3 };
                db.Countries.Add(country);
            }

            var before = Fingerprint(country);
            country.Iso3 = row.Iso3;
            country.M49 = row.Numeric;
            country.Name = new LocalizedText(row.Name.En, row.Name.Es);
            country.RegionCode = row.Region?.Code;
            country.RegionName = Text(row.Region);
            country.SubRegionCode = row.SubRegion?.Code;
            country.SubRegionName = Text(row.SubRegion);
            country.IntermediateRegionCode = row.IntermediateRegion?.Code;
            country.IntermediateRegionName = Text(row.IntermediateRegion);
            country.IsFictional = false;
            if (country.Id == 0 || before != Fingerprint(country))
            {
                changed++;
            }
        }

        await db.SaveChangesAsync(ct);
        return changed;
    }

    public static IReadOnlyList<Row> Load()
    {
        using var stream = typeof(CountryReferenceData).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        var file = JsonSerializer.Deserialize<FileShape>(stream, Options)
            ?? throw new InvalidOperationException($"{ResourceName} is empty.");
        return file.Countries;
    }

    private static LocalizedText Text(RegionRow? region) => region is null ? new LocalizedText() : new LocalizedText(region.Name.En, region.Name.Es);

    private static string Fingerprint(Country c) => string.Join('|', c.Iso3, c.M49, c.Name.En, c.Name.Es, c.RegionCode, c.RegionName.En, c.RegionName.Es,
        c.SubRegionCode, c.SubRegionName.En, c.SubRegionName.Es, c.IntermediateRegionCode, c.IntermediateRegionName.En, c.IntermediateRegionName.Es, c.IsFictional);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    public sealed record FileShape(string Source, List<Row> Countries);
    public sealed record Names(string En, string Es);
    public sealed record RegionRow(string Code, Names Name);
    public sealed record Row(string Iso2, string Iso3, int Numeric, Names Name, RegionRow? Region, RegionRow? SubRegion, RegionRow? IntermediateRegion);
}
