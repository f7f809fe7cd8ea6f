using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Faro.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LearningModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AnswerNote",
                table: "exchange_requests",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AnsweredById",
                table: "exchange_requests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CreatedById",
                table: "action_items",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProgressNotes",
                table: "action_items",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "RemovedAt",
                table: "action_items",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AnswerNote",
                table: "exchange_requests");

            migrationBuilder.DropColumn(
                name: "AnsweredById",
                table: "exchange_requests");

            migrationBuilder.DropColumn(
                name: "CreatedById",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "ProgressNotes",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "RemovedAt",
                table: "action_items");
        }
    }
}
