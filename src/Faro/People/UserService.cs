using System.Security.Cryptography;
using Faro.Audit;
using Faro.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Faro.People;

public sealed class UserService(FaroDb db, UserManager<User> users, AuditLog audit, TimeProvider clock)
{
    /// A password that satisfies the policy and is easy to read out: five groups of four letters.
    public static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        var groups = Enumerable.Range(0, 5).Select(_ => new string(Enumerable.Range(0, 4)
            .Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToArray()));
        return string.Join('-', groups);
    }

    /// Creates a user with one role in one scope, or adds the role to an existing user; all checks
    /// first, then one transaction.
    public Task<User> AddAsync(string email, string name, Role role, ScopeSpec scope, string password, string? actor,
        bool isDemo = false, string language = Languages.Spanish, CancellationToken ct = default) =>
        AddCoreAsync(email, name, role, scope, password, actor, null, isDemo, language, null, ct);

    private async Task<User> AddCoreAsync(string email, string name, Role role, ScopeSpec scope, string? password, string? actor, int? actorId,
        bool isDemo, string language, Func<User, Task>? inTransaction, CancellationToken ct)
    {
        if (scope.ProblemFor(role) is { } problem)
        {
            throw Reject("scope", "user.bad_scope", problem);
        }

        int? countryId = null;
        if (scope.CountryIso2 is { } iso2)
        {
            countryId = await db.Countries.Where(c => c.Iso2 == iso2).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct)
                ?? throw Reject("scope", "user.unknown_country", iso2);
        }

        if (scope.AssessmentId is { } aid && !await db.Assessments.AnyAsync(a => a.Id == aid, ct))
        {
            throw Reject("scope", "user.unknown_assessment", aid);
        }

        if (scope.InstitutionId is { } iid && !await db.Institutions.AnyAsync(i => i.Id == iid, ct))
        {
            throw Reject("scope", "user.unknown_institution", iid);
        }

        // A focal point answers for one of the assessment's institutions (the rule the focal-point
        // and assignment forms offer), never another place's or another country's.
        if (scope is { InstitutionId: { } institution, AssessmentId: { } assessment }
            && !(await Assessments.AssessmentInstitutions.ChoicesAmongAsync(db, assessment, [institution], ct)).Contains(institution))
        {
            throw new InputRejectedException("user.institution_elsewhere", new InputError("scope", "user.institution_elsewhere",
                Assessments.AssessmentInstitutions.NotAChoice(institution)));
        }

        await using var tx = await db.BeginWriteAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new User
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = name,
                PreferredLanguage = language,
                CreatedAt = now,
                IsDemo = isDemo,
            };
            var created = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                throw new InputRejectedException("user.invalid", created.Errors
                    .Select(e => new InputError(e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "email", "user." + e.Code, IdentityErrorText(e)))
                    .ToList());
            }
        }

        db.RoleAssignments.Add(new RoleAssignment
        {
            UserId = user.Id,
            Role = role,
            CountryId = countryId,
            AssessmentId = scope.AssessmentId,
            InstitutionId = scope.InstitutionId,
            GrantedAt = now,
            GrantedById = actorId,
        });
        db.Audit.Add(new AuditEntry
        {
            At = now,
            UserId = actorId,
            Actor = actor,
            Action = "user.role_granted",
            EntityType = "user",
            EntityId = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            AssessmentId = scope.AssessmentId,
            After = System.Text.Json.JsonSerializer.Serialize(new { email, role = role.ToCode(), scope.CountryIso2, scope.AssessmentId, scope.InstitutionId }),
        });
        if (inTransaction is not null)
        {
            await inTransaction(user);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return user;
    }

    /// Disables or re-enables a user (an admin, or a coordinator for people of their countries only).
    /// A disabled user's cookies stop working at their next request (the security stamp changes and
    /// the cookie check reads the flag) and their tokens stop working at once.
    public async Task SetDisabledAsync(Actor actor, int userId, bool disabled, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var user = await ManagedUserAsync(actor, userId, ct);
        if (user.Id == actor.UserId && disabled)
        {
            throw RefusedException.Conflict("user.disable_self");
        }

        if (user.IsDisabled == disabled)
        {
            return;
        }

        user.IsDisabled = disabled;
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        audit.Record(actor, disabled ? "user.disabled" : "user.enabled", "user", user.Id, null, new { isDisabled = !disabled }, new { isDisabled = disabled });
        await db.SaveChangesAsync(ct);
    }

    /// How long a link stays good: an invitation has to survive a weekend, a reset does not.
    public static readonly TimeSpan InviteLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan ResetLifetime = TimeSpan.FromHours(1);

    public sealed record Invitation(User User, bool IsNew, string? Link);

    /// Invites a person with one role in one scope, or grants the role to an existing user. Who may:
    /// an admin anything; a coordinator any role but admin, in their own countries. A new user has
    /// no password: the returned secret (stored only as a hash) lets them set one, once.
    public async Task<Invitation> InviteAsync(Actor actor, string email, string name, Role role, ScopeSpec scope, string language,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(scope);
        await RequireMayGrantAsync(actor, role, scope, ct);
        var normalized = (email ?? "").Trim().ToUpperInvariant();
        var existing = await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => (int?)u.Id).FirstOrDefaultAsync(ct);
        var exists = existing is not null;
        if (existing is { } known)
        {
            await RequireNewRoleAsync(known, role, scope, ct);
        }

        string? link = null;
        var user = await AddCoreAsync((email ?? "").Trim(), (name ?? "").Trim(), role, scope, null, actor.Name, actor.UserId, false,
            Languages.IsSupported(language) ? language : Languages.Spanish,
            exists ? null : u =>
            {
                link = NewLink(u.Id, "invite", InviteLifetime, actor.UserId);
                return Task.CompletedTask;
            }, ct);
        return new Invitation(user, !exists, link);
    }

    /// Grants one more role to a user already known.
    public async Task GrantAsync(Actor actor, int userId, Role role, ScopeSpec scope, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await RequireMayGrantAsync(actor, role, scope, ct);
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(ct) ?? throw RefusedException.NotFound("user");
        await RequireNewRoleAsync(userId, role, scope, ct);
        await AddCoreAsync(email, "", role, scope, null, actor.Name, actor.UserId, false, Languages.Spanish, null, ct);
    }

    /// Takes one role away. A coordinator revokes only roles of their countries and never an admin's;
    /// nobody revokes their own admin role (the installation must keep someone who can manage it).
    public async Task RevokeAsync(Actor actor, int userId, int roleId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        RequireManager(actor);
        var role = await db.RoleAssignments.FirstOrDefaultAsync(r => r.Id == roleId && r.UserId == userId, ct) ?? throw RefusedException.NotFound("role");
        var country = await CountryOfAsync(role.CountryId, role.AssessmentId, ct);
        if (!actor.IsAdmin && (country is null || !CoordinatedCountries(actor).Contains(country.Value)))
        {
            throw RefusedException.NotFound("role");
        }

        if (!actor.IsAdmin && role.Role == Role.Admin)
        {
            throw NotAdmin();
        }

        if (role.Role == Role.Admin && role.UserId == actor.UserId)
        {
            throw RefusedException.Conflict("user.revoke_own_admin");
        }

        await using var tx = await db.BeginWriteAsync(ct);
        db.RoleAssignments.Remove(role);
        var stamped = await db.Users.FirstAsync(u => u.Id == userId, ct);
        stamped.SecurityStamp = Guid.NewGuid().ToString("N");
        audit.Record(actor, "user.role_revoked", "user", userId, role.AssessmentId,
            new { role = role.Role.ToCode(), role.CountryId, role.AssessmentId, role.InstitutionId }, null);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// A new one-time link for a user who has not set a password yet (the first was lost or expired).
    public async Task<string> ReinviteAsync(Actor actor, int userId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var user = await ManagedUserAsync(actor, userId, ct);
        if (user.PasswordHash is not null)
        {
            throw RefusedException.Conflict("user.has_password");
        }

        await using var tx = await db.BeginWriteAsync(ct);
        var link = NewLink(user.Id, "invite", InviteLifetime, actor.UserId);
        audit.Record(actor, "user.invitation_renewed", "user", user.Id, null);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return link;
    }

    /// "Forgot password": a reset link for the address if it belongs to an enabled user, else
    /// nothing. The caller answers the same either way, so the address's existence is not revealed.
    public async Task<(User User, string Link)?> RequestResetAsync(string? email, string? address, CancellationToken ct = default)
    {
        var normalized = (email ?? "").Trim().ToUpperInvariant();
        var user = normalized.Length == 0 ? null : await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized && !u.IsDisabled, ct);
        if (user is null)
        {
            return null;
        }

        await using var tx = await db.BeginWriteAsync(ct);
        var link = NewLink(user.Id, "reset", ResetLifetime, null);
        audit.Record(new Actor(user.Id, user.DisplayName, [], address), "user.reset_requested", "user", user.Id, null);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (user, link);
    }

    /// Whether a link is good (for the page that asks for the new password); never says why not.
    public async Task<User?> UserOfLinkAsync(string? secret, CancellationToken ct = default)
    {
        var row = await LiveLinkAsync(secret, ct);
        return row?.User;
    }

    /// Sets the password through a one-time link; the link (and every other open link of the
    /// user) is used up in the same transaction, with the audit line.
    public async Task<User> SetPasswordWithLinkAsync(string? secret, string? password, string? address, CancellationToken ct = default)
    {
        var row = await LiveLinkAsync(secret, ct) ?? throw RefusedException.Conflict("link.invalid");
        var user = row.User!;
        await using var tx = await db.BeginWriteAsync(ct);
        if (user.PasswordHash is not null)
        {
            await users.RemovePasswordAsync(user);
        }

        var result = await users.AddPasswordAsync(user, password ?? "");
        if (!result.Succeeded)
        {
            throw PasswordRejected(result);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await db.PasswordLinks.Where(l => l.UserId == user.Id && l.UsedAt == null).ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, now), ct);
        // A lockout from earlier wrong guesses ends with a password set through the link.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        audit.Record(new Actor(user.Id, user.DisplayName, [], address), row.Purpose == "invite" ? "user.password_set" : "user.password_reset", "user", user.Id, null);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return user;
    }

    /// A user changes their own password: the current one is required.
    public async Task ChangePasswordAsync(Actor actor, string? current, string? password, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var userId = actor.RequireUser();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw RefusedException.Unauthenticated();
        if (string.IsNullOrEmpty(current) || !await users.CheckPasswordAsync(user, current))
        {
            throw Reject("current", "user.wrong_password");
        }

        await using var tx = await db.BeginWriteAsync(ct);
        var result = await users.ChangePasswordAsync(user, current, password ?? "");
        if (!result.Succeeded)
        {
            throw PasswordRejected(result);
        }

        audit.Record(actor, "user.password_changed", "user", user.Id, null);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// A user's language for the UI and e-mails.
    public async Task SetLanguageAsync(Actor actor, string? language, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var userId = actor.RequireUser();
        if (!Languages.IsSupported(language))
        {
            throw Reject("language", "user.bad_language");
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw RefusedException.Unauthenticated();
        if (user.PreferredLanguage == language)
        {
            return;
        }

        await using var tx = await db.BeginWriteAsync(ct);
        audit.Record(actor, "user.language_changed", "user", user.Id, null, new { language = user.PreferredLanguage }, new { language });
        user.PreferredLanguage = language!;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// The one place that decides who may grant what: admins anything, coordinators any role but
    /// admin inside their own countries (an assessment or institution scope counts by its country).
    private async Task RequireMayGrantAsync(Actor actor, Role role, ScopeSpec scope, CancellationToken ct)
    {
        RequireManager(actor);
        if (actor.IsAdmin)
        {
            return;
        }

        if (role == Role.Admin)
        {
            throw NotAdmin();
        }

        int? countryId = scope.CountryIso2 is { } iso2 ? await db.Countries.Where(c => c.Iso2 == iso2).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct) : null;
        var country = await CountryOfAsync(countryId, scope.AssessmentId, ct);
        if (country is null || !CoordinatedCountries(actor).Contains(country.Value))
        {
            throw RefusedException.Forbidden("user.out_of_scope");
        }

        if (scope.InstitutionId is { } institution && !await db.Institutions.AnyAsync(i => i.Id == institution && i.CountryId == country, ct))
        {
            throw RefusedException.Forbidden("user.out_of_scope");
        }
    }

    /// A user an actor may disable or re-invite: an admin any; a coordinator one whose roles all lie in
    /// their countries (never an admin). Someone with no role there is not found.
    private async Task<User> ManagedUserAsync(Actor actor, int userId, CancellationToken ct)
    {
        RequireManager(actor);
        var user = await db.Users.Include(u => u.Roles).FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw RefusedException.NotFound("user");
        if (actor.IsAdmin)
        {
            return user;
        }

        var mine = CoordinatedCountries(actor);
        var countries = new List<int?>();
        foreach (var r in user.Roles)
        {
            countries.Add(r.Role == Role.Admin ? null : await CountryOfAsync(r.CountryId, r.AssessmentId, ct));
        }

        if (!countries.Any(c => c is { } id && mine.Contains(id)))
        {
            throw RefusedException.NotFound("user");
        }

        if (countries.Any(c => c is null || !mine.Contains(c.Value)))
        {
            throw RefusedException.Forbidden("user.beyond_scope");
        }

        return user;
    }

    private async Task RequireNewRoleAsync(int userId, Role role, ScopeSpec scope, CancellationToken ct)
    {
        var duplicate = await db.RoleAssignments.AnyAsync(r => r.UserId == userId && r.Role == role && r.AssessmentId == scope.AssessmentId
            && r.InstitutionId == scope.InstitutionId && (scope.CountryIso2 == null ? r.CountryId == null : db.Countries.Any(c => c.Id == r.CountryId && c.Iso2 == scope.CountryIso2)), ct);
        if (duplicate)
        {
            throw RefusedException.Conflict("user.role_exists");
        }
    }

    private static void RequireManager(Actor actor)
    {
        if (!actor.IsAuthenticated)
        {
            throw RefusedException.Unauthenticated();
        }

        if (!actor.IsAdmin && !actor.Roles.Any(r => r.Role == Role.Coordinator))
        {
            throw RefusedException.Forbidden("user.managers_only");
        }
    }

    private static HashSet<int> CoordinatedCountries(Actor actor) =>
        (Access.ManagedCountries(actor.Roles) ?? []).ToHashSet();

    private async Task<int?> CountryOfAsync(int? countryId, int? assessmentId, CancellationToken ct) =>
        countryId ?? (assessmentId is { } aid ? await db.Assessments.Where(a => a.Id == aid).Select(a => (int?)a.CountryId).FirstOrDefaultAsync(ct) : null);

    private static RefusedException NotAdmin() =>
        RefusedException.Forbidden("user.admin_only");

    /// Adds a link row (saved by the caller's transaction) and returns its secret. Earlier open links
    /// of the same user stop working: only the newest one is good.
    private string NewLink(int userId, string purpose, TimeSpan lifetime, int? createdBy)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var open in db.PasswordLinks.Where(l => l.UserId == userId && l.UsedAt == null).ToList())
        {
            open.UsedAt = now;
        }

        db.PasswordLinks.Add(new PasswordLink
        {
            UserId = userId,
            Purpose = purpose,
            Hash = TokenService.Hash(secret),
            CreatedAt = now,
            ExpiresAt = now + lifetime,
            CreatedById = createdBy,
        });
        return secret;
    }

    private async Task<PasswordLink?> LiveLinkAsync(string? secret, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(secret) || secret.Length > 100)
        {
            return null;
        }

        var hash = TokenService.Hash(secret);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.PasswordLinks.Include(l => l.User)
            .FirstOrDefaultAsync(l => l.Hash == hash && l.UsedAt == null && l.ExpiresAt > now && !l.User!.IsDisabled, ct);
    }

    private static InputRejectedException PasswordRejected(IdentityResult result) =>
        new("user.invalid", result.Errors.Select(e => new InputError("password", "user." + e.Code, IdentityErrorText(e))).ToList());

    private static InputRejectedException Reject(string location, string code, params object?[] args) =>
        new(code, new InputError(location, code, args));

    private static InputRejectedException Reject(string location, string code, Phrase message) =>
        new(code, new InputError(location, code, message));

    /// Identity describes its refusals in English only; the ones a person can meet, in both languages.
    // Identity's own descriptions are English only; the codes we expect have texts of ours, any
    // other keeps Identity's description as the argument of a generic text.
    private static Phrase IdentityErrorText(IdentityError e) => e.Code switch
    {
        "PasswordTooShort" => new("refusal.user.password_too_short"),
        CommonPasswordValidator.Code => new("refusal.user.password_common"),
        "PasswordRequiresUniqueChars" => new("refusal.user.password_unique_chars"),
        "DuplicateEmail" or "DuplicateUserName" => new("refusal.user.duplicate_email"),
        "InvalidEmail" or "InvalidUserName" => new("refusal.user.invalid_email"),
        _ => new("refusal.user.identity_other", e.Description),
    };
}
