import Dialects
import SchemaDiff
import Drivers
import Foundation
import Migrations
import Schema

/// What `check` compares.
public struct CheckRequest: Sendable {
    /// The desired schema the files must produce (DSL, `schema.sql`, `schema.json`, a
    /// directory or a URL); nil to prove the files only.
    public var schema: SchemaSource?
    /// Compare the migrator's database with the schema the files produce up to the last
    /// migration its history records (drift, by name).
    public var compareDatabase: Bool
    /// Where scratch databases go instead of the target's server.
    public var scratchURL: DatabaseURL?

    /// Creates a request.
    public init(schema: SchemaSource? = nil, compareDatabase: Bool = false, scratchURL: DatabaseURL? = nil) {
        self.schema = schema
        self.compareDatabase = compareDatabase
        self.scratchURL = scratchURL
    }
}

/// One thing `check` found.
public struct CheckProblem: Sendable, Codable, Hashable, CustomStringConvertible {
    /// A stable id: `up-failed`, `down-failed`, `down-not-inverse`, `redo-differs`,
    /// `schema-differs` or `database-differs`.
    public var rule: String
    /// The migration it concerns, if one.
    public var version: String?
    /// The file to look at, if one.
    public var file: String?
    /// The line in it, where known.
    public var line: Int?
    /// One line: what is wrong and what to do.
    public var message: String
    /// The objects that came out differently, by name.
    public var differences: [SchemaDifference]

    /// `file:line: message`, with the first differences.
    public var description: String {
        let place = file.map { f in line.map { "\(f):\($0): " } ?? "\(f): " } ?? ""
        return place + message
    }
}

/// What `check` found.
public struct CheckReport: Sendable, Codable {
    /// The directory replayed.
    public var directory: String
    /// The engine it was replayed on.
    public var engine: String
    /// The steps replayed (versioned and repeatable migrations).
    public var replayed: Int
    /// The migrations whose down was run after their up and gave back the schema before,
    /// and whose up, run again, gave the schema after.
    public var downsProven: [String]
    /// The migrations without a down section (not reversible, so not proven).
    public var withoutDown: [String]
    /// The desired schema compared with the files' result, if one.
    public var schema: String?
    /// The database compared, if one (password masked).
    public var database: String?
    /// The version the database's history says it is at, when it was compared.
    public var databaseAt: String?
    /// Everything that does not hold; empty when the check passes.
    public var problems: [CheckProblem]
    /// What was not checked, and why.
    public var notes: [String] = []
    /// How long the replay and the comparisons took, in ms.
    public var ms: Int64

    /// Whether everything holds.
    public var passed: Bool { problems.isEmpty }
}

