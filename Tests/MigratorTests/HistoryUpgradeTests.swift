import Dialects
import Drivers
import Foundation
import Migrations
@testable import Migrator
import StrataTestSupport
import Testing

/// A database whose history was written by the previous release (format 1: no meta table,
/// no `schema_fingerprint`) upgrades with nothing lost and nothing re-applied.
@Suite struct HistoryUpgradeTests {
    static let files: [String: String] = [
        "001_users.sql": "-- migrate:up\nCREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(100));\n-- migrate:down\nDROP TABLE users;\n",
        "002_posts.sql": "-- migrate:up\nCREATE TABLE posts (id INTEGER PRIMARY KEY, title VARCHAR(200));\n-- migrate:down\nDROP TABLE posts;\n",
        // Stopped after its first statement (as on MySQL, or with transaction:false).
        "003_add_name.sql": "-- migrate:up transaction:false\nALTER TABLE users ADD COLUMN name VARCHAR(100);\nINSERT INTO users (id, email, name) VALUES (1, 'a@example.com', 'a');\n-- migrate:down\nALTER TABLE users DROP COLUMN name;\n",
        "004_tags.sql": "-- migrate:up\nCREATE TABLE tags (id INTEGER PRIMARY KEY);\n-- migrate:down\nDROP TABLE tags;\n",
        "R__touch.sql": "SELECT 1;\n",
    ]

    /// The previous release's DDL, exactly as it created the tables.
    static func formatOneDDL(_ engine: TestEngine, schema: String) -> [String] {
        switch engine {
        case .sqlite:
            return [
                #"CREATE TABLE IF NOT EXISTS "strata_migrations" (version TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, checksum VARCHAR(64) NOT NULL, semantic_checksum VARCHAR(64) NOT NULL, applied_at VARCHAR(32) NOT NULL, applied_by TEXT NOT NULL, execution_ms BIGINT NOT NULL DEFAULT 0, status VARCHAR(16) NOT NULL, statements_done INTEGER NOT NULL DEFAULT 0, progress_checksum VARCHAR(64), error TEXT) WITHOUT ROWID"#,
                #"CREATE TABLE IF NOT EXISTS "strata_migrations_log" (id INTEGER PRIMARY KEY, occurred_at VARCHAR(32) NOT NULL, event VARCHAR(16) NOT NULL, version TEXT, name TEXT, checksum VARCHAR(64), actor TEXT NOT NULL, execution_ms BIGINT, detail TEXT)"#,
            ]
        case .postgres:
            return [
                #"CREATE SCHEMA IF NOT EXISTS "\#(schema)""#,
                #"CREATE TABLE IF NOT EXISTS "\#(schema)"."strata_migrations" (version TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, checksum VARCHAR(64) NOT NULL, semantic_checksum VARCHAR(64) NOT NULL, applied_at VARCHAR(32) NOT NULL, applied_by TEXT NOT NULL, execution_ms BIGINT NOT NULL DEFAULT 0, status VARCHAR(16) NOT NULL, statements_done INTEGER NOT NULL DEFAULT 0, progress_checksum VARCHAR(64), error TEXT)"#,
                #"CREATE TABLE IF NOT EXISTS "\#(schema)"."strata_migrations_log" (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, occurred_at VARCHAR(32) NOT NULL, event VARCHAR(16) NOT NULL, version TEXT, name TEXT, checksum VARCHAR(64), actor TEXT NOT NULL, execution_ms BIGINT, detail TEXT)"#,
            ]
        case .mysql:
            return [
                "CREATE TABLE IF NOT EXISTS `strata_migrations` (version VARCHAR(64) NOT NULL PRIMARY KEY, name VARCHAR(191) NOT NULL, checksum VARCHAR(64) NOT NULL, semantic_checksum VARCHAR(64) NOT NULL, applied_at VARCHAR(32) NOT NULL, applied_by VARCHAR(191) NOT NULL, execution_ms BIGINT NOT NULL DEFAULT 0, status VARCHAR(16) NOT NULL, statements_done INTEGER NOT NULL DEFAULT 0, progress_checksum VARCHAR(64), error TEXT)",
                "CREATE TABLE IF NOT EXISTS `strata_migrations_log` (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, occurred_at VARCHAR(32) NOT NULL, event VARCHAR(16) NOT NULL, version VARCHAR(64), name VARCHAR(191), checksum VARCHAR(64), actor VARCHAR(191) NOT NULL, execution_ms BIGINT, detail TEXT)",
            ]
        }
    }

    static func literal(_ s: String?) -> String {
        s.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" } ?? "NULL"
    }

