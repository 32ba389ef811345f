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

    @Test func appliedMarkAndLogNumberTheirPlaceholders() {
        let pg = HistoryStore.Texts(table: "h", logTable: "l", dialect: .postgres)
        #expect(pg.markApplied == "UPDATE h SET status = 'applied', checksum = $1, semantic_checksum = $2, applied_at = $3, applied_by = $4, execution_ms = $5, statements_done = $6, progress_checksum = NULL, error = NULL WHERE version = $7")
        #expect(pg.log == "INSERT INTO l (occurred_at, event, version, name, checksum, actor, execution_ms, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        let my = HistoryStore.Texts(table: "h", logTable: "l", dialect: .mysql)
        let elapsed = "TIMESTAMPDIFF(MICROSECOND, @strata_started, NOW(6)) DIV 1000"
        #expect(my.markAppliedServerTimed == "UPDATE h SET status = 'applied', checksum = ?, semantic_checksum = ?, applied_at = ?, applied_by = ?, execution_ms = \(elapsed), statements_done = ?, progress_checksum = NULL, error = NULL WHERE version = ?")
        #expect(my.logServerTimed == "INSERT INTO l (occurred_at, event, version, name, checksum, actor, execution_ms, detail) VALUES (?, ?, ?, ?, ?, ?, \(elapsed), ?)")
    }

    @Test func serverTimedRowsComputeExecutionTimeInPlaceOfItsValue() {
        let pg = HistoryStore.Texts(table: "h", logTable: "l", dialect: .postgres)
        let since = "CAST(EXTRACT(EPOCH FROM clock_timestamp() - now()) * 1000 AS BIGINT)"
        let columns = "(version, name, checksum, semantic_checksum, applied_at, applied_by, execution_ms, status, statements_done, progress_checksum, error)"
        #expect(pg.insert == "INSERT INTO h \(columns) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
        #expect(pg.insertServerTimed == "INSERT INTO h \(columns) VALUES ($1, $2, $3, $4, $5, $6, \(since), $7, $8, $9, $10)")
        #expect(pg.upsertServerTimed?.hasPrefix("INSERT INTO h \(columns) VALUES ($1, $2, $3, $4, $5, $6, \(since), $7, $8, $9, $10) ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name") == true)
        #expect(pg.logServerTimed == "INSERT INTO l (occurred_at, event, version, name, checksum, actor, execution_ms, detail) VALUES ($1, $2, $3, $4, $5, $6, \(since), $7)")
        let my = HistoryStore.Texts(table: "h", logTable: "l", dialect: .mysql)
        #expect(my.upsertServerTimed == "REPLACE INTO h \(columns) VALUES (?, ?, ?, ?, ?, ?, TIMESTAMPDIFF(MICROSECOND, @strata_started, NOW(6)) DIV 1000, ?, ?, ?, ?)")
        // SQLite runs in-process: the caller times it.
        let lite = HistoryStore.Texts(table: "h", logTable: "l", dialect: .sqlite)
        #expect(lite.insertServerTimed == nil && lite.logServerTimed == nil && lite.markAppliedServerTimed == nil)
    }
}
