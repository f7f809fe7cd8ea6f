using Faro.Texts;
using Faro.Web.Api;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Faro.Web.Security;

/// Settings of `Faro:BehindProxy` and `Faro:Limits:*`.
public sealed class HardeningOptions
{
    /// True when a reverse proxy terminates TLS: forwarded headers are trusted, HTTPS is enforced
    /// (redirect and HSTS), and cookies are marked Secure because requests are then HTTPS.
    public bool BehindProxy { get; set; }
    public int MaxRequestBodyMegabytes { get; set; } = 25;

    public long MaxRequestBodyBytes => MaxRequestBodyMegabytes * 1024L * 1024L;
}

public static class WebHardening
{
    /// The Content Security Policy allows our own scripts and styles only: no inline script, no
    /// inline style attributes, no framing by other sites.
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IServiceCollection AddFaroHardening(this IServiceCollection services, IConfiguration configuration)
    {
        var options = Read(configuration);
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        services.Configure<FormOptions>(o =>
        {
            o.MultipartBodyLengthLimit = options.MaxRequestBodyBytes;
            o.ValueCountLimit = 2048;
        });
        if (options.BehindProxy)
        {
            services.Configure<ForwardedHeadersOptions>(o =>
            {
                o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
                // The proxy is the only way in (see docs/security.md), so its headers are trusted
                // whatever its address inside the deployment's network.
                o.KnownIPNetworks.Clear();
                o.KnownProxies.Clear();
            });
            services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
            // The proxy's public HTTPS port; the app itself may listen on plain HTTP only.
            services.AddHttpsRedirection(o => o.HttpsPort = configuration.GetValue("Faro:HttpsPort", 443));
        }

        return services;
    }

    public static WebApplication UseFaroHardening(this WebApplication app)
    {
        var options = Read(app.Configuration);
        if (options.BehindProxy)
        {
            app.UseForwardedHeaders();
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.Use(async (context, next) =>
        {
            // Set when the response starts, so that error pages (whose handler clears the
            // response) carry them too.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                // An endpoint that serves a standalone document (the profile's HTML download, with
                // its own hashed <style>) sets a policy of its own; everything else gets ours.
                if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
                {
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                }

                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                // A page that carries a secret in its address (set-password's one-time token) sets
                // the stricter "no-referrer" itself; it must not be overwritten.
                if (string.IsNullOrEmpty(headers["Referrer-Policy"]))
                {
                    headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                }

                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            // A declared body over the limit is refused before anything reads it (Kestrel also
            // stops undeclared, chunked bodies at the same size).
            if (context.Request.ContentLength > options.MaxRequestBodyBytes)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                if (context.Request.IsApi())
                {
                    var lang = context.RequestServices.GetRequiredService<Localization.UiLanguage>().Current;
                    await RefusalFilter.Problem(StatusCodes.Status413PayloadTooLarge, "request.too_large",
                        TextCatalog.Default.Render(lang, "refusal.api.request.larger_than", options.MaxRequestBodyMegabytes), null).ExecuteAsync(context);
                }

                return;
            }

            await next(context);
        });
        return app;
    }

    private static HardeningOptions Read(IConfiguration configuration) => new()
    {
        BehindProxy = configuration.GetValue("Faro:BehindProxy", false),
        MaxRequestBodyMegabytes = configuration.GetValue("Faro:Limits:MaxRequestBodyMegabytes", 25),
    };
}
