using static Pickup.Plugins.Tests.SmsOtp.Results;

namespace Pickup.Plugins.Tests.SmsOtp;

public sealed class CodeCheckTests : IDisposable
{
    private readonly SmsOtpHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Initiate_UserWithMobile_SendsSixDigitCodeToMobileAndShowsCodePage()
    {
        var result = await _harness.InitiateAsync();

        AssertShowsPage(result, CodePage);
        var message = Assert.Single(_harness.Sender.Sent);
        Assert.Equal(SmsOtpHarness.Mobile, message.Number);
        Assert.Matches("^[0-9]{6}$", message.Code);
        Assert.Equal($"Your Pickup code is {message.Code}", message.Text);
        Assert.Equal(message.Code, _harness.LastCode);
    }

    [Fact]
    public async Task Initiate_TokenLengthEight_SendsEightDigitCode()
    {
        using var harness = new SmsOtpHarness(("TokenLength", 8L));

        await harness.InitiateAsync();

        Assert.Matches("^[0-9]{8}$", harness.LastCode);
    }

    [Theory]
    [InlineData(4L)]
    [InlineData(10L)]
    public async Task Initiate_TokenLengthAtBounds_SendsCodeOfThatLength(long length)
    {
        using var harness = new SmsOtpHarness(("TokenLength", length));

        await harness.InitiateAsync();

        Assert.Matches($"^[0-9]{{{length}}}$", harness.LastCode);
        AssertSucceeded(await harness.SubmitCodeAsync(harness.LastCode));
    }

    [Fact]
    public async Task Initiate_AlphanumericToken_SendsUnambiguousUpperCaseCodeAcceptedInLowerCase()
    {
        using var harness = new SmsOtpHarness(("EnableAlphanumericToken", true), ("TokenLength", 8L));

        await harness.InitiateAsync();
        var code = harness.LastCode;

        Assert.Matches("^[34679ACDEFGHJKMNPQRTWXY]{8}$", code);
        AssertSucceeded(await harness.SubmitCodeAsync(code.ToLowerInvariant()));
    }

    [Fact]
    public async Task Initiate_AlphanumericTokenOff_SendsDigitsOnly()
    {
        using var harness = new SmsOtpHarness(("EnableAlphanumericToken", false), ("TokenLength", 10L));

        await harness.InitiateAsync();

        Assert.Matches("^[0-9]{10}$", harness.LastCode);
    }

