using System.Globalization;
using Faro.Audit;
using Faro.Data;
using Faro.People;
using Microsoft.EntityFrameworkCore;

namespace Faro.Places;

/// A jurisdiction as written by a form or an API body. `Country` (ISO 3166-1 alpha-2) is needed to
/// create one; on an edit it may be left out, and a different one is refused (a place does not move
/// to another country). `Name` is the name in the country's own language (Spanish for Panama).
public sealed record JurisdictionInput(
    string? Country = null,
    string? Name = null,
    string? NameEn = null,
    int? AdminLevel = null,
    string? Code = null,
    string? CodeSystem = null,
    int? ParentId = null,
    int? Population = null,
    decimal? AreaKm2 = null);

/// An institution as written by a form or an API body; `Kind` is one of the `InstitutionKind` codes,
/// `JurisdictionId` null for a national body.
public sealed record InstitutionInput(
    string? Country = null,
    string? NameEs = null,
    string? NameEn = null,
    string? Acronym = null,
    string? Kind = null,
    int? JurisdictionId = null);

public sealed record JurisdictionView(int Id, string Country, string Name, string? NameEn, int AdminLevel, string? Code, string? CodeSystem,
    int? ParentId, string? ParentName, int? Population, decimal? AreaKm2, bool IsActive, bool IsFictional);

public sealed record InstitutionView(int Id, string Country, string? NameEs, string? NameEn, string? Acronym, string Kind,
    int? JurisdictionId, string? JurisdictionName, bool IsActive, bool IsFictional);

public sealed record PlacePage<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total, bool HasNext);

public sealed record JurisdictionQuery(string? Country = null, int? Level = null, int? ParentId = null, string? Q = null, bool? Active = null,
    int Page = 1, int PageSize = 50);

public sealed record InstitutionQuery(string? Country = null, int? JurisdictionId = null, string? Kind = null, string? Q = null, bool? Active = null,
    int Page = 1, int PageSize = 50);

/// Jurisdictions and institutions: create, edit, deactivate and reactivate, for the page, the API
/// and the CLI alike, so that each rule lives here once. Who may: an administrator anywhere, a
/// coordinator in the countries they coordinate (`PlacesAccess`); reading is open to anyone signed
/// in (places are public facts, not drafts). Nothing referenced is ever deleted: a place that is no
/// longer used is deactivated, which hides it from the choices for new work and keeps it wherever
/// it is already used.
public sealed class PlacesService(FaroDb db, AuditLog audit)
{
    public const int MaxName = 200;
    public const int MaxInstitutionName = 300;
    public const int MaxCode = PlaceCodes.MaxLength;
    public const int MaxAcronym = 40;
    public const int MaxPageSize = 200;

    /// The code systems a jurisdiction's code may follow; `P-code` is what gazetteers use, so a
    /// later import matches places entered by hand with a P-code.
    public static IReadOnlyList<string> CodeSystems { get; } = ["iso-3166-2", "national", GazetteerImport.CodeSystem];

    public async Task<PlacePage<JurisdictionView>> ListJurisdictionsAsync(Actor actor, JurisdictionQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        RequireSignedIn(actor);
        var (page, size) = Paging(query.Page, query.PageSize);
        var q = db.Jurisdictions.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Country))
        {
            var iso2 = query.Country.Trim().ToUpperInvariant();
            q = q.Where(j => j.Country!.Iso2 == iso2);
        }

        if (query.Level is { } level)
        {
            q = q.Where(j => j.AdminLevel == level);
        }

        if (query.ParentId is { } parent)
        {
            q = q.Where(j => j.ParentId == parent);
        }

        if (query.Active is { } active)
        {
            q = q.Where(j => j.IsActive == active);
        }

        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            // lower() on both sides: PostgreSQL's LIKE is case-sensitive, SQLite's only for non-ASCII.
            var text = query.Q.Trim().ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL lower(), never run in .NET
            q = q.Where(j => j.Name.ToLower().Contains(text) || (j.NameEn != null && j.NameEn.ToLower().Contains(text))
                || (j.Code != null && j.Code.ToLower().Contains(text)));
