using System.Globalization;
using Pickup.Abstractions.Credentials;
using Pickup.Plugins.Totp.Codes;

namespace Pickup.Plugins.Totp.Steps;

/// <summary>What became of a code that matched the secret.</summary>
internal enum StepClaim
{
    /// <summary>This request used the code: no other request can.</summary>
    Accepted,

    /// <summary>The code's time step (or a later one) was used already, possibly by a request racing this one.</summary>
    AlreadyUsed,

    /// <summary>The credential was removed meanwhile (an administrator's reset).</summary>
    Gone,
}

/// <summary>
/// Per request: a user's authenticator-app credential in the engine's credential store. One per user, type
/// <c>totp</c>, its base32 secret encrypted at rest; the metadata keeps the last time step accepted, so a code is
/// accepted once, and <see cref="ICredentialStore.RecordUseAsync"/> (optimistic on the version) advances it so that
/// two requests racing with one code cannot both pass.
/// </summary>
internal sealed class TotpCredentials
{
    /// <summary>The credential type, declared in <c>Describe</c>.</summary>
    public const string Type = "totp";

    /// <summary>Metadata: the last time step a code was accepted for (seconds since the epoch / 30).</summary>
    public const string LastStepKey = "last_step";

    /// <summary>The label an administrator sees.</summary>
    public const string Label = "Authenticator app";

    // A race on one credential needs one re-read to settle; more than a few rounds means something else is wrong.
    private const int MaxRounds = 4;

    private readonly ICredentialStore _store;

    public TotpCredentials(ICredentialStore store)
    {
        _store = store;
    }

    /// <summary>The user's authenticator app (the oldest, should a race have stored two), or null.</summary>
    public async Task<Credential?> FindAsync(string userId, CancellationToken cancellationToken)
    {
        var credentials = await _store.ListAsync(userId, Type, cancellationToken);
        return credentials.Count > 0 ? credentials[0] : null;
    }

    /// <summary>The credential's secret, or null when it is gone or unreadable.</summary>
    public async Task<byte[]?> RevealSecretAsync(Credential credential, CancellationToken cancellationToken) =>
        TotpSecret.FromBase32(await _store.RevealAsync(credential.Id, cancellationToken));

    /// <summary>
    /// Stores a confirmed secret, unless the user got another meanwhile: returns null, and keeps nothing of this one,
    /// when an older credential exists (two enrolments racing in two tabs: the first stored wins, on every node).
    /// </summary>
    public async Task<Credential?> AddAsync(string userId, byte[] secret, long confirmedStep, CancellationToken cancellationToken)
    {
        if (await FindAsync(userId, cancellationToken) is not null)
        {
            return null;
        }

        var draft = new CredentialDraft
        {
            Type = Type,
            Secret = TotpSecret.ToBase32(secret),
            SecretKind = CredentialSecretKind.Encrypted,
            Label = Label,
            Metadata = MetadataFor(confirmedStep),
        };
        var added = await _store.AddAsync(userId, draft, cancellationToken);
        var first = await FindAsync(userId, cancellationToken);
        if (first is not null && first.Id != added.Id)
        {
            await _store.RemoveAsync(added.Id, cancellationToken);
            return null;
        }

        return added;
    }

    /// <summary>Uses <paramref name="step"/> on the credential, once: exactly one of several racing requests gets <see cref="StepClaim.Accepted"/>.</summary>
    public async Task<StepClaim> ClaimStepAsync(Credential credential, long step, CancellationToken cancellationToken)
    {
        var current = credential;
        for (var round = 0; round < MaxRounds; round++)
        {
            if (step <= LastStepOf(current))
            {
                return StepClaim.AlreadyUsed;
            }

            if (await _store.RecordUseAsync(current.Id, current.Version, MetadataFor(step), cancellationToken))
            {
                return StepClaim.Accepted;
            }

            // Another request recorded a use first: read what it stored and decide again.
            var reread = (await _store.ListAsync(current.UserId, Type, cancellationToken)).FirstOrDefault(c => c.Id == current.Id);
            if (reread is null)
            {
                return StepClaim.Gone;
            }

            current = reread;
        }

        return StepClaim.AlreadyUsed;
    }

    /// <summary>The last step used, or -1 when none is recorded (or the value is not a number).</summary>
    public static long LastStepOf(Credential credential) =>
        credential.Metadata.TryGetValue(LastStepKey, out var text)
        && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var step)
            ? step
            : -1;

    private static Dictionary<string, string> MetadataFor(long lastStep) => new(StringComparer.Ordinal)
    {
        [LastStepKey] = lastStep.ToString(CultureInfo.InvariantCulture),
        ["algorithm"] = "SHA1",
        ["digits"] = TotpCode.Digits.ToString(CultureInfo.InvariantCulture),
        ["period"] = TotpCode.PeriodSeconds.ToString(CultureInfo.InvariantCulture),
    };
}
