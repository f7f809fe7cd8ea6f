using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Faro.Web.Profiles;

/// ETags for the portal's pages. A page depends on its data, but also on who reads it (the layout
/// shows the user's name and language) and on the antiforgery cookie its forms are bound to; all of
/// these go into the tag, so a 304 never hands back a page made for someone else or a stale form.
public static class PortalCache
{
    /// Sets ETag and Cache-Control; true when the browser's copy is current and a 304 should be sent.
    public static bool IsNotModified(HttpContext context, string lang, params string[] data)
    {
        var signedIn = context.User.Identity?.IsAuthenticated == true;
        var antiforgery = context.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>();
        // A signed-out page has no form bound to a cookie (the language switch is a link), so it is
        // the same for every signed-out reader of that language: shareable by any cache.
        var cookie = signedIn && antiforgery.Value.Cookie.Name is { } name && context.Request.Cookies.TryGetValue(name, out var value) ? value : "";
        var user = signedIn ? context.User.Identity!.Name ?? "?" : "";
        var key = string.Join('\n', [.. data, lang, user, cookie]);
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32]}\"");
        context.Response.Headers.ETag = etag.ToString();
        // Signed in: revalidated on every view, cheap (a 304 has no body) and never stale. Signed
        // out: five minutes in any cache, then revalidated (a publication shows within that time).
        context.Response.Headers.CacheControl = signedIn ? "private, no-cache" : "public, max-age=300";
        // The language comes from the faro.lang cookie or Accept-Language when the URL does not say.
        context.Response.Headers.Vary = "Cookie, Accept-Language";
        return context.Request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } match && match.Any(m => m.Compare(etag, useStrongComparison: false));
    }
}
