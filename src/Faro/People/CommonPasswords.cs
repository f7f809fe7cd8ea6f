using Microsoft.AspNetCore.Identity;

namespace Faro.People;

/// Refuses the passwords people pick most (NIST SP 800-63B 3.1.1.2: check against a list of
/// commonly used or compromised values). The list ships with Faro (see docs/security.md for its
/// source and licence); it is compared lower-cased, so "Password1234" is as refused as "password1234".
public sealed class CommonPasswordValidator : IPasswordValidator<User>
{
    public const string Code = "PasswordTooCommon";

    private static readonly Lazy<HashSet<string>> List = new(Load);

    public static bool IsCommon(string password) => List.Value.Contains(password.Trim().ToLowerInvariant());

    public Task<IdentityResult> ValidateAsync(UserManager<User> manager, User user, string? password)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (password is null)
        {
            return Task.FromResult(IdentityResult.Success);
        }

        var lower = password.Trim().ToLowerInvariant();
        // The e-mail or the name as the password is as guessable as any listed one.
        var personal = (user.Email is { Length: > 0 } email && lower.Contains(email.ToLowerInvariant().Split('@')[0], StringComparison.Ordinal)
                && email.Split('@')[0].Length >= 4)
            || string.Equals(lower, user.DisplayName?.Trim().ToLowerInvariant(), StringComparison.Ordinal);
        return Task.FromResult(IsCommon(password) || personal
            ? IdentityResult.Failed(new IdentityError { Code = Code, Description = "This password is too common or too easy to guess." })
            : IdentityResult.Success);
    }

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("Faro.People.common-passwords.txt")
            ?? throw new InvalidOperationException("The common passwords list is not embedded.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                set.Add(line);
            }
        }

        return set;
    }
}
