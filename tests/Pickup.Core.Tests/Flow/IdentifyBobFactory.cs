using Pickup.Abstractions.Authentication;

namespace Pickup.Core.Tests.Flow;

/// <summary>Identifies the fixed user <c>user-bob</c> as soon as its step starts, with no page.</summary>
internal sealed class IdentifyBobFactory() : TestAuthenticatorFactory("ident", "Identify")
{
    public static readonly AuthenticatedUser Bob = new() { UserId = PasswordAuthenticatorFactory.UserIdOf("bob"), Username = "bob" };

    protected override Task<AuthenticatorResult> InitiateAsync(AuthenticationStepContext context, CancellationToken cancellationToken) =>
        Task.FromResult(AuthenticatorResult.Success(Bob));

    protected override Task<AuthenticatorResult> ProcessAsync(
        AuthenticationStepContext context,
        IReadOnlyDictionary<string, string> form,
        CancellationToken cancellationToken) =>
        Task.FromResult(AuthenticatorResult.Success(Bob));
}
