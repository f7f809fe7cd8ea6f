using Faro.Bench;

// dotnet run -c Release --project bench/Faro.Bench -- profile [--runs N]
if (args.Length == 0 || args[0] != "profile")
{
    Console.Error.WriteLine("usage: Faro.Bench profile [--runs N]");
    return 2;
}

var runs = args.Length >= 3 && args[1] == "--runs" ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 30;
await ProfileBenchmark.RunAsync(runs);
return 0;