    [Fact]
    public async Task Initiate_CodeSent_StateAndLogsHoldNoPlainCode()
    {
        await _harness.InitiateAsync();
        var code = _harness.LastCode;
        await _harness.SubmitCodeAsync(Wrong(code));

        Assert.NotEmpty(_harness.Context.State);
        Assert.All(_harness.Context.State.Values, value => Assert.DoesNotContain(code, value, StringComparison.Ordinal));
        Assert.All(_harness.Logs.Lines, line => Assert.DoesNotContain(code, line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Initiate_TwoAttempts_StoreDifferentSaltsAndHashes()
    {
        using var other = new SmsOtpHarness();
        await _harness.InitiateAsync();
        await other.InitiateAsync();

        Assert.NotEqual(_harness.Context.State["smsotp.codeSalt"], other.Context.State["smsotp.codeSalt"]);
        Assert.NotEqual(_harness.Context.State["smsotp.codeHash"], other.Context.State["smsotp.codeHash"]);
    }

    [Fact]
    public async Task Process_CorrectCode_SucceedsOnceThenSecondUseFails()
    {
        await _harness.InitiateAsync();
        var code = _harness.LastCode;

        var first = await _harness.SubmitCodeAsync(code);
        var second = await _harness.SubmitCodeAsync(code);

        AssertSucceeded(first);
        Assert.NotEqual(Abstractions.Authentication.AuthenticatorResultKind.Succeeded, second.Kind);
        AssertFailed(second, "code.mismatch");
    }

    [Fact]
    public async Task Process_CodeTypedWithSpaces_Succeeds()
    {
        await _harness.InitiateAsync();
        var code = _harness.LastCode;

        var result = await _harness.SubmitCodeAsync($" {code[..3]} {code[3..]} ");

        AssertSucceeded(result);
    }

    [Fact]
    public async Task Process_WrongCode_RetriesAndKeepsCodeValid()
    {
        await _harness.InitiateAsync();
        var code = _harness.LastCode;

        var wrong = await _harness.SubmitCodeAsync(Wrong(code));
        var right = await _harness.SubmitCodeAsync(code);

        AssertRetry(wrong, CodePage, "code.mismatch");
        AssertSucceeded(right);
        Assert.Single(_harness.Sender.Sent);
    }

    [Fact]
    public async Task Process_EmptyCode_RetriesWithoutUsingAnAttempt()
    {
        using var harness = new SmsOtpHarness(("MaxAttemptsPerCode", 1L));
        await harness.InitiateAsync();

        var empty = await harness.SubmitCodeAsync("  ");
        var right = await harness.SubmitCodeAsync(harness.LastCode);

        AssertRetry(empty, CodePage, "code.empty");
        AssertSucceeded(right);
    }

    [Fact]
    public async Task Process_MaxAttemptsPerCodeDefaultFive_FifthWrongCodeKillsIt()
    {
        using var harness = new SmsOtpHarness(("EnableAccountLockingForFailedAttempts", false));
        await harness.InitiateAsync();
        var code = harness.LastCode;

        for (var i = 0; i < 4; i++)
        {
            AssertRetry(await harness.SubmitCodeAsync(Wrong(code)), CodePage, "code.mismatch");
        }

        Assert.True(harness.Context.State.ContainsKey("smsotp.codeHash"), "four wrong tries leave the code alive");
        AssertRetry(await harness.SubmitCodeAsync(Wrong(code)), CodePage, "code.mismatch");
        AssertRetry(await harness.SubmitCodeAsync(code), CodePage, "code.mismatch");
    }

    [Fact]
    public async Task Process_MaxAttemptsPerCodeTwo_SecondWrongCodeKillsIt()
    {
        using var harness = new SmsOtpHarness(("MaxAttemptsPerCode", 2L));
        await harness.InitiateAsync();
        var code = harness.LastCode;

        AssertRetry(await harness.SubmitCodeAsync(Wrong(code)), CodePage, "code.mismatch");
        AssertRetry(await harness.SubmitCodeAsync(Wrong(code)), CodePage, "code.mismatch");

        AssertRetry(await harness.SubmitCodeAsync(code), CodePage, "code.mismatch");
    }

    [Fact]
    public async Task Process_CodeKilledAndNoResendLeft_FailsInsteadOfDeadEndPage()
    {
        using var harness = new SmsOtpHarness(("MaxAttemptsPerCode", 1L), ("MaximumResendAttempts", 0L));
        await harness.InitiateAsync();

        var result = await harness.SubmitCodeAsync(Wrong(harness.LastCode));

        AssertFailed(result, "code.mismatch");
    }

    [Fact]
    public async Task Process_CodeKilled_ResendGivesWorkingCode()
    {
        using var harness = new SmsOtpHarness(("MaxAttemptsPerCode", 1L), ("ResendCooldown", 0L));
        await harness.InitiateAsync();
        await harness.SubmitCodeAsync(Wrong(harness.LastCode));

        AssertShowsPage(await harness.ResendAsync(), CodePage);
        AssertSucceeded(await harness.SubmitCodeAsync(harness.LastCode));
    }

    [Fact]
    public async Task Process_CodeAfterExpiry_RetriesWithTokenExpired()
    {
        await _harness.InitiateAsync();
        var code = _harness.LastCode;
        _harness.Time.Advance(TimeSpan.FromSeconds(300));

        var result = await _harness.SubmitCodeAsync(code);

        AssertRetry(result, CodePage, "token.expired");
    }

    [Fact]
    public async Task Process_DefaultExpiryJustBeforeFiveMinutes_Succeeds()
    {
        await _harness.InitiateAsync();
        _harness.Time.Advance(TimeSpan.FromSeconds(299));

        AssertSucceeded(await _harness.SubmitCodeAsync(_harness.LastCode));
    }

    [Fact]
    public async Task Process_TokenExpiryTimeSixty_CodeAfterSixtySecondsExpired()
    {
        using var harness = new SmsOtpHarness(("TokenExpiryTime", 60L));
        await harness.InitiateAsync();
        harness.Time.Advance(TimeSpan.FromSeconds(60));

        AssertRetry(await harness.SubmitCodeAsync(harness.LastCode), CodePage, "token.expired");
    }

    [Fact]
    public async Task Process_CodeJustBeforeExpiry_Succeeds()
    {
        using var harness = new SmsOtpHarness(("TokenExpiryTime", 60L));
        await harness.InitiateAsync();
        harness.Time.Advance(TimeSpan.FromSeconds(59));

        AssertSucceeded(await harness.SubmitCodeAsync(harness.LastCode));
    }

    [Fact]
    public async Task Process_RetryDisabledAndWrongCode_FailsWithCodeMismatch()
    {
        using var harness = new SmsOtpHarness(("RetryEnable", false));
        await harness.InitiateAsync();

        var result = await harness.SubmitCodeAsync(Wrong(harness.LastCode));

        AssertFailed(result, "code.mismatch");
    }

    [Fact]
    public async Task Process_RetryDisabledAndExpiredCode_FailsWithTokenExpired()
    {
        using var harness = new SmsOtpHarness(("RetryEnable", false));
        await harness.InitiateAsync();
        harness.Time.Advance(TimeSpan.FromMinutes(6));

        var result = await harness.SubmitCodeAsync(harness.LastCode);

        AssertFailed(result, "token.expired");
    }

    [Fact]
    public async Task Process_NoStepStarted_FailsWithCodeMismatch()
    {
        var result = await _harness.SubmitCodeAsync("123456");

        AssertFailed(result, "code.mismatch");
    }

    [Fact]
    public async Task Process_RetryEnabledAndExpiredCode_RetriesWithTokenExpired()
    {
        using var harness = new SmsOtpHarness(("RetryEnable", true));
        await harness.InitiateAsync();
        harness.Time.Advance(TimeSpan.FromMinutes(6));

        AssertRetry(await harness.SubmitCodeAsync(harness.LastCode), CodePage, "token.expired");
    }

    internal static string Wrong(string code) =>
        string.Concat(code.Select(c => (char)('0' + ((c - '0' + 1) % 10))));
}
