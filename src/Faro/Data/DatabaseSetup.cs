using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Faro.People;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Data;

public static class FaroServices
{
    /// Everything the web host and the CLI share: options, the DbContext for the configured
    /// provider, the clock, Identity's stores and the feature services.
    public static IServiceCollection AddFaroCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FaroOptions>(configuration.GetSection(FaroOptions.Section));
        var options = configuration.GetSection(FaroOptions.Section).Get<FaroOptions>() ?? new FaroOptions();
        services.AddSingleton(TimeProvider.System);

        switch (options.Database.Provider.ToLowerInvariant())
        {
            case DatabaseProviders.Sqlite:
                var sqlite = DatabaseSetup.SqliteConnectionString(options);
                services.AddDbContext<SqliteFaroDb>(o => DatabaseSetup.ConfigureSqlite(o, sqlite));
                services.AddScoped<FaroDb>(sp => sp.GetRequiredService<SqliteFaroDb>());
                break;
            case DatabaseProviders.Postgres:
                var pg = options.Database.ConnectionString
                    ?? throw new InputRejectedException("config.invalid", new InputError("Faro:Database:ConnectionString", "config.connection_required"));
                services.AddDbContext<PostgresFaroDb>(o => DatabaseSetup.ConfigurePostgres(o, pg));
                services.AddScoped<FaroDb>(sp => sp.GetRequiredService<PostgresFaroDb>());
                break;
            default:
                throw new InputRejectedException("config.invalid", new InputError("Faro:Database:Provider", "config.bad_provider", options.Database.Provider));
        }

        services.AddDataProtection().SetApplicationName("Faro").PersistKeysToDbContext<FaroDb>();
        services.AddIdentityCore<User>(DatabaseSetup.ConfigureIdentity)
            .AddEntityFrameworkStores<FaroDb>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddDefaultTokenProviders();
        services.AddFaroFeatures();
        return services;
    }
}

public static class DatabaseSetup
{
    public static void ConfigureIdentity(IdentityOptions o)
    {
        o.User.RequireUniqueEmail = true;
        o.Password.RequiredLength = 12;
        o.Password.RequireNonAlphanumeric = false;
        o.Password.RequireUppercase = false;
        o.Password.RequireLowercase = false;
        o.Password.RequireDigit = false;
        // Length over complexity (NIST SP 800-63B), but not one character twelve times.
        o.Password.RequiredUniqueChars = 5;
        o.Lockout.AllowedForNewUsers = true;
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
    }

