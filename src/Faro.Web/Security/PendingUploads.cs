using Faro.Data;
using Microsoft.Extensions.Options;

namespace Faro.Web.Security;

/// A file uploaded for a preview, kept on the server until the user applies it (or a day passes),
/// so that "apply" imports exactly the file that was previewed without the browser sending it
/// again. Files live under `<DataDirectory>/pending` (shared by every web node) and are named by
/// their owner's user id and a random id: a user can only ever reach their own uploads, and the id
/// from the form is parsed as a GUID, never used as a path.
public sealed class PendingUploads(IOptions<FaroOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    private string Directory => Path.Combine(options.Value.FullDataDirectory, "pending");

    public async Task<string> KeepAsync(string kind, int userId, byte[] content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        System.IO.Directory.CreateDirectory(Directory);
        Sweep();
        var id = Guid.NewGuid().ToString("N");
        var path = PathOf(kind, userId, id);
        await File.WriteAllBytesAsync(path + ".partial", content, ct);
        File.Move(path + ".partial", path);
        return id;
    }

    public async Task<byte[]?> ReadAsync(string kind, int userId, string? id, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "N", out var guid))
        {
            return null;
        }

        var path = PathOf(kind, userId, guid.ToString("N"));
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, ct) : null;
    }

    public void Forget(string kind, int userId, string? id)
    {
        if (Guid.TryParseExact(id, "N", out var guid))
        {
            File.Delete(PathOf(kind, userId, guid.ToString("N")));
        }
    }

    private string PathOf(string kind, int userId, string id) =>
        Path.Combine(Directory, $"{kind}-{userId.ToString(System.Globalization.CultureInfo.InvariantCulture)}-{id}.upload");

    /// Uploads never applied are removed after a day.
    private void Sweep()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.upload"))
        {
            if (now - File.GetLastWriteTimeUtc(file) > Lifetime)
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                    // Another node removes it at the same moment: nothing to do.
                }
            }
        }
    }
}