extension Migrator {
    /// Proves the migration files on a scratch database, for CI.
    ///
    /// Every migration runs as `up` would run it on a fresh database. Right after each up,
    /// its down runs and must give back the schema before, and the up runs again and must
    /// give the schema after. Then the result is compared with the desired schema, and
    /// with the live database at the version its history records. Nothing is changed
    /// anywhere but on the scratch database.
    ///
    /// - Returns: The report; ``CheckReport/problems`` names every difference (the CLI
    ///   exits 3 when there is one).
    /// - Throws: the directory's validation errors; ``MigratorError`` when a source cannot
    ///   be read; ``/Drivers/DatabaseError`` when no scratch database can be made.
    public func check(_ request: CheckRequest = CheckRequest()) async throws -> CheckReport {
        try requireURL(for: "check")
        return try await withEventLoopAffinity {
            let clock = ContinuousClock()
            let start = clock.now
            let set = try loadMigrations()
            var report = CheckReport(
                directory: set.directory, engine: url.engine.displayName, replayed: 0, downsProven: [], withoutDown: [],
                schema: request.schema?.description, database: request.compareDatabase ? url.description : nil, problems: [], ms: 0)
            // The live database's version first: its state is kept as the replay passes it.
            // A SQLite file that does not exist is not created to be compared.
            let compares = request.compareDatabase && !opensByCreating
            let live: LiveTarget = compares ? try await liveTarget() : .none
            switch live {
            case .through(let v): report.databaseAt = v.description
            case .none where request.compareDatabase:
                // A database without history (CI's empty service database) only hosts the
                // scratch copy: it is not one the files were run on.
                report.database = nil
                report.notes.append("\(url) has no Strata history, so it was not compared (it only held the scratch database); `strata adopt` finds what a hand-migrated database reflects")
            default: break
            }
            var replay = try await ScratchReplay.open(set, for: self, scratchURL: request.scratchURL)
            if replay.scratch.sharesTheTargetDatabase {
                report.notes.append("the scratch copy is a schema inside \(replay.scratch.url.database) (the user may not create databases): a down that drops an extension or another database-wide object drops it there too; give --scratch-url for a database of its own")
            }
            let outcome: ReplayOutcome
            do {
                outcome = try await proveSteps(&replay, live: live, report: &report)
                await replay.close()
            } catch {
                await replay.close()
                throw error
            }
            let advisor = replay.store.dialect.diffAdvisor
            if let source = request.schema, let final = outcome.final {
                let desired = try await source.load(like: url, scratchURL: request.scratchURL, options: options.connect)
                let differences = PlanProof.differences(expected: desired.schema, actual: final, advisor: advisor)
                if !differences.isEmpty {
                    report.problems.append(CheckProblem(
                        rule: "schema-differs", version: nil, file: nil, line: nil,
                        message: "the files give a schema that differs from \(source) in \(Self.named(differences)); write the missing migration (`strata generate NAME --schema \(source)`) or update the schema",
                        differences: differences))
                }
            }
            if request.compareDatabase, let expected = outcome.live {
                let live = try await SchemaSource.inspectLive(url, options: options.connect)
                let differences = PlanProof.differences(expected: expected, actual: live.schema, advisor: advisor)
                if !differences.isEmpty {
                    let at = report.databaseAt.map { "the files up to \($0)" } ?? "the files"
                    report.problems.append(CheckProblem(
                        rule: "database-differs", version: report.databaseAt, file: nil, line: nil,
                        message: "\(url) differs from what \(at) give in \(Self.named(differences)); it was changed outside the migrations: put the change in a migration, or revert it",
                        differences: differences))
                }
            }
            report.ms = (clock.now - start).milliseconds
            return report
        }
    }

    /// Which state of the replay the live database must be in.
    private enum LiveTarget {
        /// Not compared.
        case none
        /// No history: every file.
        case allFiles
        /// The history's highest version.
        case through(Version)
    }

    /// The schemas the replay ended with: the last step's, and the one at the live
    /// database's version (nil when the replay stopped before either).
    private struct ReplayOutcome {
        var final: Schema?
        var live: Schema?
    }

    /// Runs every step, proving each down; appends what does not hold to `report`.
    private func proveSteps(_ replay: inout ScratchReplay, live: LiveTarget, report: inout CheckReport) async throws -> ReplayOutcome {
        let advisor = replay.store.dialect.diffAdvisor
        var before = Snapshot(schema: try await replay.schema(), text: try await replay.catalogText())
        var outcome = ReplayOutcome()
        // The step after which the replay is where the live database's history says it
        // is (-1: before the first; the last step once every versioned one is in).
        var liveIndex: Int?
        if case .through(let v) = live {
            let versioned = replay.steps.indices.compactMap { i in replay.migration(i).map { (i, $0.version) } }
            let last = versioned.last { $0.1 <= v }?.0 ?? -1
            liveIndex = last == versioned.last?.0 ? replay.steps.count - 1 : last
        }
        if liveIndex == -1 { outcome.live = before.schema }
        for i in replay.steps.indices {
            let version = replay.version(i)
            do {
                try await replay.apply(i)
            } catch let error as MigratorError {
                report.problems.append(CheckProblem(
                    rule: "up-failed", version: version, file: error.file ?? replay.file(i), line: error.line,
                    message: "migration \(version) fails on a fresh database: \(error.message)", differences: []))
                return outcome
            }
            report.replayed += 1
            let after = Snapshot(schema: try await replay.schema(), text: try await replay.catalogText())
            if let m = replay.migration(i) {
                if let problem = try await proveDown(replay, i, before: before, after: after, advisor: advisor, notes: &report.notes) {
                    report.problems.append(problem)
                    try await replay.rebuild(steps: i + 1)
                } else if m.hasDown {
                    report.downsProven.append(version)
                } else {
                    report.withoutDown.append(version)
                }
            }
            before = after
            if i == liveIndex { outcome.live = after.schema }
        }
        outcome.final = before.schema
        if case .allFiles = live { outcome.live = before.schema }
        return outcome
    }

