using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Configuration;
using Pickup.Abstractions.Pages;
using Pickup.Core.Flow;
using Pickup.Core.Templates;

namespace Pickup.Core.Tests.Flow;

/// <summary>
/// A page an authenticator builds with a model of another type than it declared for that template is refused before it
/// is rendered: the start-up check of the template's variables held for the declared type only.
/// </summary>
public sealed class PageModelCheckTests : IDisposable
{
    private readonly List<ServiceProvider> _services = [];

    public void Dispose()
    {
        foreach (var services in _services)
        {
            services.Dispose();
        }
    }

    [Fact]
    public async Task RenderAsync_ModelOfAnotherTypeThanDeclared_RefusedNamingPluginTemplateAndBothTypes()
    {
        var render = await FirstPageOfTwoStepAsync(PageDeclaration.For<DeclaredPinModel>(PasswordAuthenticatorFactory.Template));

        var error = await Assert.ThrowsAsync<TemplateException>(render);

        Assert.Equal(
            $"authenticator 'password' (plugin Pickup.Core.Tests) built the page '{PasswordAuthenticatorFactory.Template}' with a model of type "
            + $"{typeof(TestPageModel).FullName}, but declares {typeof(DeclaredPinModel).FullName} for it (IAuthenticatorFactory.Pages); the page was not rendered",
            error.Message);
    }

    [Fact]
    public async Task RenderAsync_ModelOfTheDeclaredType_Rendered()
    {
        var render = await FirstPageOfTwoStepAsync(PageDeclaration.For<TestPageModel>(PasswordAuthenticatorFactory.Template));

        var view = await render();

        Assert.IsType<TestPageModel>(view!.Model);
    }

    [Fact]
    public async Task RenderAsync_ModelDerivedFromTheDeclaredType_Rendered()
    {
        // Every member the start-up check allowed is there: a derived model only adds to them.
        var render = await FirstPageOfTwoStepAsync(PageDeclaration.For<object>(PasswordAuthenticatorFactory.Template));

        var view = await render();

        Assert.IsType<TestPageModel>(view!.Model);
    }

    [Fact]
    public async Task RenderAsync_DeclarationOfAnotherPageOnly_NotChecked()
    {
        var render = await FirstPageOfTwoStepAsync(PageDeclaration.For<DeclaredPinModel>(TestAuthenticatorFactory.ErrorTemplate));

        var view = await render();

        Assert.IsType<TestPageModel>(view!.Model);
    }

    /// <summary>An engine whose password factor declares <paramref name="pages"/>, and the GET of its login page.</summary>
    private async Task<Func<Task<PageView?>>> FirstPageOfTwoStepAsync(params PageDeclaration[] pages)
    {
        IAuthenticatorFactory[] factories = [new DeclaringFactory(new PasswordAuthenticatorFactory(), pages), new CodeAuthenticatorFactory(), new IdentifyBobFactory(), new FailingFactory(), new DecliningFactory()];
        var collection = new ServiceCollection().AddMetrics();
        foreach (var factory in factories)
        {
            collection.AddSingleton(factory);
        }

        var services = collection.BuildServiceProvider();
        _services.Add(services);
        var configuration = FlowConfiguration.Load();
        var registry = new AuthenticatorRegistry(configuration, factories);
        Assert.Empty(registry.Initialize(_ => true));
        var flow = new LoginFlow(registry, new InMemoryLoginAttemptStore(TimeProvider.System), TimeProvider.System, NullLogger<LoginFlow>.Instance, services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), new RecordingAuditLog());
        var cookie = BrowserBinding.NewValue();
        var start = await flow.StartAsync(
            registry.FindByName(FlowConfiguration.TwoStep)!,
            new Dictionary<string, string> { ["client_id"] = FlowConfiguration.TwoStep, ["state"] = "xyz" },
            cookie,
            services,
            "192.0.2.10",
            CancellationToken.None);
        var (template, query) = FlowHarness.Split(start.Location!);
        Assert.Equal(PasswordAuthenticatorFactory.Template, template);
        return () => flow.RenderAsync(template, query, cookie, services, "192.0.2.10", CancellationToken.None);
    }

    private sealed class DeclaredPinModel
    {
        public string Pin { get; init; } = string.Empty;
    }

    /// <summary>A factor as it is, plus the page models it declares.</summary>
    private sealed class DeclaringFactory(IAuthenticatorFactory inner, IReadOnlyCollection<PageDeclaration> pages) : IAuthenticatorFactory
    {
        public string Id => inner.Id;

        public string DisplayName => inner.DisplayName;

        public string AuthenticationMethod => inner.AuthenticationMethod;

        public IReadOnlyCollection<string> Templates => inner.Templates;

        public IReadOnlyCollection<PageDeclaration> Pages => pages;

        public void Configure(PluginParameters parameters) => inner.Configure(parameters);

        public void ValidateIdentityProvider(IdentityProviderSettings identityProvider) => inner.ValidateIdentityProvider(identityProvider);

        public IAuthenticator Create(IServiceProvider requestServices) => inner.Create(requestServices);
    }
}
