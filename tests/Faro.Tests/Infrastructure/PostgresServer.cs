using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Faro.Tests.Infrastructure;

/// A throwaway PostgreSQL 15 cluster for the test run, started on a free loopback port the first
/// time a test asks for one and stopped when the test process exits. Set FARO_TEST_POSTGRES to a
/// connection string to use an existing server instead. As root, initdb and pg_ctl refuse to run,
/// so they run as the `postgres` user.
public static class PostgresServer
{
    private static readonly Lazy<string> Admin = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string AdminConnectionString => Admin.Value;

    private static readonly Lock TemplateLock = new();

    /// A new database for one test, empty or a copy of `template`; its name is unique, so tests
    /// can run in parallel. Copies of one template are made one at a time (PostgreSQL refuses a
    /// template that another CREATE DATABASE is reading).
    public static string CreateDatabase(string? template = null)
    {
        var name = "faro_" + Guid.NewGuid().ToString("N")[..12];
        lock (TemplateLock)
        {
            using var connection = new NpgsqlConnection(AdminConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = template is null ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} TEMPLATE {template}";
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ToString();
    }

    private static string Start()
    {
        if (Environment.GetEnvironmentVariable("FARO_TEST_POSTGRES") is { Length: > 0 } given)
        {
            return given;
        }

        var bin = Environment.GetEnvironmentVariable("FARO_PG_BIN") ?? "/usr/lib/postgresql/15/bin";
        if (!File.Exists(Path.Combine(bin, "initdb")))
        {
            throw new InvalidOperationException($"PostgreSQL binaries not found in {bin}; install postgresql-15 or set FARO_TEST_POSTGRES.");
        }

        var root = Path.Combine(Path.GetTempPath(), "faro-pg-" + Guid.NewGuid().ToString("N")[..8]);
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(root);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Run("chown", "-R", "postgres:postgres", root);
        }

        var port = FreePort();
        RunPg(asRoot, Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        // fsync off: the cluster is thrown away after the run; durability is tested on SQLite and
        // by the restore tests, not by PostgreSQL's own crash safety.
        RunPg(asRoot, Path.Combine(bin, "pg_ctl"), "-D", data, "-l", Path.Combine(root, "log"), "-w", "-t", "60", "start",
            "-o", $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                RunPg(asRoot, Path.Combine(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop");
                Directory.Delete(root, recursive: true);
            }
            catch (InvalidOperationException)
            {
                // The run is over; a leftover folder in /tmp is harmless.
            }
        };
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=20";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void RunPg(bool asRoot, string file, params string[] args)
    {
        if (asRoot)
        {
            Run("runuser", ["-u", "postgres", "--", file, .. args]);
        }
        else
        {
            Run(file, args);
        }
    }

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/tmp",
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {stderr} {stdout.Result}");
        }
    }
}
