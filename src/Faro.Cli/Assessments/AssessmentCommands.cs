using System.CommandLine;
using Faro.Assessments;
using Faro.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Cli.Assessments;

public static class AssessmentCommands
{
    public static Command Build()
    {
        // Withdrawn assessments are kept but out of the lists by default, as in the UI and the API.
        var withdrawn = new Option<bool>("--withdrawn") { Description = "Include withdrawn assessments (marked [withdrawn])." };
        var list = new Command("list", "List assessments: id, stage, place, round, answers.") { withdrawn };
        list.Action(async (parse, services, ct) =>
        {
            var db = services.GetRequiredService<FaroDb>();
            var all = parse.GetValue(withdrawn);
            var rows = await db.Assessments.AsNoTracking()
                .Where(a => all || a.WithdrawnAt == null)
                .OrderBy(a => a.Id)
                .Select(a => new
                {
                    a.Id,
                    a.Stage,
                    a.Level,
                    a.Round,
                    Country = a.Country!.Iso2,
                    Place = a.Jurisdiction != null ? a.Jurisdiction.Name : null,
                    CountryEn = a.Country!.Name.En,
                    CountryEs = a.Country!.Name.Es,
                    a.IsFictional,
                    Withdrawn = a.WithdrawnAt != null,
                    Answered = a.Answers.Count(x => x.Status != null),
                    Total = db.Indicators.Count(i => i.CatalogueId == a.CatalogueId),
                })
                .ToListAsync(ct);
            string[] head = [CliHost.Text("cli.assessment.column_stage"), CliHost.Text("cli.assessment.column_level"),
                CliHost.Text("cli.assessment.column_round"), CliHost.Text("cli.assessment.column_answered"), CliHost.Text("cli.assessment.column_place")];
            // A heading longer than its column (Spanish RESPONDIDOS) widens it, so that the values
            // stay under their headings in either language.
            int[] width = [Math.Max(18, head[0].Length), Math.Max(8, head[1].Length), Math.Max(5, head[2].Length), Math.Max(8, head[3].Length)];
            Console.WriteLine($"{"ID",4}  {head[0].PadRight(width[0])} {head[1].PadRight(width[1])} {head[2].PadLeft(width[2])}  {head[3].PadLeft(width[3])}  {head[4]}");
            foreach (var r in rows)
            {
                var name = r.Place ?? new Faro.LocalizedText(r.CountryEn, r.CountryEs).Resolve(CliHost.Language)?.Text;
                var place = $"{name} ({r.Country}){(r.IsFictional ? " " + CliHost.Text("cli.assessment.fictional") : "")}{(r.Withdrawn ? " " + CliHost.Text("cli.assessment.withdrawn") : "")}";
                var answered = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{r.Answered,3}/{r.Total,-4}");
                Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{r.Id,4}  {r.Stage.ToCode().PadRight(width[0])} {r.Level.ToCode().PadRight(width[1])} {r.Round.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width[2])}  {answered.PadLeft(width[3])}  {place}"));
            }

            return 0;
        });
        var country = new Option<string>("--country") { Description = "ISO 3166-1 alpha-2 code, e.g. PA.", Required = true };
        var place = new Option<string?>("--place") { Description = "The jurisdiction: its id or its code (P-code, ISO 3166-2); none for a national assessment." };
        var round = new Option<int?>("--round") { Description = "Round number; the next one for the place by default." };
        var catalogue = new Option<int?>("--catalogue") { Description = "Id of a published catalogue version; the newest by default." };
        var titleEn = new Option<string?>("--title-en");
        var titleEs = new Option<string?>("--title-es");
        var counterpart = new Option<int?>("--national-counterpart") { Description = "Id of the country's national assessment in Faro." };
        var refTitle = new Option<string?>("--national-reference-title") { Description = "A national profile published outside Faro: its title." };
        var refYear = new Option<int?>("--national-reference-year");
        var refUrl = new Option<string?>("--national-reference-url");
        var create = new Command("create", "Start an assessment in `requested`.") { country, place, round, catalogue, titleEn, titleEs, counterpart, refTitle, refYear, refUrl };
        create.Action(async (parse, services, ct) =>
        {
            var db = services.GetRequiredService<FaroDb>();
            var iso2 = parse.GetValue(country)!.Trim().ToUpperInvariant();
            int? jurisdictionId = null;
            if (parse.GetValue(place) is { Length: > 0 } spec)
            {
                jurisdictionId = int.TryParse(spec, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
                    ? n
                    : await db.Jurisdictions.Where(j => j.Country!.Iso2 == iso2 && j.Code == spec).Select(j => (int?)j.Id).FirstOrDefaultAsync(ct)
                        ?? throw new InputRejectedException("assessment.invalid", new InputError("--place", "assessment.bad_jurisdiction",
                            new Faro.LocalizedText($"No place with code {spec} in {iso2}.", $"No hay ningún lugar con el código {spec} en {iso2}.")));
            }

            var title = parse.GetValue(refTitle);
            var created = await services.GetRequiredService<AssessmentCreation>().CreateAsync(Faro.People.Actor.System("cli"), new NewAssessment(
                iso2, jurisdictionId, parse.GetValue(titleEn), parse.GetValue(titleEs), parse.GetValue(round), parse.GetValue(catalogue),
                parse.GetValue(counterpart), title, title, parse.GetValue(refYear), parse.GetValue(refUrl)), ct);
            CliHost.Say("cli.assessment.created", created.Id, created.Level.ToCode(), created.Round, created.Stage.ToCode(), created.Title[CliHost.Language]);
            return 0;
        });
        var from = new Option<int>("--from") { Description = "Id of the published (or follow-up) assessment the new round starts from.", Required = true };
        var nextCatalogue = new Option<int?>("--catalogue") { Description = "Id of a published catalogue version; by default the newest that succeeds the round before's version, else the round before's (answers travel through the crosswalk)." };
        var noFocal = new Option<bool>("--no-focal-points") { Description = "Do not carry the focal points over." };
        var noAssign = new Option<bool>("--no-assignments") { Description = "Do not carry the indicator assignments over." };
        var next = new Command("next-round", "Start round N+1 from a published assessment; its answers are carried over as drafts to confirm.")
            { from, nextCatalogue, noFocal, noAssign };
        next.Action(async (parse, services, ct) =>
        {
            var r = await services.GetRequiredService<NextRound>().StartAsync(Faro.People.Actor.System("cli"), parse.GetValue(from),
                new NextRoundRequest(parse.GetValue(nextCatalogue), !parse.GetValue(noFocal), !parse.GetValue(noAssign)), ct);
            CliHost.Say("cli.assessment.next_round", r.AssessmentId, r.Round, Faro.Workflow.Stage.Requested.ToCode(), r.AnswersCarried, r.EvidenceCarried);
            if (r.WithoutCounterpart.Count > 0)
            {
                CliHost.Say("cli.assessment.without_counterpart", string.Join(", ", r.WithoutCounterpart));
            }

            return 0;
        });
        var id = new Option<int>("--id") { Description = "Id of the assessment.", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why the assessment stops (kept with it).", Required = true };
        var withdraw = new Command("withdraw", "Withdraw an assessment that stops: kept, read-only, out of the lists by default.") { id, reason };
        withdraw.Action(async (parse, services, ct) =>
        {
            await services.GetRequiredService<AssessmentCreation>().WithdrawAsync(Faro.People.Actor.System("cli"), parse.GetValue(id), parse.GetValue(reason), ct);
            CliHost.Say("cli.assessment.withdrew", parse.GetValue(id));
            return 0;
        });
        return new Command("assessment", "Assessments.") { list, create, next, withdraw };
    }
}
