using System.IO.Compression;

namespace Faro.Exchange;

/// Reads uploaded files without trusting them: a bounded size on the wire, and for zip-based
/// formats (XLSX) bounded uncompressed sizes measured while inflating, since the sizes a zip
/// declares in its directory can lie (a zip bomb claims little and inflates to gigabytes).
public static class SafePackage
{
    public const long MaxUploadBytes = 10 * 1024 * 1024;
    public const long MaxEntryBytes = 40L * 1024 * 1024;
    public const long MaxTotalBytes = 80L * 1024 * 1024;
    public const int MaxEntries = 200;

    public static Phrase TooLarge { get; } = new("refusal.import.too_large", MaxUploadBytes / (1024 * 1024));

    /// Reads at most MaxUploadBytes; null when the stream holds more.
    public static async Task<byte[]?> ReadBoundedAsync(Stream stream, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxUploadBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    public static bool LooksLikeZip(ReadOnlySpan<byte> content) => content.Length >= 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4;

    /// Inflates every entry with a budget and returns a fresh in-memory copy of the package that
    /// holds only what was measured, or the reason it was refused.
    public static (MemoryStream? Package, ImportIssue? Issue) OpenZip(byte[] content, string sheet)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.LongLength > MaxUploadBytes)
        {
            return (null, new ImportIssue(sheet, null, null, "import.too_large", TooLarge));
        }

        if (!LooksLikeZip(content))
        {
            return (null, Corrupt(sheet));
        }

        try
        {
            using var source = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            if (source.Entries.Count > MaxEntries)
            {
                return (null, Bomb(sheet));
            }

            var copy = new MemoryStream();
            long total = 0;
            using (var target = new ZipArchive(copy, ZipArchiveMode.Create, leaveOpen: true))
            {
                var buffer = new byte[81920];
                foreach (var entry in source.Entries)
                {
                    if (entry.Length > MaxEntryBytes)
                    {
                        return (null, Bomb(sheet));
                    }

                    using var input = entry.Open();
                    using var output = target.CreateEntry(entry.FullName, CompressionLevel.Fastest).Open();
                    long entryBytes = 0;
                    int read;
                    while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        entryBytes += read;
                        total += read;
                        if (entryBytes > MaxEntryBytes || total > MaxTotalBytes)
                        {
                            return (null, Bomb(sheet));
                        }

                        output.Write(buffer, 0, read);
                    }
                }
            }

            copy.Position = 0;
            return (copy, null);
        }
        catch (InvalidDataException)
        {
            return (null, Corrupt(sheet));
        }
        catch (IOException)
        {
            return (null, Corrupt(sheet));
        }
    }

    public static ImportIssue Corrupt(string sheet) => new(sheet, null, null, "import.corrupt");

    private static ImportIssue Bomb(string sheet) => new(sheet, null, null, "import.too_large_uncompressed", MaxTotalBytes / (1024 * 1024));
}
