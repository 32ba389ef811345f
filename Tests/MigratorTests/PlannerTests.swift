import Dialects
import Migrations
@testable import Migrator
import SQLText
import Testing

/// What `up` plans from files and a history, and how each step meets transactions: pure,
/// without a database.
struct PlannerTests {
    static let files: [String: String] = [
        "001_users.sql": "-- migrate:up\nCREATE TABLE users (id INT);\n-- migrate:down\nDROP TABLE users;\n",
        "002_seed.sql": "-- migrate:up\nINSERT INTO users VALUES (1);\nINSERT INTO users VALUES (2);\n",
        "003_outside.sql": "-- migrate:up transaction:false\nCREATE INDEX users_id ON users (id);\n",
        "004_mixed.sql": "-- migrate:up\nALTER TABLE users ADD COLUMN n INT;\nUPDATE users SET n = 1;\n",
    ]

    static func set(_ files: [String: String] = files, engine: SQLDialect = .sqlite) throws -> MigrationSet {
        try MigrationSet.load(from: MemoryDirectory(files, displayPath: "migrations"), engine: engine)
    }

    static func applied(_ m: Migration, status: HistoryRecord.Status = .applied, done: Int = 0, progress: String? = nil) throws -> HistoryRecord {
        HistoryRecord(
            version: m.version.text, name: m.name, checksum: m.checksum, semanticChecksum: try m.semanticChecksum(),
            appliedAt: "t", appliedBy: "a", executionMs: 0, status: status, statementsDone: done, progressChecksum: progress
        )
    }

    static func modes(_ engine: SQLDialect, singleTransaction: Bool = false, files: [String: String] = files) throws -> [String: TransactionMode] {
        let set = try set(files, engine: engine)
        let plan = try Planner.planUp(set: set, history: [], target: nil, allowOutOfOrder: false)
        var result: [String: TransactionMode] = [:]
        for s in try Planner.schedule(plan, dialect: engine.knowledge, singleTransaction: singleTransaction) {
            if case .run(let m, _, _) = s.step { result[m.version.text] = s.mode }
        }
        return result
    }

    // MARK: - Transaction modes

    @Test func eachEngineGetsItsStrategy() throws {
        #expect(try Self.modes(.sqlite) == ["001": .transaction, "002": .transaction, "003": .perStatement, "004": .transaction])
        #expect(try Self.modes(.postgres) == ["001": .queued, "002": .queued, "003": .perStatement, "004": .queued])
        // MySQL commits DDL implicitly: only a data-only migration is one transaction.
        #expect(try Self.modes(.mysql) == ["001": .perStatement, "002": .queued, "003": .perStatement, "004": .perStatement])
    }

    @Test func singleTransactionPutsEveryStepInTheOuterOne() throws {
        let files = Self.files.filter { $0.key != "003_outside.sql" }
        #expect(try Self.modes(.sqlite, singleTransaction: true, files: files).values.allSatisfy { $0 == .outer })
        #expect(try Self.modes(.postgres, singleTransaction: true, files: files).values.allSatisfy { $0 == .outer })
        // Not where DDL commits, nor with a step that must run outside a transaction.
        #expect(throws: MigratorError.self) { try Self.modes(.mysql, singleTransaction: true, files: files) }
        #expect(throws: MigratorError.self) { try Self.modes(.postgres, singleTransaction: true) }
    }

    @Test func aResumedStepRunsStatementByStatement() throws {
        let set = try Self.set(engine: .postgres)
        let m = try #require(set.migrations.first { $0.version.text == "002" })
        let statements = try m.up.statements()
        let mode = Planner.mode(of: .run(m, resumeFrom: 1, covers: []), statements: statements, dialect: PostgresDialect(), singleTransaction: false)
        #expect(mode == .perStatement)
    }

    @Test func recordingWithoutRunningIsAtomicEverywhere() throws {
        let set = try Self.set()
        let m = try #require(set.migrations.first)
        #expect(Planner.mode(of: .record(m), statements: [], dialect: MySQLDialect(), singleTransaction: false) == .queued)
        #expect(Planner.mode(of: .record(m), statements: [], dialect: SQLiteDialect(), singleTransaction: false) == .transaction)
    }

    // MARK: - Order and resumption

