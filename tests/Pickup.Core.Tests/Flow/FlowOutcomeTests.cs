using Pickup.Core.Flow;

namespace Pickup.Core.Tests.Flow;

/// <summary>The redirect locations the host sends browsers to.</summary>
public sealed class FlowOutcomeTests
{
    [Fact]
    public void Page_WithQuery_PutsSessionDataKeyFirstAndEscapesValues()
    {
        var outcome = FlowOutcome.Page(
            "smsotpauthenticationendpoint/smsotp",
            "a-b_c",
            new Dictionary<string, string> { ["authFailureMsg"] = "code mismatch&x=1", ["sessionDataKey"] = "forged" });

        Assert.Equal(FlowOutcomeKind.Redirect, outcome.Kind);
        Assert.Equal("/smsotpauthenticationendpoint/smsotp?sessionDataKey=a-b_c&authFailureMsg=code%20mismatch%26x%3D1", outcome.Location);
        Assert.Null(outcome.Attempt);
    }

    [Fact]
    public void Error_FailureKey_RedirectsToEngineErrorPageWithoutKey()
    {
        var outcome = FlowOutcome.Error("session.expired");

        Assert.Equal("/authenticationendpoint/error?authFailure=true&authFailureMsg=session.expired", outcome.Location);
    }
}