    /// A format-1 database: the schema the applied files made, and their history and log
    /// rows written literally, as the previous release wrote them.
    static func makeFormatOne(_ db: TestDatabase) async throws -> (history: [[String?]], log: [[String?]]) {
        let set = try MigrationSet.load(from: MemoryDirectory(files, displayPath: "migrations"), engine: db.engine.dialect)
        func m(_ v: String) throws -> Migration {
            let version = try #require(Version(v))
            return try #require(set.migration(version))
        }
        let m1 = try m("001"), m2 = try m("002"), m3 = try m("003")
        let r = try #require(set.repeatables.first)
        let firstOf3 = try m3.up.statements().prefix(1)
        let progress = Checksums.statements(firstOf3, dialect: db.engine.dialect)
        // version, name, checksum, semantic_checksum, applied_at, applied_by, execution_ms, status, statements_done, progress_checksum, error
        let history: [[String?]] = [
            ["000", "initial_schema", "b0", "b0s", "2026-01-02T03:04:05.000Z", "ops@old", "0", "baseline", "0", nil, nil],
            ["001", m1.name, m1.checksum, try m1.semanticChecksum(), "2026-02-01T10:00:00.123Z", "alice@ci", "17", "applied", "1", nil, nil],
            ["002", m2.name, m2.checksum, try m2.semanticChecksum(), "2026-02-02T10:00:00.456Z", "bob@ci", "23", "applied", "1", nil, nil],
            ["003", m3.name, m3.checksum, try m3.semanticChecksum(), "2026-02-03T10:00:00.789Z", "carol@ci", "5", "failed", "1", progress, "duplicate key (code 1062)"],
            ["R:touch", r.name, r.checksum, try r.semanticChecksum(), "2026-02-01T10:00:01.000Z", "alice@ci", "1", "applied", "1", nil, nil],
        ]
        // occurred_at, event, version, name, checksum, actor, execution_ms, detail
        let log: [[String?]] = [
            ["2026-01-02T03:04:05.000Z", "baseline", "000", "initial_schema", "b0", "ops@old", nil, "recorded as present"],
            ["2026-02-01T10:00:00.123Z", "up", "001", m1.name, m1.checksum, "alice@ci", "17", nil],
            ["2026-02-01T10:00:01.000Z", "up", "R:touch", r.name, r.checksum, "alice@ci", "1", nil],
            ["2026-02-02T10:00:00.456Z", "up", "002", m2.name, m2.checksum, "bob@ci", "23", nil],
            ["2026-02-03T10:00:00.789Z", "failed", "003", m3.name, m3.checksum, "carol@ci", "5", "statement 2 of 2 failed"],
        ]
        let c = try await db.connect()
        do {
            for s in formatOneDDL(db.engine, schema: db.name) { try await c.execute(s) }
            let q = c.sqlDialect
            let table = q.qualifiedName("strata_migrations", schema: db.engine == .postgres ? db.name : nil)
            let logTable = q.qualifiedName("strata_migrations_log", schema: db.engine == .postgres ? db.name : nil)
            for row in history {
                let values = row.enumerated().map { i, v in [6, 8].contains(i) ? (v ?? "NULL") : literal(v) }
                try await c.execute("INSERT INTO \(table) (version, name, checksum, semantic_checksum, applied_at, applied_by, execution_ms, status, statements_done, progress_checksum, error) VALUES (\(values.joined(separator: ", ")))")
            }
            for row in log {
                let values = row.enumerated().map { i, v in i == 6 ? (v ?? "NULL") : literal(v) }
                try await c.execute("INSERT INTO \(logTable) (occurred_at, event, version, name, checksum, actor, execution_ms, detail) VALUES (\(values.joined(separator: ", ")))")
            }
            // The schema those migrations made, 003 up to its first statement.
            for s in try m1.up.statements() + m2.up.statements() + firstOf3 { try await c.execute(s.text) }
            try? await c.close()
        } catch {
            try? await c.close()
            throw error
        }
        return (history, log)
    }

    static func withDatabase(_ engine: TestEngine, _ body: (TestDatabase) async throws -> Void) async throws {
        try await engine.withDatabase(body)
    }

    static func migrator(_ db: TestDatabase, _ events: EventLog? = nil) -> Migrator {
        var options = MigratorOptions(actor: "upgrader@test", lockTimeout: .seconds(30))
        if let events {
            options.onEvent = { @Sendable event in events.add(event) }
        }
        return Migrator(url: db.url, directory: MemoryDirectory(files, displayPath: "migrations"), options: options)
    }

