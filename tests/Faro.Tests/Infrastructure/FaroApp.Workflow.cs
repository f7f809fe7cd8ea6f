using System.Net.Http.Headers;
using Faro.People;
using Faro.Workflow;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Faro.Tests.Infrastructure;

public sealed partial class FaroApp
{
    public Task<WorkflowWorld> WorkflowWorldAsync(Stage stage = Stage.DataCollection, int answered = 10) =>
        WithService<WorkflowWorld, IServiceProvider>(s => TestData.WorkflowWorldAsync(s, stage, answered));

    /// An API client that authenticates with a fresh personal access token of the user.
    public async Task<HttpClient> WithTokenOf(int userId)
    {
        var token = await WithService<CreatedToken, TokenService>(t => t.CreateAsync(Actor.System("test"), userId, "test", null));
        return WithToken(token.Token);
    }

    public HttpClient WithToken(string token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
}
