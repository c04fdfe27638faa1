using System.Collections;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using Pickup.Data;
using Pickup.Host.Oidc;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.Oidc;

/// <summary>
/// Clients read once and then answered from memory: each request still gets its own tracked entity, and a write
/// through the store is seen by the next request.
/// </summary>
public sealed class ApplicationSnapshotStoreTests : IDisposable
{
    private readonly TestHome _home = new("http://127.0.0.1:1/sms/json?to=$ctx.num&text=$ctx.msg");

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Copy_EveryStoredProperty_IsCopied()
    {
        var source = new OpenIddictEntityFrameworkCoreApplication();
        var stored = typeof(OpenIddictEntityFrameworkCoreApplication).GetProperties()
            .Where(p => p.CanWrite && (p.PropertyType == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(p.PropertyType)))
            .ToList();
        Assert.Contains(stored, p => p.Name == nameof(OpenIddictEntityFrameworkCoreApplication.RedirectUris));
        foreach (var property in stored)
        {
            property.SetValue(source, "value of " + property.Name);
        }

        var copy = ApplicationSnapshots.Copy(source);

        Assert.NotSame(source, copy);
        Assert.All(stored, p => Assert.Equal(p.GetValue(source), p.GetValue(copy)));
    }

    [Fact]
    public void Remember_AfterTheStoreForgotDuringTheRead_KeepsNothing()
    {
        var snapshots = new ApplicationSnapshots();
        var generation = snapshots.Generation;
        snapshots.Forget();

        snapshots.Remember(new OpenIddictEntityFrameworkCoreApplication { Id = "1", ClientId = "app" }, generation);

        Assert.Null(snapshots.FindByClientId("app"));
        snapshots.Remember(new OpenIddictEntityFrameworkCoreApplication { Id = "1", ClientId = "app" }, snapshots.Generation);
        Assert.NotNull(snapshots.FindByClientId("app"));
        Assert.NotNull(snapshots.FindById("1"));
    }

    [Fact]
    public async Task FindByClientId_LaterRequests_AreAnsweredFromMemoryAsTrackedCopies_UntilAWriteThroughTheStore()
    {
        await using var engine = await EngineServer.StartAsync(_home);
        var first = await FindAsync(engine, TestHome.ClientId);
        Assert.Equal(TestHome.ClientId, first.ClientId);

        // A change behind the store's back (another node's start) is not seen until a write through this store.
        await using (var scope = engine.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PickupDbContext>().Database
                .ExecuteSqlRawAsync("UPDATE OpenIddictApplications SET DisplayName = 'changed behind' WHERE ClientId = {0}", TestHome.ClientId);
        }

        await using (var scope = engine.App.Services.CreateAsyncScope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            var application = (OpenIddictEntityFrameworkCoreApplication)(await manager.FindByClientIdAsync(TestHome.ClientId))!;
            var db = scope.ServiceProvider.GetRequiredService<PickupDbContext>();
            Assert.Equal(first.DisplayName, application.DisplayName);
            Assert.NotSame(first, application);
            Assert.Equal(EntityState.Unchanged, db.Entry(application).State);
            Assert.Same(application, await manager.FindByIdAsync(application.Id!));

            var descriptor = new OpenIddictApplicationDescriptor();
            await manager.PopulateAsync(descriptor, application);
            descriptor.DisplayName = "changed through the store";
            await manager.UpdateAsync(application, descriptor);
        }

        Assert.Equal("changed through the store", (await FindAsync(engine, TestHome.ClientId)).DisplayName);
        Assert.Null(await FindOrNullAsync(engine, "no-such-client"));
    }

    private static async Task<OpenIddictEntityFrameworkCoreApplication> FindAsync(EngineServer engine, string clientId) =>
        await FindOrNullAsync(engine, clientId) ?? throw new InvalidOperationException("no client " + clientId);

    private static async Task<OpenIddictEntityFrameworkCoreApplication?> FindOrNullAsync(EngineServer engine, string clientId)
    {
        await using var scope = engine.App.Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        return (OpenIddictEntityFrameworkCoreApplication?)await manager.FindByClientIdAsync(clientId);
    }
}
