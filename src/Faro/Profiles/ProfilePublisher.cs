using System.Security.Cryptography;
using System.Text;
using Faro.Audit;
using Faro.Data;
using Faro.People;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Profiles;

/// Freezes a published assessment's profile: every language × format (plus the HTML article the
/// portal embeds) rendered once and stored as `ProfileSnapshot` rows with their SHA-256. From then
/// on the snapshot is what is served, whatever happens to the data later (a new round, a re-opened
/// assessment being edited): outputs of a published assessment are never regenerated on request.
public sealed class ProfilePublisher(FaroDb db, ProfileAssembler assembler, AuditLog audit, TimeProvider clock) : IPublicationHook
{
    public async Task OnPublishedAsync(int assessmentId, CancellationToken ct) => await FreezeAsync(assessmentId, actor: "workflow", ct);

    /// Renders and stores all snapshots in one transaction, replacing earlier ones of the same
    /// assessment (a re-publication after a coordinator re-opened it). Refused unless published.
    public async Task<IReadOnlyList<ProfileSnapshot>> FreezeAsync(int assessmentId, string? actor, CancellationToken ct = default)
    {
        var stage = await db.Assessments.Where(a => a.Id == assessmentId).Select(a => (Stage?)a.Stage).FirstOrDefaultAsync(ct)
            ?? throw new InputRejectedException("assessment.not_found", new InputError("assessmentId", "assessment.not_found", assessmentId));
        if (!Access.IsPublicStage(stage))
        {
            throw new InputRejectedException("profile.not_published", new InputError("assessmentId", "profile.not_published", assessmentId));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var rows = new List<ProfileSnapshot>();
        foreach (var lang in Languages.All)
        {
            var profile = await assembler.AssembleAsync(assessmentId, lang, ct)
                ?? throw new InvalidOperationException($"Assessment {assessmentId} vanished while publishing.");
            var fallbacks = profile.CountFallbackTexts();
            foreach (var format in ProfileFormats.All)
            {
                rows.Add(Snapshot(assessmentId, lang, format.Code(), ProfileFormats.Render(profile, format), fallbacks, now));
            }

            rows.Add(Snapshot(assessmentId, lang, ProfileFormats.ArticleCode, Encoding.UTF8.GetBytes(HtmlProfileRenderer.RenderArticle(profile)), fallbacks, now));
        }

        // Called by the stage machine inside its transaction, the snapshots commit with the move to
        // `published` or not at all; called on its own (re-freezing), it opens its own transaction.
        var own = db.Database.CurrentTransaction is null ? await db.BeginWriteAsync(ct) : null;
        await using (own)
        {
            await db.ProfileSnapshots.Where(s => s.AssessmentId == assessmentId).ExecuteDeleteAsync(ct);
            db.ProfileSnapshots.AddRange(rows);
            audit.Record(People.Actor.System(actor ?? "system"), "profile.frozen", "assessment", assessmentId, assessmentId,
                after: rows.Select(r => new { r.Lang, r.Format, r.Sha256 }));
            await db.SaveChangesAsync(ct);
            if (own is not null)
            {
                await own.CommitAsync(ct);
            }
        }

        return rows;
    }

    private static ProfileSnapshot Snapshot(int assessmentId, string lang, string format, byte[] content, int fallbacks, DateTime now) => new()
    {
        AssessmentId = assessmentId,
        Lang = lang,
        Format = format,
        Content = content,
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
        FallbackTexts = fallbacks,
        CreatedAt = now,
    };
}
