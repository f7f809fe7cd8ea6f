using Microsoft.AspNetCore.Identity;

namespace Faro.People;

public class User : IdentityUser<int>
{
    public required string DisplayName { get; set; }
    /// "en" or "es"; the UI and e-mails follow it.
    public string PreferredLanguage { get; set; } = Languages.Spanish;
    public bool IsDisabled { get; set; }
    public bool IsDemo { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<RoleAssignment> Roles { get; set; } = [];
}

public enum Role
{
    Admin,
    Coordinator,
    Researcher,
    FocalPoint,
    NationalReviewer,
}

/// A role held within a scope: admin (installation), coordinator and national reviewer (a country),
/// researcher (an assessment), focal point (an assessment and one institution).
public class RoleAssignment
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public User? User { get; set; }
    public Role Role { get; set; }
    public int? CountryId { get; set; }
    public int? AssessmentId { get; set; }
    public int? InstitutionId { get; set; }
    public DateTime GrantedAt { get; set; }
    public int? GrantedById { get; set; }
}

/// A personal access token for the API. Only the SHA-256 of the secret is stored.
public class PersonalAccessToken
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public User? User { get; set; }
    public required string Name { get; set; }
    /// The first characters of the token, shown in lists so that a user can tell tokens apart.
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
}

/// A one-time link to set a password: sent to an invited user (or, with SMTP, to one who forgot
/// theirs). Only the SHA-256 of the secret is stored; a link works once and expires.
public class PasswordLink
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public User? User { get; set; }
    /// "invite" or "reset".
    public required string Purpose { get; set; }
    public required string Hash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
    public int? CreatedById { get; set; }
}
