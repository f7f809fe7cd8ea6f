using Faro.Assessments;
using Faro.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Faro.Web.Assessments;

public sealed record ContextRequest(string? En, string? Es);

public sealed record CommentRequest(string? IndicatorCode, string? Text, string? Visibility);

public sealed record FocalPointRequest(int InstitutionId, string? UserEmail, string? ContactName, string? ContactEmail);

public sealed record AssignmentRequest(int InstitutionId, IReadOnlyList<string>? IndicatorCodes);

public sealed record ReassignRequest(int FromInstitutionId, int ToInstitutionId, IReadOnlyList<string>? IndicatorCodes);

public sealed record RetireRequest(string? Reason);

public sealed record AttendanceRequest(IReadOnlyList<AttendeeInput>? Attendees);

public static class AssessmentsApi
{
    public static void MapAssessmentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiV1("/assessments", "Assessments");

        api.MapGet("/", async ([FromQuery] bool? withdrawn, Caller caller, AssessmentService assessments, CancellationToken ct) =>
                TypedResults.Ok(await assessments.ListAsync(caller.Actor, withdrawn == true, ct)))
            .WithSummary("Assessments in the caller's scope, and every published one; withdrawn ones only with ?withdrawn=true.");
        api.MapGet("/{id:int}", async (int id, Caller caller, AssessmentService assessments, CancellationToken ct) =>
                TypedResults.Ok(await assessments.GetAsync(caller.Actor, id, ct)))
            .WithSummary("One assessment: stage, version, what blocks its next move, and the moves the caller may make.");
        api.MapPost("/", async (NewAssessment body, Caller caller, AssessmentCreation creation, AssessmentService assessments, CancellationToken ct) =>
            {
                var created = await creation.CreateAsync(caller.Actor, body, ct);
                return TypedResults.Created($"/api/v1/assessments/{created.Id}", await assessments.GetAsync(caller.Actor, created.Id, ct));
            })
            .WithSummary("Starts an assessment (admin, or coordinator of the country) in `requested`: national when `jurisdictionId` is null; titles proposed from the place when empty.");
        api.MapPost("/{id:int}/withdraw", async (int id, WithdrawRequest body, Caller caller, AssessmentCreation creation, CancellationToken ct) =>
            {
                await creation.WithdrawAsync(caller.Actor, id, body.Reason, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Withdraws an assessment that stops, with a reason: kept read-only, out of the default lists.");
        api.MapPut("/{id:int}", async (int id, AssessmentMetadata body, Caller caller, AssessmentCreation creation, AssessmentService assessments, CancellationToken ct) =>
            {
                await creation.UpdateAsync(caller.Actor, id, body, ct);
                return TypedResults.Ok(await assessments.GetAsync(caller.Actor, id, ct));
            })
            .WithSummary("Corrects the metadata (titles, round, catalogue version, national counterpart or reference) until data collection starts (409 `assessment.metadata_locked` after).");
        api.MapPost("/{id:int}/next-round", async (int id, NextRoundRequest body, Caller caller, NextRound rounds, CancellationToken ct) =>
            {
                var started = await rounds.StartAsync(caller.Actor, id, body, ct);
                return TypedResults.Created($"/api/v1/assessments/{started.AssessmentId}", started);
            })
            .WithSummary("Starts round N+1 from a published or follow-up assessment: answers, narratives and evidence carried over as drafts to confirm; focal points and assignments optionally; through the catalogue crosswalk when `catalogueId` is another version (indicators without a counterpart are listed).");
        api.MapGet("/{id:int}/rounds", async (int id, Caller caller, NextRound rounds, CancellationToken ct) =>
                TypedResults.Ok(await rounds.RoundsAsync(caller.Actor, id, ct)))
            .WithSummary("Every round of the same place the caller may see, oldest first.");
        api.MapPut("/{id:int}/context", async (int id, ContextRequest body, Caller caller, AssessmentService assessments, CancellationToken ct) =>
            {
                await assessments.SetContextAsync(caller.Actor, id, body.En, body.Es, ct);
                return TypedResults.Ok(await assessments.GetAsync(caller.Actor, id, ct));
            })
            .WithSummary("Sets the context text (both languages); editable until drafting ends.");

        MapAnswers(api);
        MapEvidence(api);

        api.MapGet("/{id:int}/comments", async (int id, [FromQuery] string? indicator, Caller caller, CommentService comments, CancellationToken ct) =>
                TypedResults.Ok(await comments.ListAsync(caller.Actor, id, indicator, ct)))
            .WithSummary("Comments (internal ones only for the team); ?indicator=CODE for one indicator.");
        api.MapPost("/{id:int}/comments", async (int id, CommentRequest body, Caller caller, CommentService comments, CancellationToken ct) =>
                TypedResults.Created($"/api/v1/assessments/{id}/comments", await comments.AddAsync(caller.Actor, id, body.IndicatorCode, body.Text, body.Visibility, ct)))
            .WithSummary("Adds a comment, `shared` (default) or `internal`.");

        api.MapGet("/{id:int}/workshops", async (int id, Caller caller, WorkshopService workshops, CancellationToken ct) =>
                TypedResults.Ok(await workshops.ListAsync(caller.Actor, id, ct)))
            .WithSummary("Workshops of the assessment.");
        api.MapPost("/{id:int}/workshops", async (int id, WorkshopInput body, Caller caller, WorkshopService workshops, CancellationToken ct) =>
                TypedResults.Created($"/api/v1/assessments/{id}/workshops", await workshops.RecordAsync(caller.Actor, id, body, ct)))
            .WithSummary("Records a workshop (kind induction|validation|launch|other, status planned|held|cancelled).");
        api.MapPut("/{id:int}/workshops/{workshopId:int}", async (int id, int workshopId, WorkshopInput body, Caller caller, WorkshopService workshops,
                CancellationToken ct) => TypedResults.Ok(await workshops.UpdateAsync(caller.Actor, id, workshopId, body, ct)))
            .WithSummary("Updates a workshop, e.g. marks it held.");
        api.MapPost("/{id:int}/workshops/{workshopId:int}/cancel", async (int id, int workshopId, CancelRequest body, Caller caller, WorkshopService workshops,
                CancellationToken ct) => TypedResults.Ok(await workshops.CancelAsync(caller.Actor, id, workshopId, body.Reason, ct)))
            .WithSummary("Cancels a workshop with a reason (kept, never deleted).");
        api.MapPut("/{id:int}/workshops/{workshopId:int}/attendance", async (int id, int workshopId, AttendanceRequest body, Caller caller, WorkshopService workshops,
                CancellationToken ct) => TypedResults.Ok(await workshops.SetAttendanceAsync(caller.Actor, id, workshopId, body.Attendees, ct)))
            .WithSummary("Replaces the attendance list: `attendees: [{ name, institutionId | institutionName, role }]`; errors name `attendees[n].field`.");
        api.MapPut("/{id:int}/workshops/{workshopId:int}/minutes", async (int id, int workshopId, HttpRequest request, Caller caller, WorkshopService workshops,
                CancellationToken ct) => TypedResults.Ok(await workshops.AttachMinutesAsync(caller.Actor, id, workshopId, async () =>
                {
                    if (!request.HasFormContentType || (await request.ReadFormAsync(ct)).Files.GetFile("file") is not { } file)
                    {
                        return null;
                    }

                    return new EvidenceUpload(file.FileName, file.Length, file.OpenReadStream());
                }, ct)))
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Attaches (or replaces) the minutes file as multipart/form-data field `file`: the same checks and store as evidence files (types, 10 MB).");
        api.MapGet("/{id:int}/workshops/{workshopId:int}/minutes", async (int id, int workshopId, Caller caller, WorkshopService workshops, HttpResponse response,
                CancellationToken ct) =>
            {
                var (path, name, type) = await workshops.MinutesFileAsync(caller.Actor, id, workshopId, ct);
                response.Headers.XContentTypeOptions = "nosniff";
                return TypedResults.PhysicalFile(path, type, name);
            })
            .WithSummary("Downloads the minutes file (for the people of the assessment), always as an attachment.");

        api.MapGet("/{id:int}/focal-points", async (int id, Caller caller, ParticipationService participation, CancellationToken ct) =>
                TypedResults.Ok(await participation.FocalPointsAsync(caller.Actor, id, ct)))
            .WithSummary("Focal points named by the participating institutions.");
        api.MapPost("/{id:int}/focal-points", async (int id, FocalPointRequest body, Caller caller, ParticipationService participation, CancellationToken ct) =>
                TypedResults.Created($"/api/v1/assessments/{id}/focal-points",
                    await participation.NameFocalPointAsync(caller.Actor, id, body.InstitutionId, body.UserEmail, body.ContactName, body.ContactEmail, ct)))
            .WithSummary("Names an institution's focal point (a user by e-mail, who gets the focal-point role, or a contact).");
        api.MapPut("/{id:int}/focal-points/{focalPointId:int}", async (int id, int focalPointId, FocalPointRequest body, Caller caller, ParticipationService participation,
                CancellationToken ct) => TypedResults.Ok(await participation.ReplaceFocalPointAsync(caller.Actor, id, focalPointId, body.UserEmail, body.ContactName,
                    body.ContactEmail, ct)))
            .WithSummary("Replaces the person named as focal point (`institutionId` is ignored: a focal point keeps its institution); the replaced user loses the role on this assessment.");
        api.MapDelete("/{id:int}/focal-points/{focalPointId:int}", async (int id, int focalPointId, Caller caller, ParticipationService participation, CancellationToken ct) =>
            {
                await participation.RemoveFocalPointAsync(caller.Actor, id, focalPointId, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Removes a focal point and their focal-point role on this assessment (kept in the audit trail).");
        api.MapGet("/{id:int}/assignments", async (int id, Caller caller, ParticipationService participation, CancellationToken ct) =>
                TypedResults.Ok(await participation.AssignmentsAsync(caller.Actor, id, ct)))
            .WithSummary("Which institution answers which indicator.");
        api.MapPost("/{id:int}/assignments", async (int id, AssignmentRequest body, Caller caller, ParticipationService participation, CancellationToken ct) =>
                TypedResults.Ok(await participation.AssignAsync(caller.Actor, id, body.InstitutionId, body.IndicatorCodes, ct)))
            .WithSummary("Assigns indicators to an institution and notifies its focal points.");
        api.MapPost("/{id:int}/assignments/remove", async (int id, AssignmentRequest body, Caller caller, ParticipationService participation, CancellationToken ct) =>
                TypedResults.Ok(await participation.UnassignAsync(caller.Actor, id, body.InstitutionId, body.IndicatorCodes, ct)))
            .WithSummary("Takes indicators away from an institution; answers the assignments removed.");
        api.MapPost("/{id:int}/assignments/reassign", async (int id, ReassignRequest body, Caller caller, ParticipationService participation, CancellationToken ct) =>
                TypedResults.Ok(await participation.ReassignAsync(caller.Actor, id, body.FromInstitutionId, body.ToInstitutionId, body.IndicatorCodes, ct)))
            .WithSummary("Moves indicators from one institution to another in one change and notifies the new one's focal points.");
    }

    private static void MapAnswers(RouteGroupBuilder api)
    {
        api.MapGet("/{id:int}/answers", async (int id, Caller caller, AnswerService answers, CancellationToken ct) =>
                TypedResults.Ok(await answers.ListAsync(caller.Actor, id, ct)))
            .WithSummary("Every indicator with its answer; `revision` 0 means unanswered, `etag` is what If-Match takes.");
        api.MapGet("/{id:int}/answers/{code}", async (int id, string code, Caller caller, AnswerService answers, HttpResponse response,
                CancellationToken ct) =>
            {
                var answer = await answers.GetAsync(caller.Actor, id, code, ct);
                response.Headers.ETag = answer.ETag;
                return TypedResults.Ok(answer);
            })
            .WithSummary("One answer, with its ETag header.");
        api.MapGet("/{id:int}/answers/{code}/revisions", async (int id, string code, [FromQuery] int? before, [FromQuery] int? take,
                Caller caller, AnswerHistory history, CancellationToken ct) =>
            {
                var page = await history.ReadAsync(caller.Actor, id, code, before, take ?? 20, ct);
                return TypedResults.Ok(new RevisionPageJson(page.IndicatorCode, page.Total, page.Revisions.Select(RevisionJson.Of).ToList(), page.Before));
            })
            .WithSummary("The answer's numbered revisions, newest first, each with what it changed (status, a word diff per narrative, "
                + "institution, sources); page with ?before=REVISION.");
        api.MapPut("/{id:int}/answers/{code}", async Task<Results<Ok<AnswerView>, ProblemHttpResult>> (int id, string code, AnswerInput body,
                [FromHeader(Name = "If-Match")] string? ifMatch, Caller caller, AnswerService answers, HttpResponse response, CancellationToken ct) =>
            {
                // An If-Match we cannot read can never match: refused as stale, never as a blind write.
                int? expected = ifMatch is null ? null : AnswerService.ParseETag(ifMatch) ?? -1;
                try
                {
                    var saved = await answers.SaveAsync(caller.Actor, id, code, body, expected, "api", ct);
                    response.Headers.ETag = saved.ETag;
                    return TypedResults.Ok(saved);
                }
                catch (StaleAnswerException e)
                {
                    response.Headers.ETag = e.Current.ETag;
                    throw;
                }
            })
            .WithSummary("Saves an answer. Requires If-Match with the answer's ETag (428 without it; 412 with `current` when stale); 409 `assessment.locked` outside the editable stages.")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        api.MapPost("/{id:int}/answers/{code}/confirm", async Task<Results<Ok<AnswerView>, ProblemHttpResult>> (int id, string code,
                [FromHeader(Name = "If-Match")] string? ifMatch, Caller caller, AnswerService answers, HttpResponse response, CancellationToken ct) =>
            {
                int? expected = ifMatch is null ? null : AnswerService.ParseETag(ifMatch) ?? -1;
                try
                {
                    var saved = await answers.ConfirmAsync(caller.Actor, id, code, expected, "api", ct);
                    response.Headers.ETag = saved.ETag;
                    return TypedResults.Ok(saved);
                }
                catch (StaleAnswerException e)
                {
                    response.Headers.ETag = e.Current.ETag;
                    throw;
                }
            })
            .WithSummary("Confirms an answer carried over from the last round as it stands (clears `isCarriedOver`, new revision). Requires If-Match; 409 `answer.not_carried_over` otherwise.")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        api.MapPost("/{id:int}/answers/confirm", async (int id, AnswerConfirmations body, Caller caller, AnswerService answers, CancellationToken ct) =>
                TypedResults.Ok(new ConfirmedJson(await answers.ConfirmManyAsync(caller.Actor, id, body.Answers ?? [], "api", ct))))
            .WithSummary("Confirms several carried-over answers at once, each with the revision the caller saw (`{answers:[{code,revision}]}`, at most 500), all or nothing: 400 names each bad entry (`answers[n].code`), 412 `answer.confirm_stale` lists the answers changed since.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static void MapEvidence(RouteGroupBuilder api)
    {
        api.MapGet("/{id:int}/evidence", async (int id, [FromQuery] bool? retired, Caller caller, EvidenceService evidence, CancellationToken ct) =>
                TypedResults.Ok(await evidence.ListAsync(caller.Actor, id, retired == true, ct)))
            .WithSummary("The evidence library (private sources only for the team and focal points); retired sources only with ?retired=true.");
        api.MapPost("/{id:int}/evidence/{evidenceId:int}/retire", async (int id, int evidenceId, RetireRequest body, Caller caller, EvidenceService evidence,
                CancellationToken ct) => TypedResults.Ok(await evidence.RetireAsync(caller.Actor, id, evidenceId, body.Reason, ct: ct)))
            .WithSummary("Retires a source with a reason: out of the choice lists, kept where answers and published profiles cite it.");
        api.MapPost("/{id:int}/evidence/{evidenceId:int}/reinstate", async (int id, int evidenceId, Caller caller, EvidenceService evidence,
                CancellationToken ct) => TypedResults.Ok(await evidence.RetireAsync(caller.Actor, id, evidenceId, null, reinstate: true, ct: ct)))
            .WithSummary("Brings a retired source back into the choice lists.");
        api.MapPost("/{id:int}/evidence", async (int id, EvidenceInput body, Caller caller, EvidenceService evidence, CancellationToken ct) =>
                TypedResults.Created($"/api/v1/assessments/{id}/evidence", await evidence.CreateAsync(caller.Actor, id, body, ct: ct)))
            .WithSummary("Adds a source to the library (a file is uploaded afterwards to `/evidence/{evidenceId}/file`).");
        api.MapPut("/{id:int}/evidence/{evidenceId:int}", async (int id, int evidenceId, EvidenceInput body, Caller caller, EvidenceService evidence,
                CancellationToken ct) => TypedResults.Ok(await evidence.UpdateAsync(caller.Actor, id, evidenceId, body, ct: ct)))
            .WithSummary("Changes a source's description.");
        api.MapPut("/{id:int}/evidence/{evidenceId:int}/file", async (int id, int evidenceId, HttpRequest request, Caller caller, EvidenceService evidence,
                CancellationToken ct) =>
            {
                // The form is read only after the service has checked who is asking (inside
                // ReplaceFileAsync's callback), so an outsider learns nothing from a 400.
                return TypedResults.Ok(await evidence.ReplaceFileAsync(caller.Actor, id, evidenceId, async () =>
                {
                    if (!request.HasFormContentType || (await request.ReadFormAsync(ct)).Files.GetFile("file") is not { } file)
                    {
                        return null;
                    }

                    return new EvidenceUpload(file.FileName, file.Length, file.OpenReadStream());
                }, ct));
            })
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Uploads (or replaces) a source's file as multipart/form-data field `file`: the server checks its type and size, names it and detects its content type.");
        api.MapDelete("/{id:int}/evidence/{evidenceId:int}", async (int id, int evidenceId, Caller caller, EvidenceService evidence, CancellationToken ct) =>
            {
                await evidence.DeleteAsync(caller.Actor, id, evidenceId, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Removes a source no answer cites (409 `evidence.in_use` otherwise).");
    }
}

/// `{"confirmed": n}`: how many carried-over answers a bulk confirmation confirmed.
public sealed record ConfirmedJson(int Confirmed);

/// The JSON form of `RevisionPage`: codes, not enum numbers.
public sealed record RevisionPageJson(string IndicatorCode, int Total, IReadOnlyList<RevisionJson> Revisions, int? Before);

public sealed record TextPieceJson(string Kind, string Text);

public sealed record RevisionJson(int Revision, DateTime At, string? By, string? Source, string? Status, string? PreviousStatus,
    bool StatusChanged, IReadOnlyDictionary<string, IReadOnlyList<TextPieceJson>> Narrative, LocalizedText? Institution,
    bool InstitutionChanged, IReadOnlyList<SourceRef> SourcesAdded, IReadOnlyList<SourceRef> SourcesRemoved, bool IsValidated,
    bool ValidatedChanged)
{
    public static RevisionJson Of(RevisionChanges r) => new(r.Revision, r.At, r.By, r.Source, r.Status?.ToCode(), r.PreviousStatus?.ToCode(),
        r.StatusChanged,
        r.Narrative.ToDictionary(n => n.Key, IReadOnlyList<TextPieceJson> (n) => n.Value.Select(p => new TextPieceJson(p.Kind switch
        {
            DiffKind.Added => "added",
            DiffKind.Removed => "removed",
            _ => "same",
        }, p.Text)).ToList()),
        r.Institution, r.InstitutionChanged, r.SourcesAdded, r.SourcesRemoved, r.IsValidated, r.ValidatedChanged);
}
