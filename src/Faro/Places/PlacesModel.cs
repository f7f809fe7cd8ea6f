namespace Faro.Places;

public class Country
{
    public int Id { get; set; }
    /// ISO 3166-1 alpha-2, e.g. "PA".
    public required string Iso2 { get; set; }
    /// ISO 3166-1 alpha-3, e.g. "PAN".
    public required string Iso3 { get; set; }
    /// UN M49 numeric code, e.g. 591.
    public int M49 { get; set; }
    public LocalizedText Name { get; set; } = new();
    /// UN M49 region (e.g. "019" Americas), sub-region ("419" Latin America and the Caribbean) and
    /// intermediate region ("013" Central America), with their names; used to find peers and
    /// common challenges. Reference data, loaded by `migrate`.
    public string? RegionCode { get; set; }
    public LocalizedText RegionName { get; set; } = new();
    public string? SubRegionCode { get; set; }
    public LocalizedText SubRegionName { get; set; } = new();
    public string? IntermediateRegionCode { get; set; }
    public LocalizedText IntermediateRegionName { get; set; } = new();
    /// True for demo countries that do not exist; they must be labelled fictional everywhere.
    public bool IsFictional { get; set; }
}

public class Jurisdiction
{
    public int Id { get; set; }
    public int CountryId { get; set; }
    public Country? Country { get; set; }
    public int? ParentId { get; set; }
    public Jurisdiction? Parent { get; set; }
    /// The name in the country's own language (Spanish for Panama), as gazetteers give it; every
    /// existing caller reads this one.
    public required string Name { get; set; }
    /// The English name where it differs (a gazetteer's `ADMn_EN` column); null when the place has
    /// one name for both languages.
    public string? NameEn { get; set; }
    /// ADM level: 1 province or state, 2 district or municipality, 3 below that.
    public int AdminLevel { get; set; }
    /// ISO 3166-2 where it exists (Panamá Oeste is PA-10), otherwise the national statistics code or
    /// an OCHA P-code; `CodeSystem` says which.
    public string? Code { get; set; }
    public string? CodeSystem { get; set; }
    /// Optional figures, used to suggest peers of similar size.
    public int? Population { get; set; }
    public decimal? AreaKm2 { get; set; }
    /// A place that is no longer used is deactivated, never deleted while anything refers to it.
    public bool IsActive { get; set; } = true;
    public bool IsFictional { get; set; }
}

public enum InstitutionKind
{
    LocalGovernment,
    RegionalGovernment,
    NationalAgency,
    CivilSociety,
    InternationalOrganisation,
    Academia,
    PrivateSector,
}

public class Institution
{
    public int Id { get; set; }
    public int CountryId { get; set; }
    public Country? Country { get; set; }
    /// The jurisdiction the institution (or its local office) serves; null for national bodies.
    public int? JurisdictionId { get; set; }
    public Jurisdiction? Jurisdiction { get; set; }
    public LocalizedText Name { get; set; } = new();
    public string? Acronym { get; set; }
    public InstitutionKind Kind { get; set; }
    public bool IsActive { get; set; } = true;
    public bool IsFictional { get; set; }
}

/// The one rule for jurisdiction codes (ISO 3166-2, national codes, P-codes), used by the places
/// forms and the gazetteer import alike: up to 50 ASCII letters, digits, `-`, `_` or `.`, unique
/// within a country without regard to case and across every code system, deactivated places
/// included. A gazetteer matches places by code, so two places with one code would merge.
public static class PlaceCodes
{
    public const int MaxLength = 50;

    public static bool IsWellFormed(string code) =>
        code.Length is > 0 and <= MaxLength && code.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.');

    /// The form in which two codes are compared (PA-10 and pa-10 are one code). Queries compare
    /// `Code.ToUpper()` with this value, which the providers translate to SQL upper().
    public static string Key(string code) => code.ToUpperInvariant();
}
