using Pickup.Plugins.SmsOtp.Configuration;

namespace Pickup.Plugins.Tests.SmsOtp;

/// <summary>SmsMessageTemplate: the SMS text.</summary>
public sealed class MessageTests
{
    [Fact]
    public async Task Initiate_DefaultTemplate_SaysPickupAndTheCode()
    {
        using var harness = new SmsOtpHarness();

        await harness.InitiateAsync();

        var message = Assert.Single(harness.Sender.Sent);
        Assert.Equal($"Your Pickup code is {message.Code}", message.Text);
    }

    [Fact]
    public async Task Initiate_CustomTemplate_FillsCodeAppAndMinutes()
    {
        using var harness = new SmsOtpHarness(("SmsMessageTemplate", "{{ code }} is your {{ app }} code. It expires in {{ minutes }} minutes."), ("TokenExpiryTime", 90L));

        await harness.InitiateAsync();

        var message = Assert.Single(harness.Sender.Sent);
        Assert.Equal($"{message.Code} is your pickup-dispatch code. It expires in 2 minutes.", message.Text);
    }

    [Theory]
    [InlineData("Your code is {{ code }} {{ end }}", "not a valid Scriban template")]
    [InlineData("Your code is ready", "must show the code")]
    [InlineData("Code:{{ code }}x", "as a word of its own")]
    [InlineData("Your code is {{ cod }}", "cannot be rendered")]
    public void TryCreate_UnusableTemplate_Refused(string text, string problemPart)
    {
        var template = MessageTemplate.TryCreate(text, 6, alphanumeric: false, out var problem);

        Assert.Null(template);
        Assert.Contains(problemPart, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Code:{{ code }}")]
    [InlineData("{{ code }}")]
    [InlineData("Pickup: {{ code }}. Valid {{ minutes }} min.")]
    public void TryCreate_CodeAsWord_Accepted(string text)
    {
        Assert.NotNull(MessageTemplate.TryCreate(text, 6, alphanumeric: false, out var problem));
        Assert.Null(problem);
    }
}
