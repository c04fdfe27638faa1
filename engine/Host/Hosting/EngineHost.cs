using System.Diagnostics.Metrics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pickup.Abstractions.Auditing;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Configuration;
using Pickup.Abstractions.Hosting;
using Pickup.Abstractions.Security;
using Pickup.Core.Auditing;
using Pickup.Core.Configuration;
using Pickup.Core.Flow;
using Pickup.Core.Hosting;
using Pickup.Core.Plugins;
using Pickup.Core.Security;
using Pickup.Core.Sessions;
using Pickup.Core.Templates;
using Pickup.Data;
using Pickup.Data.Keys;
using Pickup.Data.Users;
using Pickup.Host.Endpoints;
using Pickup.Host.Http;
using Pickup.Host.Oidc;
using StackExchange.Redis;

namespace Pickup.Host.Hosting;

/// <summary>Builds the engine from a home: configuration, plugins, database, OpenID Connect, endpoints.</summary>
public static class EngineHost
{
    /// <summary>
    /// Loads and validates everything; on success returns a ready (not yet running) engine whose database and
    /// clients are initialised. Never throws for an administrator's mistake: those come back as errors.
    /// </summary>
    /// <param name="options">Home and installation.</param>
    /// <param name="initializeStorage">False for <c>config check</c>: validate only, write nothing.</param>
    /// <param name="cancellationToken">Stops start-up.</param>
    public static async Task<EngineBuildResult> BuildAsync(EngineOptions options, bool initializeStorage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        // The plugins first: the tables of deployment.toml they declared as theirs are theirs to validate.
        var catalog = PluginCatalog.Open(options.PluginDirectories);
        var contributions = PluginContributionRegistry.Collect(catalog);
        var loaded = ConfigurationLoader.Load(options.HomeDirectory, options.Environment, [.. contributions.ConfigurationSections.Select(c => c.Value)]);
        if (loaded.Configuration is not { } configuration)
        {
            catalog.Dispose();
            return new EngineBuildResult(null, loaded.Errors);
        }

        // Every problem of every file in one run: a mistake in one table must not hide another's. Past a problem the
        // engine is only built to validate the rest (the plugins' parameters, the pages), never started.
        var problems = new List<ConfigurationError>(loaded.Errors);
        var (plugins, pluginErrors) = PluginSelection.Select(configuration, catalog);
        problems.AddRange(pluginErrors);
        problems.AddRange(contributions.Errors);
        var certificate = LoadCertificate(configuration.Deployment.Server, options.HomeDirectory, out var certificateError);
        if (certificateError is not null)
        {
            problems.Add(certificateError);
        }

        if (problems.Count > 0)
        {
            // The deployment's own values may be the broken ones: validate the rest with the defaults, write nothing.
            initializeStorage = false;
            configuration = ValidationOnly(configuration);
            certificate = null;
        }

        var server = configuration.Deployment.Server;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // The installation, not the home: the host watches its content root for file changes, and the home's
            // data/ changes on every login (SQLite's files).
            ContentRootPath = options.InstallDirectory,
            ApplicationName = typeof(EngineHost).Assembly.GetName().Name,
            Args = [],
        });
        // With a certificate the engine serves TLS itself; without one (or with http) it listens on plain http and
        // https, if configured, ends in front of it.
        // The management listener ([server] management_port) is always plain http: /metrics and the health probes only.
        var urls = $"{(certificate is null ? "http" : "https")}://{FormatHost(server.Bind)}:{server.Port}";
        if (server.ManagementPort > 0)
        {
            urls += $";http://{FormatHost(server.ManagementBind)}:{server.ManagementPort}";
        }

        builder.WebHost.UseUrls(urls);
        if (certificate is not null)
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
        }

        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        // Framework chatter (every SQL statement, every request) would drown the lines an admin needs.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.Logging.AddFilter("OpenIddict", LogLevel.Warning);
        // A forged form is answered with a page and counted by the rate limit; at Error it would let anyone flood the log.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Antiforgery", LogLevel.Critical);

        var services = builder.Services;
        services.AddSingleton(configuration);
        services.AddSingleton(configuration.Deployment);
        services.AddSingleton<IPluginCatalog>(catalog);
        services.AddSingleton(contributions);
        // Filled once the engine is built; the plugins' tables and the steps follow it from then on (live reloads).
        var live = new StrongBox<LiveConfiguration?>();
        services.TryAddSingleton<IDeploymentSections>(new DeploymentSections(() => live.Value?.Current.Configuration ?? configuration));
        services.AddSingleton(_ => live.Value ?? throw new InvalidOperationException("The engine is not built yet."));
        services.TryAddSingleton<IAuditTrail, AuditTrail>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new UniqueClaims(configuration.ServiceProviders.Select(s => s.SubjectClaimUri), contributions.ClaimRules.Select(r => r.Value)));
        services.AddSingleton(configuration.Deployment.Session);
        services.AddPickupData(configuration.Deployment.Database, configuration.Deployment.Security.PasswordHash, options.HomeDirectory, configuration.Deployment.Security.LoginLimits);
        // Every outbound TLS connection trusts the system roots plus <home>/conf/security (pickup truststore).
        services.AddPickupTrustStore(options.HomeDirectory);
        // IHttpClientFactory's own logging writes four lines per outbound request (start, send, receive, end) and opens a
        // logging scope per request; the provider plugin logs the outcome that matters, with its secrets masked.
        services.ConfigureHttpClientDefaults(client => client.RemoveAllLoggers());
        if (options.Console is { } console)
        {
            services.Replace(ServiceDescriptor.Singleton<TextWriter>(console));
        }

        services.TryAddSingleton<IServerEnvironment>(provider => new ServerEnvironment(
            configuration.DataDirectory,
            IsLoopback(server.Bind),
            provider.GetService<TextWriter>() ?? Console.Out));

        // The server's keys live in the database, shared by every node (a home's data/keys/ files from before are
        // imported once); config check writes nothing, so it gets throw-away ones.
        var encryption = ServerKeyEncryption.From(configuration.Deployment.Security);
        services.AddSingleton(encryption);
        ServerKeySet keys;
        try
        {
            using var keyLogs = LoggerFactory.Create(b => b.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            }).AddFilter("Microsoft", LogLevel.Warning));
            keys = initializeStorage
                ? await ServerKeySet.LoadAsync(configuration, options.HomeDirectory, encryption, keyLogs, cancellationToken)
                : ServerKeySet.CreateEphemeral();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            catalog.Dispose();
            var file = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(options.HomeDirectory, "conf", "deployment.toml"));
            return new EngineBuildResult(null, [new ConfigurationError(new SourceLocation(file, 1, 1), $"the server's keys could not be read or created: {ex.Message}")]);
        }

        var secrets = keys.Secrets;
        services.AddSingleton<IServerSecrets>(secrets);

        var registrationErrors = new List<ConfigurationError>();
        foreach (var plugin in plugins)
        {
            try
            {
                catalog.CreateStartup(plugin).ConfigureServices(services);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A plugin's bug is an admin's start-up message, not a stack trace.
                registrationErrors.Add(new ConfigurationError(
                    PluginSelection.LocationOf(plugin, configuration),
                    $"plugin {plugin.Name} failed while registering its services: {ex.GetType().Name}: {ex.Message}"));
            }
        }

        if (registrationErrors.Count > 0)
        {
            // A plugin that failed half-way may have left its authenticators without their services: stop here.
            catalog.Dispose();
            return new EngineBuildResult(null, ConfigurationLoader.Sort([.. problems, .. registrationErrors]));
        }

        // Login attempts, their gates, send counters and the anti-forgery keys: in memory (one node) or in Redis.
        // A Redis server's TLS certificate is checked as every outbound one: the system roots plus the trust store.
        var redisTls = new LastWarningLogger<TrustStoreCertificateValidator>();
        var redisCertificates = new TrustStoreCertificateValidator(new TrustStore(options.HomeDirectory).Load(), options.HomeDirectory, redisTls);
        try
        {
            services.AddPickupSessionStore(configuration.Deployment.Session, secrets, redisCertificates.Validate);
        }
        catch (RedisConnectionException ex)
        {
            catalog.Dispose();
            var file = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(options.HomeDirectory, "conf", "deployment.toml"));
            var connection = configuration.Deployment.Session.Connection;
            var tls = redisTls.Last is { } refusal ? $" ({RedisConnectionString.Mask(refusal, connection)})" : string.Empty;
            return new EngineBuildResult(null, [.. problems, new ConfigurationError(
                new SourceLocation(file, 1, 1),
                $"[session] store = \"redis\": could not connect to {RedisConnectionString.Mask(connection)}: {RedisConnectionString.Mask(ex.Message, connection)}{tls}")]);
        }

        // The admin's theme first, then the installation's pages, then a plugin's own pages (an endpoints/ folder
        // beside its assembly): the first folder holding a template or text wins.
        var pageRoots = plugins.Select(p => PageRoot.Plugin(p.Name, Path.Combine(Path.GetDirectoryName(p.AssemblyPath)!, "endpoints")))
            .Prepend(PageRoot.Installation(options.EndpointsDirectory));
        if (configuration.ThemeDirectory is { } theme)
        {
            pageRoots = pageRoots.Prepend(PageRoot.Theme(theme));
        }

        // The registry and the renderer belong to a configuration: each request takes the current one.
        var startRenderer = new TemplateRenderer(pageRoots);
        services.AddTransient(provider => provider.GetRequiredService<LiveConfiguration>().Current.Renderer!);
        services.AddTransient(provider => provider.GetRequiredService<LiveConfiguration>().Current.Registry);
        var factoryRegistrations = services.Where(d => d.ServiceType == typeof(IAuthenticatorFactory) && !d.IsKeyedService).ToList();
        services.AddSingleton(new ReloadSources(
            options,
            configuration,
            catalog,
            contributions,
            plugins,
            factoryRegistrations,
            [.. startRenderer.Roots],
            configuration.ServiceProviders.Select(s => s.SubjectClaimUri).ToHashSet(StringComparer.Ordinal)));
        services.AddSingleton<ConfigurationReloader>();
        services.AddHostedService(provider => provider.GetRequiredService<ConfigurationReloader>());
        services.AddMetrics();
        Monitoring.AddMonitoring(services, configuration.Deployment);
        services.AddSingleton(provider => new LoginFlow(
            provider.GetRequiredService<LiveConfiguration>(),
            provider.GetRequiredService<ILoginAttemptStore>(),
            provider.GetRequiredService<IAttemptGate>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<LoginFlow>>(),
            provider.GetRequiredService<IMeterFactory>(),
            provider.GetRequiredService<IAuditLog>()));
        services.AddScoped<SingleSignOn>();
        services.AddScoped<PageResults>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "pickup.antiforgery";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddRouting();
        services.Configure<ForwardedHeadersOptions>(o => TrustProxies(o, server.TrustedProxies));
        services.Configure<Microsoft.AspNetCore.Routing.RouteOptions>(o => o.SetParameterPolicy<Microsoft.AspNetCore.Routing.Constraints.RegexInlineRouteConstraint>("regex"));
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(
            o => o.XmlRepository = new DatabaseXmlRepository(provider.GetRequiredService<ServerKeyStore>())));
        services.AddPickupOidc(configuration, keys);
        options.ConfigureServices?.Invoke(services);

        var app = builder.Build();
        var startSources = app.Services.GetRequiredService<ReloadSources>();
        var registry = new AuthenticatorRegistry(configuration, app.Services.GetServices<IAuthenticatorFactory>());
        var renderer = startRenderer;
        live.Value = new LiveConfiguration(
            new ConfigurationGeneration(
                await ConfigurationAudit.TotalFingerprintAsync(startSources.WatchedDirectories(configuration), cancellationToken),
                registry,
                renderer),
            app.Services.GetRequiredService<TimeProvider>());
        // A key naming an id no plugin provides was reported by the selection; what else is said there follows from it.
        problems.AddRange(PluginSelection.Unreported(registry.Initialize(renderer.Exists), pluginErrors));
        // Served as validated: a later edit is a reload's to check, never read by this configuration's pages.
        problems.AddRange(renderer.ValidateAll(EnginePages.Declared.Concat(registry.Pages)));
        if (problems.Count > 0)
        {
            await app.DisposeAsync();
            return new EngineBuildResult(null, ConfigurationLoader.Sort(problems));
        }

        var warnings = SubjectClaimWarnings.Find(configuration, registry).Concat(registry.PageWarnings).ToList();
        if (Monitoring.BindWarning(server) is { } bindWarning)
        {
            warnings.Add(new ConfigurationError(
                new SourceLocation(Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(options.HomeDirectory, "conf", "deployment.toml")), 1, 1),
                bindWarning));
        }
        if (initializeStorage)
        {
            await app.Services.InitializeDatabaseAsync(cancellationToken);
            var shared = await app.Services.EnforceUniqueClaimsAsync(cancellationToken);
            if (shared.Count > 0)
            {
                await app.DisposeAsync();
                return new EngineBuildResult(null, [.. shared.Select(s => new ConfigurationError(UniqueClaimLocation(configuration, s.ClaimUri, options.HomeDirectory), s.ToString()))]);
            }

            await ClientSynchronizer.SynchronizeAsync(app.Services, configuration.ServiceProviders, cancellationToken);

            // config.loaded: the conf files' fingerprint, and what changed since the previous start of any node.
            await ConfigurationAudit.RecordLoadAsync(app.Services.GetRequiredService<IAuditLog>(), Path.Combine(options.HomeDirectory, "conf"), cancellationToken);
        }

        if (configuration.Deployment.Security.PasswordHash.InsecureBenchmarkOnly)
        {
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Pickup.Security").LogCritical(
                "[security.password_hash] insecure_benchmark_only = true: passwords are hashed with memory_kib = {MemoryKib}, "
                + "cheap to brute-force. This setting is for benchmarks only; remove it before any real user signs in.",
                configuration.Deployment.Security.PasswordHash.MemoryKib);
        }

        // config check prints them itself; a server says them once in its log.
        if (initializeStorage)
        {
            var startupLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Pickup.Configuration");
            foreach (var warning in warnings)
            {
                startupLog.LogWarning("{Location}: {Warning}", warning.Location, warning.Message);
            }
        }

        MapEndpoints(app, options);
        return new EngineBuildResult(app, []) { Warnings = warnings };
    }

    // The configuration with deployment.toml's engine tables at their defaults (the theme kept: it decides which pages
    // exist): enough to have every plugin read its parameters when some engine value is broken, and nothing connects.
    private static PickupConfiguration ValidationOnly(PickupConfiguration configuration) => new()
    {
        HomeDirectory = configuration.HomeDirectory,
        Deployment = new DeploymentOptions { Ui = configuration.Deployment.Ui },
        Authenticators = configuration.Authenticators,
        IdentityProviders = configuration.IdentityProviders,
        ServiceProviders = configuration.ServiceProviders,
        PluginSections = configuration.PluginSections,
    };

    // Where a unique claim comes from: the first service provider taking its sub from it, else deployment.toml (a claim a plugin's rule makes unique).
    private static SourceLocation UniqueClaimLocation(PickupConfiguration configuration, string claimUri, string home) =>
        configuration.ServiceProviders.FirstOrDefault(s => s.SubjectClaimUri == claimUri) is { } serviceProvider
            ? serviceProvider.SubjectClaimUriLocation ?? serviceProvider.Location
            : new SourceLocation(Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(home, "conf", "deployment.toml")), 1, 1);

    private static void MapEndpoints(WebApplication app, EngineOptions options)
    {
        // Every absolute URL the engine makes (discovery, redirects, cookies' Secure flag) comes from the configured
        // issuer, never from the Host header a client chose.
        var server = app.Services.GetRequiredService<PickupConfiguration>().Deployment.Server;
        var issuer = server.Issuer;

        // Before anything looks at the request: the management listener's requests never reach the login pipeline.
        Monitoring.UseManagementListener(app, server);
        app.Use((http, next) =>
        {
            http.Request.Scheme = issuer.Scheme;
            http.Request.Host = new HostString(issuer.Authority);
            return next(http);
        });
        app.UseForwardedHeaders();
        app.UseFriendlyErrors();
        app.UseStaticPageFiles(options.EndpointsDirectory, app.Services.GetRequiredService<TemplateRenderer>().Roots);
        app.UseRouting();
        app.UseAuthentication();
        app.MapGet("/health", () => Results.Text("ok"));
        Monitoring.MapHealthProbes(app);
        app.MapGet("/", () => Results.Text("Pickup Auth Engine"));
        app.MapLoginEndpoints();
        app.MapOidcEndpoints();
    }

    private static X509Certificate2? LoadCertificate(ServerOptions server, string home, out ConfigurationError? error)
    {
        error = null;
        if (server.Scheme != "https" || string.IsNullOrEmpty(server.Certificate) || string.IsNullOrEmpty(server.CertificateKey))
        {
            return null;
        }

        var certificatePath = Path.GetFullPath(Path.Combine(home, server.Certificate));
        try
        {
            return X509Certificate2.CreateFromPemFile(certificatePath, Path.GetFullPath(Path.Combine(home, server.CertificateKey)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            var file = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(home, "conf", "deployment.toml"));
            error = new ConfigurationError(
                new SourceLocation(file, 1, 1),
                $"[server] certificate \"{server.Certificate}\" with certificate_key \"{server.CertificateKey}\" could not be loaded: {ex.Message}");
            return null;
        }
    }

    // Only X-Forwarded-For, and only from the listed proxies: the scheme and host come from the issuer, never a header.
    private static void TrustProxies(ForwardedHeadersOptions options, IList<string> proxies)
    {
        // Empty lists would mean "trust every proxy" to the middleware: with none configured, read no header at all.
        options.ForwardedHeaders = proxies.Count == 0 ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor;
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var proxy in proxies)
        {
            if (IPAddress.TryParse(proxy, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
            }
        }
    }

    /// <summary>True for 127.0.0.0/8, ::1 and "localhost".</summary>
    public static bool IsLoopback(string bind) =>
        bind == "localhost" || (IPAddress.TryParse(bind, out var address) && IPAddress.IsLoopback(address));

    private static string FormatHost(string bind) =>
        IPAddress.TryParse(bind, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{bind}]"
            : bind;
}
