using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Configuration;
using Pickup.Abstractions.Pages;
using Pickup.Core.Configuration;
using Pickup.Core.Templates;

namespace Pickup.Core.Flow;

/// <summary>
/// Ties the configuration to the loaded authenticator factories: configures each enabled authenticator once,
/// validates identity providers, and resolves every step option of every service provider up front.
/// Once per server.
/// </summary>
public sealed class AuthenticatorRegistry
{
    private readonly PickupConfiguration _configuration;
    private readonly Dictionary<string, IAuthenticatorFactory> _factories;
    private readonly Dictionary<StepOptionConfig, ResolvedOption> _resolved = [];
    private readonly Dictionary<string, ServiceProviderConfig> _byClientId;
    private readonly List<DeclaredPage> _pages = [];
    private readonly Dictionary<(string Authenticator, string Template), Type> _declaredModels = [];
    private readonly List<ConfigurationError> _pageWarnings = [];

    /// <summary>Creates the registry; call <see cref="Initialize"/> before use.</summary>
    public AuthenticatorRegistry(PickupConfiguration configuration, IEnumerable<IAuthenticatorFactory> factories)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _configuration = configuration;
        _factories = factories
            .GroupBy(f => f.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _byClientId = configuration.ServiceProviders.ToDictionary(s => s.Oidc.ClientId, StringComparer.Ordinal);
    }

    /// <summary>The configuration this registry was made from.</summary>
    public PickupConfiguration Configuration => _configuration;

    /// <summary>The loaded factories, by id.</summary>
    public IReadOnlyCollection<IAuthenticatorFactory> Factories => _factories.Values;

    /// <summary>The service providers, by OIDC client id.</summary>
    public ServiceProviderConfig? FindByClientId(string clientId) => _byClientId.GetValueOrDefault(clientId);

    /// <summary>The service provider with this <c>name</c>.</summary>
    public ServiceProviderConfig? FindByName(string name) =>
        _configuration.ServiceProviders.FirstOrDefault(s => s.Name == name);

    /// <summary>The loaded factory with this <see cref="IAuthenticatorFactory.Id"/>, or null.</summary>
    public IAuthenticatorFactory? FindFactory(string id) => _factories.GetValueOrDefault(id);

    /// <summary>The factory and identity provider an option stands for (after <see cref="Initialize"/>).</summary>
    public ResolvedOption Resolve(StepOptionConfig option) => _resolved[option];

    /// <summary>The factory and identity provider an option stands for, when the option is this registry's.</summary>
    public bool TryResolve(StepOptionConfig option, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out ResolvedOption resolved) =>
        _resolved.TryGetValue(option, out resolved);

    /// <summary>
    /// Configures every enabled authenticator, checks its templates exist, validates identity providers and
    /// resolves all step options. Returns every problem found; the server must not start unless it is empty.
    /// </summary>
    /// <param name="templateExists">Tells whether a template path exists under <c>endpoints/</c>.</param>
    public IReadOnlyList<ConfigurationError> Initialize(Func<string, bool> templateExists)
    {
        ArgumentNullException.ThrowIfNull(templateExists);
        var errors = new List<ConfigurationError>();
        foreach (var table in _configuration.Authenticators.Where(a => a.Enable))
        {
            if (!_factories.TryGetValue(table.Id, out var factory))
            {
                errors.Add(new ConfigurationError(
                    table.Location,
                    $"the plugin that declares authenticator '{table.Id}' registered no IAuthenticatorFactory with that id"));
                continue;
            }

            factory.Configure(table.Parameters);
            errors.AddRange(table.Parameters.Errors);
            foreach (var template in factory.Templates)
            {
                if (!PageRoutes.CanServe(template))
                {
                    errors.Add(new ConfigurationError(
                        table.Location,
                        $"authenticator '{table.Id}' uses the page template '{template}', which no URL can serve ({PageRoutes.Rule})"));
                }
                else if (!templateExists(template))
                {
                    errors.Add(new ConfigurationError(
                        table.Location,
                        $"authenticator '{table.Id}' uses the page template '{template}', which does not exist under endpoints/"));
                }
            }

            DeclarePages(table, factory);
        }

        var identityProviders = new Dictionary<string, IdentityProviderSettings>(StringComparer.Ordinal);
        foreach (var idp in _configuration.IdentityProviders)
        {
            foreach (var federated in idp.Federated.Where(f => f.Enable))
            {
                if (!_factories.TryGetValue(federated.AuthenticatorId, out var factory))
                {
                    continue; // The loader reports identity providers that name a disabled or unknown authenticator.
                }

                var settings = new IdentityProviderSettings { Name = idp.Name, Properties = federated.Properties };
                factory.ValidateIdentityProvider(settings);
                errors.AddRange(federated.Properties.Errors);
                if (federated.Default)
                {
                    identityProviders[idp.Name] = settings;
                }
            }
        }

        foreach (var option in _configuration.ServiceProviders.SelectMany(s => s.Steps).SelectMany(s => s.Options))
        {
            if (option.Authenticator is { } id && _factories.TryGetValue(id, out var local))
            {
                _resolved[option] = new ResolvedOption(local, null);
            }
            else if (option.IdentityProvider is { } name
                     && identityProviders.TryGetValue(name, out var settings)
                     && DefaultAuthenticatorOf(name) is { } federatedId
                     && _factories.TryGetValue(federatedId, out var federated))
            {
                _resolved[option] = new ResolvedOption(federated, settings);
            }
            else
            {
                errors.Add(new ConfigurationError(option.Location, "this step option names no enabled authenticator or identity provider"));
            }
        }

        return errors;
    }

