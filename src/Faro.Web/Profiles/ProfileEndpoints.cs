using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Faro.People;
using Faro.Profiles;
using Faro.Web.Api;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Faro.Web.Profiles;

/// The profile API and the portal's files. Published profiles are public and come from their
/// snapshot; anything else is only for signed-in people whose scope includes the assessment, and
/// is "not found" for everyone else (no hint that it exists).
public static partial class ProfileEndpoints
{
    public static void MapProfiles(this WebApplication app)
    {
        app.MapGet("/api/v1/assessments/{id:int}/profile", GetProfileAsync)
            .AllowAnonymous()
            .WithTags("Profiles")
            .WithName("GetProfile")
            .WithSummary("The assessment's Migration Governance Profile as html, pdf, docx or json, in en or es.")
            .WithDescription("Published profiles are public and served from the snapshot frozen at publication. Before that, only signed-in people whose scope includes the assessment get it, rendered from the current answers with a DRAFT watermark until approved.");

        var portal = app.MapGroup("/profiles").AllowAnonymous().ExcludeFromDescription();
        portal.MapGet("/profile.css", (HttpContext context) =>
        {
            var css = HtmlProfileRenderer.Stylesheet;
            return Send(context, Encoding.UTF8.GetBytes(css), "text/css; charset=utf-8", Sha(css), "public, max-age=86400", null);
        }).CacheOutput(PublicCache.Policy);
        // The portal's download links: /profiles/12/es.pdf. Published profiles only.
        portal.MapGet("/{id:int}/{lang}.{format}", async Task<IResult> (int id, string lang, string format, HttpContext context, ProfileService profiles, UiLanguage ui, CancellationToken ct) =>
        {
            if (!ProfileFormats.TryParse(format, out var parsed) || !Languages.IsSupported(lang)
                || await profiles.PublishedAsync(id, parsed, lang, ct) is not { } file)
            {
                return NotFound(ui);
            }

            return SendFile(context, file);
        }).CacheOutput(PublicCache.Policy);
    }

    private static async Task<IResult> GetProfileAsync(int id, string? format, string? lang, HttpContext context, ProfileService profiles, Access access,
        UiLanguage ui, CancellationToken ct)
    {
        ProfileFormat parsedFormat;
        string parsedLang;
        try
        {
            (parsedFormat, parsedLang) = ProfileFormats.Parse(format ?? "html", lang ?? ui.Current);
        }
        catch (InputRejectedException e)
        {
            return Rejected(e, ui);
        }

        if (await profiles.PublishedAsync(id, parsedFormat, parsedLang, ct) is { } published)
        {
            return SendFile(context, published);
        }

        if (context.User.Identity?.IsAuthenticated == true
            && int.TryParse(context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value, CultureInfo.InvariantCulture, out var userId))
        {
            var roles = await access.RolesOfAsync(userId, ct);
            ProfileFile? current = null;
            if (await access.VisibleAssessments(roles).AnyAsync(a => a.Id == id, ct))
            {
                try
                {
                    current = await profiles.CurrentAsync(id, parsedFormat, parsedLang, ct);
                }
                catch (RefusedException e) when (e.Code == "profile.no_answers")
                {
                    // Only people in scope learn why: for everyone else the assessment stays "not found".
                    return RefusalFilter.Problem(StatusCodes.Status409Conflict, e.Code, e.Text[ui.Current], null);
                }
            }

            if (current is not null)
            {
                // A draft leaving Faro is an export: it goes into the assessment's audit trail.
                var db = context.RequestServices.GetRequiredService<Faro.Data.FaroDb>();
                context.RequestServices.GetRequiredService<Faro.Audit.AuditLog>().Record(await context.ActorAsync(), "profile.exported", "assessment", id, id,
                    after: new { format = current.Format.ToCode(), lang = parsedLang, draft = true });
                await db.SaveChangesAsync(ct);
                return SendFile(context, current);
            }
        }

        return NotFound(ui);
    }

    private static IResult SendFile(HttpContext context, ProfileFile file)
    {
        // Snapshots never change under their hash: any cache may keep them for an hour. Drafts
        // are for the people in scope only and always revalidated.
        var cache = file.IsSnapshot ? "public, max-age=3600" : "private, no-cache";
        string? csp = null;
        if (file.Format == ProfileFormat.Html)
        {
            // The standalone page has no script and one <style> block: allow exactly that block.
            var style = StyleBlock().Match(Encoding.UTF8.GetString(file.Content));
            csp = "default-src 'none'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
                + (style.Success ? $"; style-src 'sha256-{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(style.Groups[1].Value)))}'" : "");
        }

        var result = Send(context, file.Content, file.ContentType, file.Sha256, cache, csp);
        context.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue(file.Format == ProfileFormat.Html ? "inline" : "attachment")
        {
            FileNameStar = file.FileName,
        }.ToString();
        return result;
    }

    private static IResult Send(HttpContext context, byte[] content, string contentType, string sha, string cacheControl, string? csp)
    {
        var etag = new EntityTagHeaderValue($"\"{sha}\"");
        var headers = context.Response.Headers;
        headers.ETag = etag.ToString();
        headers.CacheControl = cacheControl;
        headers.XContentTypeOptions = "nosniff";
        if (csp is not null)
        {
            headers.ContentSecurityPolicy = csp;
        }

        if (context.Request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } match && match.Any(m => m.Compare(etag, useStrongComparison: false) || m.Equals(EntityTagHeaderValue.Any)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(content, contentType);
    }

    private static string Sha(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static ProblemHttpResult NotFound(UiLanguage ui) => TypedResults.Problem(
        title: ui["profiles.not_found"], statusCode: StatusCodes.Status404NotFound,
        extensions: new Dictionary<string, object?> { ["code"] = "profile.not_found" });

    private static ProblemHttpResult Rejected(InputRejectedException e, UiLanguage ui) => TypedResults.Problem(
        title: e.Describe(ui.Current), statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?>
        {
            ["code"] = e.Code,
            ["errors"] = e.Errors.Select(x => new { location = x.Location, code = x.Code, message = x.Message[ui.Current] }).ToList(),
        });

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleBlock();
}
