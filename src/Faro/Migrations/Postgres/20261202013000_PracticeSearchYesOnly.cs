using Faro.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Faro.Migrations.Postgres
{
    /// The good-practice search reads only `yes` answers, so the full-text GIN index becomes a
    /// partial index over those: about a third of the answers. Each indexed row costs two
    /// `to_tsvector` calls and a GIN insertion, which was most of the time of a bulk load of 10,000
    /// synthetic cities, and the search scans a smaller index. The search query repeats the
    /// predicate (`"Status" = 'Yes'`) so that the planner can use it.
    [DbContext(typeof(PostgresFaroDb))]
    [Migration("20261202013000_PracticeSearchYesOnly")]
    public partial class PracticeSearchYesOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_answers_search;");
            migrationBuilder.Sql("""
                CREATE INDEX ix_answers_search ON answers USING gin (faro_answer_search("Narrative_En", "Narrative_Es")) WHERE "Status" = 'Yes';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_answers_search;");
            migrationBuilder.Sql("""
                CREATE INDEX ix_answers_search ON answers USING gin (faro_answer_search("Narrative_En", "Narrative_Es"));
                """);
        }
    }
}