#pragma warning restore CA1304, CA1311, CA1862
        }

        var total = await q.CountAsync(ct);
        var items = await q.OrderBy(j => j.AdminLevel).ThenBy(j => j.Name).ThenBy(j => j.Id).Skip((page - 1) * size).Take(size)
            .Select(j => new JurisdictionView(j.Id, j.Country!.Iso2, j.Name, j.NameEn, j.AdminLevel, j.Code, j.CodeSystem, j.ParentId,
                j.Parent != null ? j.Parent.Name : null, j.Population, j.AreaKm2, j.IsActive, j.IsFictional))
            .ToListAsync(ct);
        return new PlacePage<JurisdictionView>(items, page, size, total, page * size < total);
    }

    public async Task<JurisdictionView> GetJurisdictionAsync(Actor actor, int id, CancellationToken ct = default)
    {
        RequireSignedIn(actor);
        return await db.Jurisdictions.AsNoTracking().Where(j => j.Id == id)
            .Select(j => new JurisdictionView(j.Id, j.Country!.Iso2, j.Name, j.NameEn, j.AdminLevel, j.Code, j.CodeSystem, j.ParentId,
                j.Parent != null ? j.Parent.Name : null, j.Population, j.AreaKm2, j.IsActive, j.IsFictional))
            .FirstOrDefaultAsync(ct) ?? throw RefusedException.NotFound("jurisdiction");
    }

    public async Task<JurisdictionView> CreateJurisdictionAsync(Actor actor, JurisdictionInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequireSignedIn(actor);
        var country = await CountryAsync(input.Country, "country", ct);
        Access.RequireCountryManager(actor, country.Id);
        await using var tx = await db.BeginWriteAsync(ct);
        var j = new Jurisdiction { CountryId = country.Id, Name = "", IsFictional = country.IsFictional };
        await ApplyAsync(j, input, isNew: true, ct);
        db.Jurisdictions.Add(j);
        await db.SaveChangesAsync(ct);
        audit.Record(actor, "jurisdiction.created", "jurisdiction", j.Id, null, after: Snapshot(j, country.Iso2));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetJurisdictionAsync(actor, j.Id, ct);
    }

    public async Task<JurisdictionView> UpdateJurisdictionAsync(Actor actor, int id, JurisdictionInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequireSignedIn(actor);
        await using var tx = await db.BeginWriteAsync(ct);
        var j = await db.Jurisdictions.Include(x => x.Country).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw RefusedException.NotFound("jurisdiction");
        Access.RequireCountryManager(actor, j.CountryId);
        RequireSameCountry(input.Country, j.Country!);
        var before = Snapshot(j, j.Country!.Iso2);
        await ApplyAsync(j, input, isNew: false, ct);
        await db.SaveChangesAsync(ct);
        audit.Record(actor, "jurisdiction.updated", "jurisdiction", j.Id, null, before, Snapshot(j, j.Country!.Iso2));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetJurisdictionAsync(actor, j.Id, ct);
    }

    /// Deactivating keeps the place where it is used (assessments, institutions, profiles) and hides
    /// it from the choices for new work. A unit with active units below it stays active until they
    /// are deactivated first, so that no active district hangs under an inactive province.
    public async Task<JurisdictionView> SetJurisdictionActiveAsync(Actor actor, int id, bool active, CancellationToken ct = default)
    {
        RequireSignedIn(actor);
        await using var tx = await db.BeginWriteAsync(ct);
        var j = await db.Jurisdictions.Include(x => x.Parent).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw RefusedException.NotFound("jurisdiction");
        Access.RequireCountryManager(actor, j.CountryId);
        if (j.IsActive == active)
        {
            return await GetJurisdictionAsync(actor, id, ct);
        }

        if (!active && await db.Jurisdictions.CountAsync(c => c.ParentId == id && c.IsActive, ct) is var children and > 0)
        {
            throw RefusedException.Conflict("jurisdiction.has_active_units", j.Name, children.ToString(CultureInfo.InvariantCulture));
        }

        if (active && j.Parent is { IsActive: false } parent)
        {
            throw RefusedException.Conflict("jurisdiction.parent_inactive", j.Name, parent.Name);
        }

        j.IsActive = active;
        audit.Record(actor, active ? "jurisdiction.reactivated" : "jurisdiction.deactivated", "jurisdiction", j.Id, null,
            new { IsActive = !active }, new { IsActive = active });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetJurisdictionAsync(actor, id, ct);
    }

    public async Task<PlacePage<InstitutionView>> ListInstitutionsAsync(Actor actor, InstitutionQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        RequireSignedIn(actor);
        var (page, size) = Paging(query.Page, query.PageSize);
        var q = db.Institutions.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Country))
        {
            var iso2 = query.Country.Trim().ToUpperInvariant();
            q = q.Where(i => i.Country!.Iso2 == iso2);
        }

        if (query.JurisdictionId is { } jid)
        {
            q = q.Where(i => i.JurisdictionId == jid);
        }

        if (!string.IsNullOrWhiteSpace(query.Kind))
        {
            if (!EnumCodes.TryParse<InstitutionKind>(query.Kind, out var kind))
            {
                throw new InputRejectedException("institution.invalid", KindError("kind"));
            }

            q = q.Where(i => i.Kind == kind);
        }

        if (query.Active is { } active)
        {
            q = q.Where(i => i.IsActive == active);
        }

        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var text = query.Q.Trim().ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL lower(), never run in .NET
            q = q.Where(i => (i.Name.Es != null && i.Name.Es.ToLower().Contains(text)) || (i.Name.En != null && i.Name.En.ToLower().Contains(text))
                || (i.Acronym != null && i.Acronym.ToLower().Contains(text)));
