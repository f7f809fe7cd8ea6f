using System.Globalization;
using Faro.Assessments;
using Faro.Audit;
using Faro.Data;
using Faro.People;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Exchange;

public sealed record ExportedFile(byte[] Content, string ContentType, string FileName);

/// Exports an assessment's questionnaire (XLSX, CSV with HXL, JSON, ODK XForm) and imports filled
/// files back: a preview that lists every change, conflict and error, and an apply that writes the
/// changes through the answers' rules in one transaction, or nothing.
public sealed class ExchangeService(FaroDb db, Access access, AuditLog audit, AssessmentWriter writer, TimeProvider clock)
{
    public const string ImportSource = "import";

    public static ExportFormat ParseFormat(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" or "xlsx" => ExportFormat.Xlsx,
        "csv" => ExportFormat.Csv,
        "json" => ExportFormat.Json,
        "xform" or "xml" => ExportFormat.XForm,
        _ => throw new InputRejectedException("export.bad_format", new InputError("format", "export.bad_format", format)),
    };

    public async Task<ExportedFile> ExportAsync(Actor actor, int assessmentId, ExportFormat format, string? lang, int? institutionId,
        CancellationToken ct = default)
    {
        var langs = QuestionnaireXlsx.LanguagesOf(lang);
        var data = await LoadAsync(actor, assessmentId, institutionId, ct);
        var stem = $"faro-assessment-{assessmentId.ToString(CultureInfo.InvariantCulture)}" +
            (data.InstitutionId is { } i ? $"-institution-{i.ToString(CultureInfo.InvariantCulture)}" : "");
        return format switch
        {
            ExportFormat.Xlsx => new(QuestionnaireXlsx.Write(data, langs), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", stem + ".xlsx"),
            ExportFormat.Csv => new(AnswersCsv.Write(data, withPrivate: true), "text/csv; charset=utf-8", stem + ".csv"),
            ExportFormat.Json => new(AnswersJson.Write(data), "application/json", stem + ".json"),
            ExportFormat.XForm => new(XForm.Write(data), "application/xml", stem + ".xform.xml"),
        };
    }

    /// The rows the caller may export. A focal point gets their institution's assigned indicators
    /// only (whatever they asked for); the team may ask for one institution's.
    public async Task<QuestionnaireData> LoadAsync(Actor actor, int assessmentId, int? institutionId, CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        if (standing.IsFocalPoint && !standing.IsTeam)
        {
            if (institutionId is { } asked && !standing.FocalPointInstitutions.Contains(asked))
            {
                throw RefusedException.Forbidden("export.other_institution");
            }

            institutionId ??= standing.FocalPointInstitutions.Count == 1 ? standing.FocalPointInstitutions.First() : null;
        }
        else if (institutionId is { } iid && !await db.Institutions.AnyAsync(i => i.Id == iid && i.CountryId == standing.CountryId, ct))
        {
            throw new InputRejectedException("export.unknown_institution", new InputError("institution", "export.unknown_institution", iid));
        }

        return await ReadDataAsync(standing, institutionId, includePrivate: standing.May(Permission.ReadPrivateEvidence), ct);
    }

    internal async Task<QuestionnaireData> ReadDataAsync(AssessmentAccess standing, int? institutionId, bool includePrivate, CancellationToken ct)
    {
        var a = await db.Assessments.AsNoTracking().Where(x => x.Id == standing.AssessmentId)
            .Select(x => new
            {
                x.Id,
                x.Title,
                x.Stage,
                x.IsFictional,
                x.CatalogueId,
                Iso2 = x.Country!.Iso2,
                CountryName = x.Country.Name,
                Place = x.Jurisdiction != null ? x.Jurisdiction.Name : null,
                PlaceCode = x.Jurisdiction != null ? x.Jurisdiction.Code : null,
                CatalogueCode = x.Catalogue!.Code,
                CatalogueVersion = x.Catalogue.Version,
            })
            .FirstAsync(ct);
        var indicators = db.Indicators.AsNoTracking().Where(i => i.CatalogueId == a.CatalogueId);
        if (standing.IsFocalPoint && !standing.IsTeam)
        {
            var assigned = standing.AssignedIndicators.ToList();
            indicators = indicators.Where(i => assigned.Contains(i.Id));
        }

        if (institutionId is { } only)
        {
            indicators = indicators.Where(i => db.Assignments.Any(x => x.AssessmentId == a.Id && x.IndicatorId == i.Id && x.InstitutionId == only));
        }

        var list = await indicators.OrderBy(i => i.Area!.Domain!.Order).ThenBy(i => i.Area!.Order).ThenBy(i => i.Order)
            .Select(i => new ExchangeIndicator(i.Id, i.Code, i.Area!.Domain!.Code, i.Area.Domain.Title, i.Area.Code, i.Area.Title, i.Text, i.Guidance,
                i.Competence))
            .ToListAsync(ct);
        var evidence = await db.Evidence.AsNoTracking().Where(e => e.AssessmentId == a.Id && (includePrivate || e.IsPublic)).OrderBy(e => e.Id)
            .Select(e => new ExchangeEvidence(e.Id, e.Title, e.Type, e.IssuingBody, e.IssuedOn, e.Url, e.IsPublic)).ToListAsync(ct);
        var visible = evidence.Select(e => e.Id).ToHashSet();
        var answers = await AnswersAsync(a.Id, ct);
        var rows = list.Select(i => new ExchangeRow(i, answers.TryGetValue(i.Id, out var an)
            ? an with { EvidenceIds = an.EvidenceIds.Where(visible.Contains).ToList() }
            : ExchangeAnswer.None)).ToList();
        return new QuestionnaireData(a.Id, a.Title, a.Iso2, a.CountryName, a.Place, a.PlaceCode, a.IsFictional, a.CatalogueCode, a.CatalogueVersion,
            a.Stage, institutionId, clock.GetUtcNow().UtcDateTime, rows, evidence);
    }

    private async Task<Dictionary<int, ExchangeAnswer>> AnswersAsync(int assessmentId, CancellationToken ct) =>
        (await db.Answers.AsNoTracking().Where(x => x.AssessmentId == assessmentId)
            .Select(x => new { x.IndicatorId, x.Status, x.Narrative, Evidence = x.Evidence.OrderBy(l => l.EvidenceId).Select(l => l.EvidenceId).ToList(), x.Revision, x.UpdatedAt, x.IsValidated })
            .ToListAsync(ct))
        .ToDictionary(x => x.IndicatorId, x => new ExchangeAnswer(x.Status, x.Narrative, x.Evidence, x.Revision, x.UpdatedAt, x.IsValidated));

    /// Reads a file (XLSX questionnaire or ODK submission XML, told apart by their first bytes).
    public static ImportedFile Parse(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.LongLength > SafePackage.MaxUploadBytes)
        {
            return new ImportedFile("unknown", null, null, [], [new ImportIssue("file", null, null, "import.too_large", SafePackage.TooLarge)]);
        }

        if (SafePackage.LooksLikeZip(content))
        {
            return QuestionnaireXlsx.Read(content);
        }

        var start = 0;
        while (start < content.Length && (content[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF))
        {
            start++;
        }

        if (start < content.Length && content[start] == '<')
        {
            return XForm.ReadSubmissions(content);
        }

        return new ImportedFile("unknown", null, null, [], [new ImportIssue("file", null, null, "import.unknown_format")]);
    }

    public async Task<ImportPreview> PreviewAsync(Actor actor, int assessmentId, byte[] content, CancellationToken ct = default)
    {
        var standing = await ImportStandingAsync(actor, assessmentId, ct);
        var file = Parse(content);
        var preview = await CompareAsync(standing, file, ct);
        return preview;
    }

    /// All or nothing, through the guarded write path (AssessmentWriter: transaction, the
    /// assessment's row lock, the stage re-read under it): the comparison is made again against
    /// what is stored now, and any error refuses the whole file.
    public async Task<ImportPreview> ApplyAsync(Actor actor, int assessmentId, byte[] content, CancellationToken ct = default)
    {
        var standing = await ImportStandingAsync(actor, assessmentId, ct);
        var file = Parse(content);
        try
        {
            return await writer.WriteAsync(standing, null, fresh => WriteAsync(actor, fresh, file, ct), ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent first save of the same answer won the unique index: refuse the file.
            throw RefusedException.Conflict("import.concurrent_change");
        }
    }

    private async Task<ImportPreview> WriteAsync(Actor actor, AssessmentAccess fresh, ImportedFile file, CancellationToken ct)
    {
        var assessmentId = fresh.AssessmentId;
        var preview = await CompareAsync(fresh, file, ct);
        if (preview.Errors.Count > 0)
        {
            throw new InputRejectedException("import.invalid", preview.Errors.Select(e => e.ToInputError()).ToList());
        }

        if (preview.Changes.Count == 0)
        {
            return preview with { Applied = false };
        }

        StageMachine.RequireEditable(fresh.Stage, NeedsAnswerEdit(preview) ? Edit.Answer : Edit.Narrative);

        var now = clock.GetUtcNow().UtcDateTime;
        var byCode = file.Rows.GroupBy(r => r.Code).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        string FileKey(string code) => file.Format == "xform" ? XForm.ElementName(code) : code;
        var codes = preview.Changes.Select(c => c.Code).ToList();
        var catalogueId = await db.Assessments.Where(a => a.Id == assessmentId).Select(a => a.CatalogueId).FirstAsync(ct);
        var indicators = await db.Indicators.Where(i => i.CatalogueId == catalogueId && codes.Contains(i.Code)).ToDictionaryAsync(i => i.Code, i => i.Id, ct);
        var indicatorIds = indicators.Values.ToList();
        var answers = await db.Answers.Include(a => a.Evidence).Where(a => a.AssessmentId == assessmentId && indicatorIds.Contains(a.IndicatorId))
            .ToDictionaryAsync(a => a.IndicatorId, ct);
        var written = new List<(Answer Answer, int IndicatorId, string Code, object? Before)>();
        foreach (var change in preview.Changes)
        {
            var row = byCode[FileKey(change.Code)];
            var indicatorId = indicators[change.Code];
            answers.TryGetValue(indicatorId, out var answer);
            var before = answer is null ? null : Snapshot(change.Code, answer);
            if (answer is null)
            {
                answer = new Answer { AssessmentId = assessmentId, IndicatorId = indicatorId, Revision = 0 };
                db.Answers.Add(answer);
            }

            if (row.HasStatus)
            {
                answer.Status = row.Status;
            }

            foreach (var (lang, text) in row.Narrative)
            {
                answer.Narrative = answer.Narrative.Copy();
                answer.Narrative.Set(lang, Clean(text));
            }

            if (row.EvidenceIds is { } ids)
            {
                answer.Evidence.RemoveAll(l => !ids.Contains(l.EvidenceId));
                foreach (var id in ids.Where(id => answer.Evidence.All(l => l.EvidenceId != id)))
                {
                    answer.Evidence.Add(new AnswerEvidence { EvidenceId = id });
                }
            }

            answer.IsCarriedOver = false;
            answer.Revision++;
            answer.UpdatedAt = now;
            answer.UpdatedById = actor.UserId;
            written.Add((answer, indicatorId, change.Code, before));
        }

        // New answers need their ids for the revision rows; the writer saves the rest and commits.
        await db.SaveChangesAsync(ct);
        foreach (var (answer, indicatorId, code, before) in written)
        {
            db.AnswerRevisions.Add(AnswerRevision.Of(answer, now, actor.UserId, ImportSource));
            audit.Record(actor, before is null ? "answer.created" : "answer.updated", "answer", answer.Id, assessmentId, before,
                new { source = ImportSource, after = Snapshot(code, answer) }, indicatorId);
        }

        audit.Record(actor, "assessment.imported", "assessment", assessmentId, assessmentId, null, new
        {
            format = file.Format,
            changed = preview.Changes.Count,
            unchanged = preview.Unchanged.Count,
            conflicts = preview.Conflicts.Select(c => c.Code).ToList(),
        });
        return preview with { Applied = true };
    }

    private static bool NeedsAnswerEdit(ImportPreview preview) =>
        preview.Changes.Any(c => c.Fields.Any(f => !f.Field.StartsWith("narrative_", StringComparison.Ordinal)));

    private static object Snapshot(string code, Answer a) => new
    {
        indicatorCode = code,
        status = a.Status?.ToCode(),
        narrativeEn = a.Narrative.En,
        narrativeEs = a.Narrative.Es,
        evidence = a.Evidence.Select(l => l.EvidenceId).OrderBy(x => x).ToList(),
        revision = a.Revision,
    };

    /// Only the people who write answers import them; others are told so before the file is read.
    private async Task<AssessmentAccess> ImportStandingAsync(Actor actor, int assessmentId, CancellationToken ct)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        if (!standing.IsTeam && !standing.IsFocalPoint)
        {
            throw RefusedException.Forbidden("import.forbidden");
        }

        return standing;
    }

    private async Task<ImportPreview> CompareAsync(AssessmentAccess standing, ImportedFile file, CancellationToken ct)
    {
        var errors = file.Issues.ToList();
        var changes = new List<RowChange>();
        var unchanged = new List<string>();
        var conflicts = new List<RowConflict>();
        var stage = await db.Assessments.Where(a => a.Id == standing.AssessmentId).Select(a => a.Stage).FirstAsync(ct);
        if (errors.Count > 0 && file.Rows.Count == 0)
        {
            return new ImportPreview(file.Format, standing.AssessmentId, changes, unchanged, conflicts, errors, false, false);
        }

        var data = await ReadDataAsync(standing with { FocalPointInstitutions = new HashSet<int>() }, null, includePrivate: true, ct);
        var metaSheet = file.Format == "xlsx" ? QuestionnaireXlsx.MetadataSheet : "submission";
        if (file.AssessmentId != standing.AssessmentId)
        {
            errors.Add(new ImportIssue(metaSheet, null, null, "import.other_assessment",
                file.AssessmentId?.ToString(CultureInfo.InvariantCulture) ?? "?", standing.AssessmentId.ToString(CultureInfo.InvariantCulture)));
        }

        if (file.Format == "xform")
        {
            var parts = file.FormVersion?.Split('-', 3);
            if (parts is not { Length: 3 } || parts[0] != data.CatalogueVersion || parts[1] != XForm.FormatVersion)
            {
                errors.Add(new ImportIssue(metaSheet, null, "@version", "import.stale_form", file.FormVersion, data.CatalogueVersion, XForm.FormatVersion));
            }
        }
        else if (file.Catalogue != data.Catalogue)
        {
            errors.Add(new ImportIssue(metaSheet, null, null, "import.other_catalogue", file.Catalogue ?? "?", data.Catalogue));
        }

        if (errors.Any(e => e.Code is "import.other_assessment" or "import.other_catalogue" or "import.stale_form"))
        {
            return new ImportPreview(file.Format, standing.AssessmentId, changes, unchanged, conflicts, errors, false, false);
        }

        // Submissions name indicators by their XML element (i_D1-01); workbooks by their code.
        var rows = data.Rows.ToDictionary(r => file.Format == "xform" ? XForm.ElementName(r.Indicator.Code) : r.Indicator.Code, StringComparer.Ordinal);
        var library = data.Evidence.Select(e => e.Id).ToHashSet();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in file.Rows)
        {
            var location = row.Row > 0 ? $"{row.Sheet}!{row.Row.ToString(CultureInfo.InvariantCulture)}" : row.Sheet;
            var codeColumn = row.Columns.GetValueOrDefault("code");
            if (!rows.TryGetValue(row.Code, out var current))
            {
                errors.Add(new ImportIssue(row.Sheet, Pos(row), codeColumn, "import.unknown_code", row.Code, data.Catalogue));
                continue;
            }

            if (!seen.Add(row.Code))
            {
                errors.Add(new ImportIssue(row.Sheet, Pos(row), codeColumn, "import.duplicate_code", row.Code));
                continue;
            }

            if (row.BaseRevision is not { } baseRevision)
            {
                errors.Add(new ImportIssue(row.Sheet, Pos(row), codeColumn, "import.not_exported", row.Code));
                continue;
            }

            var fields = Diff(row, current.Answer);
            foreach (var (lang, text) in row.Narrative)
            {
                if (text is { Length: > AnswerService.MaxNarrative })
                {
                    errors.Add(new ImportIssue(row.Sheet, Pos(row), row.Columns.GetValueOrDefault("narrative_" + lang), "import.narrative_too_long", AnswerService.MaxNarrative));
                }

                if (text is not null && text.Any(ch => char.IsControl(ch) && ch is not '\n' and not '\r' and not '\t'))
                {
                    errors.Add(new ImportIssue(row.Sheet, Pos(row), row.Columns.GetValueOrDefault("narrative_" + lang), "import.control_characters"));
                }
            }

            foreach (var id in row.EvidenceIds ?? [])
            {
                if (!library.Contains(id))
                {
                    errors.Add(new ImportIssue(row.Sheet, Pos(row), row.Columns.GetValueOrDefault("evidence"), "import.unknown_evidence", id));
                }
            }

            if ((row.EvidenceIds ?? []).Distinct().Count() != (row.EvidenceIds ?? []).Count)
            {
                errors.Add(new ImportIssue(row.Sheet, Pos(row), row.Columns.GetValueOrDefault("evidence"), "import.duplicate_evidence"));
            }

            if (fields.Count == 0)
            {
                unchanged.Add(current.Indicator.Code);
            }
            else if (baseRevision != current.Answer.Revision)
            {
                conflicts.Add(new RowConflict(current.Indicator.Code, location, baseRevision, current.Answer.Revision, fields));
            }
            else if (!standing.MayWriteAnswer(current.Indicator.Id))
            {
                errors.Add(new ImportIssue(row.Sheet, Pos(row), codeColumn, "answer.not_assigned", new Phrase("refusal.answer.not_assigned.2", row.Code)));
            }
            else
            {
                changes.Add(new RowChange(current.Indicator.Code, location, fields));
            }
        }

        var needsAnswer = changes.Any(c => c.Fields.Any(f => !f.Field.StartsWith("narrative_", StringComparison.Ordinal)));
        var allows = StageMachine.IsEditable(stage, needsAnswer ? Edit.Answer : Edit.Narrative);
        return new ImportPreview(file.Format, standing.AssessmentId, changes, unchanged, conflicts, errors, allows, false);
    }

