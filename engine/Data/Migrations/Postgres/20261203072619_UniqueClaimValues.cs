using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pickup.Data.Migrations.Postgres
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
                type: "character varying(2048)",
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
