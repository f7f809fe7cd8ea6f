using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Faro.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InstitutionAcronymIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_institutions_CountryId_WithAcronym",
                table: "institutions",
                columns: new[] { "CountryId", "Acronym" },
                filter: "\"Acronym\" IS NOT NULL AND \"Acronym\" <> ''");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_institutions_CountryId_WithAcronym",
                table: "institutions");
        }
    }
}
