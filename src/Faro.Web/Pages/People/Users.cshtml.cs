using System.Globalization;
using Faro.Data;
using Faro.People;
using Faro.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages.People;

/// Users, their roles and scopes (admins: everyone; coordinators: the people of their countries),
/// inviting a person with a role (or granting one more role), revoking roles, disabling users. The
/// rules of who may do what are in UserService; the lists here only offer what those rules allow. An
/// invited user gets a one-time link: by e-mail with SMTP, otherwise shown once here to pass on.
public sealed class UsersModel(FaroDb db, CurrentUser me, UiLanguage lang, UserService users, Faro.Web.People.LinkMail mail) : PageModel
{
    public sealed record RoleRow(int Id, Role Role, string Scope);

    public sealed record UserRow(int Id, string Name, string Email, string Language, bool IsDisabled, bool HasPassword, List<RoleRow> Roles);

    public List<UserRow> Users { get; private set; } = [];
    public List<(string Iso2, LocalizedText Name)> Countries { get; private set; } = [];
    public List<(int Id, string Label)> Assessments { get; private set; } = [];
    public List<(int Id, string Label)> Institutions { get; private set; } = [];
    public bool IsAdmin { get; private set; }

    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? RoleCode { get; set; }
    [BindProperty] public string? Country { get; set; }
    [BindProperty] public string? Assessment { get; set; }
    [BindProperty] public string? Institution { get; set; }
    [BindProperty] public string? Language { get; set; }
    [BindProperty] public string? GrantUser { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostDisableAsync(int id, CancellationToken ct) =>
        ActAsync(async actor => await users.SetDisabledAsync(actor, id, true, ct), "users.disabled_done", ct);

    public Task<IActionResult> OnPostEnableAsync(int id, CancellationToken ct) =>
        ActAsync(async actor => await users.SetDisabledAsync(actor, id, false, ct), "users.enabled_done", ct);

    public Task<IActionResult> OnPostRevokeAsync(int id, int roleId, CancellationToken ct) =>
        ActAsync(async actor => await users.RevokeAsync(actor, id, roleId, ct), "users.revoked", ct);

    public Task<IActionResult> OnPostReinviteAsync(int id, CancellationToken ct) => ActAsync(async actor =>
    {
        var link = await users.ReinviteAsync(actor, id, ct);
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == id, ct);
        await HandOverAsync(user, link, ct);
    }, "users.reinvited", ct);

    private Task<IActionResult> ActAsync(Func<Actor, Task> act, string done, CancellationToken ct) => this.WriteOrReshowAsync(lang, async () =>
    {
        await act(await me.ActorAsync(ct));
        TempData["Saved"] = done;
        TempData["Email"] = "";
        return RedirectToPage();
    }, async () =>
    {
        await LoadAsync(ct);
        return Page();
    });

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (string.IsNullOrWhiteSpace(Email))
        {
            ModelState.AddField("Email", lang, "signin.email", "form.required");
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            ModelState.AddField("Name", lang, "users.name", "form.required");
        }

        // A coordinator adds people only inside their own countries, and never an admin: the
        // choices offered are already limited, this refuses a forged post.
        if (!EnumCodes.TryParse<Role>(RoleCode, out var role) || (role == Role.Admin && !IsAdmin))
        {
            ModelState.AddField("RoleCode", lang, "users.role", "form.bad_choice");
        }

