import Migrations

/// What `up` will do, computed as a pure function of the migration files and the history.
struct UpPlan: Sendable {
    enum Step: Sendable {
        /// Run the migration's up section from statement `resumeFrom` (0 = from the start),
        /// then record it, and record the versions it replaces as covered.
        case run(Migration, resumeFrom: Int, covers: [String])
        /// Everything the migration replaces is already applied: record it without running.
        case record(Migration)
        /// A repeatable migration that is new or changed since it last ran.
        case runRepeatable(RepeatableMigration)
    }

    var steps: [Step] = []
    /// Applied migrations edited cosmetically (comments, whitespace): the new checksum is
    /// recorded and logged, and the run goes on.
    var cosmetic: [(migration: Migration, record: HistoryRecord)] = []
    /// Pending migrations below the highest applied version, run because out-of-order
    /// runs were allowed.
    var outOfOrder: [Migration] = []
}

extension UpPlan.Step {
    /// The script the step runs, if it runs one.
    var script: MigrationScript? {
        switch self {
        case .run(let m, _, _): m.up
        case .runRepeatable(let r): r.up
        case .record: nil
        }
    }

    /// The migration the step runs, if it runs one (not a repeatable).
    var migration: Migration? {
        if case .run(let m, _, _) = self { return m }
        return nil
    }
}

/// The state of every migration, for `status`, `validate` and the checks of `up`.
enum Planner {
    /// Computes what `up` would run.
    ///
    /// - Throws: ``MigratorError`` for the first problem that stops `up` (changed or
    ///   missing applied migration, out-of-order pending one, incomplete earlier run,
    ///   unknown target).
    static func planUp(
        set: MigrationSet, history: [HistoryRecord], target: Version?, allowOutOfOrder: Bool
    ) throws -> UpPlan {
        if target.map({ set.migration($0) != nil }) ?? true, isUpToDate(set: set, history: history) {
            return UpPlan()
        }
        let analysis = try analyze(set: set, history: history)
        if let problem = analysis.problems.first { throw problem }
        if let target, set.migration(target) == nil {
            throw MigratorError(
                .unknownVersion,
                "--to \(target): no migration file has version \(target) in \(set.directory); run `strata status` to see the versions",
                version: target.description
            )
        }
        var plan = UpPlan()
        plan.cosmetic = analysis.cosmetic
        let maxApplied = analysis.maxAppliedVersion
        for entry in analysis.entries {
            if let r = entry.repeatable {
                if target == nil, entry.state == .pending || entry.state == .repeatableChanged {
                    plan.steps.append(.runRepeatable(r))
                }
                continue
            }
            guard let m = entry.migration else { continue }
            if let target, m.version > target { break }
            switch entry.state {
            case .incomplete(let done):
                plan.steps.append(.run(m, resumeFrom: done, covers: []))
            case .pending:
                let replaced = replacedState(of: m, analysis: analysis)
                // A squash or baseline whose versions all ran here is only recorded: not out
                // of order; one whose versions partly ran is explained as such.
                let isPartly: Bool
                if case .partly = replaced { isPartly = true } else { isPartly = false }
                if let maxApplied, m.version < maxApplied, replaced != .allApplied, !isPartly {
                    guard allowOutOfOrder else {
                        throw MigratorError(
                            .outOfOrder,
                            "migration \(m.version) is pending but \(maxApplied) is already applied (merged late?); rename it to a version above \(maxApplied), or run with --allow-out-of-order",
                            file: m.up.file, version: m.version.description
                        )
                    }
                    plan.outOfOrder.append(m)
                }
                switch replaced {
                case .none:
                    plan.steps.append(.run(m, resumeFrom: 0, covers: []))
                case .notApplied(let versions):
                    plan.steps.append(.run(m, resumeFrom: 0, covers: versions))
                case .allApplied:
                    plan.steps.append(.record(m))
                case .partly(let applied, let missing):
                    throw MigratorError(
                        .replaceConflict,
                        "migration \(m.version) replaces \(applied.count + missing.count) migrations, but only some are applied here (\(applied.prefix(5).joined(separator: ", "))…; not \(missing.prefix(5).joined(separator: ", "))); apply the remaining ones with their original files first, then run up again",
                        file: m.up.file, version: m.version.description
                    )
                }
            default:
                continue
            }
        }
        return plan
    }

