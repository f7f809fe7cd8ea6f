using Faro.Assessments;
using Faro.Data;
using Faro.People;
using Faro.Web.Localization;
using Faro.Workflow;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Faro.Web.Pages;

public sealed class IndexModel(FaroDb db, Access access, UserManager<User> users, UiLanguage lang) : PageModel
{
    public sealed record Row(int Id, string Place, AssessmentLevel Level, int Round, Stage Stage, int Answered, int Total, bool IsFictional);

    public List<Row> Assessments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = int.Parse(users.GetUserId(User)!, System.Globalization.CultureInfo.InvariantCulture);
        var roles = await access.RolesOfAsync(userId, ct);
        var rows = await access.VisibleAssessments(roles).AsNoTracking()
            .Select(a => new
            {
                a.Id,
                Jurisdiction = a.Jurisdiction != null ? a.Jurisdiction.Name : null,
                CountryEn = a.Country!.Name.En,
                CountryEs = a.Country!.Name.Es,
                a.Level,
                a.Round,
                a.Stage,
                a.IsFictional,
                Answered = a.Answers.Count(x => x.Status != null),
                Total = db.Indicators.Count(i => i.CatalogueId == a.CatalogueId),
            })
            .ToListAsync(ct);
        Assessments = rows
            .Select(r => new Row(r.Id, r.Jurisdiction ?? new LocalizedText(r.CountryEn, r.CountryEs).Resolve(lang.Current)?.Text ?? "", r.Level, r.Round, r.Stage, r.Answered, r.Total, r.IsFictional))
            .OrderBy(r => r.Place, StringComparer.Create(lang.Culture, ignoreCase: true))
            .ThenBy(r => r.Round)
            .ToList();
    }
}
