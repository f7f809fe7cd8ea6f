using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Faro.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SharedPlacesAndReferences : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "AreaKm2",
                table: "jurisdictions",
                type: "numeric",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsActive",
                table: "jurisdictions",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<int>(
                name: "Population",
                table: "jurisdictions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsActive",
                table: "institutions",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "IntermediateRegionCode",
                table: "countries",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IntermediateRegionName_En",
                table: "countries",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IntermediateRegionName_Es",
                table: "countries",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegionCode",
                table: "countries",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegionName_En",
                table: "countries",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegionName_Es",
                table: "countries",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubRegionCode",
                table: "countries",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubRegionName_En",
                table: "countries",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubRegionName_Es",
                table: "countries",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NationalReferenceTitle_En",
                table: "assessments",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NationalReferenceTitle_Es",
                table: "assessments",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NationalReferenceUrl",
                table: "assessments",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "NationalReferenceYear",
                table: "assessments",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "WithdrawnAt",
                table: "assessments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "WithdrawnById",
                table: "assessments",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WithdrawnReason",
                table: "assessments",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AreaKm2",
                table: "jurisdictions");

            migrationBuilder.DropColumn(
                name: "IsActive",
                table: "jurisdictions");

            migrationBuilder.DropColumn(
                name: "Population",
                table: "jurisdictions");

            migrationBuilder.DropColumn(
                name: "IsActive",
                table: "institutions");

            migrationBuilder.DropColumn(
                name: "IntermediateRegionCode",
                table: "countries");

            migrationBuilder.DropColumn(
                name: "IntermediateRegionName_En",
                table: "countries");

            migrationBuilder.DropColumn(
                name: "IntermediateRegionName_Es",
                table: "countries");

            migrationBuilder.DropColumn(
                name: "RegionCode",
                table: "countries");

            migrationBuilder.DropColumn(
                name: "RegionName_En",
                table: "countries");

            migrationBuilder.DropColumn(
                name: "RegionName_Es",
                table: "countries");

            migrationBuilder.DropColumn(
                name: "SubRegionCode",
                table: "countries");

            migrationBuilder.DropColumn(
                name: "SubRegionName_En",
                table: "countries");

            migrationBuilder.DropColumn(
                name: "SubRegionName_Es",
                table: "countries");

            migrationBuilder.DropColumn(
                name: "NationalReferenceTitle_En",
                table: "assessments");

            migrationBuilder.DropColumn(
                name: "NationalReferenceTitle_Es",
                table: "assessments");

            migrationBuilder.DropColumn(
                name: "NationalReferenceUrl",
                table: "assessments");

            migrationBuilder.DropColumn(
                name: "NationalReferenceYear",
                table: "assessments");

            migrationBuilder.DropColumn(
                name: "WithdrawnAt",
                table: "assessments");

            migrationBuilder.DropColumn(
                name: "WithdrawnById",
                table: "assessments");

            migrationBuilder.DropColumn(
                name: "WithdrawnReason",
                table: "assessments");
        }
    }
}
