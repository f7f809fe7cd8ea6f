namespace Faro.Catalogue;

/// A draft is being prepared (an administrator may re-import it); a published version is immutable
/// and can be chosen for new assessments; a retired one can no longer be chosen, while the
/// assessments that use it keep it.
public enum CatalogueStatus
{
    Draft,
    Published,
    Retired,
}

/// Who can usually act on an indicator: the local authority (L), shared or delivered locally by
/// national agencies (S), or national (N, the local role is information, referral, coordination).
public enum Competence
{
    L,
    S,
    N,
}

/// A versioned indicator framework. Immutable once published: a change makes a new version, with a
/// crosswalk from the earlier one.
public class IndicatorCatalogue
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Version { get; set; }
    public LocalizedText Title { get; set; } = new();
    public LocalizedText Description { get; set; } = new();
    public CatalogueStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? PublishedAt { get; set; }
    public int? PreviousVersionId { get; set; }
    public IndicatorCatalogue? PreviousVersion { get; set; }
    public List<Domain> Domains { get; set; } = [];
}

public class Domain
{
    public int Id { get; set; }
    public int CatalogueId { get; set; }
    public IndicatorCatalogue? Catalogue { get; set; }
    public required string Code { get; set; }
    public int Order { get; set; }
    public LocalizedText Title { get; set; } = new();
    public LocalizedText Description { get; set; } = new();
    public LocalizedText Migof { get; set; } = new();
    /// The SDG indicator 10.7.2 domain (1..6) this domain summarises onto, always labelled unofficial.
    public int? Sdg1072Domain { get; set; }
    public List<Area> Areas { get; set; } = [];
}

public class Area
{
    public int Id { get; set; }
    public int DomainId { get; set; }
    public Domain? Domain { get; set; }
    public required string Code { get; set; }
    public int Order { get; set; }
    public LocalizedText Title { get; set; } = new();
    public List<Indicator> Indicators { get; set; } = [];
}

public class Indicator
{
    public int Id { get; set; }
    public int AreaId { get; set; }
    public Area? Area { get; set; }
    /// Denormalised so that answers can be checked against their assessment's catalogue in one join.
    public int CatalogueId { get; set; }
    public IndicatorCatalogue? Catalogue { get; set; }
    public required string Code { get; set; }
    public int Order { get; set; }
    /// A short, neutral noun phrase naming what the indicator looks at ("Review of local rules on
    /// migration"), used where the statement would read as a claim: the profile's finding headings,
    /// which must not contradict the answer beneath them. Display-only: it never changes what an
    /// answer means, which is why the seed may refresh it on a published version (ADR 0005).
    public LocalizedText Topic { get; set; } = new();
    public LocalizedText Text { get; set; } = new();
    public LocalizedText Guidance { get; set; } = new();
    public LocalizedText YesGuidance { get; set; } = new();
    public LocalizedText PartialGuidance { get; set; } = new();
    public LocalizedText NoGuidance { get; set; } = new();
    public LocalizedText EvidenceExpected { get; set; } = new();
    public LocalizedText Routing { get; set; } = new();
    public Competence Competence { get; set; }
    /// Global Compact for Migration objectives (1..23), comma-separated.
    public string GcmObjectives { get; set; } = "";
    public int? Sdg1072Domain { get; set; }
    public string? NationalCounterpartCode { get; set; }

    public IReadOnlyList<int> GcmObjectiveList =>
        GcmObjectives.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList();
}

public enum CrosswalkKind
{
    Same,
    Reworded,
    Split,
    Merged,
    New,
    Removed,
}

/// Maps an indicator of one catalogue version to its successor, so that rounds on different versions
/// can still be compared.
public class CrosswalkEntry
{
    public int Id { get; set; }
    public int CatalogueId { get; set; }
    public string? FromCode { get; set; }
    public string? ToCode { get; set; }
    public CrosswalkKind Kind { get; set; }
    public string? Note { get; set; }
}
