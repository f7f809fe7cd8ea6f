using Faro.Notifications;
using Faro.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace Faro.Web.Notifications;

public static class NotificationsApi
{
    public static void MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiV1("/notifications", "Notifications");
        api.MapGet("/", async ([FromQuery] bool? unread, Caller caller, Notifier notifier, CancellationToken ct) =>
                TypedResults.Ok(await notifier.InboxAsync(caller.Actor, caller.Lang, unread ?? false, 100, ct)))
            .WithSummary("The caller's inbox, in the caller's language.");
        api.MapPost("/{notificationId:int}/read", async (int notificationId, Caller caller, Notifier notifier, CancellationToken ct) =>
            {
                await notifier.MarkReadAsync(caller.Actor, notificationId, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Marks one notification read.");
        api.MapPost("/read-all", async (Caller caller, Notifier notifier, CancellationToken ct) =>
            {
                await notifier.MarkReadAsync(caller.Actor, null, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Marks every notification read.");
    }
}
