using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Faro.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RoundsAndCorrections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CancelledReason",
                table: "workshops",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MinutesFileContentType",
                table: "workshops",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MinutesFileName",
                table: "workshops",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MinutesFileSha256",
                table: "workshops",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "MinutesFileSize",
                table: "workshops",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CarriedFromId",
                table: "evidence",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RetiredAt",
                table: "evidence",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RetiredById",
                table: "evidence",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetiredReason",
                table: "evidence",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "workshop_attendees",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WorkshopId = table.Column<int>(type: "INTEGER", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    InstitutionId = table.Column<int>(type: "INTEGER", nullable: true),
                    InstitutionName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Role = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_workshop_attendees", x => x.Id);
                    table.ForeignKey(
                        name: "FK_workshop_attendees_institutions_InstitutionId",
                        column: x => x.InstitutionId,
                        principalTable: "institutions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_workshop_attendees_workshops_WorkshopId",
                        column: x => x.WorkshopId,
                        principalTable: "workshops",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_workshop_attendees_InstitutionId",
                table: "workshop_attendees",
                column: "InstitutionId");

            migrationBuilder.CreateIndex(
                name: "IX_workshop_attendees_WorkshopId",
                table: "workshop_attendees",
                column: "WorkshopId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "workshop_attendees");

            migrationBuilder.DropColumn(
                name: "CancelledReason",
                table: "workshops");

            migrationBuilder.DropColumn(
                name: "MinutesFileContentType",
                table: "workshops");

            migrationBuilder.DropColumn(
                name: "MinutesFileName",
                table: "workshops");

            migrationBuilder.DropColumn(
                name: "MinutesFileSha256",
                table: "workshops");

            migrationBuilder.DropColumn(
                name: "MinutesFileSize",
                table: "workshops");

            migrationBuilder.DropColumn(
                name: "CarriedFromId",
                table: "evidence");

            migrationBuilder.DropColumn(
                name: "RetiredAt",
                table: "evidence");

            migrationBuilder.DropColumn(
                name: "RetiredById",
                table: "evidence");

            migrationBuilder.DropColumn(
                name: "RetiredReason",
                table: "evidence");
        }
    }
}
