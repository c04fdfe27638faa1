using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Configuration;
using Pickup.Abstractions.Pages;
using Pickup.Abstractions.Plugins;
using Pickup.TestPlugins.Confirm;

[assembly: PickupPlugin(typeof(ConfirmPlugin), Authenticators = ["confirm"])]

namespace Pickup.TestPlugins.Confirm;

/// <summary>Registers the confirm factor.</summary>
public sealed class ConfirmPlugin : IPickupPlugin
{
    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services) =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthenticatorFactory, ConfirmAuthenticatorFactory>());
}

/// <summary>A factor that asks the user to press Confirm; its prompt comes from its parameters.</summary>
public sealed class ConfirmAuthenticatorFactory : IAuthenticatorFactory
{
    internal const string Template = "confirmendpoint/confirm";

    private string _prompt = "Confirm it is you";
    private bool _undeclaredModel;

    /// <inheritdoc />
    public string Id => "confirm";

    /// <inheritdoc />
    public string DisplayName => "Confirm";

    /// <inheritdoc />
    public IReadOnlyCollection<string> Templates => [Template];

    /// <inheritdoc />
    public IReadOnlyCollection<PageDeclaration> Pages => [PageDeclaration.For<ConfirmPageModel>(Template)];

    /// <inheritdoc />
    public void Configure(PluginParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _prompt = parameters.GetString("Prompt", _prompt);
        // A factor built wrong, for the engine's check: it hands its page another model than the one it declares.
        _undeclaredModel = parameters.GetBoolean("UndeclaredModel", false);
        parameters.RejectUnknownKeys(["Prompt", "UndeclaredModel"]);
    }

    /// <inheritdoc />
    public void ValidateIdentityProvider(IdentityProviderSettings identityProvider)
    {
    }

    /// <inheritdoc />
    public IAuthenticator Create(IServiceProvider requestServices) => new ConfirmAuthenticator(_prompt, _undeclaredModel);
}

/// <summary>Per request.</summary>
internal sealed class ConfirmAuthenticator(string prompt, bool undeclaredModel) : IAuthenticator
{
    public Task<AuthenticatorResult> InitiateAsync(AuthenticationStepContext context, CancellationToken cancellationToken) =>
        Task.FromResult(AuthenticatorResult.ShowPage(ConfirmAuthenticatorFactory.Template));

    public Task<AuthenticatorResult> ProcessAsync(AuthenticationStepContext context, IReadOnlyDictionary<string, string> form, CancellationToken cancellationToken) =>
        Task.FromResult(form.GetValueOrDefault("confirm") == "yes"
            ? AuthenticatorResult.Success()
            : AuthenticatorResult.Retry(ConfirmAuthenticatorFactory.Template, "confirm.required"));

    public Task<PageView?> RenderPageAsync(AuthenticationStepContext context, PageRequest page, CancellationToken cancellationToken) =>
        Task.FromResult<PageView?>(page.Template == ConfirmAuthenticatorFactory.Template
            ? new PageView(page.Template, undeclaredModel ? new { Prompt = prompt, Failed = false } : new ConfirmPageModel(prompt, page.Query.ContainsKey("authFailure")))
            : null);
}

/// <summary>The confirm page's model.</summary>
/// <param name="Prompt">What to ask.</param>
/// <param name="Failed">True after a post without confirmation.</param>
public sealed record ConfirmPageModel(string Prompt, bool Failed);
