using Pickup.Abstractions.Authentication;

namespace Pickup.Core.Tests.Flow;

/// <summary>
/// A second factor: remembers a code in the step state when it starts and succeeds when the same code is posted,
/// keeping the user found earlier; posting <c>skip</c> passes the step without proving anything. A lost state fails
/// the attempt, so the state round trip is visible.
/// </summary>
internal sealed class CodeAuthenticatorFactory() : TestAuthenticatorFactory("code", "Code", Template, ErrorTemplate)
{
    public const string Template = "testendpoint/code";
    public const string Code = "1234";
    public const string VerifiedEvent = "code.verified";

    public override string AuthenticationMethod => "otp";

    public override string? SuccessAuditEvent => VerifiedEvent;

    protected override Task<AuthenticatorResult> InitiateAsync(AuthenticationStepContext context, CancellationToken cancellationToken)
    {
        context.State["expected"] = Code;
        return Task.FromResult(AuthenticatorResult.ShowPage(Template, new Dictionary<string, string> { ["channel"] = "test" }));
    }

    protected override Task<AuthenticatorResult> ProcessAsync(
        AuthenticationStepContext context,
        IReadOnlyDictionary<string, string> form,
        CancellationToken cancellationToken)
    {
        if (!context.State.TryGetValue("expected", out var expected))
        {
            return Task.FromResult(AuthenticatorResult.Fail(ErrorTemplate, "state.lost"));
        }

        if (form.ContainsKey("skip"))
        {
            return Task.FromResult(AuthenticatorResult.Skip());
        }

        return Task.FromResult(form.GetValueOrDefault("code") == expected
            ? AuthenticatorResult.Success()
            : AuthenticatorResult.Retry(Template, "code.mismatch"));
    }
}
