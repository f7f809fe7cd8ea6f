using Faro.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Faro.Tests.Data;

public class PostgresSettingsTests
{
    /// Faro prepares repeated statements by default (docs/performance.md), and an operator's own
    /// setting, 0 included, wins whatever spelling of the keyword it uses.
    [Theory]
    [InlineData("Host=db;Database=faro;Username=faro", 64)]
    [InlineData("Host=db;Database=faro;Username=faro;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=faro;Username=faro;maxautoprepare=10", 10)]
    [InlineData("Host=db;Database=faro;Username=faro;MAX AUTO PREPARE=200", 200)]
    public void PreparedStatements_AreOnByDefault_AndTheOperatorsValueIsKept(string configured, int expected)
    {
        var used = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString(configured));
        Assert.Equal(expected, used.MaxAutoPrepare);
        Assert.Equal("db", used.Host);
        Assert.Equal("faro", used.Database);
    }

    /// JIT off by default (docs/performance.md, the portal at N = 10,000); an operator's own
    /// `Options` are kept as given, and proven to reach the server by a query on the server below.
    [Theory]
    [InlineData("Host=db;Database=faro;Username=faro", "-c jit=off")]
    [InlineData("Host=db;Database=faro;Username=faro;Options=-c jit=on", "-c jit=on")]
    [InlineData("Host=db;Database=faro;Username=faro;options=-c statement_timeout=5000", "-c statement_timeout=5000")]
    public void Jit_IsOffByDefault_AndTheOperatorsOptionsAreKept(string configured, string expected)
    {
        var used = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString(configured));
        Assert.Equal(expected, used.Options);
        Assert.Equal(64, used.MaxAutoPrepare);
    }

    [Fact]
    public async Task Jit_IsOffOnFarosConnections()
    {
        await using var core = await Faro.Tests.Infrastructure.CoreServices.StartAsync(DatabaseProviders.Postgres);
        var jit = await core.Db(db => Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions
            .SqlQueryRaw<string>(db.Database, "SELECT current_setting('jit') AS \"Value\"").ToListAsync());
        Assert.Equal(["off"], jit);
    }

    [Fact]
    public void TheRestOfTheConnectionString_IsKept()
    {
        var used = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString(
            "Host=10.0.0.5;Port=5433;Database=faro;Username=faro;Password=s3cret-Pass;Maximum Pool Size=40;SSL Mode=Require"));
        Assert.Equal((5433, "s3cret-Pass", 40, SslMode.Require), (used.Port, used.Password, used.MaxPoolSize, used.SslMode));
    }
}
