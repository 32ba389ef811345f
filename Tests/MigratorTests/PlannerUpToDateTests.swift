import Migrations
@testable import Migrator
import Testing

/// The no-op shortcut of `Planner.planUp` agrees with the full analysis.
struct PlannerUpToDateTests {
    static let set = try! MigrationSet.load(
        from: MemoryDirectory([
            "001_users.sql": "-- migrate:up\nCREATE TABLE users (id INT);\n-- migrate:down\nDROP TABLE users;\n",
            "002_posts.sql": "-- migrate:up\nCREATE TABLE posts (id INT);\n",
            "R__view.sql": "CREATE VIEW v AS SELECT 1;\n",
        ]),
        engine: .sqlite
    )

    static func applied(_ set: MigrationSet) -> [HistoryRecord] {
        set.migrations.map { row($0.version.text, $0.up.checksum) } + set.repeatables.map { row("R:" + $0.name, $0.checksum) }
    }

    static func row(_ version: String, _ checksum: String, _ status: HistoryRecord.Status = .applied) -> HistoryRecord {
        HistoryRecord(version: version, name: "", checksum: checksum, semanticChecksum: "", appliedAt: "", appliedBy: "", executionMs: 0, status: status)
    }

    /// What the full analysis says: nothing to run, no problem.
    static func analysisSaysNoop(_ history: [HistoryRecord]) -> Bool {
        guard let a = try? Planner.analyze(set: set, history: history), a.problems.isEmpty, a.cosmetic.isEmpty else { return false }
        return a.entries.allSatisfy { $0.state == .applied }
    }

    @Test func everythingAppliedIsUpToDate() throws {
        let history = Self.applied(Self.set)
        #expect(Planner.isUpToDate(set: Self.set, history: history))
        #expect(Self.analysisSaysNoop(history))
        #expect(try Planner.planUp(set: Self.set, history: history, target: nil, allowOutOfOrder: false).steps.isEmpty)
    }

    @Test(arguments: [
        "pending", "changed checksum", "failed row", "extra row", "renamed version", "changed repeatable", "duplicate row",
    ])
    func anythingElseGoesThroughTheAnalysis(_ change: String) {
        var history = Self.applied(Self.set)
        switch change {
        case "pending": history.removeFirst()
        case "changed checksum": history[0].checksum = "0000"
        case "failed row": history[1].status = .failed
        case "extra row": history.append(Self.row("003", "abcd"))
        case "renamed version": history[0].version = "1"
        case "changed repeatable": history[2].checksum = "0000"
        default: history[2] = history[0]
        }
        #expect(!Planner.isUpToDate(set: Self.set, history: history))
        if change != "renamed version" { #expect(!Self.analysisSaysNoop(history)) }
    }

    @Test func anUnknownTargetIsStillAnError() {
        #expect(throws: MigratorError.self) {
            try Planner.planUp(set: Self.set, history: Self.applied(Self.set), target: Version("9"), allowOutOfOrder: false)
        }
    }
}