    /// <summary>The pages of the enabled authenticators with the model each declared (after <see cref="Initialize"/>).</summary>
    public IReadOnlyList<DeclaredPage> Pages => _pages;

    /// <summary>
    /// A warning for each page an enabled authenticator renders without declaring its model (after
    /// <see cref="Initialize"/>): its variables are then checked only when a driver opens it.
    /// </summary>
    public IReadOnlyList<ConfigurationError> PageWarnings => _pageWarnings;

    /// <summary>
    /// Refuses a page an authenticator built with a model of another type than it declared for that template
    /// (<see cref="IAuthenticatorFactory.Pages"/>): the start-up check of the template's variables holds for the declared
    /// type only, so any other would fail (or show the wrong values) in front of a driver. A page declared with no model
    /// is not checked.
    /// </summary>
    /// <param name="factory">The authenticator that built the page.</param>
    /// <param name="view">What it returned, or null (nothing to check).</param>
    /// <returns><paramref name="view"/>.</returns>
    /// <exception cref="TemplateException">The model is not of the declared type; the message names the plugin, the template and both types.</exception>
    public PageView? CheckPageModel(IAuthenticatorFactory factory, PageView? view)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (view is null || !_declaredModels.TryGetValue((factory.Id, view.Template), out var declared) || declared.IsInstanceOfType(view.Model))
        {
            return view;
        }

        throw new TemplateException(
            $"authenticator '{factory.Id}' (plugin {factory.GetType().Assembly.GetName().Name}) built the page '{view.Template}' with a model of type "
            + $"{(view.Model is null ? "null" : Describe(view.Model.GetType()))}, but declares {Describe(declared)} for it (IAuthenticatorFactory.Pages); the page was not rendered");
    }

    // A generic type's FullName spells out every argument's assembly; the log needs only the names.
    private static string Describe(Type type) => type.IsGenericType && !type.IsGenericTypeDefinition
        ? $"{type.GetGenericTypeDefinition().FullName}[{string.Join(", ", type.GetGenericArguments().Select(Describe))}]"
        : type.FullName ?? type.Name;

    private void DeclarePages(AuthenticatorConfig table, IAuthenticatorFactory factory)
    {
        var declared = factory.Pages.ToDictionary(p => p.Template, StringComparer.Ordinal);
        foreach (var page in declared.Values)
        {
            _pages.Add(new DeclaredPage(page.Template, page.ModelType, $"authenticator '{table.Id}'"));
            _declaredModels[(table.Id, page.Template)] = page.ModelType;
        }

        foreach (var template in factory.Templates.Where(t => !declared.ContainsKey(t)))
        {
            _pageWarnings.Add(new ConfigurationError(
                table.Location,
                $"authenticator '{table.Id}' declares no page model for '{template}' (IAuthenticatorFactory.Pages), so its variables are not checked at start-up"));
        }
    }

    private string? DefaultAuthenticatorOf(string identityProvider) =>
        _configuration.IdentityProviders
            .FirstOrDefault(i => i.Name == identityProvider)?
            .Federated.FirstOrDefault(f => f.Enable && f.Default)?
            .AuthenticatorId;
}

/// <summary>A step option made concrete.</summary>
/// <param name="Factory">The authenticator's factory.</param>
/// <param name="IdentityProvider">The identity provider for <c>{ idp = ... }</c> options; null for local ones.</param>
public sealed record ResolvedOption(IAuthenticatorFactory Factory, IdentityProviderSettings? IdentityProvider)
{
    /// <summary>The <c>idp</c> value of the multi-option form: the identity provider's name, or <c>LOCAL</c>.</summary>
    public string IdpName => IdentityProvider?.Name ?? "LOCAL";

    /// <summary>What the multi-option page shows.</summary>
    public string DisplayName => IdentityProvider?.Name is { } name && name != Factory.DisplayName
        ? $"{Factory.DisplayName} ({name})"
        : Factory.DisplayName;
}
