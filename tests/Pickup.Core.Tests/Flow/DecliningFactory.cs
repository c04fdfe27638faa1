using Pickup.Abstractions.Authentication;

namespace Pickup.Core.Tests.Flow;

/// <summary>Can never serve the driver (think: no mobile number on file) and asks for another option.</summary>
internal sealed class DecliningFactory() : TestAuthenticatorFactory("decline", "Declining", ErrorTemplate)
{
    public const string FailureKey = "decline.unavailable";

    protected override Task<AuthenticatorResult> InitiateAsync(AuthenticationStepContext context, CancellationToken cancellationToken) =>
        Task.FromResult(AuthenticatorResult.ChooseAnotherOption(ErrorTemplate, FailureKey));

    protected override Task<AuthenticatorResult> ProcessAsync(
        AuthenticationStepContext context,
        IReadOnlyDictionary<string, string> form,
        CancellationToken cancellationToken) =>
        Task.FromResult(AuthenticatorResult.ChooseAnotherOption(ErrorTemplate, FailureKey));
}
