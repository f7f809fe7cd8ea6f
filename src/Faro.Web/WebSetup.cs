using Faro.Data;
using Faro.Demo;
using Faro.Operations;
using Faro.People;
using Faro.Web.Account;
using Faro.Web.Api;
using Faro.Web.Health;
using Faro.Web.Localization;
using Faro.Web.Pages;
using Faro.Web.Profiles;
using Faro.Web.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Faro.Web;

public static class WebSetup
{
    public static IServiceCollection AddFaroWeb(this IServiceCollection services, IConfiguration configuration)
    {
        var authentication = services.AddAuthentication(o =>
        {
            o.DefaultScheme = TokenAuthenticationHandler.CookieOrToken;
            o.DefaultChallengeScheme = TokenAuthenticationHandler.CookieOrToken;
        });
        // Tokens are for the API only: on a page a bearer header is ignored (the cookie decides), so
        // a leaked token cannot drive the pages (two-factor, people) that need a signed-in person.
        authentication.AddPolicyScheme(TokenAuthenticationHandler.CookieOrToken, "Cookie or token", o => o.ForwardDefaultSelector = context =>
            TokenAuthenticationHandler.HasBearer(context.Request) && context.Request.IsApi()
                ? TokenAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme);
        authentication.AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null);
        authentication.AddIdentityCookies();
        authentication.AddOidc(configuration);
        services.AddSingleton<SignInThrottle>();
        services.AddFaroHardening(configuration);
        services.AddIdentityCore<User>().AddSignInManager().AddClaimsPrincipalFactory<FaroClaimsFactory>();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/sign-in";
            o.LogoutPath = "/account/sign-out";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "faro.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = configuration.GetValue("Faro:BehindProxy", false) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            // The API answers 401/403; only pages redirect to the sign-in page.
            o.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
            o.Events.OnValidatePrincipal = RejectDisabledUsersAsync;
        });
        services.AddAuthorization();
        services.AddRazorPages(o => o.Conventions.AuthorizeFolder("/").AllowAnonymousToFolder("/Account").AddFaroFolders());
        // Pages report missing fields themselves, in the reader's language; MVC's implicit
        // "required" for non-nullable properties would add English messages.
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true);
        services.AddScoped<CurrentUser>();
        services.AddScoped<CurrentAssessment>();
        services.AddScoped<Faro.Web.People.LinkMail>();
        services.AddScoped<Faro.Web.Security.PendingUploads>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "faro.af";
            // Behind a TLS-terminating proxy the app may see plain HTTP; the cookie is Secure anyway.
            o.Cookie.SecurePolicy = configuration.GetValue("Faro:BehindProxy", false) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
        // Razor would otherwise write every accented letter as &#xED;: unreadable page source, and
        // heavier pages for users on slow connections.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddProblemDetails();
        services.AddApiGuards();
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddUiLanguage();
        services.AddHttpContextAccessor();
        Faro.Notifications.NotificationMailer.AddMail(services, configuration);
        services.AddHostedService<Faro.Web.FollowUp.OverdueActionSweep>();
        services.AddHostedService<Faro.Web.Profiles.ProfileFreezer>();
        services.AddFaroPublicCache();
        services.AddSingleton<Faro.Web.Operations.Telemetry>();
        // Graceful shutdown: on SIGTERM Kestrel stops accepting, and requests in flight (a save,
        // a publication) get this long to finish before the process exits.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(configuration.GetValue("Faro:ShutdownSeconds", 30)));
        return services;
    }

    /// Migrates, and in demo mode seeds an empty database and prints the demo sign-ins.
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MigrationRunner>().MigrateAsync();
        // Files of uploads that never got their row (a crash, a refusal on another node); an hour
        // old at least, so no upload in flight is taken.
        await scope.ServiceProvider.GetRequiredService<Faro.Assessments.EvidenceFiles>().SweepOrphansAsync(
            scope.ServiceProvider.GetRequiredService<FaroDb>(), TimeSpan.FromHours(1), scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
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

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.IsApi())
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    /// Identity's security-stamp check, then the disabled flag on every request: an admin's
    /// "disable" ends a session at its next request, not at the cookie's expiry.
    private static async Task RejectDisabledUsersAsync(CookieValidatePrincipalContext context)
    {
        await SecurityStampValidator.ValidatePrincipalAsync(context);
        if (context.Principal?.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value is not { } id
            || !int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var userId))
        {
            return;
        }

        var db = context.HttpContext.RequestServices.GetRequiredService<FaroDb>();
        if (!await db.Users.AnyAsync(u => u.Id == userId && !u.IsDisabled, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    public static WebApplication UseFaroWeb(this WebApplication app)
    {
        // First: the hardening's own refusal (an oversized body) and the error and status pages
        // speak the reader's language too. It only reads the cookie and Accept-Language.
        app.UseRequestLocalization();
        app.UseFaroHardening();
        app.UseFaroCompression();
        if (!app.Environment.IsDevelopment())
        {
            // Pages get the generic error page; the API a problem document. Neither shows a stack
            // trace or an exception message outside Development.
            app.UseExceptionHandler("/error");
            app.UseWhen(context => context.Request.IsApi(), api => api.UseExceptionHandler());
        }

        // A friendly page in the reader's language for 403/404 from pages; the status code stays.
        // The API answers problem documents instead (ApiGuards).
        app.UseWhen(c => !c.Request.IsApi(), pages => pages.UseStatusCodePagesWithReExecute("/status/{0}"));
        app.UseApiGuards();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseApiCallerGuards();
        app.UsePageBadRequests();
        app.UseAuthorization();
        Faro.Web.Operations.Telemetry.Use(app);
        app.UseOutputCache();
        app.UseAntiforgery();
        // The endpoints' binding code is generated at build time (`EnableRequestDelegateGenerator`
        // in Faro.Web.csproj). Unlike the runtime factory it replaces, it does not look at the
        // antiforgery result before reading a form, so a post with a bad token would reach the
        // form reader and fail as a 500. Refused here as the runtime factory did: a 400.
        app.Use((context, next) => context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false } failed
            ? throw new BadHttpRequestException("Invalid antiforgery token.", StatusCodes.Status400BadRequest, failed.Error ?? new AntiforgeryValidationException("Invalid antiforgery token."))
            : next(context));
        return app;
    }
}
