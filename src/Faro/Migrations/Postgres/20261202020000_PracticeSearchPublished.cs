using Faro.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Faro.Migrations.Postgres
{
    /// The good-practice index holds exactly the practices: `yes` answers of assessments in
    /// `published` or `follow-up`, not withdrawn (see the SQLite migration of the same name for the
    /// measurement that called for it). A table `practice_search` (answer id, tsvector of both
    /// narratives with the English and Spanish configurations, unaccented) with a GIN index, kept by
    /// PL/pgSQL triggers on the answers and on the assessment's stage and withdrawal; it replaces the
    /// expression index over all answers, so a bulk load no longer computes two tsvectors for every
    /// answer. Raw SQL only, no model change.
    [DbContext(typeof(PostgresFaroDb))]
    [Migration("20261202020000_PracticeSearchPublished")]
    public partial class PracticeSearchPublished : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_answers_search;");
            migrationBuilder.Sql("""
                CREATE TABLE practice_search (
                    "AnswerId" integer PRIMARY KEY REFERENCES answers ("Id") ON DELETE CASCADE,
                    doc tsvector NOT NULL);
                """);
            migrationBuilder.Sql("CREATE INDEX ix_practice_search ON practice_search USING gin (doc);");
            migrationBuilder.Sql("""
                CREATE FUNCTION faro_practice_answer() RETURNS trigger LANGUAGE plpgsql AS $$
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
                CREATE TRIGGER practice_search_answer AFTER INSERT OR UPDATE OF "Status", "Narrative_En", "Narrative_Es", "AssessmentId" ON answers
                    FOR EACH ROW EXECUTE FUNCTION faro_practice_answer();
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION faro_practice_assessment() RETURNS trigger LANGUAGE plpgsql AS $$
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
            migrationBuilder.Sql("""
                CREATE TRIGGER practice_search_assessment AFTER UPDATE OF "Stage", "WithdrawnAt" ON assessments
                    FOR EACH ROW EXECUTE FUNCTION faro_practice_assessment();
                """);
            migrationBuilder.Sql("""
                INSERT INTO practice_search ("AnswerId", doc)
                    SELECT a."Id", faro_answer_search(a."Narrative_En", a."Narrative_Es") FROM answers a
                    JOIN assessments s ON s."Id" = a."AssessmentId"
                    WHERE a."Status" = 'Yes' AND s."Stage" IN ('Published', 'FollowUp') AND s."WithdrawnAt" IS NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_search_assessment ON assessments;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_search_answer ON answers;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS faro_practice_assessment();");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS faro_practice_answer();");
            migrationBuilder.Sql("DROP TABLE IF EXISTS practice_search;");
            migrationBuilder.Sql("""
                CREATE INDEX ix_answers_search ON answers USING gin (faro_answer_search("Narrative_En", "Narrative_Es")) WHERE "Status" = 'Yes';
                """);
        }
    }
}
