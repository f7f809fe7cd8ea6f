using Faro.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faro.Tests.Infrastructure;

/// The core library's services over a test database, without a web host: for feature logic that
/// the CLI and the web share.
public sealed class CoreServices : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    private readonly bool ownsDatabase;

    private CoreServices(TestDatabase database, ServiceProvider provider, bool ownsDatabase)
    {
        Database = database;
        this.provider = provider;
        this.ownsDatabase = ownsDatabase;
    }

    public TestDatabase Database { get; }

    /// `settings` add configuration (e.g. `Faro:Smtp:Host`); `configure` adds services (e.g. a
    /// publication hook) after the core's. `migrate` (the default) starts on a copy of the run's
    /// template, which MigrationRunner already migrated and seeded: running it again on the copy
    /// only re-read the catalogue and the countries for every test (every web host start still
    /// runs it on an up-to-date database).
    public static Task<CoreServices> StartAsync(string provider, bool migrate = true, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection, IConfiguration>? configure = null)
    {
        var database = TestDatabase.Create(provider, migrated: migrate);
        return Task.FromResult(For(database, settings, configure, ownsDatabase: true));
    }

    public static CoreServices For(TestDatabase database, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection, IConfiguration>? configure = null, bool ownsDatabase = false)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(database.Settings()).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddFaroCore(configuration);
        services.AddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<Faro.People.User>, RememberingPasswordHasher>();
        configure?.Invoke(services, configuration);
        return new CoreServices(database, services.BuildServiceProvider(), ownsDatabase);
    }

    public async Task<T> Run<TService, T>(Func<TService, Task<T>> work)
        where TService : notnull
    {
        await using var scope = provider.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async Task Run<TService>(Func<TService, Task> work)
        where TService : notnull
    {
        await using var scope = provider.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public Task<T> Db<T>(Func<FaroDb, Task<T>> work) => Run(work);

    public Task Db(Func<FaroDb, Task> work) => Run(work);

    public async ValueTask DisposeAsync()
    {
        await provider.DisposeAsync();
        if (ownsDatabase)
        {
            Database.Dispose();
        }
    }
}
