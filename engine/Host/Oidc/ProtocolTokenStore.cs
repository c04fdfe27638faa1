using System.Runtime.CompilerServices;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using Pickup.Core.Sessions.Protocol;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Pickup.Host.Oidc;

/// <summary>
/// OpenIddict's token store, with the authorization codes kept in the protocol store (<see cref="IProtocolEntryStore"/>:
/// memory, or Redis with several nodes) and every other entry (refresh and access tokens, their revocation) in the
/// database through OpenIddict's own Entity Framework Core store, unchanged.
/// </summary>
/// <remarks>
/// A code lives minutes and is read back once: writing it, its payload and its redemption as rows made a quarter of a
/// login's work. An entry's id says where it lives (<see cref="IProtocolEntryStore.IdPrefix"/>, never a GUID), so
/// lookups by id, updates and deletes go straight to it; lookups and revocations by authorization, subject or
/// application cover both stores, so a replayed code still revokes its family. Each read hands out a new entity, and
/// an update is a compare-and-set on the concurrency token it was read with: of two redemptions of one code, on one
/// node or two, exactly one succeeds. Lifetime: per request (scoped), as OpenIddict's store.
/// </remarks>
internal sealed class ProtocolTokenStore(
    IMemoryCache cache,
    IOpenIddictEntityFrameworkCoreContext context,
    IOptionsMonitor<OpenIddictEntityFrameworkCoreOptions> options,
    IProtocolEntryStore entries)
    : OpenIddictEntityFrameworkCoreTokenStore<
        OpenIddictEntityFrameworkCoreToken,
        OpenIddictEntityFrameworkCoreApplication,
        OpenIddictEntityFrameworkCoreAuthorization,
        string>(cache, context, options)
{
    // Revocations race with redemptions: a lost compare-and-set is read again and retried this many times.
    private const int RevocationAttempts = 5;

    /// <summary>Whether an entry of this type goes to the protocol store: codes that expire.</summary>
    public static bool IsShortLived(OpenIddictEntityFrameworkCoreToken token) =>
        token.Type == TokenTypeIdentifiers.Private.AuthorizationCode && token.ExpirationDate is not null;

    /// <inheritdoc />
    public override async ValueTask CreateAsync(OpenIddictEntityFrameworkCoreToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!IsShortLived(token))
        {
            await base.CreateAsync(token, cancellationToken);
            return;
        }

        token.Id = ProtocolEntryIds.Create();
        token.ConcurrencyToken = Guid.NewGuid().ToString();
        await entries.CreateAsync(ToEntry(token), cancellationToken);
    }

    /// <inheritdoc />
    public override async ValueTask UpdateAsync(OpenIddictEntityFrameworkCoreToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!ProtocolEntryIds.IsProtocolEntry(token.Id))
        {
            await base.UpdateAsync(token, cancellationToken);
            return;
        }

        var expected = token.ConcurrencyToken ?? string.Empty;
        var next = Guid.NewGuid().ToString();
        if (!await entries.TryReplaceAsync(ToEntry(token) with { ConcurrencyToken = next }, expected, cancellationToken))
        {
            throw new OpenIddictExceptions.ConcurrencyException("The authorization code was changed, redeemed or removed by another request.");
        }

        token.ConcurrencyToken = next;
    }

    /// <inheritdoc />
    public override async ValueTask DeleteAsync(OpenIddictEntityFrameworkCoreToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!ProtocolEntryIds.IsProtocolEntry(token.Id))
        {
            await base.DeleteAsync(token, cancellationToken);
            return;
        }

        if (!await entries.TryRemoveAsync(token.Id!, token.ConcurrencyToken ?? string.Empty, cancellationToken))
        {
            throw new OpenIddictExceptions.ConcurrencyException("The authorization code was changed or removed by another request.");
        }
    }

    /// <inheritdoc />
    public override async ValueTask<OpenIddictEntityFrameworkCoreToken?> FindByIdAsync(string identifier, CancellationToken cancellationToken) =>
        ProtocolEntryIds.IsProtocolEntry(identifier)
            ? ToToken(await entries.FindByIdAsync(identifier, cancellationToken))
            : await base.FindByIdAsync(identifier, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// The protocol store only: codes are the engine's only reference tokens (no reference access or refresh tokens),
    /// and asking the database too would cost every login a query (OpenIddict checks a new reference id is unique).
    /// </remarks>
    public override async ValueTask<OpenIddictEntityFrameworkCoreToken?> FindByReferenceIdAsync(string identifier, CancellationToken cancellationToken) =>
        ToToken(await entries.FindByReferenceIdAsync(identifier, cancellationToken));

    /// <inheritdoc />
    public override IAsyncEnumerable<OpenIddictEntityFrameworkCoreToken> FindByAuthorizationIdAsync(string identifier, CancellationToken cancellationToken) =>
        BothAsync(ProtocolEntryLink.Authorization, identifier, base.FindByAuthorizationIdAsync(identifier, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public override IAsyncEnumerable<OpenIddictEntityFrameworkCoreToken> FindByApplicationIdAsync(string identifier, CancellationToken cancellationToken) =>
        BothAsync(ProtocolEntryLink.Application, identifier, base.FindByApplicationIdAsync(identifier, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public override IAsyncEnumerable<OpenIddictEntityFrameworkCoreToken> FindBySubjectAsync(string subject, CancellationToken cancellationToken) =>
        BothAsync(ProtocolEntryLink.Subject, subject, base.FindBySubjectAsync(subject, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public override async IAsyncEnumerable<OpenIddictEntityFrameworkCoreToken> FindAsync(
        string? subject, string? client, string? status, string? type, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var entry in await FindShortLivedAsync(subject, client, status, type, cancellationToken))
        {
            yield return ToToken(entry)!;
        }

        await foreach (var token in base.FindAsync(subject, client, status, type, cancellationToken))
        {
            yield return token;
        }
    }

    /// <inheritdoc />
    public override async ValueTask<long> RevokeByAuthorizationIdAsync(string identifier, CancellationToken cancellationToken) =>
        await RevokeAsync(await entries.FindByLinkAsync(ProtocolEntryLink.Authorization, identifier, cancellationToken), cancellationToken)
            + await base.RevokeByAuthorizationIdAsync(identifier, cancellationToken);

    /// <inheritdoc />
    public override async ValueTask<long> RevokeByApplicationIdAsync(string identifier, CancellationToken cancellationToken) =>
        await RevokeAsync(await entries.FindByLinkAsync(ProtocolEntryLink.Application, identifier, cancellationToken), cancellationToken)
            + await base.RevokeByApplicationIdAsync(identifier, cancellationToken);

    /// <inheritdoc />
    public override async ValueTask<long> RevokeBySubjectAsync(string subject, CancellationToken cancellationToken) =>
        await RevokeAsync(await entries.FindByLinkAsync(ProtocolEntryLink.Subject, subject, cancellationToken), cancellationToken)
            + await base.RevokeBySubjectAsync(subject, cancellationToken);

    /// <inheritdoc />
    public override async ValueTask<long> RevokeAsync(string? subject, string? client, string? status, string? type, CancellationToken cancellationToken) =>
        await RevokeAsync(await FindShortLivedAsync(subject, client, status, type, cancellationToken), cancellationToken)
            + await base.RevokeAsync(subject, client, status, type, cancellationToken);

    /// <inheritdoc />
    public override ValueTask<string?> GetApplicationIdAsync(OpenIddictEntityFrameworkCoreToken token, CancellationToken cancellationToken) =>
        ProtocolEntryIds.IsProtocolEntry(token?.Id) ? ValueTask.FromResult(token!.Application?.Id) : base.GetApplicationIdAsync(token!, cancellationToken);

    /// <inheritdoc />
    public override ValueTask<string?> GetAuthorizationIdAsync(OpenIddictEntityFrameworkCoreToken token, CancellationToken cancellationToken) =>
        ProtocolEntryIds.IsProtocolEntry(token?.Id) ? ValueTask.FromResult(token!.Authorization?.Id) : base.GetAuthorizationIdAsync(token!, cancellationToken);

    /// <inheritdoc />
    public override ValueTask SetApplicationIdAsync(OpenIddictEntityFrameworkCoreToken token, string? identifier, CancellationToken cancellationToken)
    {
        if (!ProtocolEntryIds.IsProtocolEntry(token?.Id))
        {
            return base.SetApplicationIdAsync(token!, identifier, cancellationToken);
        }

        token!.Application = string.IsNullOrEmpty(identifier) ? null : new OpenIddictEntityFrameworkCoreApplication { Id = identifier };
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask SetAuthorizationIdAsync(OpenIddictEntityFrameworkCoreToken token, string? identifier, CancellationToken cancellationToken)
    {
        if (!ProtocolEntryIds.IsProtocolEntry(token?.Id))
        {
            return base.SetAuthorizationIdAsync(token!, identifier, cancellationToken);
        }

        token!.Authorization = string.IsNullOrEmpty(identifier) ? null : new OpenIddictEntityFrameworkCoreAuthorization { Id = identifier };
        return ValueTask.CompletedTask;
    }

    private static ProtocolEntry ToEntry(OpenIddictEntityFrameworkCoreToken token) => new()
    {
        Id = token.Id!,
        ConcurrencyToken = token.ConcurrencyToken ?? string.Empty,
        ExpirationDate = token.ExpirationDate ?? throw new InvalidOperationException("An authorization code without an expiration date cannot be kept in the protocol store."),
        ApplicationId = token.Application?.Id,
        AuthorizationId = token.Authorization?.Id,
        CreationDate = token.CreationDate,
        Payload = token.Payload,
        Properties = token.Properties,
        RedemptionDate = token.RedemptionDate,
        ReferenceId = token.ReferenceId,
        Status = token.Status,
        Subject = token.Subject,
        Type = token.Type,
    };

    // A new, untracked entity each time: its application and authorization are stand-ins carrying only their ids.
    private static OpenIddictEntityFrameworkCoreToken? ToToken(ProtocolEntry? entry) => entry is null ? null : new()
    {
        Id = entry.Id,
        ConcurrencyToken = entry.ConcurrencyToken,
        ExpirationDate = entry.ExpirationDate,
        Application = entry.ApplicationId is null ? null : new OpenIddictEntityFrameworkCoreApplication { Id = entry.ApplicationId },
        Authorization = entry.AuthorizationId is null ? null : new OpenIddictEntityFrameworkCoreAuthorization { Id = entry.AuthorizationId },
        CreationDate = entry.CreationDate,
        Payload = entry.Payload,
        Properties = entry.Properties,
        RedemptionDate = entry.RedemptionDate,
        ReferenceId = entry.ReferenceId,
        Status = entry.Status,
        Subject = entry.Subject,
        Type = entry.Type,
    };

    private async IAsyncEnumerable<OpenIddictEntityFrameworkCoreToken> BothAsync(
        ProtocolEntryLink link,
        string value,
        IAsyncEnumerable<OpenIddictEntityFrameworkCoreToken> stored,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var entry in await entries.FindByLinkAsync(link, value, cancellationToken))
        {
            yield return ToToken(entry)!;
        }

        await foreach (var token in stored.WithCancellation(cancellationToken))
        {
            yield return token;
        }
    }

    // OpenIddict's FindAsync/RevokeAsync filters: each one given must match; with no subject and no client, the
    // protocol store has no index to start from, and its entries expire within minutes anyway.
    private async Task<IReadOnlyList<ProtocolEntry>> FindShortLivedAsync(
        string? subject, string? client, string? status, string? type, CancellationToken cancellationToken)
    {
        IReadOnlyList<ProtocolEntry> candidates = !string.IsNullOrEmpty(subject)
            ? await entries.FindByLinkAsync(ProtocolEntryLink.Subject, subject, cancellationToken)
            : !string.IsNullOrEmpty(client)
                ? await entries.FindByLinkAsync(ProtocolEntryLink.Application, client, cancellationToken)
                : [];
        return [.. candidates.Where(e =>
            (string.IsNullOrEmpty(subject) || e.Subject == subject)
            && (string.IsNullOrEmpty(client) || e.ApplicationId == client)
            && (string.IsNullOrEmpty(status) || e.Status == status)
            && (string.IsNullOrEmpty(type) || e.Type == type))];
    }

    private async Task<long> RevokeAsync(IReadOnlyList<ProtocolEntry> found, CancellationToken cancellationToken)
    {
        long revoked = 0;
        foreach (var first in found)
        {
            var entry = first;
            for (var attempt = 0; entry is not null && entry.Status != Statuses.Revoked && attempt < RevocationAttempts; attempt++)
            {
                if (await entries.TryReplaceAsync(entry with { Status = Statuses.Revoked, ConcurrencyToken = Guid.NewGuid().ToString() }, entry.ConcurrencyToken, cancellationToken))
                {
                    revoked++;
                    break;
                }

                entry = await entries.FindByIdAsync(entry.Id, cancellationToken);
            }
        }

        return revoked;
    }
}
