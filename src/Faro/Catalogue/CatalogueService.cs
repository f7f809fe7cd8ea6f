using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Faro.Audit;
using Faro.Data;
using Microsoft.EntityFrameworkCore;

namespace Faro.Catalogue;

public sealed partial class CatalogueService(FaroDb db, AuditLog audit, TimeProvider clock)
{
    /// The seed versions shipped with Faro, oldest first; each later one names the one before as
    /// its previous version and carries the crosswalk from it. `migrate` installs every one that is
    /// missing, so an installation gets a new version while its assessments stay on theirs.
    public static readonly IReadOnlyList<string> SeedVersions = ["2025.1", "2025.2"];

    /// The version the demo's fictional answers are written for (`Demo/Data`): the demo's
    /// assessments stay on it, as existing assessments do.
    public const string DemoSeedVersion = "2025.1";

    public static string SeedResource(string version) => $"Faro.Catalogue.Seed.faro-local-{version}.json";

    /// The seed file of `version` (the demo's version by default).
    public static CatalogueFile ReadSeedFile(string version = DemoSeedVersion)
    {
        using var stream = typeof(CatalogueService).Assembly.GetManifestResourceStream(SeedResource(version))
            ?? throw new InvalidOperationException($"The seed catalogue {SeedResource(version)} is not embedded.");
        return Parse(stream, "seed");
    }

    /// Reads a catalogue JSON file; a syntax error is reported with its line and position.
    public static CatalogueFile Parse(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek && stream.Length > MaxFileBytes)
        {
            throw Reject(sourceName, "catalogue.too_large", MaxFileBytes / 1024 / 1024);
        }

