using Faro.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Faro.Migrations.Sqlite
{
    /// The good-practice index holds exactly the practices: `yes` answers of assessments in
    /// `published` or `follow-up`, not withdrawn. At N = 10,000 a common word ("migración") matched
    /// some 76,000 indexed `yes` answers, and ranking them all (bm25) before the stage filter threw
    /// away seven in ten cost 0.3–0.5 s a search; indexing only the practices cuts the set ranked to
    /// the published ones (issue 12/14). An FTS5 table with its own copy of the two narratives (not
    /// external content: a row may be deleted by id whether or not it is there), kept by triggers
    /// on the answers and on the assessment's stage and withdrawal. Raw SQL only, no model change.
    [DbContext(typeof(SqliteFaroDb))]
    [Migration("20261202020000_PracticeSearchPublished")]
    public partial class PracticeSearchPublished : Migration
    {
        private const string IsPractice = "{0}.Status = 'Yes' AND EXISTS (SELECT 1 FROM assessments s WHERE s.Id = {0}.AssessmentId AND s.Stage IN ('Published', 'FollowUp') AND s.WithdrawnAt IS NULL)";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS answer_search_au;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS answer_search_ad;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS answer_search_ai;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS answer_search;");
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE practice_search USING fts5(Narrative_En, Narrative_Es, tokenize='unicode61 remove_diacritics 2');
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER practice_search_ai AFTER INSERT ON answers WHEN {string.Format(IsPractice, "new")} BEGIN
                    INSERT INTO practice_search(rowid, Narrative_En, Narrative_Es) VALUES (new.Id, new.Narrative_En, new.Narrative_Es);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER practice_search_ad AFTER DELETE ON answers BEGIN
                    DELETE FROM practice_search WHERE rowid = old.Id;
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER practice_search_au AFTER UPDATE OF Status, Narrative_En, Narrative_Es, AssessmentId ON answers BEGIN
                    DELETE FROM practice_search WHERE rowid = old.Id;
                    INSERT INTO practice_search(rowid, Narrative_En, Narrative_Es)
                        SELECT new.Id, new.Narrative_En, new.Narrative_Es WHERE {string.Format(IsPractice, "new")};
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER practice_search_stage AFTER UPDATE OF Stage, WithdrawnAt ON assessments
                WHEN old.Stage IS NOT new.Stage OR old.WithdrawnAt IS NOT new.WithdrawnAt BEGIN
                    DELETE FROM practice_search WHERE rowid IN (SELECT Id FROM answers WHERE AssessmentId = new.Id);
                    INSERT INTO practice_search(rowid, Narrative_En, Narrative_Es)
                        SELECT Id, Narrative_En, Narrative_Es FROM answers
                        WHERE AssessmentId = new.Id AND Status = 'Yes' AND new.Stage IN ('Published', 'FollowUp') AND new.WithdrawnAt IS NULL;
                END;
                """);
            migrationBuilder.Sql($"""
                INSERT INTO practice_search(rowid, Narrative_En, Narrative_Es)
                    SELECT a.Id, a.Narrative_En, a.Narrative_Es FROM answers a WHERE {string.Format(IsPractice, "a")};
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_search_stage;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_search_au;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_search_ad;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_search_ai;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS practice_search;");
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE answer_search USING fts5(Narrative_En, Narrative_Es, content='answers', content_rowid='Id',
                    tokenize='unicode61 remove_diacritics 2');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER answer_search_ai AFTER INSERT ON answers WHEN new.Status = 'Yes' BEGIN
                    INSERT INTO answer_search(rowid, Narrative_En, Narrative_Es) VALUES (new.Id, new.Narrative_En, new.Narrative_Es);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER answer_search_ad AFTER DELETE ON answers WHEN old.Status = 'Yes' BEGIN
                    INSERT INTO answer_search(answer_search, rowid, Narrative_En, Narrative_Es) VALUES ('delete', old.Id, old.Narrative_En, old.Narrative_Es);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER answer_search_au AFTER UPDATE OF Status, Narrative_En, Narrative_Es ON answers BEGIN
                    INSERT INTO answer_search(answer_search, rowid, Narrative_En, Narrative_Es)
                        SELECT 'delete', old.Id, old.Narrative_En, old.Narrative_Es WHERE old.Status = 'Yes';
                    INSERT INTO answer_search(rowid, Narrative_En, Narrative_Es)
                        SELECT new.Id, new.Narrative_En, new.Narrative_Es WHERE new.Status = 'Yes';
                END;
                """);
            migrationBuilder.Sql("INSERT INTO answer_search(rowid, Narrative_En, Narrative_Es) SELECT Id, Narrative_En, Narrative_Es FROM answers WHERE Status = 'Yes';");
        }
    }
}