    public static string SqliteConnectionString(FaroOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Database.ConnectionString))
        {
            return options.Database.ConnectionString;
        }

        Directory.CreateDirectory(options.FullDataDirectory);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(options.FullDataDirectory, "faro.db"),
            ForeignKeys = true,
            // Also the busy timeout: Microsoft.Data.Sqlite retries a locked database for this long.
            DefaultTimeout = 30,
            Pooling = true,
        }.ToString();
    }

    public static void ConfigureSqlite(DbContextOptionsBuilder o, string connectionString) =>
        o.UseSqlite(connectionString, s => s.MigrationsHistoryTable("__migrations"))
            .AddInterceptors(new SqlitePragmas()).AddInterceptors(Profiles.PublicationWatch.Interceptors);

    /// No retrying execution strategy: imports, restores and stage moves use explicit transactions,
    /// which a retrying strategy refuses; a failed request is reported and retried by the user.
    public static void ConfigurePostgres(DbContextOptionsBuilder o, string connectionString) =>
        o.UseNpgsql(PostgresConnectionString(connectionString), s => s.MigrationsHistoryTable("__migrations"))
            .AddInterceptors(Profiles.PublicationWatch.Interceptors);

    private static readonly ConcurrentDictionary<string, string> PostgresStrings = new(StringComparer.Ordinal);

    /// The configured connection string with Faro's default for prepared statements: Npgsql
    /// prepares a statement on a pooled connection once it has run five times (`Max Auto
    /// Prepare`), so PostgreSQL parses and plans the statements of a save once per connection,
    /// not on every request. Measured (`bench/load/run.sh`, docs/performance.md): PostgreSQL's CPU
    /// per save 3.2 → 1.8 ms, saves at 50 editors 227–255 → 302–339/s. A value the operator sets is kept (0
    /// turns it off). Generic plans are the price: a statement whose plan depends on its
    /// parameters' values must not hide them in expressions (see the practice search's CTE).
    /// And PostgreSQL's JIT compiler off (`Options=-c jit=off`): it starts on estimated cost, and
    /// Faro's list queries at N = 10,000 (the portal's, the practice search's) cross that estimate
    /// while running in milliseconds: the portal's list took 46 ms with JIT, 24 ms without. An
    /// `Options` the operator sets is kept as given.
    public static string PostgresConnectionString(string configured) =>
        PostgresStrings.GetOrAdd(configured, static cs =>
        {
            var given = new DbConnectionStringBuilder { ConnectionString = cs };
            bool Has(string key) => given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals(key, StringComparison.OrdinalIgnoreCase));
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(cs);
            if (!Has("MaxAutoPrepare"))
            {
                builder.MaxAutoPrepare = 64;
            }

            if (!Has("Options"))
            {
                builder.Options = "-c jit=off";
            }

            return builder.ConnectionString;
        });

    /// Builds a context for explicit options, for the CLI's backup/restore between providers and
    /// for tests.
    public static FaroDb Create(FaroOptions options) =>
        options.Database.Provider.ToLowerInvariant() switch
        {
            DatabaseProviders.Postgres => new PostgresFaroDb(new DbContextOptionsBuilder<PostgresFaroDb>()
                .Also(o => ConfigurePostgres(o, options.Database.ConnectionString!)).Options),
            _ => new SqliteFaroDb(new DbContextOptionsBuilder<SqliteFaroDb>()
                .Also(o => ConfigureSqlite(o, SqliteConnectionString(options))).Options),
        };

    private static DbContextOptionsBuilder<T> Also<T>(this DbContextOptionsBuilder<T> builder, Action<DbContextOptionsBuilder<T>> configure)
        where T : DbContext
    {
        configure(builder);
        return builder;
    }

    /// SQLite is a production database here, so it is set up on purpose for every connection:
    /// WAL lets readers work while one writer commits (the web host serves while imports run);
    /// synchronous=NORMAL is durable in WAL mode for every committed transaction short of power loss
    /// of the OS; busy_timeout waits for the writer instead of failing with SQLITE_BUSY.
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";

        // Pooled connections keep their native handle, and with it these settings: they are set
        // once per handle, not on every logical open (EF Core opens a connection per query).
        private static readonly ConditionalWeakTable<object, object> Prepared = new();
        private static readonly ConcurrentDictionary<string, bool> ReadOnly = new(StringComparer.Ordinal);

        // EF Core opens a read-only connection to ask whether the file exists; switching the
        // journal mode there is a write ("attempt to write a readonly database").
        private static bool NeedsPragmas(DbConnection connection) =>
            !ReadOnly.GetOrAdd(connection.ConnectionString, cs => new SqliteConnectionStringBuilder(cs).Mode == SqliteOpenMode.ReadOnly)
            && ((SqliteConnection)connection).Handle is { } handle && !Prepared.TryGetValue(handle, out _);

        private static void MarkPrepared(DbConnection connection) => Prepared.AddOrUpdate(((SqliteConnection)connection).Handle!, true);

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (!NeedsPragmas(connection))
            {
                return;
            }

            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
            MarkPrepared(connection);
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (!NeedsPragmas(connection))
            {
                return;
            }

            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            MarkPrepared(connection);
        }
    }
}

/// Design-time factories for `dotnet ef migrations add` (one migrations set per provider).
public sealed class SqliteDesignFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<SqliteFaroDb>
{
    public SqliteFaroDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteFaroDb>().UseSqlite("Data Source=design.db", s => s.MigrationsHistoryTable("__migrations")).Options);
}

public sealed class PostgresDesignFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<PostgresFaroDb>
{
    public PostgresFaroDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresFaroDb>().UseNpgsql("Host=localhost;Database=faro_design", s => s.MigrationsHistoryTable("__migrations")).Options);
}
