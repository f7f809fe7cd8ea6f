using System.Security.Cryptography;
using Faro.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Faro.Assessments;

/// An uploaded file, stored and checked, ready to be attached to an evidence row. Only
/// `EvidenceFiles.StoreAsync` makes one: clients never name a stored file, its type or its hash.
/// `IsNew` says whether this upload wrote the file (so a refused write may remove it again).
public sealed record StoredFile(string FileName, string ContentType, string Sha256, long Size, bool IsNew);

/// A file as it arrives from a client: only its name (for display) and its bytes are taken.
public sealed record EvidenceUpload(string FileName, long Length, Stream Content);

/// Evidence files on disk, under `<DataDirectory>/evidence/<sha256>`: content-addressed, so the
/// same file uploaded twice is stored once, and a file written for an evidence row whose
/// transaction then fails is harmless (nothing points at it). Only document and image types that
/// users of an assessment need, checked by extension and by their first bytes, up to 10 MB.
public sealed partial class EvidenceFiles(IOptions<FaroOptions> options)
{
    public const long MaxBytes = 10 * 1024 * 1024;

    private static readonly Dictionary<string, (string ContentType, byte[]? Magic)> Allowed = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = ("application/pdf", "%PDF"u8.ToArray()),
        [".docx"] = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [0x50, 0x4B, 0x03, 0x04]),
        [".xlsx"] = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [0x50, 0x4B, 0x03, 0x04]),
        [".odt"] = ("application/vnd.oasis.opendocument.text", [0x50, 0x4B, 0x03, 0x04]),
        [".ods"] = ("application/vnd.oasis.opendocument.spreadsheet", [0x50, 0x4B, 0x03, 0x04]),
        [".png"] = ("image/png", [0x89, 0x50, 0x4E, 0x47]),
        [".jpg"] = ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        [".jpeg"] = ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        [".txt"] = ("text/plain; charset=utf-8", null),
        [".csv"] = ("text/csv; charset=utf-8", null),
    };

    public string DirectoryPath => Path.Combine(options.Value.FullDataDirectory, "evidence");

    /// The path of a stored file, or null when `sha256` is not a hash this store could have made.
    /// Stored names are 64 lower-case hex digits and nothing else; the resolved path is checked to
    /// stay inside the store as well, so no row (old, restored or tampered with) can point outside it.
    public string? PathOf(string? sha256)
    {
        if (sha256 is null || !Sha256Name().IsMatch(sha256))
        {
            return null;
        }

        var root = Path.GetFullPath(DirectoryPath) + Path.DirectorySeparatorChar;
        var path = Path.GetFullPath(Path.Combine(root, sha256));
        return path.StartsWith(root, StringComparison.Ordinal) ? path : null;
    }

    public static bool IsStoredName(string? sha256) => sha256 is not null && Sha256Name().IsMatch(sha256);

    /// The name shown to users: the last part of what the client sent, whichever separator it
    /// used, without control characters.
    public static string DisplayName(string? fileName)
    {
        var name = fileName ?? "";
        name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        return new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
    }

    /// Removes a file this request wrote when its evidence row was not committed after all, unless
    /// a committed row points at it.
    public async Task ForgetAsync(FaroDb db, StoredFile file, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(file);
        if (!file.IsNew || await db.Evidence.AnyAsync(e => e.FileSha256 == file.Sha256, CancellationToken.None)
            || await db.Workshops.AnyAsync(w => w.MinutesFileSha256 == file.Sha256, CancellationToken.None))
        {
            return;
        }

        if (PathOf(file.Sha256) is { } path)
        {
            File.Delete(path);
        }
    }

    /// Deletes what no evidence row points at: unfinished uploads and files of rows that were
    /// refused or rolled back (for instance by a crash between the file and the commit). Only files
    /// older than `minimumAge`, so an upload in flight on another node is never taken.
    public async Task<int> SweepOrphansAsync(FaroDb db, TimeSpan minimumAge, DateTime utcNow, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!Directory.Exists(DirectoryPath))
        {
            return 0;
        }

        var referenced = (await ReferencedAsync(db, ct)).ToHashSet(StringComparer.Ordinal);
        var removed = 0;
        foreach (var file in new DirectoryInfo(DirectoryPath).EnumerateFiles())
        {
            if (utcNow - file.LastWriteTimeUtc >= minimumAge && !referenced.Contains(file.Name))
            {
                file.Delete();
                removed++;
            }
        }

        return removed;
    }

    /// Every stored file some row points at: evidence files and workshop minutes share the store.
    public static async Task<List<string>> ReferencedAsync(FaroDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var evidence = await db.Evidence.AsNoTracking().Where(e => e.FileSha256 != null).Select(e => e.FileSha256!).Distinct().ToListAsync(ct);
        var minutes = await db.Workshops.AsNoTracking().Where(w => w.MinutesFileSha256 != null).Select(w => w.MinutesFileSha256!).Distinct().ToListAsync(ct);
        return evidence.Union(minutes, StringComparer.Ordinal).ToList();
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial System.Text.RegularExpressions.Regex Sha256Name();

    /// Checks and stores one upload; refuses, naming the field `file`, anything empty, too large or
    /// of a type that is not a document or image.
    public async Task<StoredFile> StoreAsync(string fileName, long length, Stream content, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var name = DisplayName(fileName);
        var extension = Path.GetExtension(name);
        if (length <= 0)
        {
            throw Refuse("evidence.file_empty");
        }

        if (length > MaxBytes)
        {
            throw Refuse("evidence.file_too_large", length / 1024 / 1024);
        }

        if (name.Length is 0 or > 200 || !Allowed.TryGetValue(extension, out var kind))
        {
            throw Refuse("evidence.file_type");
        }

        Directory.CreateDirectory(DirectoryPath);
        var temp = Path.Combine(DirectoryPath, "upload-" + Guid.NewGuid().ToString("N"));
        try
        {
            string sha;
            long written;
            await using (var file = File.Create(temp))
            {
                // Copied in bounded chunks: a client that lies about the length cannot push more than the limit.
                var buffer = new byte[81920];
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                written = 0;
                byte[]? head = null;
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    written += read;
                    if (written > MaxBytes)
                    {
                        throw Refuse("evidence.file_too_large", new Phrase("refusal.evidence.file_too_large.2"));
                    }

                    head ??= buffer[..Math.Min(read, 8)];
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }

                if (kind.Magic is { } magic && (head is null || !head.AsSpan().StartsWith(magic)))
                {
                    throw Refuse("evidence.file_content", extension.TrimStart('.').ToUpperInvariant());
                }

                sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            }

            if (written == 0)
            {
                throw Refuse("evidence.file_empty");
            }

            var target = PathOf(sha)!;
            var isNew = !File.Exists(target);
            if (isNew)
            {
                File.Move(temp, target);
            }
            else
            {
                File.Delete(temp);
            }

            return new StoredFile(name, kind.ContentType, sha, written, isNew);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    private static InputRejectedException Refuse(string code, params object?[] args) =>
        new(code, new InputError("file", code, args));

    private static InputRejectedException Refuse(string code, Phrase message) =>
        new(code, new InputError("file", code, message));
}
