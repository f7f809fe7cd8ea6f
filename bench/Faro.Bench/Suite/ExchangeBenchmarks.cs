using BenchmarkDotNet.Attributes;
using Faro.Data;
using Faro.Exchange;
using Faro.People;
using Faro.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Bench.Suite;

/// The XLSX questionnaire of the full 88-indicator test assessment (in data collection), per export
/// language: `Export` reads the database and writes the workbook; `ImportPreview` is what a person
/// waits for after uploading that unchanged workbook (measure, unzip, read, compare every row with
/// the stored answers), and must find nothing to change.
[MemoryDiagnoser]
public class ExchangeBenchmarks
{
    private readonly Actor actor = Actor.System("bench");
    private BenchHost host = null!;
    private int assessmentId;
    private byte[] workbook = null!;

    [Params("en", "es", "both")]
    public string Lang { get; set; } = "en";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        host = await BenchHost.StartAsync();
        assessmentId = await host.RunAsync(async s =>
        {
            var db = s.GetRequiredService<FaroDb>();
            var c = await TestData.ProfileAssessmentAsync(db, await TestData.CountryAsync(db), Workflow.Stage.DataCollection);
            return c.Assessment.Id;
        });
        workbook = await Export();
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await host.DisposeAsync();

    [Benchmark]
    public Task<byte[]> Export() => host.RunAsync(async s =>
        (await s.GetRequiredService<ExchangeService>().ExportAsync(actor, assessmentId, ExportFormat.Xlsx, Lang, null)).Content);

    [Benchmark]
    public async Task<ImportPreview> ImportPreview()
    {
        var preview = await host.RunAsync(s => s.GetRequiredService<ExchangeService>().PreviewAsync(actor, assessmentId, workbook));
        if (preview.Errors.Count > 0 || preview.Changes.Count > 0)
        {
            throw new InvalidOperationException("the round trip is not clean");
        }

        return preview;
    }
}
