using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Pickup.Core.Auditing;
using Pickup.Core.Configuration;
using Pickup.Data.Auditing;
using Pickup.Data.Entities;
using Pickup.Data.Users;

namespace Pickup.Data.Tests.Auditing;

public sealed class DatabaseAuditLogTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task WriteAsync_ThenTail_ReturnsEveryFieldOldestFirst()
    {
        await using var db = await TestDatabase.CreateAsync();
        var audit = db.Get<IAuditLog>();
        var at = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.FromHours(2));

        await audit.WriteAsync(
            new AuditEvent(AuditEventTypes.LoginSucceeded)
            {
                At = at,
                UserId = "u-1",
                Username = "alex",
                ClientId = "pickup-dispatch",
                RemoteAddress = "192.0.2.7",
                Detail = "basic+sms_otp",
            },
            CancellationToken.None);
        await audit.WriteAsync(new AuditEvent(AuditEventTypes.RoleCreated) { At = at.AddMinutes(1), Detail = "driver" }, CancellationToken.None);

        var events = await audit.TailAsync(10, CancellationToken.None);

        Assert.Equal([AuditEventTypes.LoginSucceeded, AuditEventTypes.RoleCreated], events.Select(e => e.Type));
        var login = events[0];
        Assert.Equal(at, login.At);
        Assert.Equal(TimeSpan.Zero, login.At.Offset);
        Assert.Equal(("u-1", "alex", "pickup-dispatch", "192.0.2.7", "basic+sms_otp"), (login.UserId, login.Username, login.ClientId, login.RemoteAddress, login.Detail));
        Assert.Null(events[1].UserId);
        Assert.Null(events[1].Username);
    }

    [Fact]
    public async Task TailAsync_MoreEventsThanAsked_ReturnsTheNewestOldestFirst()
    {
        await using var db = await TestDatabase.CreateAsync();
        var audit = db.Get<IAuditLog>();
        for (var i = 1; i <= 5; i++)
        {
            await audit.WriteAsync(new AuditEvent(AuditEventTypes.LoginFailed) { Detail = $"#{i}" }, CancellationToken.None);
        }

        var events = await audit.TailAsync(3, CancellationToken.None);

        Assert.Equal(["#3", "#4", "#5"], events.Select(e => e.Detail));
    }

    [Fact]
    public async Task TailAsync_OfOneType_SkipsTheOthers()
    {
        await using var db = await TestDatabase.CreateAsync();
        var audit = db.Get<IAuditLog>();
        await audit.WriteAsync(new AuditEvent(AuditEventTypes.ConfigLoaded) { Detail = "first" }, CancellationToken.None);
        await audit.WriteAsync(new AuditEvent(AuditEventTypes.LoginFailed) { Detail = "password" }, CancellationToken.None);
        await audit.WriteAsync(new AuditEvent(AuditEventTypes.ConfigLoaded) { Detail = "second" }, CancellationToken.None);
        await audit.WriteAsync(new AuditEvent(AuditEventTypes.LoginFailed) { Detail = "code" }, CancellationToken.None);

        var events = await audit.TailAsync(1, AuditEventTypes.ConfigLoaded, CancellationToken.None);

        Assert.Equal("second", Assert.Single(events).Detail);
    }

    [Fact]
    public async Task WriteAsync_NoTime_IsStampedWithTheClock()
    {
        var clock = new FakeTimeProvider(Start);
        await using var db = await TestDatabase.CreateAsync(time: clock);
        var audit = db.Get<IAuditLog>();

        await audit.WriteAsync(new AuditEvent(AuditEventTypes.LoginFailed), CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(5));
        await audit.WriteAsync(new AuditEvent(AuditEventTypes.LoginSucceeded), CancellationToken.None);

        Assert.Equal([Start, Start.AddMinutes(5)], (await audit.TailAsync(2, CancellationToken.None)).Select(e => e.At));
    }

    [Fact]
    public async Task WriteAsync_UserIdWithoutName_StoresTheAccountsName()
    {
        await using var db = await TestDatabase.CreateAsync();
        var alex = await db.Get<UserAdministration>().AddUserAsync("alex", "pw", [], [], CancellationToken.None);
        var audit = db.Get<IAuditLog>();

        await audit.WriteAsync(new AuditEvent(AuditEventTypes.LoginFailed) { UserId = alex.Id }, CancellationToken.None);

        Assert.Equal("alex", (await audit.TailAsync(1, CancellationToken.None))[0].Username);
    }

    [Fact]
    public async Task WriteAsync_LineBreaksAndOverlongDetail_AreFlattenedAndCut()
    {
        await using var db = await TestDatabase.CreateAsync();
        var audit = db.Get<IAuditLog>();

        await audit.WriteAsync(
            new AuditEvent(AuditEventTypes.LoginFailed) { ClientId = "app\nlogin.succeeded alex", Detail = new string('x', 5000) },
            CancellationToken.None);

        var stored = (await audit.TailAsync(1, CancellationToken.None))[0];
        Assert.Equal("app login.succeeded alex", stored.ClientId);
        Assert.Equal(AuditColumns.DetailLength, stored.Detail!.Length);
    }

    [Fact]
    public void Clean_CutInsideASurrogatePair_KeepsTheCharacterWhole()
    {
        var cleaned = DatabaseAuditLog.Clean("ab\U0001F695", 3);

        Assert.Equal("ab", cleaned);
    }

    [Fact]
    public async Task WriteAsync_Always_WritesOneStructuredAuditLogLine()
    {
        var logs = new LogLines();
        await using var db = await TestDatabase.CreateAsync(logs: logs);

        await db.Get<IAuditLog>().WriteAsync(
            new AuditEvent(AuditEventTypes.LoginFailed) { UserId = "u-9", Username = "sam", ClientId = "app", RemoteAddress = "198.51.100.4", Detail = "password" },
            CancellationToken.None);

        var line = Assert.Single(logs.Lines, l => l.Category == DatabaseAuditLog.LogCategory);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal(AuditEventTypes.LoginFailed, line.Values["Type"]);
        Assert.Equal("u-9", line.Values["UserId"]);
        Assert.Equal("sam", line.Values["Username"]);
        Assert.Equal("app", line.Values["ClientId"]);
        Assert.Equal("198.51.100.4", line.Values["RemoteAddress"]);
        Assert.Equal("password", line.Values["Detail"]);
    }

    [Fact]
    public async Task WriteAsync_TableUnavailable_LogsTheEventAndAnErrorWithoutThrowing()
    {
        var logs = new LogLines();
        await using var db = await TestDatabase.CreateAsync(logs: logs);
        await db.Get<PickupDbContext>().Database.ExecuteSqlRawAsync("DROP TABLE pickup_audit_events");

        var audit = (DatabaseAuditLog)db.Get<IAuditLog>();

        await audit.WriteAsync(new AuditEvent(AuditEventTypes.AccountLocked) { UserId = "u-1" }, CancellationToken.None);
        await audit.FlushAsync(CancellationToken.None);

        var lines = logs.Lines.Where(l => l.Category == DatabaseAuditLog.LogCategory).ToList();
        Assert.Contains(lines, l => l.Level == LogLevel.Information && Equals(l.Values["Type"], AuditEventTypes.AccountLocked));
        Assert.Contains(lines, l => l.Level == LogLevel.Error && l.Exception is not null);
    }

    [Fact]
    public async Task TailAsync_CountOutOfRange_Throws()
    {
        await using var db = await TestDatabase.CreateAsync();
        var audit = db.Get<IAuditLog>();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => audit.TailAsync(0, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => audit.TailAsync(DatabaseAuditLog.MaxTail + 1, CancellationToken.None));
    }

    [Fact]
    public void AuditEventAndItsRow_Fields_AreExactlyTheAgreedOnesAndNoneForASecret()
    {
        string[] agreed = ["At", "ClientId", "Detail", "RemoteAddress", "Type", "UserId", "Username"];

        var eventFields = Fields(typeof(AuditEvent));
        var rowFields = Fields(typeof(AuditEventEntity)).Where(f => f != "Id");

        // A new field is a decision: it must not be a place where a code, password, key or token could land.
        Assert.Equal(agreed, eventFields);
        Assert.Equal(agreed, rowFields);
        Assert.DoesNotContain(eventFields, f => f.Contains("Code", StringComparison.Ordinal) || f.Contains("Password", StringComparison.Ordinal)
            || f.Contains("Secret", StringComparison.Ordinal) || f.Contains("Token", StringComparison.Ordinal) || f.Contains("Key", StringComparison.Ordinal));
    }

    [Fact]
    public void AddPickupData_AuditLog_IsOneDatabaseAuditLogForTheServer()
    {
        var services = new ServiceCollection()
            .AddPickupData(new DatabaseOptions { Type = "sqlite", Connection = "Data Source=:memory:" }, TestDatabase.FastHash, Path.GetTempPath());
        using var provider = services.BuildServiceProvider();

        var first = provider.GetRequiredService<IAuditLog>();

        Assert.IsType<DatabaseAuditLog>(first);
        Assert.Same(first, provider.GetRequiredService<IAuditLog>());
    }

    private static List<string> Fields(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.Name)
            .Order(StringComparer.Ordinal)];
}
