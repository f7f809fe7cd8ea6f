using Faro.Data;
using Faro.Demo;
using Faro.Operations;
using Faro.People;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Faro.Web;

public static class WebSetup
{
    public static IServiceCollection AddFaroWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddIdentityCore<User>().AddSignInManager().AddClaimsPrincipalFactory<FaroClaimsFactory>();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/sign-in";
            o.LogoutPath = "/account/sign-out";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "faro.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
        });
        services.AddAuthorization();
        services.AddRazorPages(o => o.Conventions.AuthorizeFolder("/").AllowAnonymousToFolder("/Account"));
        services.AddAntiforgery(o => o.Cookie.Name = "faro.af");
        // Razor would otherwise write every accented letter as &#xED;: unreadable page source, and
        // heavier pages for users on slow connections.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddSingleton<TextCatalog>();
        services.AddScoped<UiLanguage>();
        services.AddHttpContextAccessor();
        return services;
    }

    /// Migrates, and in demo mode seeds an empty database and prints the demo sign-ins.
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MigrationRunner>().MigrateAsync();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<FaroOptions>>().Value;
        var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
        if (options.SeedDemoData == false)
        {
            return;
        }

        // The contract: one line per demo account, on standard output, at every start-up in demo
        // mode (the sign-ins saved in the data directory at seeding time are printed again later).
        var accounts = await seeder.IsDatabaseEmptyAsync() ? await seeder.SeedAsync() : seeder.ReadSavedAccounts();
        foreach (var account in accounts)
        {
            Console.WriteLine($"demo account: {account.Email} {account.Password} {account.Role}");
        }
    }

    public static WebApplication UseFaroWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
        }

        app.UseStatusCodePages();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }
}