    private static int? Pos(ImportedRow row) => row.Row > 0 ? row.Row : null;

    private static List<FieldChange> Diff(ImportedRow row, ExchangeAnswer current)
    {
        var fields = new List<FieldChange>();
        if (row.HasStatus && row.Status != current.Status)
        {
            fields.Add(new FieldChange("status", current.Status?.ToCode(), row.Status?.ToCode()));
        }

        foreach (var (lang, text) in row.Narrative)
        {
            var old = Clean(current.Narrative[lang]);
            var now = Clean(text);
            if (!string.Equals(old, now, StringComparison.Ordinal))
            {
                fields.Add(new FieldChange("narrative_" + lang, old, now));
            }
        }

        if (row.EvidenceIds is { } ids)
        {
            var oldIds = current.EvidenceIds.OrderBy(x => x).ToList();
            var newIds = ids.Distinct().OrderBy(x => x).ToList();
            if (!oldIds.SequenceEqual(newIds))
            {
                fields.Add(new FieldChange("evidence", Ids(oldIds), Ids(newIds)));
            }
        }

        return fields;
    }

    private static string? Ids(List<int> ids) => ids.Count == 0 ? null : string.Join(", ", ids.Select(i => $"[{i.ToString(CultureInfo.InvariantCulture)}]"));

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim().ReplaceLineEndings("\n");
}
