using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Faro.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PortalListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_stage_events_AssessmentId",
                table: "stage_events");

            migrationBuilder.CreateIndex(
                name: "IX_stage_events_AssessmentId_To_At",
                table: "stage_events",
                columns: new[] { "AssessmentId", "To", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_profile_snapshots_Format_FallbackTexts_AssessmentId_Lang",
                table: "profile_snapshots",
                columns: new[] { "Format", "FallbackTexts", "AssessmentId", "Lang" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_stage_events_AssessmentId_To_At",
                table: "stage_events");

            migrationBuilder.DropIndex(
                name: "IX_profile_snapshots_Format_FallbackTexts_AssessmentId_Lang",
                table: "profile_snapshots");

            migrationBuilder.CreateIndex(
                name: "IX_stage_events_AssessmentId",
                table: "stage_events",
                column: "AssessmentId");
        }
    }
}
