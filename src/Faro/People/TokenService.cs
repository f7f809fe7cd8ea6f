using System.Security.Cryptography;
using System.Text;
using Faro.Audit;
using Faro.Data;
using Microsoft.EntityFrameworkCore;

namespace Faro.People;

public sealed record CreatedToken(int Id, string Token, string Prefix, DateTime? ExpiresAt);

public sealed record TokenView(int Id, string Name, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? RevokedAt, DateTime? LastUsedAt);

/// Who a valid token acts for, with what a host shows of them.
public sealed record TokenOwner(int UserId, string DisplayName, string PreferredLanguage, string? UserName);

/// Personal access tokens for the API (`Authorization: Bearer faro_…`). The secret is shown once;
/// only its SHA-256 is stored, so a stolen database gives no usable token. A token acts with its
/// owner's roles at the time of each request: it carries no rights of its own.
public sealed class TokenService(FaroDb db, AuditLog audit, TimeProvider clock)
{
    public const string TokenPrefix = "faro_";

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// Creates a token for `userId`: the user themself, an admin, or the command line.
    public async Task<CreatedToken> CreateAsync(Actor actor, int userId, string? name, DateTime? expiresAt, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.UserId != userId && !actor.IsAdmin)
        {
            throw actor.IsAuthenticated ? RefusedException.NotFound("user") : RefusedException.Unauthenticated();
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw RefusedException.NotFound("user");
        var now = clock.GetUtcNow().UtcDateTime;
        if (expiresAt is { } e && e <= now)
        {
            throw new InputRejectedException("token.expiry_past", new InputError("expiresAt", "token.expiry_past"));
        }

        if (user.IsDisabled)
        {
            throw RefusedException.Conflict("user.disabled");
        }

        if (actor.ViaToken)
        {
            throw RefusedException.Forbidden("token.by_token");
        }

        var token = TokenPrefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var row = new PersonalAccessToken
        {
            UserId = userId,
            Name = string.IsNullOrWhiteSpace(name) ? "token" : name.Trim()[..Math.Min(name.Trim().Length, 100)],
            Prefix = token[..12],
            Hash = Hash(token),
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
        await using var tx = await db.BeginWriteAsync(ct);
        db.AccessTokens.Add(row);
        await db.SaveChangesAsync(ct);
        audit.Record(actor, "token.created", "token", row.Id, null, after: new { row.UserId, row.Name, row.Prefix, row.ExpiresAt });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new CreatedToken(row.Id, token, row.Prefix, row.ExpiresAt);
    }

    /// The owner of a valid token, or null for an unknown, expired or revoked token or a disabled
    /// owner. Last use is written at most every five minutes, so reads do not become writes.
    /// Returns what the web host puts in the request's principal too, so that a request with a
    /// token costs one read of the token and its owner.
    public async Task<TokenOwner?> OwnerAsync(string? token, CancellationToken ct = default)
    {
        if (token is null || !token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > 200)
        {
            return null;
        }

        var hash = Hash(token);
        // Every API request comes here: read only what decides, not the token and user entities.
        var row = await db.AccessTokens.AsNoTracking().Where(t => t.Hash == hash)
            .Select(t => new
            {
                t.Id,
                t.UserId,
                t.RevokedAt,
                t.ExpiresAt,
                t.LastUsedAt,
                Disabled = t.User!.IsDisabled,
                t.User.DisplayName,
                t.User.PreferredLanguage,
                t.User.UserName,
            })
            .FirstOrDefaultAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (row is null || row.RevokedAt is not null || row.ExpiresAt <= now || row.Disabled)
        {
            return null;
        }

        if (row.LastUsedAt is null || now - row.LastUsedAt > TimeSpan.FromMinutes(5))
        {
            await db.AccessTokens.Where(t => t.Id == row.Id).ExecuteUpdateAsync(u => u.SetProperty(t => t.LastUsedAt, now), ct);
        }

        return new TokenOwner(row.UserId, row.DisplayName, row.PreferredLanguage, row.UserName);
    }

    public async Task<IReadOnlyList<TokenView>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        var userId = actor.RequireUser();
        return await db.AccessTokens.AsNoTracking().Where(t => t.UserId == userId).OrderBy(t => t.Id)
            .Select(t => new TokenView(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt)).ToListAsync(ct);
    }

    /// Revokes one of the actor's tokens (an admin: anyone's). Another user's token is not found.
    public async Task RevokeAsync(Actor actor, int tokenId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsAuthenticated)
        {
            throw RefusedException.Unauthenticated();
        }

        var row = await db.AccessTokens.FirstOrDefaultAsync(t => t.Id == tokenId && (actor.IsAdmin || t.UserId == actor.UserId), ct)
            ?? throw RefusedException.NotFound("token");
        if (row.RevokedAt is not null)
        {
            return;
        }

        row.RevokedAt = clock.GetUtcNow().UtcDateTime;
        audit.Record(actor, "token.revoked", "token", row.Id, null, new { row.UserId, row.Prefix }, new { row.UserId, row.Prefix, row.RevokedAt });
        await db.SaveChangesAsync(ct);
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
