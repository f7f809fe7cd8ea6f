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
    public async Task<User> AddAsync(string email, string name, Role role, ScopeSpec scope, string password, string? actor,
        bool isDemo = false, string language = Languages.Spanish, CancellationToken ct = default)
    {
        if (scope.ProblemFor(role) is { } problem)
        {
            throw Reject("scope", "user.bad_scope", problem, ScopeProblemEs(role));
        }

        int? countryId = null;
        if (scope.CountryIso2 is { } iso2)
        {
            countryId = await db.Countries.Where(c => c.Iso2 == iso2).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct)
                ?? throw Reject("scope", "user.unknown_country", $"No country {iso2} in this installation.", $"No existe el país {iso2} en esta instalación.");
        }

        if (scope.AssessmentId is { } aid && !await db.Assessments.AnyAsync(a => a.Id == aid, ct))
        {
            throw Reject("scope", "user.unknown_assessment", $"No assessment {aid}.", $"No existe la evaluación {aid}.");
        }

        if (scope.InstitutionId is { } iid && !await db.Institutions.AnyAsync(i => i.Id == iid, ct))
        {
            throw Reject("scope", "user.unknown_institution", $"No institution {iid}.", $"No existe la institución {iid}.");
        }

        // A focal point answers for an institution of the assessment's own country, never another's.
        if (scope is { InstitutionId: { } institution, AssessmentId: { } assessment }
            && !await db.Institutions.AnyAsync(i => i.Id == institution && db.Assessments.Any(a => a.Id == assessment && a.CountryId == i.CountryId), ct))
        {
            throw Reject("scope", "user.institution_elsewhere", $"Institution {institution} is not of the country of assessment {assessment}.",
                $"La institución {institution} no es del país de la evaluación {assessment}.");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
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
            var created = await users.CreateAsync(user, password);
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
        });
        db.Audit.Add(new AuditEntry
        {
            At = now,
            Actor = actor,
            Action = "user.role_granted",
            EntityType = "user",
            EntityId = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            AssessmentId = scope.AssessmentId,
            After = System.Text.Json.JsonSerializer.Serialize(new { email, role = role.ToCode(), scope.CountryIso2, scope.AssessmentId, scope.InstitutionId }),
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return user;
    }

    /// Disables or re-enables a user (admin only). A disabled user's cookies stop working at their
    /// next request (the security stamp changes and the cookie check reads the flag) and their
    /// tokens stop working at once.
    public async Task SetDisabledAsync(Actor actor, int userId, bool disabled, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsAuthenticated)
        {
            throw RefusedException.Unauthenticated();
        }

        if (!actor.IsAdmin)
        {
            throw RefusedException.Forbidden("user.admin_only", "Only an administrator manages users.", "Solo un administrador gestiona usuarios.");
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw RefusedException.NotFound("user");
        if (user.Id == actor.UserId && disabled)
        {
            throw RefusedException.Conflict("user.disable_self", "You cannot disable yourself.", "No puede deshabilitarse a sí mismo.");
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

    private static string ScopeProblemEs(Role role) => role switch
    {
        Role.Admin => "el rol admin no lleva ámbito",
        Role.Coordinator or Role.NationalReviewer => $"{role.ToCode()} necesita --scope country:XX",
        Role.Researcher => "researcher necesita --scope assessment:ID",
        Role.FocalPoint => "focal-point necesita --scope assessment:ID,institution:ID",
    };

    private static InputRejectedException Reject(string location, string code, string en, string es) =>
        new(code, new InputError(location, code, new LocalizedText(en, es)));

    /// Identity describes its refusals in English only; the ones a person can meet, in both languages.
    private static LocalizedText IdentityErrorText(IdentityError e) => e.Code switch
    {
        "PasswordTooShort" => new("The password must have at least 12 characters.", "La contraseña debe tener al menos 12 caracteres."),
        "PasswordRequiresUniqueChars" => new("The password must use at least 5 different characters.", "La contraseña debe usar al menos 5 caracteres distintos."),
        "DuplicateEmail" or "DuplicateUserName" => new("A user with this e-mail exists already.", "Ya existe un usuario con este correo."),
        "InvalidEmail" or "InvalidUserName" => new("This is not a valid e-mail address.", "Esta no es una dirección de correo válida."),
        _ => new(e.Description, e.Description),
    };
}
