using Faro.Assessments;
using Faro.Audit;
using Faro.Catalogue;
using Faro.FollowUp;
using Faro.Learning;
using Faro.Notifications;
using Faro.People;
using Faro.Places;
using Faro.Profiles;
using Faro.Workflow;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Faro.Data;

/// The one DbContext. Each provider has a subclass (`SqliteFaroDb`, `PostgresFaroDb`) only so that
/// each keeps its own migrations set; the model is defined here once.
public abstract class FaroDb(DbContextOptions options) : IdentityUserContext<User, int>(options), IDataProtectionKeyContext
{
    /// The Data Protection key ring lives in the database so that several web nodes on one
    /// PostgreSQL database read each other's cookies and tokens.
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<IndicatorCatalogue> Catalogues => Set<IndicatorCatalogue>();
    public DbSet<Domain> Domains => Set<Domain>();
    public DbSet<Area> Areas => Set<Area>();
    public DbSet<Indicator> Indicators => Set<Indicator>();
    public DbSet<CrosswalkEntry> Crosswalk => Set<CrosswalkEntry>();
    public DbSet<Country> Countries => Set<Country>();
    public DbSet<Jurisdiction> Jurisdictions => Set<Jurisdiction>();
    public DbSet<Institution> Institutions => Set<Institution>();
    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();
    public DbSet<PersonalAccessToken> AccessTokens => Set<PersonalAccessToken>();
    public DbSet<Assessment> Assessments => Set<Assessment>();
    public DbSet<FocalPoint> FocalPoints => Set<FocalPoint>();
    public DbSet<IndicatorAssignment> Assignments => Set<IndicatorAssignment>();
    public DbSet<Workshop> Workshops => Set<Workshop>();
    public DbSet<WorkshopInstitution> WorkshopInstitutions => Set<WorkshopInstitution>();
    public DbSet<WorkshopDecision> WorkshopDecisions => Set<WorkshopDecision>();
    public DbSet<WorkshopAttendee> WorkshopAttendees => Set<WorkshopAttendee>();
    public DbSet<Answer> Answers => Set<Answer>();
    public DbSet<AnswerRevision> AnswerRevisions => Set<AnswerRevision>();
    public DbSet<Evidence> Evidence => Set<Evidence>();
    public DbSet<AnswerEvidence> AnswerEvidence => Set<AnswerEvidence>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<StageEvent> StageEvents => Set<StageEvent>();
    public DbSet<ReviewPoint> ReviewPoints => Set<ReviewPoint>();
    public DbSet<ActionItem> Actions => Set<ActionItem>();
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<ProfileSnapshot> ProfileSnapshots => Set<ProfileSnapshot>();
    public DbSet<ExchangeRequest> ExchangeRequests => Set<ExchangeRequest>();
    public DbSet<PasswordLink> PasswordLinks => Set<PasswordLink>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        var builder = configurationBuilder;
        // Times are UTC in storage. SQLite keeps no kind, so reads are marked UTC again here;
        // PostgreSQL's timestamptz insists on UTC on write.
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        // Enums as their names: readable in the database and stable in backups.
        foreach (var enumType in new[]
        {
            typeof(CatalogueStatus), typeof(Competence), typeof(CrosswalkKind), typeof(InstitutionKind),
            typeof(Role), typeof(Stage), typeof(StageEventKind), typeof(ReplyKind), typeof(ResolutionKind),
            typeof(AssessmentLevel), typeof(WorkshopKind), typeof(WorkshopStatus), typeof(AnswerStatus),
            typeof(EvidenceType), typeof(CommentVisibility), typeof(ActionStatus), typeof(ExchangeStatus),
        })
        {
            builder.Properties(enumType).HaveConversion<string>().HaveMaxLength(40);
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        ArgumentNullException.ThrowIfNull(builder);

        builder.Entity<User>(e =>
        {
            e.ToTable("users");
            e.Property(u => u.DisplayName).HasMaxLength(200);
            e.Property(u => u.PreferredLanguage).HasMaxLength(5);
        });
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserClaim<int>>().ToTable("user_claims");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserLogin<int>>().ToTable("user_logins");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserToken<int>>().ToTable("user_tokens");

        builder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        builder.Entity<IndicatorCatalogue>(e =>
        {
            e.ToTable("catalogues");
            e.HasIndex(c => new { c.Code, c.Version }).IsUnique();
            e.HasOne(c => c.PreviousVersion).WithMany().HasForeignKey(c => c.PreviousVersionId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Domain>(e =>
        {
            e.ToTable("domains");
            e.HasIndex(d => new { d.CatalogueId, d.Code }).IsUnique();
            e.HasOne(d => d.Catalogue).WithMany(c => c.Domains).HasForeignKey(d => d.CatalogueId);
        });
        builder.Entity<Area>(e =>
        {
            e.ToTable("areas");
            e.HasIndex(a => new { a.DomainId, a.Code }).IsUnique();
            e.HasOne(a => a.Domain).WithMany(d => d.Areas).HasForeignKey(a => a.DomainId);
        });
        builder.Entity<Indicator>(e =>
        {
            e.ToTable("indicators");
            e.HasIndex(i => new { i.CatalogueId, i.Code }).IsUnique();
            e.HasOne(i => i.Area).WithMany(a => a.Indicators).HasForeignKey(i => i.AreaId);
            e.HasOne(i => i.Catalogue).WithMany().HasForeignKey(i => i.CatalogueId).OnDelete(DeleteBehavior.Restrict);
            e.Property(i => i.Code).HasMaxLength(40);
            e.Ignore(i => i.GcmObjectiveList);
        });
        builder.Entity<CrosswalkEntry>(e =>
        {
            e.ToTable("crosswalk");
            e.HasOne<IndicatorCatalogue>().WithMany().HasForeignKey(c => c.CatalogueId);
        });

        builder.Entity<Country>(e =>
        {
            e.ToTable("countries");
            e.HasIndex(c => c.Iso2).IsUnique();
            e.HasIndex(c => c.Iso3).IsUnique();
            e.Property(c => c.Iso2).HasMaxLength(2);
            e.Property(c => c.Iso3).HasMaxLength(3);
        });
        builder.Entity<Jurisdiction>(e =>
        {
            e.ToTable("jurisdictions");
            e.HasOne(j => j.Country).WithMany().HasForeignKey(j => j.CountryId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(j => j.Parent).WithMany().HasForeignKey(j => j.ParentId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Institution>(e =>
        {
            e.ToTable("institutions");
            e.HasOne(i => i.Country).WithMany().HasForeignKey(i => i.CountryId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(i => i.Jurisdiction).WithMany().HasForeignKey(i => i.JurisdictionId).OnDelete(DeleteBehavior.Restrict);
            // The profile's acronym candidates (ProfileAssembler): the few institutions of a country
            // with an acronym, found without reading the other 200,000 of a country at N = 10,000.
            // The same filter text on both providers (quoted identifiers). The plain index stays
            // declared: EF would drop it as covered by this one, which the filter makes partial.
            e.HasIndex(i => i.CountryId);
            e.HasIndex(i => new { i.CountryId, i.Acronym }).HasFilter("\"Acronym\" IS NOT NULL AND \"Acronym\" <> ''").HasDatabaseName("IX_institutions_CountryId_WithAcronym");
        });

        builder.Entity<RoleAssignment>(e =>
        {
            e.ToTable("role_assignments");
            e.HasOne(r => r.User).WithMany(u => u.Roles).HasForeignKey(r => r.UserId);
            e.HasOne<Country>().WithMany().HasForeignKey(r => r.CountryId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Assessment>().WithMany().HasForeignKey(r => r.AssessmentId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Institution>().WithMany().HasForeignKey(r => r.InstitutionId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<PasswordLink>(e =>
        {
            e.ToTable("password_links");
            e.HasIndex(t => t.Hash).IsUnique();
            e.Property(t => t.Purpose).HasMaxLength(16);
            e.Property(t => t.Hash).HasMaxLength(64);
            e.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId);
        });
        builder.Entity<PersonalAccessToken>(e =>
        {
            e.ToTable("access_tokens");
            e.HasIndex(t => t.Hash).IsUnique();
            e.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId);
        });

        builder.Entity<Assessment>(e =>
        {
            e.ToTable("assessments");
            e.Property(a => a.Version).IsConcurrencyToken();
            e.HasOne(a => a.Country).WithMany().HasForeignKey(a => a.CountryId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(a => a.Jurisdiction).WithMany().HasForeignKey(a => a.JurisdictionId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(a => a.Catalogue).WithMany().HasForeignKey(a => a.CatalogueId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(a => a.PreviousRound).WithMany().HasForeignKey(a => a.PreviousRoundId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(a => a.NationalCounterpart).WithMany().HasForeignKey(a => a.NationalCounterpartId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(a => new { a.JurisdictionId, a.Round });
        });
        builder.Entity<FocalPoint>(e =>
        {
            e.ToTable("focal_points");
            e.HasOne<Assessment>().WithMany(a => a.FocalPoints).HasForeignKey(f => f.AssessmentId);
            e.HasOne(f => f.Institution).WithMany().HasForeignKey(f => f.InstitutionId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(f => f.User).WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(f => new { f.AssessmentId, f.InstitutionId, f.UserId });
        });
        builder.Entity<IndicatorAssignment>(e =>
        {
            e.ToTable("indicator_assignments");
            e.HasOne<Assessment>().WithMany().HasForeignKey(a => a.AssessmentId);
            e.HasOne(a => a.Indicator).WithMany().HasForeignKey(a => a.IndicatorId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(a => a.Institution).WithMany().HasForeignKey(a => a.InstitutionId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(a => new { a.AssessmentId, a.IndicatorId, a.InstitutionId }).IsUnique();
        });
        builder.Entity<Workshop>(e =>
        {
            e.ToTable("workshops");
            e.HasOne<Assessment>().WithMany(a => a.Workshops).HasForeignKey(w => w.AssessmentId);
        });
        builder.Entity<WorkshopInstitution>(e =>
        {
            e.ToTable("workshop_institutions");
            e.HasOne<Workshop>().WithMany(w => w.Institutions).HasForeignKey(w => w.WorkshopId);
            e.HasOne(w => w.Institution).WithMany().HasForeignKey(w => w.InstitutionId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(w => new { w.WorkshopId, w.InstitutionId }).IsUnique();
        });
        builder.Entity<WorkshopAttendee>(e =>
        {
            e.ToTable("workshop_attendees");
            e.HasOne<Workshop>().WithMany(w => w.Attendees).HasForeignKey(a => a.WorkshopId);
            e.HasOne(a => a.Institution).WithMany().HasForeignKey(a => a.InstitutionId).OnDelete(DeleteBehavior.Restrict);
            e.Property(a => a.Name).HasMaxLength(200);
            e.Property(a => a.InstitutionName).HasMaxLength(300);
            e.Property(a => a.Role).HasMaxLength(200);
        });
        builder.Entity<WorkshopDecision>(e =>
        {
            e.ToTable("workshop_decisions");
            e.HasOne<Workshop>().WithMany(w => w.Decisions).HasForeignKey(d => d.WorkshopId);
            e.HasOne<Indicator>().WithMany().HasForeignKey(d => d.IndicatorId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Answer>(e =>
        {
            e.ToTable("answers");
            e.Property(a => a.Revision).IsConcurrencyToken();
            e.HasIndex(a => new { a.AssessmentId, a.IndicatorId }).IsUnique();
            e.HasOne(a => a.Assessment).WithMany(s => s.Answers).HasForeignKey(a => a.AssessmentId);
            e.HasOne(a => a.Indicator).WithMany().HasForeignKey(a => a.IndicatorId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(a => a.ResponsibleInstitution).WithMany().HasForeignKey(a => a.ResponsibleInstitutionId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<AnswerRevision>(e =>
        {
            e.ToTable("answer_revisions");
            e.HasOne<Answer>().WithMany().HasForeignKey(r => r.AnswerId);
            e.HasIndex(r => new { r.AnswerId, r.Revision }).IsUnique();
        });
        builder.Entity<Evidence>(e =>
        {
            e.ToTable("evidence");
            e.HasOne<Assessment>().WithMany().HasForeignKey(v => v.AssessmentId);
        });
        builder.Entity<AnswerEvidence>(e =>
        {
            e.ToTable("answer_evidence");
            e.HasOne<Answer>().WithMany(a => a.Evidence).HasForeignKey(l => l.AnswerId);
            e.HasOne(l => l.Evidence).WithMany().HasForeignKey(l => l.EvidenceId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(l => new { l.AnswerId, l.EvidenceId }).IsUnique();
        });
        builder.Entity<Comment>(e =>
        {
            e.ToTable("comments");
            e.HasOne<Assessment>().WithMany().HasForeignKey(c => c.AssessmentId);
            e.HasOne(c => c.Author).WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<StageEvent>(e =>
        {
            e.ToTable("stage_events");
            e.HasOne<Assessment>().WithMany().HasForeignKey(s => s.AssessmentId);
            e.HasOne(s => s.By).WithMany().HasForeignKey(s => s.ById).OnDelete(DeleteBehavior.Restrict);
            // "When was it last published": the portal and the good-practice search ask it per
            // assessment; answered from the index alone.
            e.HasIndex(s => new { s.AssessmentId, s.To, s.At });
        });
        builder.Entity<ReviewPoint>(e =>
        {
            e.ToTable("review_points");
            e.HasOne<Assessment>().WithMany().HasForeignKey(r => r.AssessmentId);
            e.HasOne<Indicator>().WithMany().HasForeignKey(r => r.IndicatorId).OnDelete(DeleteBehavior.Restrict);
            e.Ignore(r => r.IsOpen);
        });
        builder.Entity<ActionItem>(e =>
        {
            e.ToTable("action_items");
            e.HasOne<Assessment>().WithMany().HasForeignKey(a => a.AssessmentId);
            e.HasOne<Institution>().WithMany().HasForeignKey(a => a.OwnerInstitutionId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit");
            e.HasIndex(a => new { a.AssessmentId, a.At });
            e.HasIndex(a => new { a.EntityType, a.EntityId });
            e.HasIndex(a => new { a.AssessmentId, a.IndicatorId });
        });
        builder.Entity<Notification>(e =>
        {
            e.ToTable("notifications");
            e.HasOne<User>().WithMany().HasForeignKey(n => n.UserId);
            e.HasIndex(n => new { n.UserId, n.ReadAt });
        });
        builder.Entity<ProfileSnapshot>(e =>
        {
            e.ToTable("profile_snapshots");
            e.HasOne<Assessment>().WithMany().HasForeignKey(p => p.AssessmentId);
            e.HasIndex(p => new { p.AssessmentId, p.Lang, p.Format }).IsUnique();
            // The portal's "complete in" column and filter: which articles have no fallback text,
            // read from the index. On SQLite the rows themselves hold the content before these
            // columns, so a scan of the table walks every snapshot's overflow pages (44 ms for
            // 28,590 snapshots at N = 10,000, 3 ms from this index).
            e.HasIndex(p => new { p.Format, p.FallbackTexts, p.AssessmentId, p.Lang });
        });
        builder.Entity<ExchangeRequest>(e =>
        {
            e.ToTable("exchange_requests");
            e.HasOne<Assessment>().WithMany().HasForeignKey(x => x.FromAssessmentId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Assessment>().WithMany().HasForeignKey(x => x.ToAssessmentId).OnDelete(DeleteBehavior.Restrict);
        });
    }

    /// The audit trail is append-only: any attempt to change or remove an audit row through the
    /// application fails here, before it reaches the database.
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var auto = Guard();
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = auto;
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var auto = Guard();
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = auto;
        }
    }

    // Every `ChangeTracker.Entries()` call detects changes again, and a save used to do it four
    // times (the two guards, the save, the publication watch): once is enough, then the save runs
    // with detection off. Returns the setting to restore.
    private bool Guard()
    {
        ChangeTracker.DetectChanges();
        var auto = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            GuardAuditRows();
            GuardTexts();
        }
        catch
        {
            ChangeTracker.AutoDetectChangesEnabled = auto;
            throw;
        }

        return auto;
    }

    /// The last line of defence for `TextRules`, whatever the writer (form, API, import, CLI): a
    /// text with a control character is refused before it reaches the database, named by its
    /// field as the API and forms call it (`text`, `titleEs`, `narrativeEn`).
    private void GuardTexts()
    {
        List<InputError>? errors = null;
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified) || entry.Entity is AuditEntry)
            {
                continue;
            }

            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is string text && (entry.State == EntityState.Added || property.IsModified) && TextRules.HasControlCharacter(text))
                {
                    (errors ??= []).Add(TextRules.ControlCharacterError(FieldName(property.Metadata.Name)));
                }
            }

            foreach (var complex in entry.ComplexProperties)
            {
                foreach (var property in complex.Properties)
                {
                    if (property.CurrentValue is string text && TextRules.HasControlCharacter(text))
                    {
                        (errors ??= []).Add(TextRules.ControlCharacterError(FieldName(complex.Metadata.Name) + property.Metadata.Name));
                    }
                }
            }
        }

        if (errors is not null)
        {
            throw new InputRejectedException("text.control_character", errors);
        }
    }

    private static string FieldName(string property) => char.ToLowerInvariant(property[0]) + property[1..];

    private void GuardAuditRows()
    {
        if (ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("Audit entries are append-only.");
        }
    }
}

internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

public sealed class SqliteFaroDb(DbContextOptions<SqliteFaroDb> options) : FaroDb(options);

public sealed class PostgresFaroDb(DbContextOptions<PostgresFaroDb> options) : FaroDb(options);
