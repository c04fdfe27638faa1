using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pickup.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class GenericCredentials : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "pickup_credentials",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    SecretKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Secret = table.Column<string>(type: "TEXT", maxLength: 8192, nullable: false),
                    Nonce = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Metadata = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    LastUsedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pickup_credentials", x => x.Id);
                    table.ForeignKey(
                        name: "FK_pickup_credentials_pickup_users_UserId",
                        column: x => x.UserId,
                        principalTable: "pickup_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_pickup_credentials_UserId_Type",
                table: "pickup_credentials",
                columns: new[] { "UserId", "Type" });

            // Hand-written: the unused codes of the old table become credentials of the type the SMS OTP plugin declares
            // for them, their Argon2id hashes carried over unchanged (so codes already handed out keep working); used
            // codes are dropped. Only then does the old table go.
            migrationBuilder.Sql(@"INSERT INTO pickup_credentials (Id, UserId, Type, Label, SecretKind, Secret, Nonce, Metadata, CreatedAt, LastUsedAt, Version)
                SELECT lower(hex(randomblob(16))), UserId, 'backup-code', NULL, 'hashed', CodeHash, NULL, '{}', strftime('%Y-%m-%d %H:%M:%S+00:00', 'now'), NULL, 0
                FROM pickup_backup_codes WHERE UsedAt IS NULL;");

            migrationBuilder.DropTable(
                name: "pickup_backup_codes");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "pickup_backup_codes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    CodeHash = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    UsedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pickup_backup_codes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_pickup_backup_codes_pickup_users_UserId",
                        column: x => x.UserId,
                        principalTable: "pickup_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_pickup_backup_codes_UserId",
                table: "pickup_backup_codes",
                column: "UserId");

            // Hand-written: the codes go back (unused) before their new table is dropped.
            migrationBuilder.Sql(@"INSERT INTO pickup_backup_codes (UserId, CodeHash, UsedAt)
                SELECT UserId, Secret, NULL FROM pickup_credentials WHERE Type = 'backup-code' AND SecretKind = 'hashed';");

            migrationBuilder.DropTable(
                name: "pickup_credentials");
        }
    }
}
