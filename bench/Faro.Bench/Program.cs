using BenchmarkDotNet.Running;
using Faro.Bench;
using Faro.Bench.Suite;

// dotnet run -c Release --project bench/Faro.Bench -- profile|exchange|learning [--runs N] [--synthetic N]
//     learning only: [--provider sqlite|postgres] [--connection "Host=…;Database=<empty database>"]
//                    [--data-directory DIR] (an installation already seeded with `faro demo --synthetic N`;
//                    on PostgreSQL, `--synthetic 0` says the connection's database is already seeded)
//                    [--case TEXT] (only the cases whose name holds TEXT)
// dotnet run -c Release --project bench/Faro.Bench -- bdn [BenchmarkDotNet options, e.g. --filter '*']
//     the BenchmarkDotNet suite (bench/Faro.Bench/Suite); without options it asks which classes to run.
if (args.Length > 0 && args[0] == "bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(SuiteConfig).Assembly).Run(args[1..], SuiteConfig.Create());
    return 0;
}

if (args.Length == 0 || args[0] is not ("profile" or "exchange" or "learning"))
{
    Console.Error.WriteLine("usage: Faro.Bench profile|exchange|learning [--runs N] [--synthetic N] | bdn [--filter PATTERN]");
    return 2;
}

var runs = args.Length >= 3 && args[1] == "--runs" ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 30;
var syntheticAt = Array.IndexOf(args, "--synthetic");
string? Option(string name) => Array.IndexOf(args, name) is var at and > 0 && at + 1 < args.Length ? args[at + 1] : null;
if (args[0] == "learning")
{
    await LearningBenchmark.RunAsync(runs, syntheticAt > 0 && syntheticAt + 1 < args.Length
        ? int.Parse(args[syntheticAt + 1], System.Globalization.CultureInfo.InvariantCulture) : 200,
        Option("--provider") ?? "sqlite", Option("--connection"), Option("--data-directory"), Option("--case"));
}
else if (args[0] == "exchange")
{
    await ExchangeBenchmark.RunAsync(runs);
}
else
{
    await ProfileBenchmark.RunAsync(runs);
}

return 0;