    @Test func aFileMergedLateStopsUpUnlessAllowed() throws {
        let set = try Self.set()
        let history = try set.migrations.filter { $0.version.text != "002" }.map { try Self.applied($0) }
        do {
            _ = try Planner.planUp(set: set, history: history, target: nil, allowOutOfOrder: false)
            Issue.record("out-of-order file was planned")
        } catch let e as MigratorError {
            #expect(e.code == .outOfOrder)
            #expect(e.file == "migrations/002_seed.sql")
            #expect(e.message.contains("--allow-out-of-order"))
        }
        let plan = try Planner.planUp(set: set, history: history, target: nil, allowOutOfOrder: true)
        #expect(plan.outOfOrder.map(\.version.text) == ["002"])
        #expect(plan.steps.count == 1)
    }

    @Test func resumingAfterTheRunStatementsWereEditedIsRefused() throws {
        let before = try Self.set(engine: .mysql)
        let m = try #require(before.migrations.first { $0.version.text == "004" })
        let ran = try m.up.statements().prefix(1)
        let progress = Checksums.statements(ran, dialect: .mysql)
        let history = try before.migrations.filter { $0.version.text != "004" }.map { try Self.applied($0) }
            + [try Self.applied(m, status: .failed, done: 1, progress: progress)]
        // Unchanged: resumes at statement 2.
        let plan = try Planner.planUp(set: before, history: history, target: nil, allowOutOfOrder: false)
        guard case .run(_, let resumeFrom, _) = try #require(plan.steps.first) else { Issue.record("not a run"); return }
        #expect(resumeFrom == 1)
        // Editing what follows is how a failure is fixed: still resumes.
        var files = Self.files
        files["004_mixed.sql"] = "-- migrate:up\nALTER TABLE users ADD COLUMN n INT;\nUPDATE users SET n = 2;\n"
        #expect(try Planner.planUp(set: try Self.set(files, engine: .mysql), history: history, target: nil, allowOutOfOrder: false).steps.count == 1)
        // Editing a statement that already ran is refused, naming the file.
        files["004_mixed.sql"] = "-- migrate:up\nALTER TABLE users ADD COLUMN m INT;\nUPDATE users SET n = 1;\n"
        do {
            _ = try Planner.planUp(set: try Self.set(files, engine: .mysql), history: history, target: nil, allowOutOfOrder: false)
            Issue.record("edited statements that ran were resumed")
        } catch let e as MigratorError {
            #expect(e.code == .incomplete)
            #expect(e.file == "migrations/004_mixed.sql")
            #expect(e.message.contains("statements 1–1, which already ran, were edited"))
        }
    }

    @Test func aReplacedRangeAppliedOnlyInPartIsExplained() throws {
        var files = Self.files
        files["005_squash.sql"] = "-- strata:replaces 001..004\n-- migrate:up\nCREATE TABLE users (id INT, n INT);\n"
        let set = try Self.set(files)
        // 001 and 002 ran here, 003 and 004 did not (their files are still there: a squash
        // whose old files are gone cannot know which versions existed).
        let history = try set.migrations.filter { ["001", "002"].contains($0.version.text) }.map { try Self.applied($0) }
        let squashOnly = try Self.set(["005_squash.sql": files["005_squash.sql"] ?? ""])
        do {
            _ = try Planner.planUp(set: set, history: history, target: nil, allowOutOfOrder: false)
            Issue.record("a partly applied range was planned")
        } catch let e as MigratorError {
            #expect(e.code == .replaceConflict)
            #expect(e.file == "migrations/005_squash.sql")
            #expect(e.message.contains("only some are applied"))
        }
        // With every replaced version applied it is recorded; with none, it runs and covers them.
        let all = try set.migrations.filter { $0.version.text != "005" }.map { try Self.applied($0) }
        let recorded = try Planner.planUp(set: squashOnly, history: all, target: nil, allowOutOfOrder: false)
        guard case .record = try #require(recorded.steps.first) else { Issue.record("not recorded"); return }
        let fresh = try Planner.planUp(set: squashOnly, history: [], target: nil, allowOutOfOrder: false)
        guard case .run(_, _, let covers) = try #require(fresh.steps.first) else { Issue.record("not run"); return }
        #expect(covers.isEmpty || covers.allSatisfy { ["001", "002", "003", "004"].contains($0) })
    }
}
