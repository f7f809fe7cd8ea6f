using Faro.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Faro.Migrations.Sqlite
{
    /// The practice index carries the search facets (domain, indicator, country, languages) as
    /// tokens of a third column, so a search with facets is one FTS5 query that intersects posting
    /// lists and ranks only what is left (`ORDER BY rank LIMIT`, inside FTS5), with no join back to
    /// the answers. At N = 10,000 the join of every match with the answers and the assessments cost
    /// three times the ranking itself (issue 12). The facet column weighs nothing in bm25 (the
    /// table's `rank` is configured as `bm25(1, 1, 0)`). Tokens: `xdom` + domain code, `xind` +
    /// indicator code without '-', `xcty` + ISO2, `xlangen`/`xlanges` where that narrative is
    /// written (lower case; `GoodPracticeService.FacetToken` builds the same). Raw SQL only.
    [DbContext(typeof(SqliteFaroDb))]
    [Migration("20261203080000_PracticeSearchFacets")]
    public partial class PracticeSearchFacets : Migration
    {
        private const string IsPractice = "{0}.Status = 'Yes' AND EXISTS (SELECT 1 FROM assessments s WHERE s.Id = {0}.AssessmentId AND s.Stage IN ('Published', 'FollowUp') AND s.WithdrawnAt IS NULL)";

        private const string Facets = """
            (SELECT 'xdom' || lower(d.Code) || ' xind' || lower(replace(i.Code, '-', '')) FROM indicators i JOIN areas ar ON ar.Id = i.AreaId
                JOIN domains d ON d.Id = ar.DomainId WHERE i.Id = {0}.IndicatorId)
            || ' xcty' || (SELECT lower(c.Iso2) FROM assessments s JOIN countries c ON c.Id = s.CountryId WHERE s.Id = {0}.AssessmentId)
            || CASE WHEN coalesce({0}.Narrative_En, '') <> '' THEN ' xlangen' ELSE '' END
            || CASE WHEN coalesce({0}.Narrative_Es, '') <> '' THEN ' xlanges' ELSE '' END
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            Drop(migrationBuilder);
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE practice_search USING fts5(Narrative_En, Narrative_Es, Facets, tokenize='unicode61 remove_diacritics 2');
                """);
            migrationBuilder.Sql("INSERT INTO practice_search(practice_search, rank) VALUES ('rank', 'bm25(1.0, 1.0, 0.0)');");
            migrationBuilder.Sql($"""
                CREATE TRIGGER practice_search_ai AFTER INSERT ON answers WHEN {string.Format(IsPractice, "new")} BEGIN
                    INSERT INTO practice_search(rowid, Narrative_En, Narrative_Es, Facets)
                        VALUES (new.Id, new.Narrative_En, new.Narrative_Es, {string.Format(Facets, "new")});
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER practice_search_ad AFTER DELETE ON answers BEGIN
                    DELETE FROM practice_search WHERE rowid = old.Id;
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER practice_search_au AFTER UPDATE OF Status, Narrative_En, Narrative_Es, AssessmentId, IndicatorId ON answers BEGIN
                    DELETE FROM practice_search WHERE rowid = old.Id;
                    INSERT INTO practice_search(rowid, Narrative_En, Narrative_Es, Facets)
                        SELECT new.Id, new.Narrative_En, new.Narrative_Es, {string.Format(Facets, "new")} WHERE {string.Format(IsPractice, "new")};
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER practice_search_stage AFTER UPDATE OF Stage, WithdrawnAt ON assessments
                WHEN old.Stage IS NOT new.Stage OR old.WithdrawnAt IS NOT new.WithdrawnAt BEGIN
                    DELETE FROM practice_search WHERE rowid IN (SELECT Id FROM answers WHERE AssessmentId = new.Id);
                    INSERT INTO practice_search(rowid, Narrative_En, Narrative_Es, Facets)
                        SELECT a.Id, a.Narrative_En, a.Narrative_Es, {string.Format(Facets, "a")} FROM answers a
                        WHERE a.AssessmentId = new.Id AND a.Status = 'Yes' AND new.Stage IN ('Published', 'FollowUp') AND new.WithdrawnAt IS NULL;
                END;
                """);
            migrationBuilder.Sql($"""
                INSERT INTO practice_search(rowid, Narrative_En, Narrative_Es, Facets)
                    SELECT a.Id, a.Narrative_En, a.Narrative_Es, {string.Format(Facets, "a")} FROM answers a WHERE {string.Format(IsPractice, "a")};
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            Drop(migrationBuilder);
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

        private static void Drop(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_search_stage;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_search_au;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_search_ad;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_search_ai;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS practice_search;");
        }
    }
}
