using Faro.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Faro.Migrations.Sqlite
{
    /// The good-practice search reads only `yes` answers, so the FTS5 index keeps only those: about
    /// a third of the answers, which makes both the index and every search over it smaller (issue
    /// 12/14, N = 10,000). The triggers follow the status: an answer enters the index when it becomes
    /// `yes` and leaves it when it stops being `yes`. `answer_search` is an external-content table
    /// that deliberately covers part of its content table, so its 'rebuild' command (which would
    /// index every answer) must not be used; the last statement below is the rebuild to use.
    [DbContext(typeof(SqliteFaroDb))]
    [Migration("20261202013000_PracticeSearchYesOnly")]
    public partial class PracticeSearchYesOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS answer_search_au;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS answer_search_ad;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS answer_search_ai;");
            migrationBuilder.Sql("INSERT INTO answer_search(answer_search) VALUES ('delete-all');");
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

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS answer_search_au;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS answer_search_ad;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS answer_search_ai;");
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
    }
}
