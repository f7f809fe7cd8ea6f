using Faro.Data;
using Faro.Operations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faro.Bench.Suite;

/// The real core services (`AddFaroCore`, as the web host and the CLI register them) on a fresh,
/// migrated SQLite database in a temporary data directory: what every BenchmarkDotNet class starts
/// in its [GlobalSetup] and disposes in its [GlobalCleanup], so that no case reads another's rows and
/// nothing is left in /tmp.
public sealed class BenchHost : IAsyncDisposable
{
    private readonly string dataDirectory;

    private BenchHost(string dataDirectory, ServiceProvider services)
    {
        this.dataDirectory = dataDirectory;
        Services = services;
    }

    public ServiceProvider Services { get; }

    public static async Task<BenchHost> StartAsync()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "faro-bdn-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dataDirectory);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Faro:DataDirectory"] = dataDirectory,
            ["Faro:Database:Provider"] = "sqlite",
            ["Faro:SeedDemoData"] = "false",
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddFaroCore(configuration)
            .BuildServiceProvider();
        var host = new BenchHost(dataDirectory, services);
        await host.RunAsync(s => s.GetRequiredService<MigrationRunner>().MigrateAsync());
        return host;
    }

    /// One DI scope per call, as one request or one command has: a fresh DbContext, nothing tracked
    /// from the call before.
    public async Task<T> RunAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public async Task RunAsync(Func<IServiceProvider, Task> work)
    {
        await using var scope = Services.CreateAsyncScope();
        await work(scope.ServiceProvider);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        // Pooled SQLite handles keep the file open; the directory cannot go while they do.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataDirectory, recursive: true);
    }
}
