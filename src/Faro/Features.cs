using Microsoft.Extensions.DependencyInjection;

namespace Faro;

public static class FaroFeatures
{
    /// One line per feature's services; hosts call `AddFaroCore`, which calls this.
    public static IServiceCollection AddFaroFeatures(this IServiceCollection services)
    {
        services.AddScoped<Catalogue.CatalogueService>();
        services.AddScoped<Operations.MigrationRunner>();
        services.AddScoped<Operations.BackupService>();
        services.AddScoped<Demo.DemoSeeder>();
        services.AddScoped<People.UserService>();
        services.AddScoped<People.Access>();
        services.AddScoped<Profiles.ProfileAssembler>();
        return services;
    }
}
