using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Configuration;
using Pickup.Abstractions.Pages;
using Pickup.Abstractions.Plugins;
using Pickup.Abstractions.Users;
using Pickup.Plugins.Basic;
using Pickup.Plugins.Basic.Login;
using Pickup.Plugins.Tests.SmsOtp;

namespace Pickup.Plugins.Tests.Basic;

public sealed class BasicAuthenticatorTests : IDisposable
{
    private const string LoginPage = "authenticationendpoint/login";
    private const string Password = "correct horse battery";

    private readonly FakeUserDirectory _directory = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ServiceProvider _services;
    private readonly IAuthenticatorFactory _factory;
    private readonly AuthenticationStepContext _context =
        new()
        {
            SessionDataKey = "sdk-1",
            ServiceProvider = "pickup-dispatch",
            StepNumber = 1,
            State = new Dictionary<string, string>(),
            RemoteAddress = "127.0.0.1",
        };

    public BasicAuthenticatorTests()
    {
        _directory.Add("u-alex", "alex", Password, DirectoryUser.LoginPermission);
        _directory.Add("u-sam", "sam", Password, "view-bookings");
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        services.AddScoped<IUserDirectory>(_ => _directory);
        new BasicPlugin().ConfigureServices(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        _factory = _services.GetServices<IAuthenticatorFactory>().Single(f => f.Id == "basic");
        _factory.Configure(PluginParameters.Empty(new SourceLocation("conf/deployment.toml", 1, 1)));
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Initiate_Always_ShowsLoginPage()
    {
        var result = await InRequest(a => a.InitiateAsync(_context, CancellationToken.None));

        Assert.Equal(AuthenticatorResultKind.ShowPage, result.Kind);
        Assert.Equal(LoginPage, result.Template);
        Assert.Empty(result.Query);
    }

    [Fact]
    public async Task Process_RightPasswordWithLoginPermission_SucceedsWithTheUser()
    {
        var result = await PostAsync("alex", Password);

        Assert.Equal(AuthenticatorResultKind.Succeeded, result.Kind);
        Assert.Equal("u-alex", result.User?.UserId);
        Assert.Equal("alex", result.User?.Username);
    }

    [Fact]
    public async Task Process_LockedAccount_RetriesWithTheLockedKeyEvenWithTheRightPassword()
    {
        _directory.Locked.Add("alex");

        var result = await PostAsync("alex", Password);

        Assert.Equal(AuthenticatorResultKind.ShowPage, result.Kind);
        Assert.Equal("user.account.locked", result.Query["authFailureMsg"]);
        Assert.Null(result.User);
    }

    [Fact]
    public async Task Process_LockedAccountWrongPassword_RetriesWithTheKeyOfAnyWrongPassword()
    {
        _directory.Locked.Add("alex");

        var result = await PostAsync("alex", "Tr0ub4dor&3");

        Assert.Equal("login.fail", result.Query["authFailureMsg"]);
        Assert.Null(result.User);
    }

    [Fact]
    public async Task Process_UsernameWithTrailingSpace_Succeeds()
    {
        Assert.Equal(AuthenticatorResultKind.Succeeded, (await PostAsync("alex ", Password)).Kind);
    }

    [Theory]
    [InlineData("alex", "Tr0ub4dor&3")]
    [InlineData("nobody", Password)]
    [InlineData("sam", Password)]
    [InlineData("", Password)]
    [InlineData("alex", "")]
    [InlineData("   ", "")]
    public async Task Process_AnyCredentialProblem_RetriesLoginWithTheSameKey(string username, string password)
    {
        var result = await PostAsync(username, password);

        Assert.Equal(AuthenticatorResultKind.ShowPage, result.Kind);
        Assert.Equal(LoginPage, result.Template);
        Assert.Equal("true", result.Query["authFailure"]);
        Assert.Equal("login.fail", result.Query["authFailureMsg"]);
        Assert.Null(result.User);
    }

    [Fact]
    public async Task Process_MissingFields_RetriesLoginWithTheSameKey()
    {
        var result = await InRequest(a => a.ProcessAsync(_context, new Dictionary<string, string>(), CancellationToken.None));

        Assert.Equal("login.fail", result.Query["authFailureMsg"]);
    }

    [Fact]
    public async Task Process_NoLoginPermission_LogsRealReasonButNeverThePassword()
    {
        await PostAsync("sam", Password);
        await PostAsync("alex", "Tr0ub4dor&3");

        Assert.Contains(_logs.Lines, l => l.StartsWith("Information", StringComparison.Ordinal) && l.Contains("sam", StringComparison.Ordinal) && l.Contains("login", StringComparison.Ordinal));
        Assert.All(_logs.Lines, l => Assert.DoesNotContain(Password, l, StringComparison.Ordinal));
        Assert.All(_logs.Lines, l => Assert.DoesNotContain("Tr0ub4dor&3", l, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("login.fail")]
    [InlineData("user.account.locked")]
    [InlineData("login.rate.limited")]
    public async Task RenderPage_AfterKnownFailure_ModelCarriesThatKeyAndNoUsername(string key)
    {
        var view = await RenderAsync(LoginPage, ("authFailure", "true"), ("authFailureMsg", key));

        Assert.Equal(LoginPage, view!.Template);
        Assert.Equal(new LoginPageModel(key), view.Model);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("some.other.key")]
    [InlineData("login.title")]
    [InlineData("")]
    public async Task RenderPage_UnknownFailureKey_ModelCarriesGenericKeyNeverTheRawText(string key)
    {
        var view = await RenderAsync(LoginPage, ("authFailure", "true"), ("authFailureMsg", key));

        var model = Assert.IsType<LoginPageModel>(view!.Model);
        Assert.Equal("error.generic", model.ErrorKey);
    }

    [Fact]
    public async Task RenderPage_FailureWithoutKey_ModelCarriesGenericKey()
    {
        var view = await RenderAsync(LoginPage, ("authFailure", "true"));

        Assert.Equal(new LoginPageModel("error.generic"), view!.Model);
    }

    [Fact]
    public async Task RenderPage_FirstVisit_HasNoErrorKey()
    {
        var view = await RenderAsync(LoginPage);

        Assert.Equal(new LoginPageModel(null), view!.Model);
    }

    [Fact]
    public async Task RenderPage_WithLoginHint_ModelCarriesItForTheUsernameField()
    {
        var context = new AuthenticationStepContext
        {
            SessionDataKey = "sdk-1",
            ServiceProvider = "pickup-dispatch",
            StepNumber = 1,
            State = new Dictionary<string, string>(),
            LoginHint = "alex",
        };

        var view = await InRequest(a => a.RenderPageAsync(context, new PageRequest { Template = LoginPage, Query = new Dictionary<string, string>() }, CancellationToken.None));

        Assert.Equal(new LoginPageModel(null, "alex"), view!.Model);
    }

    [Fact]
    public async Task RenderPage_NotTheLoginPage_ReturnsNull()
    {
        Assert.Null(await RenderAsync("smsotpauthenticationendpoint/smsotp"));
    }

    [Fact]
    public void Configure_AnyParameter_RejectedAsUnknown()
    {
        var table = Parameters.Of(("ShowCaptcha", true));

        _factory.Configure(table);

        var error = Assert.Single(table.Errors);
        Assert.Contains("ShowCaptcha", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_EmptyTable_NoErrors()
    {
        var table = Parameters.Of();

        _factory.Configure(table);

        Assert.Empty(table.Errors);
    }

    [Fact]
    public void ValidateIdentityProvider_AnyIdentityProvider_RejectedBecauseBasicIsLocal()
    {
        var idp = new IdentityProviderSettings { Name = "Corp", Properties = Parameters.Of(("enable", true)) };

        _factory.ValidateIdentityProvider(idp);

        Assert.Contains("local authenticator", Assert.Single(idp.Properties.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factory_Description_MatchesContract()
    {
        var attribute = (PickupPluginAttribute)Assert.Single(typeof(BasicPlugin).Assembly.GetCustomAttributes(typeof(PickupPluginAttribute), false));

        Assert.Equal("basic", _factory.Id);
        Assert.Equal("Username and password", _factory.DisplayName);
        Assert.Equal([LoginPage], _factory.Templates);
        var page = Assert.Single(_factory.Pages);
        Assert.Equal((LoginPage, typeof(LoginPageModel)), (page.Template, page.ModelType));
        Assert.Equal(["basic"], attribute.Authenticators);
        Assert.Equal(typeof(BasicPlugin), attribute.StartupType);
    }

    private Task<AuthenticatorResult> PostAsync(string username, string password) =>
        InRequest(a => a.ProcessAsync(
            _context,
            new Dictionary<string, string> { ["username"] = username, ["password"] = password },
            CancellationToken.None));

    private Task<PageView?> RenderAsync(string template, params (string Key, string Value)[] query) =>
        InRequest(a => a.RenderPageAsync(_context, new PageRequest { Template = template, Query = query.ToDictionary(q => q.Key, q => q.Value) }, CancellationToken.None));

    private async Task<T> InRequest<T>(Func<IAuthenticator, Task<T>> action)
    {
        await using var scope = _services.CreateAsyncScope();
        return await action(_factory.Create(scope.ServiceProvider));
    }
}
