using System.Diagnostics;

namespace Faro.Tests.Infrastructure;

/// The real `faro` command-line tool, run as a process against a test database.
public static class FaroCli
{
    public static string Dll([System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", ".."));
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        return Path.Combine(root, "src", "Faro.Cli", "bin", configuration, "net10.0", "faro.dll");
    }

    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(TestDatabase database, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Dll());
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
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
        return (process.ExitCode, await stdout, await stderr);
    }
}
