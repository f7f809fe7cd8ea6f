using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Faro.Web.Operations;

/// Request logging context and Prometheus metrics.
///
/// Every log line written while a request runs carries, as scopes, the request id (ASP.NET's own
/// `RequestId`/`TraceId` scope), the user id and the assessment id of the route. Nothing from the
/// body is ever logged: no password, token or narrative reaches a log line from here; the path is
/// not logged either (the framework's request lines are at Warning in appsettings.json), because
/// one-time links carry their token in it.
///
/// `GET /metrics` answers only when `Faro:Metrics:Token` is set, and only to
/// `Authorization: Bearer <token>`; otherwise it is "not found", as if it did not exist.
public sealed class Telemetry
{
    /// Upper bounds of the latency histogram, in seconds.
    private static readonly double[] Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private readonly Lock gate = new();
    private readonly Dictionary<(string Method, string Status, string Area), long> requests = [];
    private readonly Dictionary<string, long[]> histogram = [];
    private readonly Dictionary<string, double> durationSum = [];
    private long saves;

    public static void Map(WebApplication app)
    {
        app.MapGet("/metrics", (HttpContext context, Telemetry telemetry, IConfiguration configuration, Faro.Data.FaroDb db) =>
        {
            var token = configuration["Faro:Metrics:Token"];
            var given = context.Request.Headers.Authorization.ToString();
            if (string.IsNullOrEmpty(token) || !given.StartsWith("Bearer ", StringComparison.Ordinal)
                || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given["Bearer ".Length..]), Encoding.UTF8.GetBytes(token)))
            {
                return Results.NotFound();
            }

            return Results.Text(telemetry.Render(Faro.Profiles.PublicationWatch.LocalChanges(db)), "text/plain; version=0.0.4; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription();
    }

    /// After authentication and routing: the user and the route's assessment are known.
    public static void Use(WebApplication app)
    {
        var telemetry = app.Services.GetRequiredService<Telemetry>();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Faro.Requests");
        app.Use(async (context, next) =>
        {
            var scope = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value is { } user)
            {
                scope["UserId"] = user;
            }

            if ((context.GetRouteValue("assessmentId") ?? (context.Request.Path.StartsWithSegments("/api/v1/assessments") ? context.GetRouteValue("id") : null)) is { } assessment)
            {
                scope["AssessmentId"] = assessment.ToString();
            }

            var started = Stopwatch.GetTimestamp();
            using (log.BeginScope(scope))
            {
                try
                {
                    await next(context);
                }
                finally
                {
                    telemetry.Record(context, Stopwatch.GetElapsedTime(started).TotalSeconds);
                }
            }
        });
    }

    private void Record(HttpContext context, double seconds)
    {
        var request = context.Request;
        var status = context.Response.StatusCode;
        // Few labels on purpose: the area (api, portal, pages, static, health), never the path.
        var path = request.Path;
        var area = path.StartsWithSegments("/api") ? "api"
            : path.StartsWithSegments("/profiles") ? "portal"
            : path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics") ? "ops"
            : Path.HasExtension(path.Value) ? "static"
            : "pages";
        var isSave = status is >= 200 and < 300
            && ((HttpMethods.IsPut(request.Method) && path.StartsWithSegments("/api/v1/assessments") && path.Value!.Contains("/answers/", StringComparison.Ordinal))
                || (HttpMethods.IsPost(request.Method) && path.Value!.Contains("/indicators/", StringComparison.Ordinal)));
        lock (gate)
        {
            var key = (request.Method, (status / 100).ToString(CultureInfo.InvariantCulture) + "xx", area);
            requests[key] = requests.GetValueOrDefault(key) + 1;
            if (!histogram.TryGetValue(area, out var counts))
            {
                histogram[area] = counts = new long[Buckets.Length + 1];
            }

            var bucket = Array.FindIndex(Buckets, b => seconds <= b);
            counts[bucket < 0 ? Buckets.Length : bucket]++;
            durationSum[area] = durationSum.GetValueOrDefault(area) + seconds;
            if (isSave)
            {
                saves++;
            }
        }
    }

    private string Render(long publicationChanges)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        lock (gate)
        {
            sb.AppendLine("# HELP faro_http_requests_total HTTP requests by method, status class and area.");
            sb.AppendLine("# TYPE faro_http_requests_total counter");
            foreach (var ((method, status, area), count) in requests.OrderBy(r => r.Key.Area, StringComparer.Ordinal).ThenBy(r => r.Key.Method, StringComparer.Ordinal).ThenBy(r => r.Key.Status, StringComparer.Ordinal))
            {
                sb.Append(inv, $"faro_http_requests_total{{method=\"{method}\",status=\"{status}\",area=\"{area}\"}} {count}\n");
            }

            sb.AppendLine("# HELP faro_http_request_duration_seconds Time to answer a request, by area.");
            sb.AppendLine("# TYPE faro_http_request_duration_seconds histogram");
            foreach (var (area, counts) in histogram.OrderBy(h => h.Key, StringComparer.Ordinal))
            {
                long cumulative = 0;
                for (var i = 0; i < Buckets.Length; i++)
                {
                    cumulative += counts[i];
                    sb.Append(inv, $"faro_http_request_duration_seconds_bucket{{area=\"{area}\",le=\"{Buckets[i]}\"}} {cumulative}\n");
                }

                cumulative += counts[^1];
                sb.Append(inv, $"faro_http_request_duration_seconds_bucket{{area=\"{area}\",le=\"+Inf\"}} {cumulative}\n");
                sb.Append(inv, $"faro_http_request_duration_seconds_sum{{area=\"{area}\"}} {durationSum[area]}\n");
                sb.Append(inv, $"faro_http_request_duration_seconds_count{{area=\"{area}\"}} {cumulative}\n");
            }

            sb.AppendLine("# HELP faro_answer_saves_total Answer saves that succeeded (API and pages).");
            sb.AppendLine("# TYPE faro_answer_saves_total counter");
            sb.Append(inv, $"faro_answer_saves_total {saves}\n");
        }

        sb.AppendLine("# HELP faro_publication_changes_total Saves in this process that changed the public portal (snapshots, stage moves).");
        sb.AppendLine("# TYPE faro_publication_changes_total counter");
        sb.Append(inv, $"faro_publication_changes_total {publicationChanges}\n");
        return sb.ToString();
    }
}
