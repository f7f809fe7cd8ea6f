using Faro.Data;
using Faro.Web;
using Faro.Web.Profiles;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddFaroCore(builder.Configuration);
builder.Services.AddFaroWeb(builder.Configuration);

var app = builder.Build();
await app.PrepareDatabaseAsync();

app.UseFaroWeb();
app.MapHealth();
app.MapAccount();
app.MapProfiles();
app.MapRazorPages();
app.MapOpenApi("/openapi/{documentName}.json");

app.Run();

/// Visible to the test project's WebApplicationFactory.
public partial class Program;
