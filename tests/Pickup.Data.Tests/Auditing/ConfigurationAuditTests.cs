using Pickup.Core.Auditing;

namespace Pickup.Data.Tests.Auditing;

/// <summary>config.loaded against a real audit log: the fingerprint and what changed between two starts.</summary>
public sealed class ConfigurationAuditTests
{
    [Fact]
    public async Task RecordLoad_FirstStart_SaysSoAndFingerprintsTheConf()
    {
        await using var db = await TestDatabase.CreateAsync();
        var conf = WriteConf(db.Home, ("deployment.toml", "[server]\nport = 9443\n"));

        var written = await ConfigurationAudit.RecordLoadAsync(db.Get<IAuditLog>(), conf, CancellationToken.None);

        var stored = Assert.Single(await db.Get<IAuditLog>().TailAsync(5, AuditEventTypes.ConfigLoaded, CancellationToken.None));
        Assert.Equal(written.Detail, stored.Detail);
        Assert.Matches("^sha256=[0-9a-f]{64} changed: first recorded load \\| deployment.toml:[0-9a-f]{16}$", stored.Detail);
    }

    [Fact]
    public async Task RecordLoad_AfterEditsSinceThePreviousLoad_NamesTheChangedAddedAndRemovedFiles()
    {
        await using var db = await TestDatabase.CreateAsync();
        var audit = db.Get<IAuditLog>();
        var conf = WriteConf(
            db.Home,
            ("deployment.toml", "port = 9443\n"),
            ("identity-providers/SMSOTP.toml", "name = \"SMSOTP\"\n"),
            ("service-providers/old app.toml", "name = \"old\"\n"));
        var first = await ConfigurationAudit.RecordLoadAsync(audit, conf, CancellationToken.None);
        await audit.WriteAsync(new AuditEvent(AuditEventTypes.LoginSucceeded), CancellationToken.None);

        File.WriteAllText(Path.Combine(conf, "deployment.toml"), "port = 9444\n");
        File.Delete(Path.Combine(conf, "service-providers", "old app.toml"));
        File.WriteAllText(Path.Combine(conf, "service-providers", "new.toml"), "name = \"new\"\n");
        var second = await ConfigurationAudit.RecordLoadAsync(audit, conf, CancellationToken.None);
        var third = await ConfigurationAudit.RecordLoadAsync(audit, conf, CancellationToken.None);

        Assert.Contains("changed: deployment.toml; added service-providers/new.toml; removed service-providers/old app.toml | ", second.Detail, StringComparison.Ordinal);
        Assert.NotEqual(first.Detail![..71], second.Detail![..71]);
        Assert.Contains("changed: none | ", third.Detail, StringComparison.Ordinal);
        Assert.Equal(second.Detail[..71], third.Detail![..71]);
    }

    private static string WriteConf(string home, params (string Path, string Text)[] files)
    {
        var conf = Path.Combine(home, "conf");
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(conf, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        return conf;
    }
}
