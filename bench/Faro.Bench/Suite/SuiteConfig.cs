using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Faro.Bench.Suite;

/// The one job of the suite, sized for a shared 2-core machine without network: the benchmarks run
/// inside this process (no generated project to restore and build per class, which would need
/// packages and minutes), one launch, 3 warm-up and 5 measured iterations of about 0.5 s each.
/// Enough to compare one commit with the next on the same machine; the Error column says how
/// much to trust each mean. Times in milliseconds, as in the rest of docs/performance.md.
public static class SuiteConfig
{
    public static IConfig Create() => DefaultConfig.Instance
        .AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(5)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId("InProcess"))
        .WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(Perfolizer.Horology.TimeUnit.Millisecond));
}
