using Microsoft.EntityFrameworkCore;
using Pickup.Data.Auditing;
using Pickup.Data.Entities;

namespace Pickup.Data;

/// <summary>
/// The engine's database: users, roles, claims, credentials, the audit trail, the server's keys, single sign-on sessions, and OpenIddict's applications,
/// authorizations, scopes and tokens, all in one schema so one connection string describes the whole state.
/// </summary>
/// <remarks>
/// Lifetime: per request (scoped). Abstract because each provider has its own subclass
/// (<see cref="SqlitePickupDbContext"/>, <see cref="PostgresPickupDbContext"/>) and so its own migrations: SQLite and
/// PostgreSQL need different SQL for the same model. Services ask for <see cref="PickupDbContext"/> and get the one
/// <c>[database] type</c> names.
/// </remarks>
public abstract class PickupDbContext : DbContext
{
    /// <summary>For the provider subclasses.</summary>
    protected PickupDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<UserEntity> Users => Set<UserEntity>();

    public DbSet<RoleEntity> Roles => Set<RoleEntity>();

    public DbSet<RolePermissionEntity> RolePermissions => Set<RolePermissionEntity>();

    public DbSet<UserRoleEntity> UserRoles => Set<UserRoleEntity>();

    public DbSet<UserClaimEntity> UserClaims => Set<UserClaimEntity>();

    public DbSet<CredentialEntity> Credentials => Set<CredentialEntity>();

    public DbSet<AuditEventEntity> AuditEvents => Set<AuditEventEntity>();

    public DbSet<ServerKeyEntity> ServerKeys => Set<ServerKeyEntity>();

    public DbSet<SsoSessionEntity> SsoSessions => Set<SsoSessionEntity>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        base.OnModelCreating(modelBuilder);

        // On the model rather than only on the options, so a context built by hand (tests, tools) has the same schema.
        modelBuilder.UseOpenIddict();

        modelBuilder.Entity<UserEntity>(user =>
        {
            user.ToTable("pickup_users");
            user.HasKey(u => u.Id);
            user.Property(u => u.Id).HasMaxLength(64);
            user.Property(u => u.Username).HasMaxLength(256);
            user.Property(u => u.NormalizedUsername).HasMaxLength(256);
            user.HasIndex(u => u.NormalizedUsername).IsUnique();
            user.Property(u => u.PasswordHash).HasMaxLength(512);
            user.HasMany(u => u.Roles).WithOne(r => r.User).HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
            user.HasMany(u => u.Claims).WithOne(c => c.User).HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
            user.HasMany(u => u.Credentials).WithOne(c => c.User).HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<RoleEntity>(role =>
        {
            role.ToTable("pickup_roles");
            role.HasKey(r => r.Id);
            role.Property(r => r.Id).HasMaxLength(64);
            role.Property(r => r.Name).HasMaxLength(256);
            role.Property(r => r.NormalizedName).HasMaxLength(256);
            role.HasIndex(r => r.NormalizedName).IsUnique();
            role.HasMany(r => r.Permissions).WithOne(p => p.Role).HasForeignKey(p => p.RoleId).OnDelete(DeleteBehavior.Cascade);
            role.HasMany(r => r.Users).WithOne(u => u.Role).HasForeignKey(u => u.RoleId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<RolePermissionEntity>(permission =>
        {
            permission.ToTable("pickup_role_permissions");
            permission.HasKey(p => new { p.RoleId, p.Permission });
            permission.Property(p => p.Permission).HasMaxLength(256);
        });

        modelBuilder.Entity<UserRoleEntity>(membership =>
        {
            membership.ToTable("pickup_user_roles");
            membership.HasKey(m => new { m.UserId, m.RoleId });
            membership.HasIndex(m => m.RoleId);
        });

        // The composite key is what makes a claim unique per user and URI.
        modelBuilder.Entity<UserClaimEntity>(claim =>
        {
            claim.ToTable("pickup_user_claims");
            claim.HasKey(c => new { c.UserId, c.ClaimUri });
            claim.Property(c => c.ClaimUri).HasMaxLength(512);
            claim.Property(c => c.Value).HasMaxLength(2048);
            claim.Property(c => c.UniqueValue).HasMaxLength(2048);

            // One user per value of a unique claim, decided by the database so two requests cannot both win.
            claim.HasIndex(c => new { c.ClaimUri, c.UniqueValue }).IsUnique();
        });

        modelBuilder.Entity<CredentialEntity>(credential =>
        {
            credential.ToTable("pickup_credentials");
            credential.HasKey(c => c.Id);
            credential.Property(c => c.Id).HasMaxLength(64);
            credential.Property(c => c.UserId).HasMaxLength(64);
            credential.Property(c => c.Type).HasMaxLength(64);
            credential.Property(c => c.Label).HasMaxLength(256);
            credential.Property(c => c.SecretKind).HasMaxLength(16);
            credential.Property(c => c.Secret).HasMaxLength(8192);
            credential.Property(c => c.Nonce).HasMaxLength(64);

            // Every read is "this user's credentials of this type".
            credential.HasIndex(c => new { c.UserId, c.Type });
        });

        modelBuilder.Entity<AuditEventEntity>(audit =>
        {
            audit.ToTable("pickup_audit_events");
            audit.HasKey(e => e.Id);
            audit.Property(e => e.Type).HasMaxLength(AuditColumns.TypeLength);
            audit.Property(e => e.UserId).HasMaxLength(AuditColumns.UserIdLength);
            audit.Property(e => e.Username).HasMaxLength(AuditColumns.UsernameLength);
            audit.Property(e => e.ClientId).HasMaxLength(AuditColumns.ClientIdLength);
            audit.Property(e => e.RemoteAddress).HasMaxLength(AuditColumns.RemoteAddressLength);
            audit.Property(e => e.Detail).HasMaxLength(AuditColumns.DetailLength);

            // "The last config.loaded" and "audit tail --type" read one type newest first.
            audit.HasIndex(e => new { e.Type, e.Id });
        });

        // The name is the key: two nodes creating the same key at once cannot both insert it.
        modelBuilder.Entity<ServerKeyEntity>(key =>
        {
            key.ToTable("pickup_server_keys");
            key.HasKey(k => k.Name);
            key.Property(k => k.Name).HasMaxLength(128);
            key.Property(k => k.KeyId).HasMaxLength(64);
            key.Property(k => k.Material).HasMaxLength(16384);
            key.Property(k => k.Nonce).HasMaxLength(64);
        });

        // Found by the cookie's hash (unique) and listed or ended by user.
        modelBuilder.Entity<SsoSessionEntity>(session =>
        {
            session.ToTable("pickup_sso_sessions");
            session.HasKey(s => s.Id);
            session.Property(s => s.Id).HasMaxLength(32);
            session.Property(s => s.SecretHash).HasMaxLength(64);
            session.HasIndex(s => s.SecretHash).IsUnique();
            session.Property(s => s.UserId).HasMaxLength(64);
            session.HasIndex(s => s.UserId);
            session.Property(s => s.Factors).HasMaxLength(4096);
            session.Property(s => s.Clients).HasMaxLength(16384);
            session.Property(s => s.Stamp).HasMaxLength(32).IsConcurrencyToken();
        });
    }
}
