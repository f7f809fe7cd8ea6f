using System.Net;
using Faro.Tests.Infrastructure;

namespace Faro.Tests.Operations;

/// No N+1 on the main pages: each is opened once to warm up, then the SQL commands of a second
/// view are counted and must stay under a fixed budget, whatever the number of rows shown. The
/// budgets are the counts measured on 1 December 2026 plus three (the sign-in cookie's checks
/// take two of them); a page that grows past one means a
/// query moved into a loop.
public sealed class QueryBudgetTests
{
    [Theory, AllProviders]
    public async Task MainPages_StayWithinTheirQueryBudget(string provider)
    {
        using var app = new FaroApp(provider);
        var world = await TestData.UiWorldAsync(app);
        using var counter = new QueryCounter(app.Database);
        var coordinator = await app.SignedInAs(UiWorld.Coordinator, UiWorld.Password);
        var id = world.CollectingId;
        var budgets = new (string Url, int Budget)[]
        {
            ("/", 9),
            ("/inbox", 8),
            ($"/assessments/{id}", 20),
            ($"/assessments/{id}/indicators/D1-01", 19),
            ($"/assessments/{id}/review", 10),
            ($"/assessments/{id}/changes", 11),
            ($"/assessments/{id}/workshops", 10),
            ($"/assessments/{id}/participants", 13),
            ("/profiles", 8),
        };
        var report = new List<string>();
        foreach (var (url, budget) in budgets)
        {
            Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync(url)).StatusCode);
            var queries = await counter.CountAsync(async () => Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync(url)).StatusCode));
            report.Add($"{url}={queries.Count}");
            Assert.True(queries.Count <= budget, $"{url} ran {queries.Count} queries (budget {budget}): {string.Join(" | ", queries.Select(q => q[..Math.Min(q.Length, 120)]))}");
        }

        Console.WriteLine(string.Join(", ", report));
    }
}
