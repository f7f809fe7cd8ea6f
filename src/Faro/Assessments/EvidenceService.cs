using Faro.Audit;
using Faro.Data;
using Faro.People;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Assessments;

public sealed record EvidenceView(int Id, string? TitleEn, string? TitleEs, string Type, string? IssuingBody, DateOnly? IssuedOn, string? Url,
    bool IsPublic, DateTime CreatedAt, int? CreatedById, string? FileName = null, long? FileSize = null, DateTime? RetiredAt = null,
    string? RetiredReason = null, int? CarriedFromId = null);

/// What a client may say about a source. No file member: a file reaches a source only through an
/// upload that the server checks and names itself (`EvidenceUpload`).
public sealed record EvidenceInput(string? TitleEn, string? TitleEs, string? Type, string? IssuingBody, DateOnly? IssuedOn, string? Url, bool IsPublic = true);

/// The evidence library of an assessment: sources reused across answers. Editable while narratives
/// are; private sources are shown only to the team and the focal points.
public sealed class EvidenceService(FaroDb db, Access access, AssessmentWriter writer, EvidenceFiles files, AuditLog audit, TimeProvider clock)
{
    /// The library; retired sources only with `includeRetired` (they stay where answers cite them).
    public async Task<IReadOnlyList<EvidenceView>> ListAsync(Actor actor, int assessmentId, bool includeRetired = false, CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        var rows = await access.VisibleEvidence(standing).AsNoTracking().Where(e => includeRetired || e.RetiredAt == null)
            .OrderBy(e => e.Id).ToListAsync(ct);
        return rows.Select(ToView).ToList();
    }

    /// Adds a source, with an uploaded file or without. Permission and stage are checked before the
    /// file is written, and the file is removed again if the source is not committed.
    public async Task<EvidenceView> CreateAsync(Actor actor, int assessmentId, EvidenceInput input, EvidenceUpload? upload = null,
        CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        standing.Require(Permission.ManageEvidence);
        var type = Validate(input);
        return await WithUploadAsync(standing, upload, async file =>
        {
            var evidence = new Evidence { AssessmentId = assessmentId, CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedById = actor.UserId };
            Apply(evidence, input, type);
            Attach(evidence, file);
            db.Evidence.Add(evidence);
            await db.SaveChangesAsync(ct);
            audit.Record(actor, "evidence.created", "evidence", evidence.Id, assessmentId, after: ToView(evidence));
            return ToView(evidence);
        }, ct);
    }

    /// Changes a source's description; with `upload`, also replaces its file.
    public async Task<EvidenceView> UpdateAsync(Actor actor, int assessmentId, int evidenceId, EvidenceInput input, EvidenceUpload? upload = null,
        CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        standing.Require(Permission.ManageEvidence);
        var type = Validate(input);
        return await WithUploadAsync(standing, upload, async file =>
        {
            var evidence = await OwnAsync(standing, evidenceId, ct);
            var before = ToView(evidence);
            Apply(evidence, input, type);
            Attach(evidence, file);
            audit.Record(actor, "evidence.updated", "evidence", evidence.Id, assessmentId, before, ToView(evidence));
            return ToView(evidence);
        }, ct);
    }

    /// Uploads or replaces the file of a source, keeping its description. `readUpload` is called
    /// only once the caller may change this source, and the file is stored only then.
    public async Task<EvidenceView> ReplaceFileAsync(Actor actor, int assessmentId, int evidenceId, Func<Task<EvidenceUpload?>> readUpload,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(readUpload);
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        standing.Require(Permission.ManageEvidence);
        var evidence = await OwnAsync(standing, evidenceId, ct);
        var upload = await readUpload() ?? throw new InputRejectedException("evidence.file_missing", new InputError("file", "evidence.file_missing"));
        await using var content = upload.Content;
        var input = new EvidenceInput(evidence.Title.En, evidence.Title.Es, evidence.Type.ToString(), evidence.IssuingBody, evidence.IssuedOn,
            evidence.Url, evidence.IsPublic);
        db.ChangeTracker.Clear();
        return await UpdateAsync(actor, assessmentId, evidenceId, input, upload, ct);
    }

    /// Retires a source with a reason: hidden from the choice lists from now on, kept where answers
    /// cite it and in frozen published profiles, never deleted. `reason` null reinstates it.
    public async Task<EvidenceView> RetireAsync(Actor actor, int assessmentId, int evidenceId, string? reason, bool reinstate = false,
        CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        standing.Require(Permission.ManageEvidence);
        var text = reason?.Trim();
        if (!reinstate && (string.IsNullOrEmpty(text) || text.Length > 2000))
        {
            throw new InputRejectedException("evidence.invalid", new InputError("reason", "evidence.retire_reason"));
        }

        return await writer.WriteAsync(standing, Edit.Evidence, async _ =>
        {
            var evidence = await OwnAsync(standing, evidenceId, ct);
            if ((evidence.RetiredAt is not null) != reinstate)
            {
                throw RefusedException.Conflict(reinstate ? "evidence.not_retired" : "evidence.retired");
            }

            var before = ToView(evidence);
            evidence.RetiredAt = reinstate ? null : clock.GetUtcNow().UtcDateTime;
            evidence.RetiredReason = reinstate ? null : text;
            evidence.RetiredById = reinstate ? null : actor.UserId;
            audit.Record(actor, reinstate ? "evidence.reinstated" : "evidence.retired", "evidence", evidence.Id, assessmentId, before, ToView(evidence));
            return ToView(evidence);
        }, ct);
    }

