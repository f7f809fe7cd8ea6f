using System.CommandLine;
using Faro.Assessments;
using Faro.Data;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Cli;

public static class AssessmentCommands
{
    public static Command Build()
    {
        var list = new Command("list", "List assessments: id, stage, place, round, answers.");
        list.Action(async (_, services, ct) =>
        {
            var db = services.GetRequiredService<FaroDb>();
            var rows = await db.Assessments.AsNoTracking()
                .OrderBy(a => a.Id)
                .Select(a => new
                {
                    a.Id,
                    a.Stage,
                    a.Level,
                    a.Round,
                    Country = a.Country!.Iso2,
                    Place = a.Jurisdiction != null ? a.Jurisdiction.Name : a.Country!.Name.En,
                    a.IsFictional,
                    Answered = a.Answers.Count(x => x.Status != null),
                    Total = db.Indicators.Count(i => i.CatalogueId == a.CatalogueId),
                })
                .ToListAsync(ct);
            Console.WriteLine($"{"ID",4}  {"STAGE",-18} {"LEVEL",-8} {"ROUND",5}  {"ANSWERED",8}  PLACE");
            foreach (var r in rows)
            {
                var place = $"{r.Place} ({r.Country}){(r.IsFictional ? " [fictional]" : "")}";
                Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{r.Id,4}  {r.Stage.ToCode(),-18} {r.Level.ToString().ToLowerInvariant(),-8} {r.Round,5}  {r.Answered,3}/{r.Total,-4}  {place}"));
            }

            return 0;
        });
        return new Command("assessment", "Assessments.") { list };
    }
}