    /// Whether `up` has nothing to do: every file applied with its checksum unchanged,
    /// every history row a file's, no repeatable migration changed. The common case of a
    /// deploy, decided without the full analysis (a lookup per file); any other history
    /// gets the full analysis, which also reports what is wrong.
    static func isUpToDate<DigestRow: HistoryDigestRow>(set: MigrationSet, history: [DigestRow]) -> Bool {
        guard history.count == set.migrations.count + set.repeatables.count else { return false }
        var rows: [String: Int] = [:]
        rows.reserveCapacity(history.count)
        for i in history.indices {
            rows[history[i].version] = i
        }
        guard rows.count == history.count else { return false }
        // By index: a migration or record copied out of its array costs a retain per field.
        for k in set.migrations.indices {
            guard let i = rows[set.migrations[k].version.text] else { return false }
            switch history[i].status {
            case .applied, .adopted:
                guard history[i].checksum == set.migrations[k].checksum else { return false }
            case .baseline, .covered:
                continue
            case .failed, .running:
                return false
            }
        }
        for k in set.repeatables.indices {
            guard let i = rows[HistoryKey.repeatable(name: set.repeatables[k].name).text], history[i].checksum == set.repeatables[k].checksum else { return false }
        }
        return true
    }

    // MARK: - Analysis

    /// The state of one migration (a file, a history row, or both).
    enum State: Sendable, Equatable {
        case applied
        case pending
        /// Applied, but the file's comments or whitespace changed.
        case cosmeticChange
        /// Applied, but the file's statements changed.
        case changed
        /// Applied, but its file is gone.
        case missingFile
        /// Failed or interrupted after `statementsDone` statements.
        case incomplete(statementsDone: Int)
        /// Recorded as already present when Strata took over.
        case baseline
        /// Run by hand before Strata kept the history, recorded by `adopt`.
        case adopted
        /// Recorded as covered by a migration that replaces it.
        case covered
        /// A pending migration covered by a replacing migration in the directory.
        case replaced
        /// A repeatable migration whose checksum changed since it last ran.
        case repeatableChanged
    }

    struct Entry: Sendable {
        var version: String
        var name: String
        var migration: Migration?
        var repeatable: RepeatableMigration?
        var record: HistoryRecord?
        var state: State
    }

    struct Analysis: Sendable {
        var entries: [Entry] = []
        var problems: [MigratorError] = []
        var cosmetic: [(migration: Migration, record: HistoryRecord)] = []
        var maxAppliedVersion: Version?
        /// History rows by canonical version.
        var recordsByVersion: [Version: HistoryRecord] = [:]
    }

