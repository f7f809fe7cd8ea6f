using System.Net;
using Faro.Tests.Infrastructure;

namespace Faro.Tests.Pages;

/// The status page answers the status it shows, also when opened directly (issue 15 item 10).
public sealed class StatusPageTests
{
    [Fact]
    public async Task StatusPage_OpenedDirectly_AnswersItsStatus()
    {
        using var app = new FaroApp();
        var client = app.Browser();
        var forbidden = await client.GetAsync("/status/403");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("<h1>", await forbidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/status/404")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/status/200")).StatusCode);
        // Re-executed for a real failure, the code stays the failure's.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/no-such-page")).StatusCode);
    }
}
