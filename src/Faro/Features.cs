using Microsoft.Extensions.DependencyInjection;

namespace Faro;

public static class FaroFeatures
{
    /// One line per feature's services; hosts call `AddFaroCore`, which calls this.
    public static IServiceCollection AddFaroFeatures(this IServiceCollection services)
    {
        services.AddScoped<Catalogue.CatalogueService>();
        services.AddScoped<Operations.MigrationRunner>();
        services.AddScoped<Places.CountryReferenceData>();
        services.AddScoped<Places.GazetteerImport>();
        services.AddScoped<Places.PlacesService>();
        services.AddScoped<Assessments.AssessmentCreation>();
        services.AddScoped<Assessments.NextRound>();
        services.AddScoped<Operations.BackupService>();
        services.AddScoped<Demo.DemoSeeder>();
        services.AddScoped<People.UserService>();
        services.AddScoped<People.Access>();
        services.AddScoped<Assessments.EvidenceFiles>();
        services.AddScoped<People.TokenService>();
        services.AddScoped<Audit.AuditLog>();
        services.AddScoped<Notifications.Notifier>();
        services.AddScoped<Workflow.StageMachine>();
        services.AddScoped<Workflow.ReviewService>();
        services.AddScoped<Assessments.AssessmentWriter>();
        services.AddScoped<Assessments.AssessmentService>();
        services.AddScoped<Assessments.AnswerService>();
        services.AddScoped<Assessments.AnswerHistory>();
        services.AddScoped<Assessments.IndicatorViews>();
        services.AddScoped<Assessments.EvidenceService>();
        services.AddScoped<Assessments.CommentService>();
        services.AddScoped<Assessments.WorkshopService>();
        services.AddScoped<Assessments.ParticipationService>();
        services.AddScoped<Profiles.ProfileAssembler>();
        services.AddScoped<Profiles.ProfilePublisher>();
        services.AddScoped<Workflow.IPublicationHook>(sp => sp.GetRequiredService<Profiles.ProfilePublisher>());
        services.AddScoped<Profiles.ProfileService>();
        services.AddScoped<Exchange.ExchangeService>();
        services.AddScoped<Exchange.OpenDataService>();
        services.AddScoped<Dialogue.DialogueService>();
        services.AddScoped<Learning.GoodPracticeService>();
        services.AddScoped<Learning.PeerService>();
        services.AddSingleton<Learning.PeerIndex>();
        services.AddSingleton<Learning.PracticeRankCache>();
        services.AddScoped<Learning.ChallengeService>();
        services.AddScoped<Learning.PeerExchangeService>();
        services.AddScoped<FollowUp.RoundComparisonService>();
        services.AddScoped<FollowUp.ActionPlanService>();
        return services;
    }
}