#pragma warning restore CA1304, CA1311, CA1862
        }

        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(i => i.Name.Es ?? i.Name.En).ThenBy(i => i.Id).Skip((page - 1) * size).Take(size)
            .Select(i => new { i.Id, i.Country!.Iso2, i.Name.Es, i.Name.En, i.Acronym, i.Kind, i.JurisdictionId, Place = i.Jurisdiction != null ? i.Jurisdiction.Name : null, i.IsActive, i.IsFictional })
            .ToListAsync(ct);
        return new PlacePage<InstitutionView>(rows.Select(i => new InstitutionView(i.Id, i.Iso2, i.Es, i.En, i.Acronym, i.Kind.ToCode(), i.JurisdictionId, i.Place,
            i.IsActive, i.IsFictional)).ToList(), page, size, total, page * size < total);
    }

    public async Task<InstitutionView> GetInstitutionAsync(Actor actor, int id, CancellationToken ct = default)
    {
        RequireSignedIn(actor);
        var i = await db.Institutions.AsNoTracking().Where(x => x.Id == id)
            .Select(i => new { i.Id, i.Country!.Iso2, i.Name.Es, i.Name.En, i.Acronym, i.Kind, i.JurisdictionId, Place = i.Jurisdiction != null ? i.Jurisdiction.Name : null, i.IsActive, i.IsFictional })
            .FirstOrDefaultAsync(ct) ?? throw RefusedException.NotFound("institution");
        return new InstitutionView(i.Id, i.Iso2, i.Es, i.En, i.Acronym, i.Kind.ToCode(), i.JurisdictionId, i.Place, i.IsActive, i.IsFictional);
    }

    public async Task<InstitutionView> CreateInstitutionAsync(Actor actor, InstitutionInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequireSignedIn(actor);
        var country = await CountryAsync(input.Country, "country", ct);
        Access.RequireCountryManager(actor, country.Id);
        await using var tx = await db.BeginWriteAsync(ct);
        var institution = new Institution { CountryId = country.Id, IsFictional = country.IsFictional };
        await ApplyAsync(institution, input, isNew: true, ct);
        db.Institutions.Add(institution);
        await db.SaveChangesAsync(ct);
        audit.Record(actor, "institution.created", "institution", institution.Id, null, after: Snapshot(institution));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetInstitutionAsync(actor, institution.Id, ct);
    }

    public async Task<InstitutionView> UpdateInstitutionAsync(Actor actor, int id, InstitutionInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequireSignedIn(actor);
        await using var tx = await db.BeginWriteAsync(ct);
        var institution = await db.Institutions.Include(i => i.Country).FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw RefusedException.NotFound("institution");
        Access.RequireCountryManager(actor, institution.CountryId);
        RequireSameCountry(input.Country, institution.Country!);
        var before = Snapshot(institution);
        await ApplyAsync(institution, input, isNew: false, ct);
        await db.SaveChangesAsync(ct);
        audit.Record(actor, "institution.updated", "institution", institution.Id, null, before, Snapshot(institution));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetInstitutionAsync(actor, id, ct);
    }

    /// An institution is deactivated, never deleted: its answers, focal points and workshops keep
    /// naming it; it is no longer offered for new focal points, assignments or workshops.
    public async Task<InstitutionView> SetInstitutionActiveAsync(Actor actor, int id, bool active, CancellationToken ct = default)
    {
        RequireSignedIn(actor);
        await using var tx = await db.BeginWriteAsync(ct);
        var institution = await db.Institutions.Include(i => i.Jurisdiction).FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw RefusedException.NotFound("institution");
        Access.RequireCountryManager(actor, institution.CountryId);
        if (institution.IsActive == active)
        {
            return await GetInstitutionAsync(actor, id, ct);
        }

        if (active && institution.Jurisdiction is { IsActive: false } place)
        {
            throw RefusedException.Conflict("institution.jurisdiction_inactive", place.Name);
        }

        institution.IsActive = active;
        audit.Record(actor, active ? "institution.reactivated" : "institution.deactivated", "institution", institution.Id, null,
            new { IsActive = !active }, new { IsActive = active });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetInstitutionAsync(actor, id, ct);
    }

    /// Every rule of a jurisdiction, checked as a whole: each problem names its field.
    private async Task ApplyAsync(Jurisdiction j, JurisdictionInput input, bool isNew, CancellationToken ct)
    {
        var errors = new List<InputError>();
        var name = Clean(input.Name);
        var nameEn = Clean(input.NameEn);
        if (name is null)
        {
            errors.Add(Error("name", "place.required"));
        }
        else if (name.Length > MaxName)
        {
            errors.Add(TooLong("name", MaxName));
        }

        if (nameEn?.Length > MaxName)
        {
            errors.Add(TooLong("nameEn", MaxName));
        }

        var level = input.AdminLevel ?? 0;
        if (level is < 1 or > 3)
        {
            errors.Add(Error("adminLevel", "jurisdiction.bad_level"));
        }

        var code = Clean(input.Code);
        string? system = null;
        if (code is not null)
        {
            if (!PlaceCodes.IsWellFormed(code))
            {
                errors.Add(Error("code", "jurisdiction.bad_code", TextRules.Quote(code), MaxCode));
            }
            else if (await DuplicateCodeHolderAsync(j, code, ct) is { } holder)
            {
                errors.Add(Error("code", "jurisdiction.duplicate_code", code, holder));
            }

            system = CodeSystems.FirstOrDefault(s => string.Equals(s, Clean(input.CodeSystem), StringComparison.OrdinalIgnoreCase));
            if (system is null)
            {
                errors.Add(Error("codeSystem", "jurisdiction.bad_code_system"));
            }
        }

        Jurisdiction? parent = null;
        if (input.ParentId is { } parentId)
        {
            parent = await db.Jurisdictions.AsNoTracking().FirstOrDefaultAsync(x => x.Id == parentId, ct);
            if (parent is null || parent.CountryId != j.CountryId)
            {
                errors.Add(Error("parentId", "jurisdiction.parent_other_country"));
            }
            else if (parent.Id == j.Id || (level is >= 1 and <= 3 && parent.AdminLevel >= level))
            {
                errors.Add(Error("parentId", "jurisdiction.parent_level", parent.Name, parent.AdminLevel.ToString(CultureInfo.InvariantCulture)));
            }
            else if (!parent.IsActive && (isNew || j.ParentId != parent.Id))
            {
                errors.Add(Error("parentId", "jurisdiction.parent_inactive", new Phrase("refusal.jurisdiction.parent_inactive.2", parent.Name)));
            }
        }

        if (!isNew && level is >= 1 and <= 3 && level != j.AdminLevel
            && await db.Jurisdictions.AsNoTracking().Where(c => c.ParentId == j.Id && c.AdminLevel <= level).Select(c => c.Name).FirstOrDefaultAsync(ct) is { } child)
        {
            errors.Add(Error("adminLevel", "jurisdiction.child_level", child));
        }

        if (input.Population is < 0)
        {
            errors.Add(Error("population", "place.bad_number"));
        }

        if (input.AreaKm2 is < 0 or > 20_000_000)
        {
            errors.Add(Error("areaKm2", "place.bad_number", new Phrase("refusal.place.bad_number.2")));
        }

        if (errors.Count > 0)
        {
            throw new InputRejectedException("jurisdiction.invalid", errors);
        }

        j.Name = name!;
        j.NameEn = nameEn == name ? null : nameEn;
        j.AdminLevel = level;
        j.Code = code;
        j.CodeSystem = system;
        j.ParentId = parent?.Id;
        j.Population = input.Population;
        j.AreaKm2 = input.AreaKm2;
    }

    /// See `PlaceCodes`: without case, across every code system, deactivated places too.
    private async Task<string?> DuplicateCodeHolderAsync(Jurisdiction j, string code, CancellationToken ct)
    {
        var upper = PlaceCodes.Key(code);
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL upper(), never run in .NET
        return await db.Jurisdictions.AsNoTracking()
            .Where(x => x.CountryId == j.CountryId && x.Id != j.Id && x.Code != null && x.Code.ToUpper() == upper)
            .Select(x => x.Name).FirstOrDefaultAsync(ct);
#pragma warning restore CA1304, CA1311, CA1862
    }

    private async Task ApplyAsync(Institution institution, InstitutionInput input, bool isNew, CancellationToken ct)
    {
        var errors = new List<InputError>();
        var es = Clean(input.NameEs);
        var en = Clean(input.NameEn);
        if (es is null && en is null)
        {
            errors.Add(Error("nameEs", "place.required", new Phrase("refusal.place.required.2")));
        }

        if (es?.Length > MaxInstitutionName)
        {
            errors.Add(TooLong("nameEs", MaxInstitutionName));
        }

        if (en?.Length > MaxInstitutionName)
        {
            errors.Add(TooLong("nameEn", MaxInstitutionName));
        }

        var acronym = Clean(input.Acronym);
        if (acronym?.Length > MaxAcronym)
        {
            errors.Add(TooLong("acronym", MaxAcronym));
        }

        if (!EnumCodes.TryParse<InstitutionKind>(input.Kind, out var kind))
        {
            errors.Add(KindError("kind"));
        }

        if (input.JurisdictionId is { } jid)
        {
            var place = await db.Jurisdictions.AsNoTracking().FirstOrDefaultAsync(x => x.Id == jid, ct);
            if (place is null || place.CountryId != institution.CountryId)
            {
                errors.Add(Error("jurisdictionId", "institution.jurisdiction_other_country"));
            }
            else if (!place.IsActive && (isNew || institution.JurisdictionId != jid))
            {
                errors.Add(Error("jurisdictionId", "institution.jurisdiction_inactive", new Phrase("refusal.institution.jurisdiction_inactive.2", place.Name)));
            }
        }

        if (errors.Count > 0)
        {
            throw new InputRejectedException("institution.invalid", errors);
        }

        institution.Name = new LocalizedText(en, es);
        institution.Acronym = acronym;
        institution.Kind = kind;
        institution.JurisdictionId = input.JurisdictionId;
    }

    private async Task<Country> CountryAsync(string? iso2, string location, CancellationToken ct)
    {
        var code = (iso2 ?? "").Trim().ToUpperInvariant();
        return await db.Countries.AsNoTracking().FirstOrDefaultAsync(c => c.Iso2 == code, ct)
            ?? throw new InputRejectedException("place.invalid", code.Length == 0
                ? Error(location, "country.unknown", new Phrase("refusal.place.country_required"))
                : Error(location, "country.unknown", new Phrase("refusal.place.no_such_country", TextRules.Quote(code))));
    }

    private static void RequireSameCountry(string? iso2, Country country)
    {
        if (!string.IsNullOrWhiteSpace(iso2) && !string.Equals(iso2.Trim(), country.Iso2, StringComparison.OrdinalIgnoreCase))
        {
            throw new InputRejectedException("place.invalid", Error("country", "place.country_fixed", country.Iso2));
        }
    }

    private static void RequireSignedIn(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsAuthenticated)
        {
            throw RefusedException.Unauthenticated();
        }
    }

    private static (int Page, int Size) Paging(int page, int size)
    {
        var errors = new List<InputError>();
        if (page < 1)
        {
            errors.Add(Error("page", "request.bad_page"));
        }

        if (size is < 1 or > MaxPageSize)
        {
            errors.Add(Error("pageSize", "request.bad_page_size", MaxPageSize));
        }

        return errors.Count > 0 ? throw new InputRejectedException("request.invalid", errors) : (page, size);
    }

    private static object Snapshot(Jurisdiction j, string iso2) =>
        new { j.Name, j.NameEn, j.AdminLevel, j.Code, j.CodeSystem, j.ParentId, j.Population, j.AreaKm2, j.IsActive, Country = iso2 };

    private static object Snapshot(Institution i) =>
        new { i.Name.Es, i.Name.En, i.Acronym, Kind = i.Kind.ToCode(), i.JurisdictionId, i.IsActive };

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static InputError KindError(string location) => Error(location, "institution.bad_kind",
        string.Join(", ", EnumCodes.All<InstitutionKind>()));

    private static InputError TooLong(string location, int max) => Error(location, "place.too_long", max.ToString(CultureInfo.InvariantCulture));

    private static InputError Error(string location, string code, params object?[] args) => new(location, code, args);

    private static InputError Error(string location, string code, Phrase message) => new(location, code, message);
}
