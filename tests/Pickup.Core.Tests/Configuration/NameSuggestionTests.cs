using Pickup.Abstractions.Configuration;

namespace Pickup.Core.Tests.Configuration;

public sealed class NameSuggestionTests
{
    private static readonly string[] SmsOtpKeys = ["RetryEnable", "ResendEnable", "TokenLength", "TokenExpiryTime", "BackupCode", "MaxAttemptsPerCode"];

    [Theory]
    [InlineData("RetryEnabel", "RetryEnable")]   // two letters swapped: one edit
    [InlineData("retryenable", "RetryEnable")]   // case only
    [InlineData("TokenLenght", "TokenLength")]
    [InlineData("TokenLengh", "TokenLength")]    // one letter missing
    [InlineData("BackupCodes", "BackupCode")]    // one letter extra
    public void Closest_AMisspeltKey_IsTheKnownOne(string written, string expected) =>
        Assert.Equal(expected, NameSuggestion.Closest(written, SmsOtpKeys));

    [Theory]
    [InlineData("Colour")]          // nothing close
    [InlineData("Resend")]          // too many edits for its length
    [InlineData("RetryEnable")]     // not unknown: nothing to suggest
    public void Closest_NothingClose_IsNull(string written) =>
        Assert.Null(NameSuggestion.Closest(written, SmsOtpKeys));

    [Fact]
    public void Closest_TwoKnownNamesEquallyClose_SuggestsNeither() =>
        Assert.Null(NameSuggestion.Closest("cat", ["bat", "hat"]));

    [Fact]
    public void Closest_AShortName_AllowsOneEditOnly()
    {
        Assert.Equal("port", NameSuggestion.Closest("prot", ["port", "bind"]));
        Assert.Null(NameSuggestion.Closest("pxyt", ["port"]));
    }

    [Fact]
    public void DidYouMean_IsReadyToAppend()
    {
        Assert.Equal(" did you mean 'RetryEnable'?", NameSuggestion.DidYouMean("RetryEnabel", SmsOtpKeys));
        Assert.Equal(string.Empty, NameSuggestion.DidYouMean("Colour", SmsOtpKeys));
    }
}
