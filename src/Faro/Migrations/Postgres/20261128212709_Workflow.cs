using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Faro.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Workflow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "IndicatorId",
                table: "audit",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_AssessmentId_IndicatorId",
                table: "audit",
                columns: new[] { "AssessmentId", "IndicatorId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_audit_AssessmentId_IndicatorId",
                table: "audit");

            migrationBuilder.DropColumn(
                name: "IndicatorId",
                table: "audit");
        }
    }
}
