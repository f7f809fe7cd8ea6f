using System.IO.Compression;
using Faro.Data;
using Faro.Web.Localization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Faro.Web.Profiles;

/// Published material at near-static speed: the portal's pages and downloads are kept in the
/// output cache for signed-out readers, keyed by URL, the reader's interface language and the
/// publication stamp. The stamp (`PublicationStamp`) is read from the database on each request
/// with two indexed MAX() lookups, so a publication, a re-opening or a re-freeze made on any node
/// changes the key on every node at once: nothing to broadcast, nothing stale.
public static class PublicCache
{
    public const string Policy = "faro-public";

    public static IServiceCollection AddFaroPublicCache(this IServiceCollection services)
    {
        services.AddSingleton<PublicationStamp>();
        services.AddOutputCache(o =>
        {
            o.AddPolicy(Policy, new PublicPagePolicy());
            // Pages are at most a few hundred KB; the default 64 MB bounds the memory.
            o.MaximumBodySize = 8 * 1024 * 1024;
        });
        services.AddResponseCompression(o =>
        {
            // Compression of HTTPS responses is safe here: the cached public pages hold no secret,
            // and signed-in pages carry the antiforgery token only in forms a third party cannot
            // inject text next to (no reflected input in them), so BREACH has nothing to recover.
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["text/html", "text/css", "application/javascript", "text/javascript", "application/json", "application/problem+json", "image/svg+xml", "text/csv"];
        });
        // Fastest levels: the pages are small and the CPU is the scarce resource on a 2-core server;
        // Brotli's fastest level already beats gzip's default on size.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    /// Compression outermost, so that the cache stores the identity bytes once and every
    /// encoding is made from them. A compressed body is not byte-for-byte the entity the strong
    /// ETag names, so it goes out as a weak tag (as nginx does); If-None-Match compares weakly, so
    /// the browser's 304s still work.
    public static void UseFaroCompression(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                if (!string.IsNullOrEmpty(headers.ContentEncoding) && headers.ETag.ToString() is { Length: > 0 } tag && !tag.StartsWith("W/", StringComparison.Ordinal))
                {
                    headers.ETag = "W/" + tag;
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseResponseCompression();
    }

    private sealed class PublicPagePolicy : IOutputCachePolicy
    {
        public async ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var http = context.HttpContext;
            var request = http.Request;
            // Only what every signed-out reader gets alike: a signed-in page shows the user's name
            // and forms bound to their antiforgery cookie.
            var attempt = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                && http.User.Identity?.IsAuthenticated != true
                && !request.Headers.ContainsKey(HeaderNames.Authorization);
            context.EnableOutputCaching = true;
            context.AllowCacheLookup = attempt;
            context.AllowCacheStorage = attempt;
            context.AllowLocking = true;
            context.ResponseExpirationTimeSpan = TimeSpan.FromMinutes(10);
            context.CacheVaryByRules.QueryKeys = "*";
            if (attempt)
            {
                context.CacheVaryByRules.VaryByValues["ui"] = http.RequestServices.GetRequiredService<UiLanguage>().Current;
                context.CacheVaryByRules.VaryByValues["stamp"] = await http.RequestServices.GetRequiredService<PublicationStamp>().ReadAsync(http.RequestServices, cancellation);
            }
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var response = context.HttpContext.Response;
            // Never keep a response that sets a cookie or is not a plain success.
            if (response.StatusCode != StatusCodes.Status200OK || !string.IsNullOrEmpty(response.Headers.SetCookie))
            {
                context.AllowCacheStorage = false;
            }

            return ValueTask.CompletedTask;
        }
    }
}

/// What every public page depends on, as one short string: the newest snapshot (a publication or
/// re-freeze adds rows with higher ids) and the newest stage move (publication, re-opening), both
/// MAX() over primary keys (one index seek each, whatever the number of assessments), plus this
/// process's own count of such changes. The database part is re-read at most once a second per
/// node, so another node's publication shows here within a second and a cache hit costs no query;
/// this node's own publication shows at once through the local count.
public sealed class PublicationStamp(TimeProvider clock)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private (string Value, long ReadAt) last = ("", 0);
    private string? databaseKey;

    /// A cache hit builds no DbContext: the database's key is kept from the first read, and a
    /// context is made only for the once-a-second re-read.
    public async ValueTask<string> ReadAsync(IServiceProvider services, CancellationToken ct)
    {
        var key = databaseKey ??= Faro.Profiles.PublicationWatch.Key(services.GetRequiredService<FaroDb>());
        var local = Faro.Profiles.PublicationWatch.LocalChanges(key);
        var seen = last;
        if (seen.ReadAt == 0 || clock.GetElapsedTime(seen.ReadAt) > MaxAge)
        {
            var now = clock.GetTimestamp();
            var db = services.GetRequiredService<FaroDb>();
            var snapshots = await db.ProfileSnapshots.MaxAsync(s => (int?)s.Id, ct) ?? 0;
            var stages = await db.StageEvents.MaxAsync(e => (int?)e.Id, ct) ?? 0;
            seen = (FormattableString.Invariant($"{snapshots}.{stages}"), now);
            last = seen;
        }

        return FormattableString.Invariant($"{seen.Value}.{local}");
    }
}
