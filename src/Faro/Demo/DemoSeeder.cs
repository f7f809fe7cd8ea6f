using Faro.Data;
using Faro.People;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Faro.Demo;

public sealed record DemoAccount(string Email, string Password, string Role);

/// The demo data of the contract: La Chorrera (real, public facts only, with Panama's 2019 national
/// profile as an external reference), and clearly fictional cities with complete answers in several stages.
public sealed partial class DemoSeeder(FaroDb db, UserManager<User> users, IOptions<FaroOptions> options, TimeProvider clock, Profiles.ProfileService profiles)
{
    public const string AccountsFileName = "demo-accounts.txt";
    private const string AccountLinePrefix = "demo account: ";

    /// True when nothing but the seed catalogue and the reference countries is in the database.
    public async Task<bool> IsDatabaseEmptyAsync(CancellationToken ct = default) =>
        !await db.Users.AnyAsync(ct) && !await db.Assessments.AnyAsync(ct) && !await db.Jurisdictions.AnyAsync(ct);

    private string AccountsFile => Path.Combine(options.Value.FullDataDirectory, AccountsFileName);

    /// The demo sign-ins written when the demo was seeded, so that the web host can print them again
    /// at later start-ups (passwords are random and Identity keeps only their hashes). Empty when the
    /// file does not exist or this installation was not seeded with demo data.
    public IReadOnlyList<DemoAccount> ReadSavedAccounts()
    {
        if (!File.Exists(AccountsFile))
        {
            return [];
        }

        var accounts = new List<DemoAccount>();
        foreach (var line in File.ReadLines(AccountsFile))
        {
            var text = line.StartsWith(AccountLinePrefix, StringComparison.Ordinal) ? line[AccountLinePrefix.Length..] : line;
            var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3)
            {
                accounts.Add(new DemoAccount(parts[0], parts[1], parts[2]));
            }
        }

        return accounts;
    }

    /// Same line format as the start-up output. Written to a temporary file and moved into place so
    /// that a crash never leaves half a file; readable by the owner only on Unix, as it holds passwords.
    private async Task WriteSavedAccountsAsync(IReadOnlyList<DemoAccount> accounts, CancellationToken ct)
    {
        Directory.CreateDirectory(options.Value.FullDataDirectory);
        var temp = AccountsFile + ".tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var writer = new StreamWriter(temp, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), fileOptions))
        {
            foreach (var a in accounts)
            {
                await writer.WriteLineAsync($"{AccountLinePrefix}{a.Email} {a.Password} {a.Role}".AsMemory(), ct);
            }
        }

        File.Move(temp, AccountsFile, overwrite: true);
    }
}
