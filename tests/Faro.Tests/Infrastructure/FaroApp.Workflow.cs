using System.Diagnostics;
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

/// Runs the real `faro` CLI (the built faro.dll) as a process against a test database.
public static class Cli
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static async Task<Result> RunAsync(TestDatabase database, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = database.Options.DataDirectory };
        info.ArgumentList.Add(FaroDll());
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in database.Environment())
        {
            info.Environment[key] = value;
        }

        info.Environment["FARO_LANG"] = "en";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// src/Faro.Cli/bin/<Configuration>/net10.0/faro.dll, built next to this test assembly.
    private static string FaroDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = dir.Parent!.Name;
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Faro.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir!.FullName, "src", "Faro.Cli", "bin", configuration, "net10.0", "faro.dll");
    }
}
