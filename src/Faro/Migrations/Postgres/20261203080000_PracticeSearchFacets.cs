using Faro.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Faro.Migrations.Postgres
{
    /// The practice index carries the search facets (domain, indicator, country, which narratives
    /// are written), so a search with facets reads `practice_search` alone: the planner combines the
    /// GIN index on the words with the b-tree of a facet and ranks only what is left, with no join
    /// back to the answers and the assessments (at N = 10,000 a word with a country facet took
    /// 288 ms at best through those joins; issue 12). Kept by the same triggers. Raw SQL only.
    [DbContext(typeof(PostgresFaroDb))]
    [Migration("20261203080000_PracticeSearchFacets")]
    public partial class PracticeSearchFacets : Migration
    {
        /// The row of `practice_search` for answer `{0}` (a record with Id, IndicatorId,
        /// AssessmentId and the narratives).
        private const string Row = """
            SELECT {0}."Id", faro_answer_search({0}."Narrative_En", {0}."Narrative_Es"), d."Code", i."Code", c."Iso2",
                coalesce({0}."Narrative_En", '') <> '', coalesce({0}."Narrative_Es", '') <> ''
            FROM indicators i JOIN areas ar ON ar."Id" = i."AreaId" JOIN domains d ON d."Id" = ar."DomainId",
                assessments s JOIN countries c ON c."Id" = s."CountryId"
            WHERE i."Id" = {0}."IndicatorId" AND s."Id" = {0}."AssessmentId"
            """;

        private const string Columns = """("AnswerId", doc, "Domain", "Indicator", "Country", "HasEn", "HasEs")""";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE practice_search ADD COLUMN "Domain" text, ADD COLUMN "Indicator" text, ADD COLUMN "Country" text,
                    ADD COLUMN "HasEn" boolean NOT NULL DEFAULT false, ADD COLUMN "HasEs" boolean NOT NULL DEFAULT false;
                """);
            migrationBuilder.Sql("""
                UPDATE practice_search p SET "Domain" = d."Code", "Indicator" = i."Code", "Country" = c."Iso2",
                    "HasEn" = coalesce(a."Narrative_En", '') <> '', "HasEs" = coalesce(a."Narrative_Es", '') <> ''
                FROM answers a JOIN indicators i ON i."Id" = a."IndicatorId" JOIN areas ar ON ar."Id" = i."AreaId"
                    JOIN domains d ON d."Id" = ar."DomainId" JOIN assessments s ON s."Id" = a."AssessmentId" JOIN countries c ON c."Id" = s."CountryId"
                WHERE a."Id" = p."AnswerId";
                """);
            migrationBuilder.Sql("""
                ALTER TABLE practice_search ALTER COLUMN "Domain" SET NOT NULL, ALTER COLUMN "Indicator" SET NOT NULL, ALTER COLUMN "Country" SET NOT NULL;
                """);
            migrationBuilder.Sql("""CREATE INDEX ix_practice_search_domain ON practice_search ("Domain");""");
            migrationBuilder.Sql("""CREATE INDEX ix_practice_search_indicator ON practice_search ("Indicator");""");
            migrationBuilder.Sql("""CREATE INDEX ix_practice_search_country ON practice_search ("Country");""");
            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION faro_practice_answer() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' THEN
                        DELETE FROM practice_search WHERE "AnswerId" = OLD."Id";
                    END IF;
                    IF NEW."Status" = 'Yes' AND EXISTS (SELECT 1 FROM assessments s WHERE s."Id" = NEW."AssessmentId"
                            AND s."Stage" IN ('Published', 'FollowUp') AND s."WithdrawnAt" IS NULL) THEN
                        INSERT INTO practice_search {Columns} {string.Format(Row, "NEW")};
                    END IF;
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_search_answer ON answers;");
            migrationBuilder.Sql("""
                CREATE TRIGGER practice_search_answer AFTER INSERT OR UPDATE OF "Status", "Narrative_En", "Narrative_Es", "AssessmentId", "IndicatorId" ON answers
                    FOR EACH ROW EXECUTE FUNCTION faro_practice_answer();
                """);
            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION faro_practice_assessment() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF OLD."Stage" IS DISTINCT FROM NEW."Stage" OR OLD."WithdrawnAt" IS DISTINCT FROM NEW."WithdrawnAt" THEN
                        DELETE FROM practice_search p USING answers a WHERE a."Id" = p."AnswerId" AND a."AssessmentId" = NEW."Id";
                        IF NEW."Stage" IN ('Published', 'FollowUp') AND NEW."WithdrawnAt" IS NULL THEN
                            INSERT INTO practice_search {Columns}
                                SELECT r.* FROM answers a, LATERAL ({string.Format(Row, "a")}) r
                                WHERE a."AssessmentId" = NEW."Id" AND a."Status" = 'Yes';
                        END IF;
                    END IF;
                    RETURN NULL;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION faro_practice_answer() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' THEN
                        DELETE FROM practice_search WHERE "AnswerId" = OLD."Id";
                    END IF;
                    IF NEW."Status" = 'Yes' AND EXISTS (SELECT 1 FROM assessments s WHERE s."Id" = NEW."AssessmentId"
                            AND s."Stage" IN ('Published', 'FollowUp') AND s."WithdrawnAt" IS NULL) THEN
                        INSERT INTO practice_search ("AnswerId", doc) VALUES (NEW."Id", faro_answer_search(NEW."Narrative_En", NEW."Narrative_Es"));
                    END IF;
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION faro_practice_assessment() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF OLD."Stage" IS DISTINCT FROM NEW."Stage" OR OLD."WithdrawnAt" IS DISTINCT FROM NEW."WithdrawnAt" THEN
                        DELETE FROM practice_search p USING answers a WHERE a."Id" = p."AnswerId" AND a."AssessmentId" = NEW."Id";
                        IF NEW."Stage" IN ('Published', 'FollowUp') AND NEW."WithdrawnAt" IS NULL THEN
                            INSERT INTO practice_search ("AnswerId", doc)
                                SELECT a."Id", faro_answer_search(a."Narrative_En", a."Narrative_Es") FROM answers a
                                WHERE a."AssessmentId" = NEW."Id" AND a."Status" = 'Yes';
                        END IF;
                    END IF;
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_search_answer ON answers;");
            migrationBuilder.Sql("""
                CREATE TRIGGER practice_search_answer AFTER INSERT OR UPDATE OF "Status", "Narrative_En", "Narrative_Es", "AssessmentId" ON answers
                    FOR EACH ROW EXECUTE FUNCTION faro_practice_answer();
                """);
            migrationBuilder.Sql("""
                ALTER TABLE practice_search DROP COLUMN "Domain", DROP COLUMN "Indicator", DROP COLUMN "Country", DROP COLUMN "HasEn", DROP COLUMN "HasEs";
                """);
        }
    }
}