        var scope = ModelState.IsValid ? ScopeFor(role) : ScopeSpec.None;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        return await this.WriteOrReshowAsync(lang, async () =>
        {
            var invitation = await users.InviteAsync(await me.ActorAsync(ct), Email!.Trim(), Name!.Trim(), role, scope,
                Languages.IsSupported(Language) ? Language! : Languages.Spanish, ct);
            TempData["Saved"] = invitation.IsNew ? "users.invited" : "users.role_added";
            TempData["Email"] = Email.Trim();
            if (invitation.Link is { } link)
            {
                await HandOverAsync(invitation.User, link, ct);
            }

            return RedirectToPage();
        }, () => Task.FromResult<IActionResult>(Page()), InviteFields);
    }

    private static readonly Dictionary<string, (string, string)> InviteFields = new()
    {
        ["email"] = ("Email", "signin.email"),
        ["password"] = ("Email", "signin.password"),
        ["scope"] = ("RoleCode", "users.scope"),
    };

    /// Grants one more role to someone already in the list; role and scope come from the lists
    /// offered, and UserService checks again who may grant what.
    public async Task<IActionResult> OnPostGrantAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var user = int.TryParse(GrantUser, NumberStyles.None, CultureInfo.InvariantCulture, out var uid) ? Users.FirstOrDefault(u => u.Id == uid) : null;
        if (user is null)
        {
            ModelState.AddField("GrantUser", lang, "users.grant_user", "form.bad_choice");
        }

        if (!EnumCodes.TryParse<Role>(RoleCode, out var role) || (role == Role.Admin && !IsAdmin))
        {
            ModelState.AddField("RoleCode", lang, "users.role", "form.bad_choice");
        }

        var scope = ModelState.IsValid ? ScopeFor(role) : ScopeSpec.None;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        return await this.WriteOrReshowAsync(lang, async () =>
        {
            await users.GrantAsync(await me.ActorAsync(ct), user!.Id, role, scope, ct);
            TempData["Saved"] = "users.role_added";
            TempData["Email"] = user.Email;
            return RedirectToPage();
        }, () => Task.FromResult<IActionResult>(Page()), ScopeFields);
    }

    private static readonly Dictionary<string, (string, string)> ScopeFields = new() { ["scope"] = ("RoleCode", "users.scope") };

    /// The scope a role needs, from the lists on the page (never typed); a missing choice is an
    /// error on its field.
    private ScopeSpec ScopeFor(Role role)
    {
        int? assessment = int.TryParse(Assessment, NumberStyles.None, CultureInfo.InvariantCulture, out var aid) && Assessments.Any(x => x.Id == aid) ? aid : null;
        int? institution = int.TryParse(Institution, NumberStyles.None, CultureInfo.InvariantCulture, out var iid) && Institutions.Any(x => x.Id == iid) ? iid : null;
        var country = Countries.Any(c => c.Iso2 == Country) ? Country : null;
        switch (role)
        {
            case Role.Admin:
                return ScopeSpec.None;
            case Role.Coordinator or Role.NationalReviewer when country is null:
                ModelState.AddField("Country", lang, "users.country", "form.bad_choice");
                return ScopeSpec.None;
            case Role.Coordinator or Role.NationalReviewer:
                return new ScopeSpec(country, null, null);
            case Role.Researcher or Role.FocalPoint when assessment is null:
                ModelState.AddField("Assessment", lang, "users.assessment", "form.bad_choice");
                return ScopeSpec.None;
            case Role.FocalPoint when institution is null:
                ModelState.AddField("Institution", lang, "people.institution", "form.bad_choice");
                return ScopeSpec.None;
            case Role.Researcher:
                return new ScopeSpec(null, assessment, null);
            case Role.FocalPoint:
                return new ScopeSpec(null, assessment, institution);
        }

        return ScopeSpec.None;
    }

    /// E-mails the link when SMTP is configured; otherwise (or when the mail server refuses) keeps it
    /// for this one page view, to be passed on by the coordinator.
    private async Task HandOverAsync(User user, string link, CancellationToken ct)
    {
        var url = Faro.Web.People.LinkMail.Url(Request, link);
        try
        {
            if (await mail.SendAsync(user, url, invite: true, ct))
            {
                TempData["Mailed"] = user.Email;
                return;
            }
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or MailKit.ProtocolException or MailKit.CommandException)
        {
            TempData["MailFailed"] = true;
        }

        TempData["Link"] = url;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var managed = await me.ManagedCountriesAsync(ct);
        IsAdmin = managed is null;
        var countries = await db.Countries.AsNoTracking().Where(c => managed == null || managed.Contains(c.Id)).ToListAsync(ct);
        Countries = countries.Select(c => (c.Iso2, c.Name)).OrderBy(c => c.Name.Resolve(lang.Current)?.Text, StringComparer.Create(lang.Culture, true)).ToList();
        var countryIds = countries.Select(c => c.Id).ToList();
        Assessments = (await db.Assessments.AsNoTracking().Where(a => countryIds.Contains(a.CountryId))
                .Select(a => new { a.Id, a.Round, Place = a.Jurisdiction != null ? a.Jurisdiction.Name : null, a.Country!.Name }).ToListAsync(ct))
            .Select(a => (a.Id, $"{a.Place ?? a.Name.Resolve(lang.Current)?.Text} · {lang.Format("assessment.round", a.Round)}"))
            .OrderBy(a => a.Item2, StringComparer.Create(lang.Culture, true)).ToList();
        Institutions = (await db.Institutions.AsNoTracking().Where(i => countryIds.Contains(i.CountryId) && i.IsActive).Select(i => new { i.Id, i.Name, i.Acronym }).ToListAsync(ct))
            .Select(i => (i.Id, (i.Name.Resolve(lang.Current)?.Text ?? "") + (i.Acronym is null ? "" : $" ({i.Acronym})")))
            .OrderBy(i => i.Item2, StringComparer.Create(lang.Culture, true)).ToList();

        var assessmentIds = Assessments.Select(a => a.Id).ToList();
        var rows = await db.Users.AsNoTracking()
            .Where(u => managed == null || u.Roles.Any(r => (r.CountryId != null && countryIds.Contains(r.CountryId.Value))
                || (r.AssessmentId != null && assessmentIds.Contains(r.AssessmentId.Value))))
            .OrderBy(u => u.DisplayName)
            .Select(u => new
            {
                u.Id,
                u.DisplayName,
                u.Email,
                u.PreferredLanguage,
                u.IsDisabled,
                HasPassword = u.PasswordHash != null,
                Roles = u.Roles.Select(r => new { r.Id, r.Role, r.CountryId, r.AssessmentId, r.InstitutionId }).ToList(),
            })
            .ToListAsync(ct);
        var countryNames = await db.Countries.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Iso2, ct);
        var assessmentNames = Assessments.ToDictionary(a => a.Id, a => a.Label);
        var institutionNames = Institutions.ToDictionary(i => i.Id, i => i.Label);
        Users = rows.Select(u => new UserRow(u.Id, u.DisplayName, u.Email ?? "", u.PreferredLanguage, u.IsDisabled, u.HasPassword,
            u.Roles.Select(r => new RoleRow(r.Id, r.Role, r.Role switch
            {
                Role.Admin => lang["users.scope_all"],
                Role.Coordinator or Role.NationalReviewer => r.CountryId is { } c ? countryNames.GetValueOrDefault(c, "?") : "?",
                Role.Researcher => r.AssessmentId is { } a ? assessmentNames.GetValueOrDefault(a, "#" + a.ToString(CultureInfo.InvariantCulture)) : "?",
                Role.FocalPoint => (r.AssessmentId is { } a2 ? assessmentNames.GetValueOrDefault(a2, "#" + a2.ToString(CultureInfo.InvariantCulture)) : "?")
                    + " · " + (r.InstitutionId is { } i ? institutionNames.GetValueOrDefault(i, "#" + i.ToString(CultureInfo.InvariantCulture)) : "?"),
            })).ToList())).ToList();
    }
}
