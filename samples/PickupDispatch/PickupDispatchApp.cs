using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pickup.Samples.PickupDispatch.Authentication;
using Pickup.Samples.PickupDispatch.Bookings;
using Pickup.Samples.PickupDispatch.Configuration;
using Pickup.Samples.PickupDispatch.SignOuts;

namespace Pickup.Samples.PickupDispatch;

/// <summary>
/// Builds the Pickup Dispatch app: the drivers' booking site under <c>/pickup-dispatch</c>,
/// logging in through the engine over OpenID Connect.
/// </summary>
public static class PickupDispatchApp
{
    /// <summary>The path base every page is served under, unless <c>App:PathBase</c> names another.</summary>
    public const string PathBase = "/pickup-dispatch";

    /// <summary>
    /// Builds the app, ready to <c>Run</c> or <c>StartAsync</c>. Listens where <c>ASPNETCORE_URLS</c>
    /// (or <c>--urls</c>) says; reads the <c>App</c>, <c>Oidc</c> and <c>Bookings</c> configuration sections.
    /// </summary>
    /// <param name="args">Command-line arguments, bound as configuration.</param>
    /// <param name="configure">
    /// Runs before any service is registered, so a test can choose URLs, settings and environment
    /// (for example <c>builder.Configuration["Oidc:Authority"] = ...</c>).
    /// </param>
    /// <exception cref="InvalidOperationException">The <c>App</c>, <c>Oidc</c> or <c>Bookings</c> settings are unusable.</exception>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Razor Pages finds its pages through the application name, which would otherwise be
            // the entry assembly: a test runner when a test builds the app in-process.
            ApplicationName = typeof(PickupDispatchApp).Assembly.GetName().Name,
        });
        // Request-by-request framework chatter and every SQL statement drown the lines that
        // matter in the demo console; configuration can still turn on a narrower category.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        configure?.Invoke(builder);

        var appSettings = builder.Configuration.GetSection(AppSettings.SectionName).Get<AppSettings>() ?? new AppSettings();
        appSettings.Validate();
        var oidc = builder.Configuration.GetSection(OidcSettings.SectionName).Get<OidcSettings>() ?? new OidcSettings();
        var bookings = builder.Configuration.GetSection(BookingsSettings.SectionName).Get<BookingsSettings>() ?? new BookingsSettings();
        var databasePath = BookingsDatabasePath.Resolve(bookings, builder.Environment);

        builder.Services.AddSingleton(appSettings);
        builder.Services.Configure<BookingsSettings>(builder.Configuration.GetSection(BookingsSettings.SectionName));
        builder.Services.AddDbContext<BookingsDbContext>(options =>
            options.UseSqlite(BookingsDatabasePath.ConnectionString(databasePath)));
        builder.Services.AddDbContext<SignOutsDbContext>(options =>
            options.UseSqlite(BookingsDatabasePath.ConnectionString(databasePath)));
        builder.Services.AddScoped<EndedSessions>();
        builder.Services.AddHostedService<BookingsDatabaseInitializer>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<PickupTimeRule>();

        // Keys beside the database, so sign-in cookies survive a restart and nothing is written
        // into the user profile.
        builder.Services.AddDataProtection()
            .SetApplicationName("Pickup.Samples.PickupDispatch")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetDirectoryName(databasePath)!, "pickup-dispatch-keys")));

        builder.Services.AddPickupAuthentication(oidc, appSettings);
        builder.Services.AddAuthorization();
        builder.Services.AddRazorPages().AddApplicationPart(typeof(PickupDispatchApp).Assembly);
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "PickupDispatch.Antiforgery";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        var app = builder.Build();
        app.UsePathBase(appSettings.PathBase);
        app.Use((HttpContext context, RequestDelegate next) => RedirectOutsidePathBase(context, next, appSettings.PathBase));
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
        }

        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapBackChannelLogout();
        return app;
    }

    // Everything lives under the path base; a bare host name is a typo worth forgiving, anything
    // else outside it is not ours.
    private static Task RedirectOutsidePathBase(HttpContext context, RequestDelegate next, string pathBase)
    {
        if (context.Request.PathBase.HasValue)
        {
            return next(context);
        }

        if (context.Request.Path == "/" && HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.Redirect(pathBase + "/");
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Task.CompletedTask;
    }
}
