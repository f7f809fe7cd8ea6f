using System.Collections.Concurrent;
using Faro.People;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Faro.Tests.Infrastructure;

/// Identity's own PBKDF2 hasher with its production settings (100,000 iterations, unchanged),
/// remembered for the test run. Test worlds give every person the same password and every test
/// builds its world anew, so the run hashed and verified the same few passwords thousands of
/// times: a third of the test process's CPU. Here each distinct password is hashed once and each
/// distinct (stored hash, given password) pair verified once; the answers are the real hasher's,
/// so a wrong password still fails and a stored hash is still a real Identity v3 hash. What is
/// lost is a fresh salt per user, which no test looks at. Registered by FaroApp and CoreServices;
/// the CLI, run as a process, hashes as in production.
public sealed class RememberingPasswordHasher(IOptions<PasswordHasherOptions> options) : IPasswordHasher<User>
{
    private static readonly ConcurrentDictionary<string, string> Hashes = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<(string Hash, string Password), PasswordVerificationResult> Verified = new();

    private readonly PasswordHasher<User> real = new(options);

    public string HashPassword(User user, string password) =>
        Hashes.GetOrAdd(password, p => real.HashPassword(user, p));

    public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword) =>
        Verified.GetOrAdd((hashedPassword, providedPassword), k => real.VerifyHashedPassword(user, k.Hash, k.Password));
}
