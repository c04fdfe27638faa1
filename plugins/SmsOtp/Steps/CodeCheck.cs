using Microsoft.Extensions.Logging;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Credentials;
using Pickup.Abstractions.Users;
using Pickup.Plugins.SmsOtp.BackupCodes;
using Pickup.Plugins.SmsOtp.Codes;
using Pickup.Plugins.SmsOtp.Configuration;
using Pickup.Plugins.SmsOtp.Pages;

namespace Pickup.Plugins.SmsOtp.Steps;

/// <summary>Per request: checks a posted code (or backup code) against the live code and the account's lock-out.</summary>
internal sealed class CodeCheck
{
    /// <summary>How a wrong code is labelled in the audit's <c>login.failed</c>.</summary>
    private const string FailureLabel = "code";

    private readonly SmsOtpOptions _options;
    private readonly StepUsers _users;
    private readonly ICredentialStore _credentials;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly byte[] _codeKey;

    public CodeCheck(SmsOtpOptions options, StepUsers users, ICredentialStore credentials, TimeProvider time, ILogger logger, byte[] codeKey)
    {
        _credentials = credentials;
        _codeKey = codeKey;
        _options = options;
        _users = users;
        _time = time;
        _logger = logger;
    }

    public async Task<AuthenticatorResult> CheckAsync(
        AuthenticationStepContext context,
        SmsOtpState state,
        StepOutcomes outcomes,
        string? typed,
        CancellationToken cancellationToken)
    {
        var submitted = OneTimeCode.Canonical(typed, _options.AlphanumericToken);
        if (submitted.Length == 0)
        {
            return outcomes.CodePageProblem(FailureKeys.CodeEmpty);
        }

        // A user outside the local store (SendOTPDirectlyToMobile) has no account to lock and no backup codes.
        DirectoryUser? user = null;
        if (!state.Direct)
        {
            user = await _users.FindAsync(context, cancellationToken);
            if (user is null)
            {
                return outcomes.Fail(FailureKeys.UserNotFound);
            }

            // Checked before the code, so a locked account learns nothing about its guesses.
            if (await _users.Directory.IsLockedAsync(user.Id, cancellationToken))
            {
                _logger.LogInformation("{Username} typed a code while the account is locked", user.Username);
                return outcomes.Fail(FailureKeys.AccountLocked);
            }
        }

        var problem = MatchLiveCode(state, submitted);
        if (problem is null)
        {
            return await SucceedAsync(state, outcomes, user, cancellationToken);
        }

        // A backup code proves the user, never a number: while a typed number waits, only its own code may save it.
        // The backup code is not even looked at (so not used up); the post counts as a wrong code like any other.
        var numberPending = state.PendingNumber is not null;
        if (_options.BackupCode && user is not null && !numberPending
            && await BackupCodeCredentials.RedeemAsync(_credentials, user.Id, typed, cancellationToken))
        {
            _logger.LogInformation("{Username} signed in with a backup code", user.Username);
            return await SucceedAsync(state, outcomes, user, cancellationToken);
        }

        if (state.HasCode)
        {
            state.Attempts++;
            if (state.Attempts >= _options.MaxAttemptsPerCode)
            {
                // Too many guesses at this code: it dies, and only a new code (a resend) can finish the step.
                _logger.LogInformation("Code killed after {Attempts} wrong tries in attempt {Attempt}", state.Attempts, context.AttemptLogId);
                state.ClearCode();
            }
        }

        if (_options.AccountLocking && user is not null && await _users.Directory.RecordFailedAttemptAsync(user.Id, FailureLabel, cancellationToken))
        {
            _logger.LogWarning("{Username}'s account was locked after too many wrong codes", user.Username);
            return outcomes.Fail(FailureKeys.AccountLocked);
        }

        if (_options.BackupCode && numberPending && problem == FailureKeys.CodeMismatch)
        {
            _logger.LogInformation("Wrong code (or a backup code) for {Username}'s new number in attempt {Attempt}", user?.Username, context.AttemptLogId);
            problem = FailureKeys.BackupCodeNotForNewNumber;
        }

        return outcomes.CodeProblem(problem);
    }

    /// <summary>Null when <paramref name="submitted"/> is the live code; otherwise why it is not accepted.</summary>
    private string? MatchLiveCode(SmsOtpState state, string submitted)
    {
        if (!state.TryGetCode(out var hash, out var salt))
        {
            return FailureKeys.CodeMismatch;
        }

        if (state.ExpiresAt is not { } expiresAt || _time.GetUtcNow() >= expiresAt)
        {
            state.ClearCode();
            return FailureKeys.TokenExpired;
        }

        return OneTimeCode.Matches(_codeKey, submitted, salt, hash) ? null : FailureKeys.CodeMismatch;
    }

    private async Task<AuthenticatorResult> SucceedAsync(SmsOtpState state, StepOutcomes outcomes, DirectoryUser? user, CancellationToken cancellationToken)
    {
        if (user is not null)
        {
            if (state.PendingNumber is { } pending)
            {
                state.PendingNumber = null;
                if (!await _users.SaveVerifiedNumberAsync(user, pending, cancellationToken))
                {
                    // Another user saved this number first (both were sent codes before either verified): nothing of
                    // this user's is saved, and the step does not pass; she may type another number.
                    state.ClearCode();
                    state.Phase = SmsOtpState.AwaitingMobile;
                    return outcomes.MobilePageProblem(FailureKeys.MobileUnavailable);
                }
            }

            if (_options.AccountLocking)
            {
                await _users.Directory.ResetFailedAttemptsAsync(user.Id, cancellationToken);
            }
        }

        return outcomes.Succeed();
    }
}
