using Faro.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Faro.Migrations.Postgres
{
    /// The practice index is scanned by one process, never by parallel workers. With the
    /// statistics of a freshly loaded installation (N = 10,000, a word in 19,000 of the 94,000
    /// practices) the planner chose a parallel sequential scan for the ranked first pages of a
    /// common word: 40–50 ms on the 2-core reference machine, against 20 ms for the serial bitmap
    /// scan of the GIN index it takes otherwise (issue 12, `docs/performance.md`). Searches come
    /// from many readers at once, and parallel workers would take the cores of the other requests.
    /// An operator of a large machine can give the table workers back with
    /// `ALTER TABLE practice_search RESET (parallel_workers)`.
    [DbContext(typeof(PostgresFaroDb))]
    [Migration("20261204230000_PracticeSearchSerial")]
    public partial class PracticeSearchSerial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("ALTER TABLE practice_search SET (parallel_workers = 0);");

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("ALTER TABLE practice_search RESET (parallel_workers);");
    }
}
