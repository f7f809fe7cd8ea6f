namespace Faro.People;

/// Who is acting, passed to every service call: the signed-in user (or token owner) with their
/// roles, or the command line (an operator on the server, trusted like an admin), or nobody.
/// `Address` is where the request came from, kept in the audit trail.
public sealed record Actor(int? UserId, string Name, IReadOnlyList<RoleAssignment> Roles, string? Address, bool IsSystem = false)
{
    public static Actor Anonymous(string? address) => new(null, "anonymous", [], address);

    /// The CLI runs with the server's own files and database credentials: whoever runs it is
    /// already an administrator of the installation.
    public static Actor System(string name) => new(null, name, [], null, IsSystem: true);

    /// Authenticated by a personal access token rather than a signed-in session: such a caller
    /// may use the API but not create tokens (a leaked token must not breed tokens that outlive it).
    public bool ViaToken { get; init; }

    public bool IsAuthenticated => UserId is not null || IsSystem;

    public bool IsAdmin => IsSystem || Roles.Any(r => r.Role == Role.Admin);

    public int RequireUser() => UserId ?? throw RefusedException.Unauthenticated();
}
