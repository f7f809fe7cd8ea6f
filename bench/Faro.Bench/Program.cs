using Faro.Bench;

// dotnet run -c Release --project bench/Faro.Bench -- profile|exchange [--runs N]
if (args.Length == 0 || args[0] is not ("profile" or "exchange"))
{
    Console.Error.WriteLine("usage: Faro.Bench profile|exchange [--runs N]");
    return 2;
}

var runs = args.Length >= 3 && args[1] == "--runs" ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 30;
if (args[0] == "exchange")
{
    await ExchangeBenchmark.RunAsync(runs);
}
else
{
    await ProfileBenchmark.RunAsync(runs);
}

return 0;
