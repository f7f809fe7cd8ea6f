using Faro.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Faro.Migrations.Postgres
{
    /// Full-text search of answer narratives for the good-practice library: `unaccent` (shipped
    /// with Debian's postgresql-15 through postgresql-contrib; a trusted extension, so the database
    /// owner may create it), an immutable wrapper so that it can be indexed, and a GIN expression
    /// index with the English and Spanish configurations. Raw SQL only, no model change.
    [DbContext(typeof(PostgresFaroDb))]
    [Migration("20261201221000_LearningSearch")]
    public partial class LearningSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;");
            migrationBuilder.Sql("""
                CREATE FUNCTION public.faro_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
                AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION public.faro_answer_search(en text, es text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
                AS $$ SELECT to_tsvector('english'::regconfig, coalesce(public.faro_unaccent(en), ''))
                          || to_tsvector('spanish'::regconfig, coalesce(public.faro_unaccent(es), '')) $$;
                """);
            migrationBuilder.Sql("""
                CREATE INDEX ix_answers_search ON answers USING gin (faro_answer_search("Narrative_En", "Narrative_Es"));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_answers_search;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS faro_answer_search(text, text);");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS faro_unaccent(text);");
        }
    }
}