        try
        {
            return JsonSerializer.Deserialize<CatalogueFile>(stream, CatalogueFile.JsonOptions)
                ?? throw Reject(sourceName, "catalogue.empty");
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line
                ? $"{sourceName}:{(line + 1).ToString(CultureInfo.InvariantCulture)}:{((e.BytePositionInLine ?? 0) + 1).ToString(CultureInfo.InvariantCulture)}"
                : sourceName;
            throw Reject(where, "catalogue.invalid_json", e.Path ?? "$");
        }
    }

    /// Loads every seed version the database does not have yet, oldest first (a later one names the
    /// one before as its previous version), and brings the display-only labels of the installed
    /// ones up to date. Safe to run on every start. Returns the newest.
    public async Task<IndicatorCatalogue> EnsureSeedAsync(CancellationToken ct = default)
    {
        IndicatorCatalogue? newest = null;
        foreach (var version in SeedVersions)
        {
            var seed = ReadSeedFile(version);
            var existing = await db.Catalogues.FirstOrDefaultAsync(c => c.Code == seed.Code && c.Version == seed.Version, ct);
            if (existing is null)
            {
                newest = await ImportAsync(seed, actor: "system", ct);
                continue;
            }

            await RefreshSeedTopicsAsync(existing, seed, ct);
            newest = existing;
        }

        return newest!;
    }

    /// A published version is immutable, yet installations that loaded 2025.1 before the topic
    /// field existed have no topics, and their profiles would have no neutral finding headings.
    /// The exception is deliberately narrow (ADR 0005): only the seed's own version, only the
    /// topic, which is a heading and changes neither an indicator's statement, its levels nor what
    /// any recorded answer means. Statements, guidance and levels are never touched here; changing
    /// those needs a new version with a crosswalk. Only an indicator whose topic differs from the
    /// seed's is written, so a second start writes nothing, and the change has its audit line.
    private async Task RefreshSeedTopicsAsync(IndicatorCatalogue catalogue, CatalogueFile seed, CancellationToken ct)
    {
        var topics = (seed.Domains ?? []).SelectMany(d => d.Areas ?? []).SelectMany(a => a.Indicators ?? [])
            .Where(i => i.Code is not null && i.Topic is not null)
            .ToDictionary(i => i.Code!.Trim(), i => i.Topic!.ToText(), StringComparer.OrdinalIgnoreCase);
        var indicators = await db.Indicators.Where(i => i.CatalogueId == catalogue.Id).ToListAsync(ct);
        var changed = new List<string>();
        foreach (var indicator in indicators)
        {
            if (topics.TryGetValue(indicator.Code, out var topic) && (indicator.Topic.En != topic.En || indicator.Topic.Es != topic.Es))
            {
                indicator.Topic.En = topic.En;
                indicator.Topic.Es = topic.Es;
                changed.Add(indicator.Code);
            }
        }

        if (changed.Count == 0)
        {
            return;
        }

        audit.Record(People.Actor.System("system"), "catalogue.topics_refreshed", "catalogue", catalogue.Id, null,
            after: new { code = catalogue.Code, version = catalogue.Version, indicators = changed });
        await db.SaveChangesAsync(ct);
    }

    /// Validates the whole file first and writes nothing unless every check passes. `actor` names
    /// a trusted caller (the command line, the seed).
    public Task<IndicatorCatalogue> ImportAsync(CatalogueFile file, string? actor, CancellationToken ct = default) =>
        ImportAsync(file, People.Actor.System(actor ?? "system"), ct);

    /// Imports a version (an administrator only). A file whose status is `draft` may replace a
    /// draft of the same code and version that no assessment uses; a published or retired version
    /// is never written over.
    public async Task<IndicatorCatalogue> ImportAsync(CatalogueFile file, People.Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        RequireAdmin(actor);
        var errors = Validate(file);
        var published = !string.Equals(file.Status, "draft", StringComparison.OrdinalIgnoreCase);
        IndicatorCatalogue? replaced = null;
        if (errors.Count == 0
            && await db.Catalogues.FirstOrDefaultAsync(c => c.Code == file.Code && c.Version == file.Version, ct) is { } existing)
        {
            if (!published && existing.Status == CatalogueStatus.Draft)
            {
                replaced = existing;
            }
            else if (existing.Status == CatalogueStatus.Draft)
            {
                errors.Add(Error("version", "catalogue.version_exists", file.Code, file.Version));
            }
            else
            {
                errors.Add(Error("version", "catalogue.version_exists", new Phrase("refusal.catalogue.version_exists.2", file.Code, file.Version)));
            }
        }

        IndicatorCatalogue? previous = null;
        if (errors.Count == 0 && file.PreviousVersion is { } prev)
        {
            previous = await db.Catalogues.FirstOrDefaultAsync(c => c.Code == file.Code && c.Version == prev, ct);
            if (previous is null || previous.Id == replaced?.Id)
            {
                errors.Add(Error("previousVersion", "catalogue.previous_missing", prev));
            }
        }

        // A crosswalk maps the previous version's codes: one that names no indicator of it would
        // silently carry nothing in a next round.
        if (errors.Count == 0 && previous is not null && file.Crosswalk is { Count: > 0 } crosswalk)
        {
            var previousCodes = (await db.Indicators.AsNoTracking().Where(i => i.CatalogueId == previous.Id).Select(i => i.Code).ToListAsync(ct))
                .ToHashSet(StringComparer.Ordinal);
            for (var ci = 0; ci < crosswalk.Count; ci++)
            {
                if (crosswalk[ci].From is { } from && !previousCodes.Contains(from))
                {
                    errors.Add(Error($"crosswalk[{ci}].from", "catalogue.unknown_code", from, previous.Version));
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new InputRejectedException("catalogue.invalid", errors);
        }

        // One transaction keeps the catalogue, crosswalk and audit line all-or-nothing.
        await using var tx = await db.BeginWriteAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (replaced is not null)
        {
            if (await db.Assessments.AnyAsync(a => a.CatalogueId == replaced.Id, ct))
            {
                throw RefusedException.Conflict("catalogue.in_use");
            }

            // The draft's contents go; its row (and id, and the versions that name it as their
            // previous one) stays.
            await db.Crosswalk.Where(c => c.CatalogueId == replaced.Id).ExecuteDeleteAsync(ct);
            await db.Indicators.Where(i => i.CatalogueId == replaced.Id).ExecuteDeleteAsync(ct);
            await db.Areas.Where(a => a.Domain!.CatalogueId == replaced.Id).ExecuteDeleteAsync(ct);
            await db.Domains.Where(d => d.CatalogueId == replaced.Id).ExecuteDeleteAsync(ct);
        }

        var catalogue = replaced ?? new IndicatorCatalogue { Code = file.Code!, Version = file.Version!, CreatedAt = now };
        catalogue.Title = file.Title?.ToText() ?? new();
        catalogue.Description = file.Description?.ToText() ?? new();
        catalogue.Status = published ? CatalogueStatus.Published : CatalogueStatus.Draft;
        catalogue.PublishedAt = published ? now : null;
        catalogue.PreviousVersion = previous;
        catalogue.PreviousVersionId = previous?.Id;

        var indicatorOrder = 0;
        foreach (var (d, di) in file.Domains!.Select((d, i) => (d, i)))
        {
            var domain = new Domain
            {
                Code = d.Code!.Trim(),
                Order = di + 1,
                Title = d.Title!.ToText(),
                Migof = d.Migof?.ToText() ?? new(),
                Description = d.Description?.ToText() ?? new(),
                Sdg1072Domain = d.Sdg1072Domain,
            };
            foreach (var (a, ai) in d.Areas!.Select((a, i) => (a, i)))
            {
                var area = new Area { Code = a.Code!.Trim(), Order = ai + 1, Title = a.Title!.ToText() };
                foreach (var i in a.Indicators!)
                {
                    area.Indicators.Add(new Indicator
                    {
                        Catalogue = catalogue,
                        Code = i.Code!.Trim(),
                        Order = ++indicatorOrder,
                        Topic = i.Topic?.ToText() ?? new(),
                        Text = i.Text!.ToText(),
                        Guidance = i.Guidance?.ToText() ?? new(),
                        YesGuidance = i.Levels?.Yes?.ToText() ?? new(),
                        PartialGuidance = i.Levels?.Partial?.ToText() ?? new(),
                        NoGuidance = i.Levels?.No?.ToText() ?? new(),
                        EvidenceExpected = i.Evidence?.ToText() ?? new(),
                        Routing = i.Routing?.ToText() ?? new(),
                        Competence = EnumCodes.TryParse<Competence>(i.Competence, out var competence) ? competence : throw new InvalidOperationException("checked above"),
                        GcmObjectives = string.Join(',', i.GcmObjectives ?? []),
                        Sdg1072Domain = i.Sdg1072Domain ?? d.Sdg1072Domain,
                        NationalCounterpartCode = i.NationalCode,
                    });
                }

                domain.Areas.Add(area);
            }

            catalogue.Domains.Add(domain);
        }

        if (replaced is null)
        {
            db.Catalogues.Add(catalogue);
        }

        await db.SaveChangesAsync(ct);

        foreach (var c in file.Crosswalk ?? [])
        {
            db.Crosswalk.Add(new CrosswalkEntry
            {
                CatalogueId = catalogue.Id,
                FromCode = c.From,
                ToCode = c.To,
                Kind = EnumCodes.TryParse<CrosswalkKind>(c.Kind, out var kind) ? kind : throw new InvalidOperationException("checked above"),
                Note = c.Note,
            });
        }

        await db.SaveChangesAsync(ct);
        audit.Record(actor, replaced is null ? "catalogue.imported" : "catalogue.draft_replaced", "catalogue", catalogue.Id, null,
            after: new { code = catalogue.Code, version = catalogue.Version, status = catalogue.Status.ToCode() });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return catalogue;
    }

    public async Task<CatalogueFile> ExportAsync(int catalogueId, CancellationToken ct = default)
    {
        var catalogue = await db.Catalogues.AsNoTracking()
            .Include(c => c.PreviousVersion)
            .Include(c => c.Domains.OrderBy(d => d.Order)).ThenInclude(d => d.Areas.OrderBy(a => a.Order))
            .ThenInclude(a => a.Indicators.OrderBy(i => i.Order))
            .AsSplitQuery()
            .FirstOrDefaultAsync(c => c.Id == catalogueId, ct)
            ?? throw new InputRejectedException("catalogue.not_found", Error("catalogue", "catalogue.not_found", catalogueId));
        var crosswalk = await db.Crosswalk.AsNoTracking().Where(c => c.CatalogueId == catalogueId).OrderBy(c => c.Id).ToListAsync(ct);

        return new CatalogueFile
        {
            Code = catalogue.Code,
            Version = catalogue.Version,
            // A retired version exported and imported elsewhere is a published one there.
            Status = catalogue.Status == CatalogueStatus.Draft ? "draft" : "published",
            Title = TextPair.From(catalogue.Title),
            Description = TextPair.From(catalogue.Description),
            PreviousVersion = catalogue.PreviousVersion?.Version,
            Domains = catalogue.Domains.Select(d => new DomainFile
            {
                Code = d.Code,
                Title = TextPair.From(d.Title),
                Migof = TextPair.From(d.Migof),
                Description = TextPair.From(d.Description),
                Sdg1072Domain = d.Sdg1072Domain,
                Areas = d.Areas.Select(a => new AreaFile
                {
                    Code = a.Code,
                    Title = TextPair.From(a.Title),
                    Indicators = a.Indicators.Select(i => new IndicatorFile
                    {
                        Code = i.Code,
                        Topic = TextPair.From(i.Topic),
                        Text = TextPair.From(i.Text),
                        Guidance = TextPair.From(i.Guidance),
                        Levels = new LevelsFile
                        {
                            Yes = TextPair.From(i.YesGuidance),
                            Partial = TextPair.From(i.PartialGuidance),
                            No = TextPair.From(i.NoGuidance),
                        },
                        Evidence = TextPair.From(i.EvidenceExpected),
                        Competence = i.Competence.ToString(),
                        GcmObjectives = [.. i.GcmObjectiveList],
                        Sdg1072Domain = i.Sdg1072Domain,
                        NationalCode = i.NationalCounterpartCode,
                        Routing = TextPair.From(i.Routing),
                    }).ToList(),
                }).ToList(),
            }).ToList(),
            Crosswalk = crosswalk.Count == 0 ? null : crosswalk.Select(c => new CrosswalkFile
            {
                From = c.FromCode,
                To = c.ToCode,
                Kind = c.Kind.ToCode(),
                Note = c.Note,
            }).ToList(),
        };
    }

    /// Every problem in the file, each with its JSON path, so that an author can fix them in one go.
    /// Limits far above any real catalogue (the seed has 88 indicators and texts of a few hundred
    /// characters) that stop a file from filling the database: a 60 MB title, 50,000 indicators.
    public const long MaxFileBytes = 20 * 1024 * 1024;
    public const int MaxIndicators = 1000;
    public const int MaxTextLength = 20_000;
    /// A topic heads a finding in the profile: a line, not a paragraph.
    public const int MaxTopicLength = 120;

    public static List<InputError> Validate(CatalogueFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var errors = new List<InputError>();
        void TooLong(string? value, string path)
        {
            if (value is { Length: > MaxTextLength })
            {
                errors.Add(Error(path, "text.too_long", MaxTextLength));
            }
            else if (TextRules.HasControlCharacter(value))
            {
                errors.Add(TextRules.ControlCharacterError(path));
            }
        }

        void Required(string? value, string path)
        {
            TooLong(value, path);
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add(Error(path, "field.required"));
            }
        }

        var indicatorCount = file.Domains?.Sum(d => d?.Areas?.Sum(a => a?.Indicators?.Count ?? 0) ?? 0) ?? 0;
        if (indicatorCount > MaxIndicators)
        {
            errors.Add(Error("domains", "catalogue.too_many_indicators", indicatorCount, MaxIndicators));
            return errors;
        }

        void Bilingual(TextPair? text, string path, bool required)
        {
            if (text is null)
            {
                if (required)
                {
                    errors.Add(Error(path, "field.required", new Phrase("refusal.field.required.2")));
                }

                return;
            }

            TooLong(text.En, path + ".en");
            TooLong(text.Es, path + ".es");
            var hasEn = !string.IsNullOrWhiteSpace(text.En);
            var hasEs = !string.IsNullOrWhiteSpace(text.Es);
            if (hasEn != hasEs || (required && !hasEn))
            {
                errors.Add(hasEn
                    ? Error(path + ".es", "text.missing_language")
                    : Error(path + ".en", "text.missing_language", new Phrase("refusal.text.missing_language.2")));
            }
        }

        Required(file.Code, "code");
        Required(file.Version, "version");
        if (file.Code is { } code && !CodePattern().IsMatch(code))
        {
            errors.Add(Error("code", "catalogue.bad_code"));
        }

        if (file.Status is { } status && status is not ("draft" or "published"))
        {
            errors.Add(Error("status", "catalogue.bad_status"));
        }

        Bilingual(file.Title, "title", required: false);
        Bilingual(file.Description, "description", required: false);
        if (file.Domains is not { Count: > 0 })
        {
            errors.Add(Error("domains", "catalogue.no_domains"));
            return errors;
        }

        var codes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var domainCodes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var di = 0; di < file.Domains.Count; di++)
        {
            var d = file.Domains[di];
            var dp = $"domains[{di}]";
            Required(d.Code, dp + ".code");
            if (d.Code is { } dc && !domainCodes.Add(dc.Trim()))
            {
                errors.Add(Error(dp + ".code", "catalogue.duplicate_code", dc));
            }

            Bilingual(d.Title, dp + ".title", required: true);
            Bilingual(d.Migof, dp + ".migof", required: false);
            Bilingual(d.Description, dp + ".description", required: false);
            if (d.Sdg1072Domain is < 1 or > 6)
            {
                errors.Add(Error(dp + ".sdg1072Domain", "catalogue.bad_sdg_domain"));
            }

            if (d.Areas is not { Count: > 0 })
            {
                errors.Add(Error(dp + ".areas", "catalogue.no_areas"));
                continue;
            }

            for (var ai = 0; ai < d.Areas.Count; ai++)
            {
                var a = d.Areas[ai];
                var ap = $"{dp}.areas[{ai}]";
                Required(a.Code, ap + ".code");
                Bilingual(a.Title, ap + ".title", required: true);
                if (a.Indicators is not { Count: > 0 })
                {
                    errors.Add(Error(ap + ".indicators", "catalogue.no_indicators"));
                    continue;
                }

                for (var ii = 0; ii < a.Indicators.Count; ii++)
                {
                    var i = a.Indicators[ii];
                    var ip = $"{ap}.indicators[{ii}]";
                    Required(i.Code, ip + ".code");
                    if (i.Code is { } ic)
                    {
                        if (!CodePattern().IsMatch(ic.Trim()))
                        {
                            errors.Add(Error(ip + ".code", "catalogue.bad_code"));
                        }
                        else if (!codes.Add(ic.Trim()))
                        {
                            errors.Add(Error(ip + ".code", "catalogue.duplicate_code", new Phrase("refusal.catalogue.duplicate_code.2", ic)));
                        }
                    }

                    Bilingual(i.Topic, ip + ".topic", required: false);
                    if (i.Topic is { } topic && (topic.En?.Trim().Length > MaxTopicLength || topic.Es?.Trim().Length > MaxTopicLength))
                    {
                        errors.Add(Error(ip + ".topic", "catalogue.topic_too_long", MaxTopicLength));
                    }

                    Bilingual(i.Text, ip + ".text", required: true);
                    Bilingual(i.Guidance, ip + ".guidance", required: false);
                    Bilingual(i.Levels?.Yes, ip + ".levels.yes", required: false);
                    Bilingual(i.Levels?.Partial, ip + ".levels.partial", required: false);
                    Bilingual(i.Levels?.No, ip + ".levels.no", required: false);
                    Bilingual(i.Evidence, ip + ".evidence", required: false);
                    Bilingual(i.Routing, ip + ".routing", required: false);
                    if (!EnumCodes.TryParse<Competence>(i.Competence, out _))
                    {
                        errors.Add(Error(ip + ".competence", "catalogue.bad_competence"));
                    }

                    if (i.GcmObjectives?.FirstOrDefault(g => g is < 1 or > 23) is { } bad and not 0)
                    {
                        errors.Add(Error(ip + ".gcmObjectives", "catalogue.bad_gcm", bad));
                    }
                }
            }
        }

        for (var ci = 0; ci < (file.Crosswalk?.Count ?? 0); ci++)
        {
            var c = file.Crosswalk![ci];
            if (!EnumCodes.TryParse<CrosswalkKind>(c.Kind, out _))
            {
                errors.Add(Error($"crosswalk[{ci}].kind", "catalogue.bad_crosswalk_kind"));
            }

            if (c.To is { } to && !codes.Contains(to))
            {
                errors.Add(Error($"crosswalk[{ci}].to", "catalogue.unknown_code", new Phrase("refusal.catalogue.unknown_code.2", to)));
            }
        }

        return errors;
    }

    private static InputError Error(string location, string code, params object?[] args) => new(location, code, args);

    private static InputError Error(string location, string code, Phrase message) => new(location, code, message);

    private static InputRejectedException Reject(string location, string code, params object?[] args) =>
        new(code, Error(location, code, args));

    private static InputRejectedException Reject(string location, string code, Phrase message) =>
        new(code, Error(location, code, message));

    [GeneratedRegex("^[A-Za-z0-9._-]{1,40}$")]
    private static partial Regex CodePattern();
}