    /// Removes a source that no answer cites; a cited one is refused (unlink it first).
    public async Task DeleteAsync(Actor actor, int assessmentId, int evidenceId, CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        standing.Require(Permission.ManageEvidence);
        await writer.WriteAsync(standing, Edit.Evidence, async _ =>
        {
            var evidence = await OwnAsync(standing, evidenceId, ct);
            if (await db.AnswerEvidence.AnyAsync(l => l.EvidenceId == evidenceId, ct))
            {
                throw RefusedException.Conflict("evidence.in_use");
            }

            audit.Record(actor, "evidence.deleted", "evidence", evidence.Id, assessmentId, before: ToView(evidence));
            db.Evidence.Remove(evidence);
        }, ct);
    }

    /// The guarded write, with the upload (if any) stored inside it: after the permission and stage
    /// checks, never before; and forgotten again when the write does not commit.
    private async Task<EvidenceView> WithUploadAsync(AssessmentAccess standing, EvidenceUpload? upload, Func<StoredFile?, Task<EvidenceView>> write,
        CancellationToken ct)
    {
        StoredFile? stored = null;
        try
        {
            return await writer.WriteAsync(standing, Edit.Evidence, async _ =>
            {
                if (upload is not null)
                {
                    stored = await files.StoreAsync(upload.FileName, upload.Length, upload.Content, ct);
                }

                return await write(stored);
            }, ct);
        }
        catch when (stored is not null)
        {
            await files.ForgetAsync(db, stored, CancellationToken.None);
            throw;
        }
    }

    private static void Attach(Evidence evidence, StoredFile? file)
    {
        if (file is null)
        {
            return;
        }

        // Everything here comes from the server's own check of the upload, never from the client.
        evidence.FileName = file.FileName;
        evidence.FileContentType = file.ContentType;
        evidence.FileSha256 = file.Sha256;
        evidence.FileSize = file.Size;
    }

    private async Task<Evidence> OwnAsync(AssessmentAccess standing, int evidenceId, CancellationToken ct)
    {
        var evidence = await db.Evidence.FirstOrDefaultAsync(e => e.Id == evidenceId && e.AssessmentId == standing.AssessmentId, ct)
            ?? throw RefusedException.NotFound("evidence");
        if (!standing.IsTeam && evidence.CreatedById != standing.Actor.UserId)
        {
            throw RefusedException.Forbidden("evidence.not_yours");
        }

        return evidence;
    }

    private static EvidenceType Validate(EvidenceInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<InputError>();
        if (string.IsNullOrWhiteSpace(input.TitleEn) && string.IsNullOrWhiteSpace(input.TitleEs))
        {
            errors.Add(new("titleEs", "evidence.title_missing"));
        }

        foreach (var (field, text) in new[] { ("titleEn", input.TitleEn), ("titleEs", input.TitleEs), ("issuingBody", input.IssuingBody) })
        {
            if (text is { Length: > 500 })
            {
                errors.Add(new(field, "evidence.too_long"));
            }
        }

        var type = EvidenceType.Other;
        if (input.Type is not null && !EnumCodes.TryParse(input.Type, out type))
        {
            var names = string.Join(", ", Enum.GetNames<EvidenceType>().Select(n => n.ToLowerInvariant()));
            errors.Add(new("type", "evidence.bad_type", input.Type, names));
        }

        if (input.Url is { Length: > 0 } url && (url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")))
        {
            errors.Add(new("url", "evidence.bad_url"));
        }

        if (errors.Count > 0)
        {
            throw new InputRejectedException("evidence.invalid", errors);
        }

        return type;
    }

    private static void Apply(Evidence evidence, EvidenceInput input, EvidenceType type)
    {
        evidence.Title = new LocalizedText(input.TitleEn?.Trim(), input.TitleEs?.Trim());
        evidence.Type = type;
        evidence.IssuingBody = input.IssuingBody?.Trim();
        evidence.IssuedOn = input.IssuedOn;
        evidence.Url = string.IsNullOrWhiteSpace(input.Url) ? null : input.Url.Trim();
        evidence.IsPublic = input.IsPublic;
    }

    private static EvidenceView ToView(Evidence e) => new(e.Id, e.Title.En, e.Title.Es, e.Type.ToCode(), e.IssuingBody,
        e.IssuedOn, e.Url, e.IsPublic, e.CreatedAt, e.CreatedById, e.FileName, e.FileSize, e.RetiredAt, e.RetiredReason, e.CarriedFromId);
}
