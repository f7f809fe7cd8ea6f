namespace Faro.Data;

/// The `Faro` configuration section; the web host and the CLI read the same keys
/// (`Faro__DataDirectory`, `Faro__Database__Provider`, `Faro__Database__ConnectionString`,
/// `Faro__SeedDemoData`).
public sealed class FaroOptions
{
    public const string Section = "Faro";

    public string DataDirectory { get; set; } = "./data";
    public DatabaseOptions Database { get; set; } = new();
    /// Null means "seed when the database is empty"; false never seeds.
    public bool? SeedDemoData { get; set; }
    public BackupOptions Backup { get; set; } = new();
    public Exchange.OpenDataOptions OpenData { get; set; } = new();

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
}

public sealed class BackupOptions
{
    /// The largest archive `faro restore` unpacks (`Faro:Backup:MaxRestoreGigabytes`).
    public int MaxRestoreGigabytes { get; set; } = 20;
}

public sealed class DatabaseOptions
{
    public string Provider { get; set; } = DatabaseProviders.Sqlite;
    public string? ConnectionString { get; set; }
}

public static class DatabaseProviders
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
}
