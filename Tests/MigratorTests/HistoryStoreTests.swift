import Drivers
import Migrations
@testable import Migrator
import Testing

/// The history store's pure helpers, without a database.
struct HistoryStoreTests {
    @Test func placeholdersAreRenumberedOutsideQuotes() {
        let sql = #"UPDATE "tenant$1"."strata_migrations" SET a = $1, b = '$2 stays' WHERE v = $12"#
        #expect(HistoryStore.renumberingPlaceholders(sql, after: 11)
            == #"UPDATE "tenant$1"."strata_migrations" SET a = $12, b = '$2 stays' WHERE v = $23"#)
        #expect(HistoryStore.renumberingPlaceholders(sql, after: 0) == sql)
    }

    @Test func aLoneDollarIsKept() {
        #expect(HistoryStore.renumberingPlaceholders("SELECT $ || $1", after: 2) == "SELECT $ || $3")
    }

    @Test func repeatableKeysRoundTrip() {
        #expect(HistoryKey("R:views") == .repeatable(name: "views"))
        #expect(HistoryKey("R:views").text == "R:views")
        #expect(HistoryKey("003") == .versioned("003"))
        #expect(!HistoryKey("003").isRepeatable)
    }

    @Test func logEventsKeepUnknownKinds() throws {
        #expect(LogEvent(rawValue: "up") == .up)
        #expect(LogEvent(rawValue: "teleport") == .other("teleport"))
        #expect(LogEvent(rawValue: "teleport").rawValue == "teleport")
        for e in [LogEvent.up, .down, .failed, .baseline, .repair, .checksum, .covered, .sync, .upgrade, .drift] {
            #expect(LogEvent(rawValue: e.rawValue) == e)
        }
    }

    @Test func productionRefusesDownAndRedoUnlessAllowed() throws {
        let prod = MigratorOptions(environment: "production")
        #expect(throws: MigratorError.self) { try prod.check(.down, allowed: false) }
        #expect(throws: MigratorError.self) { try prod.check(.redo, allowed: false) }
        try prod.check(.down, allowed: true)
        // sync and --force are never allowed in production.
        #expect(throws: MigratorError.self) { try prod.check(.sync, allowed: true) }
        #expect(throws: MigratorError.self) { try prod.check(.force, allowed: true) }
        let dev = MigratorOptions(environment: "development")
        for action in GuardedAction.allCases { try dev.check(action, allowed: false) }
    }

    @Test func anAppCallingTheLibraryGetsTheProductionRefusal() async throws {
        let m = Migrator(url: try DatabaseURL("sqlite::memory:"), directory: MemoryDirectory(["001_a.sql": "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n"]), options: MigratorOptions(environment: "production"))
        await #expect(throws: MigratorError.self) { try await m.down() }
        await #expect(throws: MigratorError.self) { try await m.redo() }
        // A dry run changes nothing and needs no permission.
        _ = try await m.down(DownRequest(dryRun: true))
    }
}