    final class EventLog: @unchecked Sendable {
        // Guarded by `lock`; events arrive from the migrator's task only.
        private let lock = NSLock()
        private var events: [MigratorEvent] = []
        func add(_ e: MigratorEvent) { lock.lock(); events.append(e); lock.unlock() }
        var warnings: [String] {
            lock.lock(); defer { lock.unlock() }
            return events.compactMap { if case .warning(let w) = $0 { return w } else { return nil } }
        }
    }

    @Test(arguments: TestEngine.available)
    func previousReleaseHistoryUpgradesWithNothingLostOrReapplied(engine: TestEngine) async throws {
        try await Self.withDatabase(engine) { db in
            let (history, log) = try await Self.makeFormatOne(db)
            // Reading commands read the old format by column name and change nothing.
            let before = try await Self.migrator(db).status()
            #expect(before.migrations.map(\.state) == [.baseline, .applied, .applied, .failed, .pending, .applied])
            #expect(try await Self.migrator(db).history().count == log.count)
            #expect(!(try await db.tableExists("strata_migrations_meta")))

            let events = EventLog()
            let report = try await Self.migrator(db, events).up()
            // 003 resumes at its second statement; only it and 004 run.
            #expect(report.applied.map(\.version) == ["003", "004"])
            #expect(report.applied.first?.statements == 2)
            #expect(events.warnings.contains { $0.contains("resuming at statement 2 of 2") })
            #expect(try await db.query("SELECT count(*) FROM users").first?[0].int == 1)

            // Every old row is there with every value; 003 is now applied.
            let read = try await HistoryReader.rows(db)
            let rows = try #require(read)
            for old in history where old[0] != "003" {
                let new = try #require(rows[old[0] ?? ""])
                #expect(Array(new.prefix(old.count)) == old, "row \(old[0] ?? "")")
                #expect(new.last == .some(nil), "schema_fingerprint of \(old[0] ?? "") is NULL")
            }
            let three = try #require(rows["003"])
            #expect(three[7] == "applied" && three[8] == "2" && three[9] == nil && three[10] == nil)
            #expect(three[2] == history[3][2] && three[3] == history[3][3])
            #expect(rows["004"]?[7] == "applied")

            // The whole audit log is kept, in order, then the upgrade and the two runs.
            let entries = try await Self.migrator(db).history()
            #expect(entries.count == log.count + 3)
            for (i, old) in log.enumerated() {
                let e = entries[i]
                #expect([e.occurredAt, e.event.rawValue, e.version, e.name, e.checksum, e.actor, e.executionMs.map(String.init), e.detail] == old)
            }
            #expect(entries[log.count].event == .upgrade)
            #expect(entries[log.count].detail?.contains("format 1 to \(HistorySQL.format)") == true)
            #expect(entries.suffix(2).map(\.event) == [.up, .up])
            #expect(entries.suffix(2).map(\.version) == ["003", "004"])

            // The format is recorded; a second run has nothing to do and upgrades nothing.
            let meta = try await db.query("SELECT value FROM strata_migrations_meta WHERE name = 'history_format'")
            #expect(meta.first?[0].string == String(HistorySQL.format))
            #expect(try await Self.migrator(db).up().applied.isEmpty)
            try await Self.migrator(db).repair()
            #expect(try await Self.migrator(db).history().filter { $0.event == .upgrade }.count == 1)
            let after = try await Self.migrator(db).status()
            #expect(after.migrations.allSatisfy { $0.state == .applied || $0.state == .baseline })
            #expect(after.problems.isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func aNewerFormatIsNotWritten(engine: TestEngine) async throws {
        try await Self.withDatabase(engine) { db in
            let m = Self.migrator(db)
            try await m.createHistoryTables()
            let c = try await db.connect()
            let meta = c.sqlDialect.qualifiedName(HistorySQL.metaTableName, schema: engine == .postgres ? db.name : nil)
            _ = try await c.query("UPDATE \(meta) SET value = '\(HistorySQL.format + 1)'")
            try? await c.close()
            do {
                try await m.up()
                Issue.record("up wrote tables of a newer format")
            } catch let e as MigratorError {
                #expect(e.code == .notAllowed)
                #expect(e.message.contains("format \(HistorySQL.format + 1)") && e.message.contains("upgrade strata"))
            }
            #expect(!(try await db.tableExists("users")))
            // Reading still works.
            #expect(try await m.status().migrations.count == 5)
        }
    }
}

/// The history rows as text, by version, in the columns of the current format.
enum HistoryReader {
    static func rows(_ db: TestDatabase) async throws -> [String: [String?]]? {
        let columns = HistorySQL.columns.joined(separator: ", ")
        var result: [String: [String?]] = [:]
        for row in try await db.query("SELECT \(columns) FROM strata_migrations") {
            result[row[0].string ?? ""] = row.values.map(\.string)
        }
        return result
    }
}
