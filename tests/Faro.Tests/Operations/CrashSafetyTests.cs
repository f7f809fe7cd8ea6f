using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Faro.People;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Tests.Operations;

/// The web process is killed with SIGKILL in the middle of a stream of answer saves and started
/// again: every save it acknowledged (200 with the new ETag) is there, with its text. A save that
/// was in flight may or may not have committed, but never half.
public sealed class CrashSafetyTests
{
    [Theory, AllProviders]
    public async Task Sigkill_DuringSaves_LosesNoAcknowledgedSave(string provider)
    {
        var database = TestDatabase.Create(provider);
        using var _ = database;
        var (world, token) = await WorldWithTokenAsync(database);
        var codes = await Db(database, db => db.Indicators.Where(i => i.CatalogueId == db.Catalogues.Min(c => c.Id)).OrderBy(i => i.Code).Select(i => i.Code).Take(4).ToListAsync());
        var port = FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var web = await StartAsync(database, port, http);
        var acknowledged = new System.Collections.Concurrent.ConcurrentDictionary<string, (int Revision, string Text)>();
        using var stop = new CancellationTokenSource();
        // One editor per indicator, saving as fast as the server answers.
        var editors = codes.Select(code => Task.Run(async () =>
        {
            var etag = (await http.GetAsync($"/api/v1/assessments/{world.AssessmentId}/answers/{code}")).Headers.ETag!.Tag;
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var text = $"{code} save {n}";
                var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/assessments/{world.AssessmentId}/answers/{code}")
                {
                    Content = JsonContent.Create(new { status = "partial", narrativeEs = text, narrativeEn = text, evidence = Array.Empty<object>() }),
                };
                request.Headers.TryAddWithoutValidation("If-Match", etag);
                HttpResponseMessage response;
                try
                {
                    response = await http.SendAsync(request);
                }
                catch (HttpRequestException)
                {
                    return; // the process is gone: this save was never acknowledged
                }

                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{code}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }

                var saved = await response.Content.ReadFromJsonAsync<JsonElement>();
                etag = response.Headers.ETag!.Tag;
                acknowledged[code] = (saved.GetProperty("revision").GetInt32(), text);
            }
        })).ToList();

        // Kill once a stream of saves is well under way.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (acknowledged.Values.Sum(v => v.Revision) < 40 * codes.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        web.Kill();
        await web.WaitForExitAsync();
        await stop.CancelAsync();
        await Task.WhenAll(editors);
        Assert.Equal(codes.Count, acknowledged.Count);

        web = await StartAsync(database, port, http);
        try
        {
            foreach (var (code, (revision, text)) in acknowledged)
            {
                var stored = await http.GetFromJsonAsync<JsonElement>($"/api/v1/assessments/{world.AssessmentId}/answers/{code}");
                // The in-flight save may have committed after its answer was lost: one more, never fewer.
                Assert.InRange(stored.GetProperty("revision").GetInt32(), revision, revision + 1);
                var answerId = stored.GetProperty("answerId").GetInt32();
                var kept = await Db(database, db => db.AnswerRevisions
                    .Where(r => r.AnswerId == answerId && r.Revision == revision)
                    .Select(r => r.Narrative.Es).SingleAsync());
                Assert.Equal(text, kept);
            }
        }
        finally
        {
            web.Kill();
            await web.WaitForExitAsync();
        }
    }

    /// `faro restore` killed with SIGKILL again and again, each time 0.6 s later in its run,
    /// until one run ends by itself: after every kill the target holds none of the backup (the
    /// restore is one transaction) or, if the kill came after the commit, all of it; and the run
    /// that ends gives the whole installation. The kills are spread over the process's life, so
    /// several land while the restore is writing (the demo and 10 generated cities: thousands of rows).
    [Theory, AllProviders]
    public async Task Sigkill_DuringRestore_LeavesNothingOrEverything(string provider)
    {
        await using var source = await CoreServices.StartAsync(Faro.Data.DatabaseProviders.Sqlite);
        await source.Run<Faro.Demo.DemoSeeder>(s => s.SeedAsync());
        await source.Run<Faro.Demo.DemoSeeder, int>(s => s.SeedSyntheticAsync(10));
        var archive = Path.Combine(source.Database.Options.DataDirectory, "backup.zip");
        await source.Run<Faro.Operations.BackupService>(b => b.BackupAsync(archive));
        static Task<(int, int, int, int)> CountsAsync(Faro.Data.FaroDb db) => Task.Run(async () =>
            (await db.Assessments.CountAsync(), await db.Answers.CountAsync(), await db.AnswerRevisions.CountAsync(), await db.Users.CountAsync()));
        var expected = await source.Db(CountsAsync);
        Assert.True(expected.Item2 > 900, $"a backup large enough to be killed half way: {expected}");

        var target = TestDatabase.Create(provider);
        using var _ = target;
        var kills = 0;
        for (var delay = TimeSpan.FromMilliseconds(1500); ; delay += TimeSpan.FromMilliseconds(600))
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = target.Options.DataDirectory };
            info.ArgumentList.Add(FaroCli.DllPath);
            info.ArgumentList.Add("restore");
            info.ArgumentList.Add(archive);
            foreach (var (key, value) in target.Environment())
            {
                info.Environment[key] = value;
            }

            using var restore = Process.Start(info)!;
            var output = restore.StandardOutput.ReadToEndAsync();
            var errors = restore.StandardError.ReadToEndAsync();
            using (var wait = new CancellationTokenSource(delay))
            {
                try
                {
                    await restore.WaitForExitAsync(wait.Token);
                    Assert.True(restore.ExitCode == 0, $"restore failed after {kills} kills: {await output} {await errors}");
                    break;
                }
                catch (OperationCanceledException)
                {
                }
            }

            restore.Kill();
            await restore.WaitForExitAsync();
            kills++;
            var counts = await Db(target, CountsAsync);
            if (counts == expected)
            {
                break; // killed after its commit, before it exited
            }

            Assert.Equal((0, 0, 0, 0), counts);
            Assert.True(kills < 60, "the restore never finished");
        }

        Assert.True(kills >= 2, $"only {kills} kills: the restore ended too soon to be killed half way");
        Assert.Equal(expected, await Db(target, CountsAsync));
    }

    /// The web process killed with SIGKILL in the middle of a questionnaire import (the XLSX file
    /// rewriting every answered indicator's English narrative), each time 80 ms later, until an
    /// import is acknowledged: after every kill the assessment holds all of the import's changes
    /// or none of them, and an acknowledged import is there whole after the restart.
    [Theory, AllProviders]
    public async Task Sigkill_DuringAnImport_AppliesAllOrNothing(string provider)
    {
        var database = TestDatabase.Create(provider);
        using var _ = database;
        var (world, token) = await WorldWithTokenAsync(database);
        var port = FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var web = await StartAsync(database, port, http);
        var exported = await http.GetByteArrayAsync($"/api/v1/assessments/{world.AssessmentId}/export?format=xlsx&lang=both");
        var codes = await Db(database, db => db.Answers.Where(a => a.AssessmentId == world.AssessmentId && a.Status != null)
            .Select(a => a.Indicator!.Code).ToListAsync());
        Assert.True(codes.Count >= 10, "an import of many answers");
        var file = Faro.Tests.Exchange.Workbooks.Edit(exported, d =>
        {
            foreach (var code in codes)
            {
                Faro.Tests.Exchange.Workbooks.Set(d, Faro.Exchange.QuestionnaireXlsx.QuestionnaireSheet,
                    Faro.Tests.Exchange.Workbooks.Column("narrative_en", Languages.All) + Faro.Tests.Exchange.Workbooks.RowOf(d, code), $"Imported {code}");
            }
        });
        Task<int> ImportedAsync() => Db(database, db => db.Answers.CountAsync(a => a.AssessmentId == world.AssessmentId && a.Narrative.En!.StartsWith("Imported ")));

        var kills = 0;
        try
        {
            for (var delay = 0; ; delay += 80)
            {
                var post = http.PostAsync($"/api/v1/assessments/{world.AssessmentId}/imports", new ByteArrayContent(file));
                var acknowledged = await Task.WhenAny(post, Task.Delay(delay)) == post && (await post).StatusCode == HttpStatusCode.OK;
                if (acknowledged)
                {
                    web.Kill();
                    await web.WaitForExitAsync();
                    Assert.Equal(codes.Count, await ImportedAsync());
                    break;
                }

                web.Kill();
                await web.WaitForExitAsync();
                kills++;
                try
                {
                    await post;
                }
                catch (HttpRequestException)
                {
                    // the process is gone: this import was never acknowledged
                }

                var imported = await ImportedAsync();
                Assert.True(imported == 0 || imported == codes.Count, $"{imported} of {codes.Count} answers imported after a kill at {delay} ms");
                Assert.True(kills < 40, "the import never finished");
                web = await StartAsync(database, port, http);
                if (imported == codes.Count)
                {
                    break; // committed, then killed before the answer left
                }
            }
        }
        finally
        {
            if (!web.HasExited)
            {
                web.Kill();
                await web.WaitForExitAsync();
            }
        }

        Assert.True(kills >= 2, $"only {kills} kills: the import ended too soon to be killed half way");
    }

    private static async Task<(WorkflowWorld World, string Token)> WorldWithTokenAsync(TestDatabase database)
    {
        await using var core = CoreServices.For(database);
        await core.Run<Faro.Operations.MigrationRunner>(m => m.MigrateAsync());
        var world = await core.Run<IServiceProvider, WorkflowWorld>(s => TestData.WorkflowWorldAsync(s, Stage.DataCollection));
        var token = await core.Run<IServiceProvider, string>(async s =>
        {
            var actor = await TestData.ActorAsync(s, world, "admin");
            return (await s.GetRequiredService<TokenService>().CreateAsync(actor, actor.UserId!.Value, "crash", null)).Token;
        });
        return (world, token);
    }

    private static async Task<T> Db<T>(TestDatabase database, Func<Faro.Data.FaroDb, Task<T>> work)
    {
        await using var db = Faro.Data.DatabaseSetup.Create(database.Options);
        return await work(db);
    }

    private static async Task<Process> StartAsync(TestDatabase database, int port, HttpClient http)
    {
        var dll = Path.Combine(Path.GetDirectoryName(FaroCli.DllPath)!, "..", "..", "..", "..", "Faro.Web", "bin",
            Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(FaroCli.DllPath))!), Path.GetFileName(Path.GetDirectoryName(FaroCli.DllPath))!, "Faro.Web.dll");
        dll = Path.GetFullPath(dll);
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var (key, value) in database.Environment())
        {
            info.Environment[key] = value;
        }

        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return process;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"Faro.Web exited with {process.ExitCode}");
            }

            await Task.Delay(100);
        }

        process.Kill();
        throw new TimeoutException("Faro.Web did not answer /health within 60 s");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
