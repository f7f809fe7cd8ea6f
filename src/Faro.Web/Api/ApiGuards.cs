using System.Text.Json;
using System.Text.Json.Serialization;
using Faro.Texts;
using Faro.Web.Account;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Json;

namespace Faro.Web.Api;

/// What every `/api/v1` request goes through before its endpoint: strict JSON (unknown members,
/// wrong types and control characters are refused with the member named, never dropped), answers
/// as problem documents (never the HTML status page), HEAD as GET, a bad bearer token as 401, and
/// antiforgery for cookie-authenticated writes that a cross-site form could send.
public static class ApiGuards
{
    public static IServiceCollection AddApiGuards(this IServiceCollection services)
    {
        services.Configure<JsonOptions>(o =>
        {
            // A PUT with "narrative" instead of "narrativeEs" must not answer 200 and save nothing.
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.Converters.Add(new CleanStringConverter());
        });
        // Binding failures become exceptions that the middleware below turns into problem documents.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static IApplicationBuilder UseApiGuards(this IApplicationBuilder app) => app.UseWhen(c => c.Request.IsApi(), api =>
    {
        api.Use(async (context, next) =>
        {
            // Minimal APIs map GET only; HEAD is GET without a body (the server drops the body).
            if (HttpMethods.IsHead(context.Request.Method))
            {
                context.Request.Method = HttpMethods.Get;
            }

            await next(context);
        });
    });

    /// After authentication: the checks that need to know who is calling.
    public static IApplicationBuilder UseApiCallerGuards(this IApplicationBuilder app) => app.UseWhen(c => c.Request.IsApi(), api =>
    {
        api.UseStatusCodePages(async status =>
        {
            var context = status.HttpContext;
            var lang = context.RequestServices.GetRequiredService<UiLanguage>().Current;
            var code = context.Response.StatusCode switch
            {
                StatusCodes.Status401Unauthorized => "auth.required",
                StatusCodes.Status403Forbidden => "access.forbidden",
                StatusCodes.Status404NotFound => "resource.not_found",
                StatusCodes.Status405MethodNotAllowed => "request.method_not_allowed",
                StatusCodes.Status413PayloadTooLarge => "request.too_large",
                StatusCodes.Status415UnsupportedMediaType => "request.unsupported_media_type",
                _ => "request.failed",
            };
            await RefusalFilter.Problem(context.Response.StatusCode, code, Message(code, lang), null).ExecuteAsync(context);
        });
        api.Use(async (context, next) =>
        {
            var lang = context.RequestServices.GetRequiredService<UiLanguage>().Current;
            var signedIn = context.User.Identity?.IsAuthenticated == true;
            if (TokenAuthenticationHandler.HasBearer(context.Request) && !signedIn)
            {
                // A wrong token is not "anonymous": the script must learn that its token is bad.
                context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                await RefusalFilter.Problem(StatusCodes.Status401Unauthorized, "auth.invalid_token", Message("auth.invalid_token", lang), null)
                    .ExecuteAsync(context);
                return;
            }

            if (signedIn && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method)
                && context.User.Identity?.AuthenticationType != TokenAuthenticationHandler.SchemeName && !IsJson(context.Request))
            {
                // A cross-site form can POST with the cookie (no body, a form or text/plain), but
                // cannot send JSON or our header; SameSite=Lax is not the only guard.
                try
                {
                    await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
                }
                catch (AntiforgeryValidationException)
                {
                    await RefusalFilter.Problem(StatusCodes.Status400BadRequest, "request.antiforgery", Message("request.antiforgery", lang), null)
                        .ExecuteAsync(context);
                    return;
                }
            }

            try
            {
                await next(context);
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                if (!signedIn)
                {
                    // Who may not call at all learns that first, not what is wrong with the body.
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    await RefusalFilter.Problem(StatusCodes.Status401Unauthorized, "auth.required", Message("auth.required", lang), null)
                        .ExecuteAsync(context);
                    return;
                }

                var (code, location) = Describe(e);
                await RefusalFilter.Problem(e.StatusCode, code, Message(code, lang) + (location is null ? "" : $" ({location})"),
                    location is null ? null : new Dictionary<string, object?>
                    {
                        ["errors"] = new[] { new { location, code, message = Message(code, lang) } },
                    }).ExecuteAsync(context);
            }
        });
    });

    /// Pages and the form endpoints (language switch, sign-out): a request the framework cannot
    /// bind (a missing antiforgery token, a malformed form) is a 400 with the status page, as
    /// without `ThrowOnBadRequest`.
    public static IApplicationBuilder UsePageBadRequests(this IApplicationBuilder app) => app.UseWhen(c => !c.Request.IsApi(), pages =>
        pages.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                context.Response.StatusCode = e.StatusCode;
            }
        }));

    private static bool IsJson(HttpRequest request) =>
        request.ContentType is { } type && (type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.Contains("+json", StringComparison.OrdinalIgnoreCase)));

    /// The JSON member at fault, as a path without the `$.` prefix (`narrative`, `evidence[0].section`).
    private static (string Code, string? Location) Describe(BadHttpRequestException e)
    {
        for (Exception? inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json)
            {
                var path = json.Path is { Length: > 0 } p ? p.TrimStart('$').TrimStart('.') : null;
                var code = json.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "request.unknown_member"
                    : json.InnerException is ControlCharacterException || json.Message.Contains(CleanStringConverter.Marker, StringComparison.Ordinal)
                        ? "request.control_character" : "request.invalid_json";
                if (code == "request.unknown_member" && UnknownMember(json.Message) is { } member)
                {
                    path = string.IsNullOrEmpty(path) ? member : path.EndsWith(member, StringComparison.Ordinal) ? path : path + "." + member;
                }

                return (code, string.IsNullOrEmpty(path) ? null : path);
            }
        }

        return (e.Message.Contains("body was inferred", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("Implicit body", StringComparison.OrdinalIgnoreCase) ? "request.body_missing" : "request.invalid_body", null);
    }

    /// System.Text.Json says: "The JSON property 'narrative' could not be mapped to any .NET member ...".
    private static string? UnknownMember(string message)
    {
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return end > start ? message[(start + 1)..end] : null;
    }

    // The guards' texts are the catalogue's `refusal.api.*` keys; an unknown code gets the
    // general "could not be read".
    internal static string Message(string code, string lang) =>
        TextCatalog.Default.Render(lang, TextCatalog.Default.Has("refusal.api." + code) ? "refusal.api." + code : "refusal.api.request.failed");
}

/// Raised for a string with a control character other than tab, line feed or carriage return.
public sealed class ControlCharacterException : JsonException
{
    public ControlCharacterException()
        : base(CleanStringConverter.Marker)
    {
    }

    public ControlCharacterException(string message)
        : base(message)
    {
    }

    public ControlCharacterException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// Every string read from an API body: NUL and other control characters are refused (PostgreSQL
/// cannot store NUL, and none belongs in a title or a narrative).
public sealed class CleanStringConverter : JsonConverter<string>
{
    public const string Marker = "faro:control-character";

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        if (value is not null && TextRules.HasControlCharacter(value))
        {
            throw new ControlCharacterException();
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
