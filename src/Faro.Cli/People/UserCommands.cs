using System.CommandLine;
using Faro.People;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Cli.People;

public static class UserCommands
{
    public static Command Build()
    {
        var email = new Option<string>("--email") { Description = "Sign-in e-mail.", Required = true };
        var name = new Option<string>("--name") { Description = "Display name.", Required = true };
        var role = new Option<string>("--role") { Description = "admin, coordinator, researcher, focal-point or national-reviewer.", Required = true };
        var scope = new Option<string?>("--scope") { Description = "country:PA | assessment:ID | assessment:ID,institution:ID" };
        var lang = new Option<string>("--lang") { Description = "Preferred language (en or es).", DefaultValueFactory = _ => "es" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input instead of generating one." };
        var add = new Command("add", "Add a user with a role, or add a role to an existing user. Prints the generated password.")
        {
            email, name, role, scope, lang, passwordStdin,
        };
        add.Action(async (parse, services, ct) =>
        {
            if (!EnumCodes.TryParse<Role>(parse.GetValue(role), out var r))
            {
                throw new InputRejectedException("user.bad_role", new InputError("--role", "user.bad_role",
                    new Phrase("refusal.user.bad_role.2", parse.GetValue(role))));
            }

            if (!ScopeSpec.TryParse(parse.GetValue(scope), out var s, out var error))
            {
                throw new InputRejectedException("user.bad_scope", new InputError("--scope", "user.bad_scope", error!));
            }

            var language = parse.GetValue(lang)!;
            if (!Languages.IsSupported(language))
            {
                throw new InputRejectedException("user.bad_language", new InputError("--lang", "user.bad_language",
                    new Phrase("refusal.user.bad_language.2")));
            }

            var generated = !parse.GetValue(passwordStdin);
            var password = generated ? UserService.GeneratePassword() : (await Console.In.ReadLineAsync(ct))?.Trim() ?? "";
            var user = await services.GetRequiredService<UserService>()
                .AddAsync(parse.GetValue(email)!, parse.GetValue(name)!, r, s, password, actor: "cli", language: language, ct: ct);
            Console.WriteLine(generated ? $"user {user.Email} ({r.ToCode()}) password: {password}" : $"user {user.Email} ({r.ToCode()})");
            return 0;
        });
        return new Command("user", "Manage users.") { add };
    }
}
