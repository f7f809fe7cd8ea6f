using Faro.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Faro.Migrations.Sqlite
{
    /// Full-text search of answer narratives for the good-practice library: an FTS5 table over
    /// `answers` (external content, accents and case ignored), kept current by triggers. Raw SQL
    /// only, no model change, so that it survives the regeneration of the model migrations.
    [DbContext(typeof(SqliteFaroDb))]
    [Migration("20261201221000_LearningSearch")]
    public partial class LearningSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE answer_search USING fts5(Narrative_En, Narrative_Es, content='answers', content_rowid='Id',
                    tokenize='unicode61 remove_diacritics 2');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER answer_search_ai AFTER INSERT ON answers BEGIN
                    INSERT INTO answer_search(rowid, Narrative_En, Narrative_Es) VALUES (new.Id, new.Narrative_En, new.Narrative_Es);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER answer_search_ad AFTER DELETE ON answers BEGIN
                    INSERT INTO answer_search(answer_search, rowid, Narrative_En, Narrative_Es) VALUES ('delete', old.Id, old.Narrative_En, old.Narrative_Es);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER answer_search_au AFTER UPDATE OF Narrative_En, Narrative_Es ON answers BEGIN
                    INSERT INTO answer_search(answer_search, rowid, Narrative_En, Narrative_Es) VALUES ('delete', old.Id, old.Narrative_En, old.Narrative_Es);
                    INSERT INTO answer_search(rowid, Narrative_En, Narrative_Es) VALUES (new.Id, new.Narrative_En, new.Narrative_Es);
                END;
                """);
            migrationBuilder.Sql("INSERT INTO answer_search(answer_search) VALUES ('rebuild');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS answer_search_au;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS answer_search_ad;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS answer_search_ai;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS answer_search;");
        }
    }
}
