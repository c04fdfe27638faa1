using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pickup.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UniqueClaimValues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "UniqueValue",
                table: "pickup_user_claims",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_pickup_user_claims_ClaimUri_UniqueValue",
                table: "pickup_user_claims",
                columns: new[] { "ClaimUri", "UniqueValue" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_pickup_user_claims_ClaimUri_UniqueValue",
                table: "pickup_user_claims");

            migrationBuilder.DropColumn(
                name: "UniqueValue",
                table: "pickup_user_claims");
        }
    }
}
