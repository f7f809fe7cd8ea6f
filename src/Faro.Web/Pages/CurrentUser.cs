using System.Globalization;
using System.Security.Claims;
using Faro.People;

namespace Faro.Web.Pages;

/// The signed-in user of this request and their roles, read once per request. Pages never trust a
/// role claim in the cookie: roles change (a coordinator removes a focal point) while cookies live
/// for hours, so they come from the database.
public sealed class CurrentUser(IHttpContextAccessor http, Access access)
{
    private IReadOnlyList<RoleAssignment>? roles;
    private Actor? actor;

    public int Id => int.Parse(
        http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("not signed in"),
        CultureInfo.InvariantCulture);

    public bool IsSignedIn => http.HttpContext?.User.Identity?.IsAuthenticated == true;

    public string Name => http.HttpContext?.User.FindFirstValue("faro:name") ?? "";

    public async Task<IReadOnlyList<RoleAssignment>> RolesAsync(CancellationToken ct = default) =>
        roles ??= IsSignedIn ? await access.RolesOfAsync(Id, ct) : [];

    /// Who acts, for the core services (which check role and scope again on every write).
    public async Task<Actor> ActorAsync(CancellationToken ct = default) =>
        actor ??= IsSignedIn
            ? await access.ActorAsync(Id, http.HttpContext?.Connection.RemoteIpAddress?.ToString(), ct)
            : Actor.Anonymous(http.HttpContext?.Connection.RemoteIpAddress?.ToString());

    /// Admins and coordinators set up places, people and assessments.
    public async Task<bool> IsManagerAsync(CancellationToken ct = default) =>
        (await RolesAsync(ct)).Any(r => r.Role is Role.Admin or Role.Coordinator);

    public async Task<bool> IsAdminAsync(CancellationToken ct = default) =>
        (await RolesAsync(ct)).Any(r => r.Role == Role.Admin);

    /// The countries a coordinator manages; null means every country (admin). The rule is Access's.
    public async Task<IReadOnlyList<int>?> ManagedCountriesAsync(CancellationToken ct = default) =>
        Access.ManagedCountries(await RolesAsync(ct));
}