    static func analyze(set: MigrationSet, history: [HistoryRecord]) throws -> Analysis {
        var a = Analysis()
        var repeatableRecords: [String: HistoryRecord] = [:]
        var orphanRecords: [HistoryRecord] = []
        a.recordsByVersion.reserveCapacity(history.count)
        for r in history {
            if r.key.isRepeatable {
                repeatableRecords[r.version] = r
            } else if let v = Version(r.version) {
                a.recordsByVersion[v] = r
                if r.status != .failed && r.status != .running, a.maxAppliedVersion.map({ v > $0 }) ?? true {
                    a.maxAppliedVersion = v
                }
            } else {
                orphanRecords.append(r)
            }
        }
        // Versions that a migration file in the directory replaces.
        var replacedByFile: [Version: Migration] = [:]
        for m in set.migrations where !m.replaces.isEmpty {
            for v in set.migrations.map(\.version) where m.covers(v) { replacedByFile[v] = m }
            for v in a.recordsByVersion.keys where m.covers(v) { replacedByFile[v] = m }
        }

        var seen: Set<Version> = []
        for m in set.migrations {
            seen.insert(m.version)
            let record = a.recordsByVersion[m.version]
            var entry = Entry(version: m.version.description, name: m.name, migration: m, repeatable: nil, record: record, state: .pending)
            if let r = record {
                switch r.status {
                case .applied, .adopted:
                    if r.checksum == m.checksum {
                        entry.state = r.status == .adopted ? .adopted : .applied
                    } else if r.semanticChecksum == (try m.semanticChecksum()) {
                        entry.state = .cosmeticChange
                        a.cosmetic.append((m, r))
                    } else {
                        entry.state = .changed
                        a.problems.append(MigratorError(
                            .checksumMismatch,
                            "migration \(m.version) was changed after it was applied on \(r.appliedAt) by \(r.appliedBy): its statements differ from what ran; revert the edit (put new changes in a new migration), or run `strata repair` to accept it",
                            file: m.up.file, version: m.version.description
                        ))
                    }
                case .baseline: entry.state = .baseline
                case .covered: entry.state = .covered
                case .failed, .running:
                    entry.state = .incomplete(statementsDone: r.statementsDone)
                    let statements = try m.up.statements()
                    let prefix = Checksums.statements(statements.prefix(r.statementsDone), dialect: set.engine)
                    if let stored = r.progressChecksum, stored != prefix, r.statementsDone > 0 {
                        a.problems.append(MigratorError(
                            .incomplete,
                            "migration \(m.version) stopped after statement \(r.statementsDone) of \(statements.count), and statements 1–\(r.statementsDone), which already ran, were edited since; restore them and change only what follows, or finish by hand and run `strata repair`",
                            file: m.up.file, version: m.version.description
                        ))
                    }
                }
            } else if replacedByFile[m.version] != nil {
                entry.state = .replaced
            }
            a.entries.append(entry)
        }
        // History rows without a file.
        let versionedFileEntries = a.entries.count
        for (v, r) in a.recordsByVersion where !seen.contains(v) {
            var entry = Entry(version: r.version, name: r.name, migration: nil, repeatable: nil, record: r, state: .missingFile)
            switch r.status {
            case .baseline: entry.state = .baseline
            case .covered: entry.state = .covered
            case .applied where replacedByFile[v] != nil, .adopted where replacedByFile[v] != nil: entry.state = .covered
            case .applied, .adopted:
                a.problems.append(MigratorError(
                    .missingFile,
                    "migration \(r.version) (\(r.name)) was applied on \(r.appliedAt) but its file is missing from \(set.directory); restore the file, or run `strata repair` to forget it",
                    version: r.version
                ))
            case .failed, .running:
                a.problems.append(MigratorError(
                    .incomplete,
                    "migration \(r.version) (\(r.name)) stopped after statement \(r.statementsDone) and its file is missing from \(set.directory); restore the file to resume, or run `strata repair`",
                    version: r.version
                ))
            }
            a.entries.append(entry)
        }
        for r in orphanRecords {
            a.entries.append(Entry(version: r.version, name: r.name, migration: nil, repeatable: nil, record: r, state: .missingFile))
        }
        // Repeatable migrations run after the versioned ones, when their checksum changed.
        for m in set.repeatables {
            let key = HistoryKey.repeatable(name: m.name).text
            let r = repeatableRecords[key]
            let state: State = r == nil ? .pending : (r?.checksum == m.checksum ? .applied : .repeatableChanged)
            a.entries.append(Entry(version: key, name: m.name, migration: nil, repeatable: m, record: r, state: state))
        }
        // Versioned entries by version (files are already in order; rows without a file
        // are merged in), then repeatables by name. Keys are parsed once.
        if a.entries.count == versionedFileEntries + set.repeatables.count { return a }
        let keyed = a.entries.map { e -> (Version?, Entry) in (e.repeatable == nil ? Version(e.version) : nil, e) }
        a.entries = keyed.sorted { lhs, rhs in
            switch (lhs.0, rhs.0) {
            case (let l?, let r?): l < r
            case (.some, .none): true
            case (.none, .some): false
            case (.none, .none): lhs.1.version < rhs.1.version
            }
        }.map(\.1)
        return a
    }

    enum ReplacedState: Equatable {
        case none
        case notApplied([String])
        case allApplied
        case partly(applied: [String], missing: [String])
    }

    static func replacedState(of m: Migration, analysis: Analysis) -> ReplacedState {
        guard !m.replaces.isEmpty else { return .none }
        var applied: [String] = []
        var missing: [String] = []
        var candidates: Set<Version> = Set(analysis.recordsByVersion.keys.filter { m.covers($0) })
        for e in analysis.entries where e.migration.map({ m.covers($0.version) }) ?? false {
            if let v = e.migration?.version { candidates.insert(v) }
        }
        for range in m.replaces where range.lowerBound == range.upperBound { candidates.insert(range.lowerBound) }
        for v in candidates.sorted() {
            if let r = analysis.recordsByVersion[v], r.status != .failed, r.status != .running {
                applied.append(v.description)
            } else {
                missing.append(v.description)
            }
        }
        if applied.isEmpty { return .notApplied(missing) }
        if missing.isEmpty { return .allApplied }
        return .partly(applied: applied, missing: missing)
    }
}
