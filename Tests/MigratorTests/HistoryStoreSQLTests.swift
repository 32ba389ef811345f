@testable import Migrator
import Testing

/// The SQL the history store builds, without a database.
struct HistoryStoreSQLTests {
    @Test func placeholdersAreRenumberedOutsideQuotes() {
        let sql = #"UPDATE "tenant$1"."strata_migrations" SET a = $1, b = '$2 stays' WHERE v = $12"#
        #expect(HistoryStore.renumberingPlaceholders(sql, after: 11)
            == #"UPDATE "tenant$1"."strata_migrations" SET a = $12, b = '$2 stays' WHERE v = $23"#)
        #expect(HistoryStore.renumberingPlaceholders(sql, after: 0) == sql)
    }

    @Test func aLoneDollarIsKept() {
        #expect(HistoryStore.renumberingPlaceholders("SELECT $ || $1", after: 2) == "SELECT $ || $3")
    }
}
