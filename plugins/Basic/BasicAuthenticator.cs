using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Pages;
using Pickup.Abstractions.Users;
using Pickup.Plugins.Basic.Login;

namespace Pickup.Plugins.Basic;

/// <summary>Per request: shows the login page and checks the posted username and password.</summary>
public sealed class BasicAuthenticator : IAuthenticator
{
    // Far above any real name or passphrase; stops a client from making the directory hash megabytes of input.
    private const int MaxUsernameLength = 256;
    private const int MaxPasswordLength = 1024;

    private readonly IServiceProvider _requestServices;
    private readonly ILogger _logger;

    /// <summary>Creates the authenticator for one request.</summary>
    /// <param name="requestServices">The request's services; <see cref="IUserDirectory"/> is resolved from them.</param>
    public BasicAuthenticator(IServiceProvider requestServices)
    {
        ArgumentNullException.ThrowIfNull(requestServices);
        _requestServices = requestServices;
        _logger = requestServices.GetService<ILogger<BasicAuthenticator>>() ?? NullLogger<BasicAuthenticator>.Instance;
    }

    /// <inheritdoc />
    public Task<AuthenticatorResult> InitiateAsync(AuthenticationStepContext context, CancellationToken cancellationToken) =>
        Task.FromResult(AuthenticatorResult.ShowPage(LoginPage.Template));

    /// <inheritdoc />
    public async Task<AuthenticatorResult> ProcessAsync(
        AuthenticationStepContext context,
        IReadOnlyDictionary<string, string> form,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(form);

        // Phone keyboards add a trailing space after a suggested word; a username never has outer spaces.
        var username = form.GetValueOrDefault(LoginPage.UsernameField)?.Trim() ?? string.Empty;
        var password = form.GetValueOrDefault(LoginPage.PasswordField) ?? string.Empty;
        if (username.Length == 0 || password.Length == 0
            || username.Length > MaxUsernameLength || password.Length > MaxPasswordLength)
        {
            _logger.LogInformation("Sign-in refused for attempt {Attempt}: username or password empty or too long", context.AttemptLogId);
            return Failed();
        }

        var directory = _requestServices.GetRequiredService<IUserDirectory>();
        var check = await directory.VerifyPasswordAsync(username, password, cancellationToken);
        if (check.Status == PasswordCheckStatus.Locked)
        {
            // The store answers Locked only to the right password of a locked account (a wrong one is Failed like
            // any other), so only someone who knows the password learns that the account is locked.
            _logger.LogInformation("Sign-in refused for attempt {Attempt}: the account is locked out", context.AttemptLogId);
            return AuthenticatorResult.Retry(LoginPage.Template, LoginPage.AccountLocked);
        }

        if (check.Status != PasswordCheckStatus.Succeeded || check.User is null)
        {
            // Never the typed name: drivers type passwords into the username box, and it may carry line breaks.
            _logger.LogInformation("Sign-in refused for attempt {Attempt}: unknown user or wrong password", context.AttemptLogId);
            return Failed();
        }

        if (!check.User.Permissions.Contains(DirectoryUser.LoginPermission))
        {
            _logger.LogInformation("Sign-in refused for {Username}: no role grants the '{Permission}' permission", check.User.Username, DirectoryUser.LoginPermission);
            return Failed();
        }

        _logger.LogInformation("Password accepted for {Username}", check.User.Username);
        return AuthenticatorResult.Success(new AuthenticatedUser { UserId = check.User.Id, Username = check.User.Username });
    }

    /// <inheritdoc />
    public Task<PageView?> RenderPageAsync(AuthenticationStepContext context, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(page);
        if (!string.Equals(page.Template, LoginPage.Template, StringComparison.Ordinal))
        {
            return Task.FromResult<PageView?>(null);
        }

        return Task.FromResult<PageView?>(new PageView(LoginPage.Template, new LoginPageModel(LoginMessages.ForQuery(page.Query), context.LoginHint)));
    }

    private static AuthenticatorResult Failed() => AuthenticatorResult.Retry(LoginPage.Template, LoginPage.LoginFailed);
}
