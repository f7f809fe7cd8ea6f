using Faro.Audit;
using Faro.Data;
using Faro.People;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Assessments;

public sealed record CommentView(int Id, string? IndicatorCode, int? AuthorId, string? AuthorName, string Text, string Visibility, DateTime At);

/// Comments on an assessment or one of its indicators. `internal` comments stay within the team
/// (admin, coordinators, researchers); `shared` ones are also read by focal points and national
/// reviewers, who may write only shared comments.
public sealed class CommentService(FaroDb db, Access access, AssessmentWriter writer, AnswerService answers, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<CommentView>> ListAsync(Actor actor, int assessmentId, string? indicatorCode = null, CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        standing.Require(Permission.Comment);
        var query = access.VisibleComments(standing).AsNoTracking();

        if (indicatorCode is not null)
        {
            var (id, _) = await answers.IndicatorAsync(assessmentId, indicatorCode, ct);
            query = query.Where(c => c.IndicatorId == id);
        }

        return await query.OrderBy(c => c.Id).Select(c => new CommentView(c.Id,
                db.Indicators.Where(i => i.Id == c.IndicatorId).Select(i => i.Code).FirstOrDefault(),
                c.AuthorId, c.Author != null ? c.Author.DisplayName : null, c.Text,
                c.Visibility == CommentVisibility.Internal ? "internal" : "shared", c.At))
            .ToListAsync(ct);
    }

    public async Task<CommentView> AddAsync(Actor actor, int assessmentId, string? indicatorCode, string? text, string? visibility,
        CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        standing.Require(Permission.Comment);
        var kind = visibility?.ToLowerInvariant() switch
        {
            null or "shared" => CommentVisibility.Shared,
            "internal" => CommentVisibility.Internal,
            _ => throw new InputRejectedException("comment.bad_visibility", new InputError("visibility", "comment.bad_visibility")),
        };
        if (kind == CommentVisibility.Internal)
        {
            standing.Require(Permission.CommentInternal);
        }

        int? indicatorId = indicatorCode is null ? null : (await answers.IndicatorAsync(assessmentId, indicatorCode, ct)).Id;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 10_000)
        {
            throw new InputRejectedException("comment.bad_text", new InputError("text", "comment.bad_text"));
        }

        return await writer.WriteAsync(standing, Edit.Comment, async _ =>
        {
            var comment = new Comment
            {
                AssessmentId = assessmentId,
                IndicatorId = indicatorId,
                AuthorId = actor.UserId,
                Text = text.Trim(),
                Visibility = kind,
                At = clock.GetUtcNow().UtcDateTime,
            };
            db.Comments.Add(comment);
            await db.SaveChangesAsync(ct);
            var view = new CommentView(comment.Id, indicatorCode, comment.AuthorId, actor.Name, comment.Text,
                kind == CommentVisibility.Internal ? "internal" : "shared", comment.At);
            audit.Record(actor, "comment.created", "comment", comment.Id, assessmentId, after: view, indicatorId: indicatorId);
            await db.SaveChangesAsync(ct);
            return view;
        }, ct);
    }
}
