using System.Diagnostics;

namespace Faro.Tests.Infrastructure;

/// Runs the real `faro` CLI as a process against a test database, as a script or an operator would.
public static class FaroCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// The CLI is built with the tests (a non-referenced project reference); its output folder
    /// mirrors ours: tests/Faro.Tests/bin/CONFIG/net10.0 -> src/Faro.Cli/bin/CONFIG/net10.0.
    public static string DllPath
    {
        get
        {
            var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            var framework = Path.GetFileName(here);
            var configuration = Path.GetFileName(Path.GetDirectoryName(here)!);
            var root = Path.GetFullPath(Path.Combine(here, "..", "..", "..", "..", ".."));
            var dll = Path.Combine(root, "src", "Faro.Cli", "bin", configuration, framework, "faro.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build src/Faro.Cli first", dll);
        }
    }

    public static Task<Result> RunWithInputAsync(TestDatabase database, string? stdin, params string[] args) =>
        RunCoreAsync(database, stdin, new Dictionary<string, string?> { ["FARO_LANG"] = "en" }, args);

    /// With the given language variables (null removes one inherited from the test run).
    public static Task<Result> RunInLanguageAsync(TestDatabase database, IReadOnlyDictionary<string, string?> language, params string[] args) =>
        RunCoreAsync(database, null, language, args);

    private static async Task<Result> RunCoreAsync(TestDatabase database, string? stdin, IReadOnlyDictionary<string, string?> language, string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = database.Options.DataDirectory,
        };
        info.ArgumentList.Add(DllPath);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (key, value) in database.Environment())
        {
            info.Environment[key] = value;
        }

        foreach (var (key, value) in language)
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        using var process = Process.Start(info)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteLineAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static Task<Result> RunAsync(TestDatabase database, params string[] args) => RunWithInputAsync(database, null, args);
}
