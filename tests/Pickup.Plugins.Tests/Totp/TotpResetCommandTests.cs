using Microsoft.Extensions.DependencyInjection;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Commands;
using Pickup.Plugins.Totp.Pages;

namespace Pickup.Plugins.Tests.Totp;

public sealed class TotpResetCommandTests
{
    [Fact]
    public void Plugin_DeclaresItsCredentialTypeAuditEventsAndCommand()
    {
        using var harness = new TotpHarness();

        Assert.Equal(["totp"], harness.Contributions.CredentialTypes.Select(c => c.Type));
        Assert.Equal(["totp.enrolled", "totp.verified", "totp.reset"], harness.Contributions.AuditEvents.Select(e => e.Type));
        var command = Assert.Single(harness.Contributions.Commands);
        Assert.Equal(("users", "totp-reset"), (command.Group, command.Name));
        Assert.Equal("totp.verified", harness.Factory.SuccessAuditEvent);
        Assert.Equal("otp", harness.Factory.AuthenticationMethod);
    }

    [Fact]
    public async Task Reset_RemovesTheAppAuditsIt_AndTheNextSignInEnrolsAgain()
    {
        using var harness = new TotpHarness();
        await harness.EnrollAsync();

        var (status, output, _) = await RunAsync(harness, "alex");

        Assert.Equal(0, status);
        Assert.Contains("Removed alex's authenticator app", output, StringComparison.Ordinal);
        Assert.Empty(harness.Store.All);
        var reset = Assert.Single(harness.Audit.Records, r => r.Type == "totp.reset");
        Assert.Equal(("u-alex", "alex"), (reset.UserId, reset.Username));
        Assert.Equal(TotpPages.EnrollPage, (await harness.InitiateAsync(harness.NewAttempt())).Template);
    }

    [Fact]
    public async Task Reset_UserWithoutApp_SaysSoAndAuditsNothing()
    {
        using var harness = new TotpHarness();

        var (status, output, _) = await RunAsync(harness, "alex");

        Assert.Equal(0, status);
        Assert.Contains("has no authenticator app", output, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Audit.Records, r => r.Type == "totp.reset");
    }

    [Fact]
    public async Task Reset_UnknownUser_IsRefusedWithStatus1()
    {
        using var harness = new TotpHarness();
        await harness.EnrollAsync();

        var (status, _, error) = await RunAsync(harness, "nobody");

        Assert.Equal(1, status);
        Assert.Contains("No user 'nobody'", error, StringComparison.Ordinal);
        Assert.Single(harness.Store.All);
    }

    [Theory]
    [InlineData]
    [InlineData("alex", "extra")]
    [InlineData(" ")]
    public async Task Reset_WithoutExactlyOneName_IsAUsageError(params string[] arguments)
    {
        using var harness = new TotpHarness();

        await Assert.ThrowsAsync<CommandUsageException>(() => RunAsync(harness, arguments));
    }

    [Fact]
    public void Configure_UnknownKeyOrBadIssuer_IsReportedWithItsLine()
    {
        using var harness = new TotpHarness();
        var table = Pickup.Testing.TestParameters.From(("issuer", "Acme:Evil"), ("allow_enrolment", true));

        harness.Factory.Configure(table);

        Assert.Equal(2, table.Errors.Count);
        Assert.Contains(table.Errors, e => e.Message.Contains("unknown key 'allow_enrolment'", StringComparison.Ordinal));
        Assert.Contains(table.Errors, e => e.Message.Contains("'issuer'", StringComparison.Ordinal) && e.Location.Line == 2);
    }

    [Fact]
    public void Factory_RefusesToBeAnIdentityProvidersAuthenticator()
    {
        using var harness = new TotpHarness();
        var idp = new IdentityProviderSettings { Name = "TOTP", Properties = Pickup.Testing.TestParameters.From() };

        harness.Factory.ValidateIdentityProvider(idp);

        Assert.Single(idp.Properties.Errors);
    }

    [Fact]
    public async Task ErrorKeyInTheQuery_UnknownToThePlugin_ShowsTheGenericText()
    {
        using var harness = new TotpHarness();

        var view = await harness.RenderAsync(TotpPages.CodePage, null, ("authFailure", "true"), ("authFailureMsg", "smsotp.sent_to"));

        Assert.Equal(FailureKeys.Generic, Assert.IsType<TotpCodePageModel>(Assert.IsType<Pickup.Abstractions.Pages.PageView>(view).Model).ErrorKey);
    }

    private static async Task<(int Status, string Output, string Error)> RunAsync(TotpHarness harness, params string[] arguments)
    {
        var command = Assert.Single(harness.Contributions.Commands);
        await using var scope = harness.Services.CreateAsyncScope();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var status = await command.RunAsync(new CommandContext
        {
            Arguments = arguments,
            Services = scope.ServiceProvider,
            Input = TextReader.Null,
            Output = output,
            Error = error,
        }, CancellationToken.None);
        return (status, output.ToString(), error.ToString());
    }
}
