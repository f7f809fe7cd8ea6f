using Faro.Data;
using Faro.Web;
using Faro.Web.Account;
using Faro.Web.Assessments;
using Faro.Web.Audit;
using Faro.Web.Dialogue;
using Faro.Web.Exchange;
using Faro.Web.FollowUp;
using Faro.Web.Health;
using Faro.Web.Learning;
using Faro.Web.Localization;
using Faro.Web.Notifications;
using Faro.Web.People;
using Faro.Web.Places;
using Faro.Web.Profiles;
using Faro.Web.Workflow;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddFaroCore(builder.Configuration);
builder.Services.AddFaroWeb(builder.Configuration);

var app = builder.Build();
await app.PrepareDatabaseAsync();

app.UseFaroWeb();
app.MapHealth();
app.MapAccount();
app.MapAssessmentsApi();
app.MapWorkflowApi();
app.MapAuditApi();
app.MapNotificationsApi();
app.MapPeopleApi();
app.MapPlacesApi();
app.MapDialogueApi();
app.MapLearningApi();
app.MapFollowUpApi();
app.MapProfiles();
app.MapLanguageLinks();
app.MapExchangeApi();
Faro.Web.Operations.Telemetry.Map(app);
app.MapRazorPages();
app.MapOpenApi("/openapi/{documentName}.json");

app.Run();

/// Visible to the test project's WebApplicationFactory.
public partial class Program;