    /// Runs the down of step `i` (after its up) and the up again; the problem, if either
    /// does not give back the schema it must.
    /// A state of the replay: its schema, and where the engine has one, the catalog's text,
    /// which tells cheaply that a later state is the same.
    private struct Snapshot {
        var schema: Schema
        var text: String?

        /// The differences of the replay's state now from this one: none when the catalog's
        /// text is the same, else as the schemas read back compare.
        func differences(_ replay: ScratchReplay, advisor: any DiffAdvisor) async throws -> [SchemaDifference] {
            if let text, try await replay.catalogText() == text { return [] }
            return PlanProof.differences(expected: schema, actual: try await replay.schema(), advisor: advisor)
        }
    }

    private func proveDown(
        _ replay: ScratchReplay, _ i: Int, before: Snapshot, after: Snapshot, advisor: any DiffAdvisor, notes: inout [String]
    ) async throws -> CheckProblem? {
        guard let m = replay.migration(i), let down = try m.down() else { return nil }
        let version = m.version.description
        do {
            guard try await replay.revert(i) else { return nil }
        } catch let error as MigratorError {
            return CheckProblem(
                rule: "down-failed", version: version, file: error.file ?? down.file, line: error.line,
                message: "the down of \(version) fails right after its up: \(error.message)", differences: [])
        }
        var left = try await before.differences(replay, advisor: advisor)
        // A down that adds a dropped column back at the end gives the same objects, in
        // another column order: worth saying, not a failure.
        let reordered = left.filter { $0.kind == "table" && $0.detail == "column order" }
        if !reordered.isEmpty {
            left.removeAll { reordered.contains($0) }
            notes.append("the down of \(version) gives back \(reordered.map(\.name).joined(separator: ", ")) with the columns in another order")
        }
        if !left.isEmpty {
            return CheckProblem(
                rule: "down-not-inverse", version: version, file: down.file, line: down.firstLine,
                message: "the down of \(version) does not undo its up; after it, compared with the schema before: \(Self.named(left)); make the down section reverse every change of the up",
                differences: left)
        }
        do {
            try await replay.apply(i)
        } catch let error as MigratorError {
            return CheckProblem(
                rule: "redo-differs", version: version, file: error.file ?? m.up.file, line: error.line,
                message: "migration \(version) fails when run again after its down: \(error.message); the down leaves something the up does not expect",
                differences: [])
        }
        let redo = try await after.differences(replay, advisor: advisor)
        if !redo.isEmpty {
            return CheckProblem(
                rule: "redo-differs", version: version, file: m.up.file, line: nil,
                message: "migration \(version) run again after its down gives another schema; compared with its first run: \(Self.named(redo)); the down leaves something behind that changes the up",
                differences: redo)
        }
        return nil
    }

    /// Where the database's history says it is: the highest version it records as in
    /// the schema (every file when it records only repeatables); none without history.
    private func liveTarget() async throws -> LiveTarget {
        try await withStore { store in
            guard let history = try await store.read(), !history.isEmpty else { return .none }
            let done = history.filter { !$0.key.isRepeatable && $0.status != .failed && $0.status != .running }
            return done.compactMap { Version($0.version) }.max().map { .through($0) } ?? .allFiles
        }
    }

    /// The first few differences by name: "column users.email (changed: type), index x".
    static func named(_ differences: [SchemaDifference]) -> String {
        let shown = differences.prefix(5).map(\.description).joined(separator: "; ")
        return differences.count > 5 ? "\(shown) and \(differences.count - 5) more" : shown
    }
}
