using Faro.Dialogue;
using Faro.Web.Api;

namespace Faro.Web.Dialogue;

public static class DialogueApi
{
    /// `lang` picks the brief's language (default: the caller's); `format` json, html or pdf.
    public static async Task<(DialogueBrief Brief, string Format)> BriefAsync(int id, string? format, string? lang, Caller caller,
        DialogueService dialogue, CancellationToken ct)
    {
        var f = (format ?? "json").ToLowerInvariant();
        if (f is not ("json" or "html" or "pdf"))
        {
            throw new InputRejectedException("dialogue.bad_format", new InputError("format", "dialogue.bad_format"));
        }

        if (lang is not null && !Languages.IsSupported(lang))
        {
            throw new InputRejectedException("dialogue.bad_lang", new InputError("lang", "dialogue.bad_lang"));
        }

        return (await dialogue.BriefAsync(caller.Actor, id, lang ?? caller.Lang, ct), f);
    }

    public static void MapDialogueApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiV1("/assessments/{id:int}", "Dialogue");
        api.MapGet("/dialogue", async Task<IResult> (int id, string? format, string? lang, Caller caller, DialogueService dialogue, CancellationToken ct) =>
            {
                var (brief, f) = await BriefAsync(id, format, lang, caller, dialogue, ct);
                return f switch
                {
                    "html" => TypedResults.Content(DialogueBriefRenderer.Html(brief), "text/html; charset=utf-8"),
                    "pdf" => TypedResults.File(DialogueBriefRenderer.Pdf(brief), "application/pdf", $"dialogue-{id}-{brief.Lang}.pdf"),
                    _ => TypedResults.Ok(brief),
                };
            })
            .Produces<DialogueBrief>()
            .WithSummary("The national–local dialogue brief (format=json|html|pdf, lang=en|es): local and national status per indicator and the four categories. For the country's coordinators and national reviewers.");
    }
}
