using System.Security.Cryptography;
using Faro.Data;
using Microsoft.Extensions.Options;

namespace Faro.Assessments;

/// An uploaded file, stored and checked, ready to be attached to an evidence row.
public sealed record StoredFile(string FileName, string ContentType, string Sha256, long Size);

/// Evidence files on disk, under `<DataDirectory>/evidence/<sha256>`: content-addressed, so the
/// same file uploaded twice is stored once, and a file written for an evidence row whose
/// transaction then fails is harmless (nothing points at it). Only document and image types that
/// users of an assessment need, checked by extension and by their first bytes, up to 10 MB.
public sealed class EvidenceFiles(IOptions<FaroOptions> options)
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

    public string PathOf(string sha256) => Path.Combine(DirectoryPath, sha256);

    /// Checks and stores one upload; refuses, naming the field `file`, anything empty, too large or
    /// of a type that is not a document or image.
    public async Task<StoredFile> StoreAsync(string fileName, long length, Stream content, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var name = Path.GetFileName(fileName ?? "").Trim();
        var extension = Path.GetExtension(name);
        if (length <= 0)
        {
            throw Refuse("evidence.file_empty", "The file is empty.", "El archivo está vacío.");
        }

        if (length > MaxBytes)
        {
            throw Refuse("evidence.file_too_large", $"The file is {length / 1024 / 1024} MB; at most 10 MB is accepted.",
                $"El archivo pesa {length / 1024 / 1024} MB; se aceptan como máximo 10 MB.");
        }

        if (name.Length is 0 or > 200 || !Allowed.TryGetValue(extension, out var kind))
        {
            throw Refuse("evidence.file_type", "Only PDF, Word, Excel, OpenDocument, PNG, JPEG, text or CSV files are accepted.",
                "Solo se aceptan archivos PDF, Word, Excel, OpenDocument, PNG, JPEG, texto o CSV.");
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
                        throw Refuse("evidence.file_too_large", "The file is larger than 10 MB.", "El archivo pesa más de 10 MB.");
                    }

                    head ??= buffer[..Math.Min(read, 8)];
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }

                if (kind.Magic is { } magic && (head is null || !head.AsSpan().StartsWith(magic)))
                {
                    throw Refuse("evidence.file_content", $"The file's content is not a {extension.TrimStart('.').ToUpperInvariant()} file.",
                        $"El contenido del archivo no es un {extension.TrimStart('.').ToUpperInvariant()}.");
                }

                sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            }

            if (written == 0)
            {
                throw Refuse("evidence.file_empty", "The file is empty.", "El archivo está vacío.");
            }

            var target = PathOf(sha);
            if (File.Exists(target))
            {
                File.Delete(temp);
            }
            else
            {
                File.Move(temp, target);
            }

            return new StoredFile(name, kind.ContentType, sha, written);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    private static InputRejectedException Refuse(string code, string en, string es) =>
        new(code, new InputError("file", code, new LocalizedText(en, es)));
}
