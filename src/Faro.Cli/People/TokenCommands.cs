using System.CommandLine;
using System.Globalization;
using Faro.Data;
using Faro.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Cli.People;

public static class TokenCommands
{
    public static Command Build()
    {
        var user = new Option<string>("--user") { Description = "E-mail of the user the token acts for.", Required = true };
        var expires = new Option<string?>("--expires") { Description = "Last day the token works (YYYY-MM-DD, UTC), or an ISO 8601 instant." };
        var name = new Option<string?>("--name") { Description = "A label to tell tokens apart (default: cli)." };
        var create = new Command("create", "Create a personal access token; prints the token alone on standard output.") { user, expires, name };
        create.Action(async (parse, services, ct) =>
        {
            var email = parse.GetValue(user)!.Trim().ToUpperInvariant();
            var userId = await services.GetRequiredService<FaroDb>().Users.Where(u => u.NormalizedEmail == email)
                .Select(u => (int?)u.Id).FirstOrDefaultAsync(ct)
                ?? throw new InputRejectedException("token.unknown_user", new InputError("--user", "token.unknown_user", parse.GetValue(user)));
            var created = await services.GetRequiredService<TokenService>()
                .CreateAsync(Actor.System("cli"), userId, parse.GetValue(name) ?? "cli", ParseExpiry(parse.GetValue(expires), services.GetRequiredService<TimeProvider>()), ct);
            // The token alone, so that scripts can capture it: TOKEN=$(faro token create --user …).
            Console.WriteLine(created.Token);
            return 0;
        });
        return new Command("token", "Personal access tokens for the API.") { create };
    }

    /// A date means "through that day": the token stops working at the next midnight UTC.
    private static DateTime? ParseExpiry(string? text, TimeProvider clock)
    {
        var expiry = ParseInstant(text);
        if (expiry <= clock.GetUtcNow().UtcDateTime)
        {
            throw new InputRejectedException("token.expiry_past", new InputError("--expires", "token.expiry_past"));
        }

        return expiry;
    }

    private static DateTime? ParseInstant(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant.UtcDateTime;
        }

        throw new InputRejectedException("token.bad_expiry", new InputError("--expires", "token.bad_expiry", text));
    }
}
