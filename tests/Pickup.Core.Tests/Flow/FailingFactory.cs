using Pickup.Abstractions.Authentication;

namespace Pickup.Core.Tests.Flow;

/// <summary>Shows a page, then fails the attempt for good on any post.</summary>
internal sealed class FailingFactory() : TestAuthenticatorFactory("fail", "Failing", Template, ErrorTemplate)
{
    public const string Template = "testendpoint/fail";
    public const string FailureKey = "fail.always";

    protected override Task<AuthenticatorResult> InitiateAsync(AuthenticationStepContext context, CancellationToken cancellationToken) =>
        Task.FromResult(AuthenticatorResult.ShowPage(Template));

    protected override Task<AuthenticatorResult> ProcessAsync(
        AuthenticationStepContext context,
        IReadOnlyDictionary<string, string> form,
        CancellationToken cancellationToken) =>
        Task.FromResult(AuthenticatorResult.Fail(ErrorTemplate, FailureKey));
}
