using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Faro.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class IndicatorTopic : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Topic_En",
                table: "indicators",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Topic_Es",
                table: "indicators",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Topic_En",
                table: "indicators");

            migrationBuilder.DropColumn(
                name: "Topic_Es",
                table: "indicators");
        }
    }
}
