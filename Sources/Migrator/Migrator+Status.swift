import Drivers
import Migrations
import SQLText

/// The state of one migration as `status` reports it (its JSON form is the raw value).
public enum MigrationState: String, Sendable, Codable, Hashable, CaseIterable {
    /// Applied, and its file still matches the recorded checksums.
    case applied
    /// Not applied yet; `up` will run it.
    case pending
    /// Applied; its comments or whitespace changed since.
    case cosmeticChange = "cosmetic-change"
    /// Applied; its statements changed since.
    case changed
    /// Applied; its file is gone.
    case missingFile = "missing-file"
    /// Stopped at a failing statement.
    case failed
    /// Started outside a transaction and not finished (running now, or its process died).
    case running
    /// Recorded as present when Strata took over.
    case baseline
    /// Run by hand before Strata kept the history; recorded by `adopt`.
    case adopted
    /// Recorded as covered by a migration that replaces it.
    case covered
    /// Pending, but a migration in the directory replaces it.
    case replaced
    /// Pending below the highest applied version.
    case outOfOrder = "out-of-order"
    /// A repeatable migration changed since it last ran.
    case repeatableChanged = "repeatable-changed"

    /// Whether `up` would run it.
    public var isPending: Bool { self == .pending || self == .outOfOrder || self == .repeatableChanged }
    /// Whether its changes are in the database.
    public var isApplied: Bool { self == .applied || self == .cosmeticChange || self == .baseline || self == .covered || self == .adopted }
}

/// The state of one migration as `status` reports it.
public struct MigrationStatus: Sendable, Codable, Hashable {
    /// The version as written in the file name (or `R:name` for a repeatable migration).
    public var version: String
    /// The migration's description, from its file name.
    public var name: String
    /// The up file, when there is one.
    public var file: String?
    /// Where it stands.
    public var state: MigrationState
    /// When it was applied or recorded (UTC, ISO 8601); nil when it is not in the history.
    public var appliedAt: String?
    /// Who applied or recorded it (`user@host` or `--actor`); nil when it is not in the history.
    public var appliedBy: String?
    /// How long its up section took, in milliseconds; nil when it is not in the history.
    public var executionMs: Int64?
    /// More about the state (how far a failed migration got, its error…).
    public var detail: String?
}

/// The answer of `status`.
public struct StatusReport: Sendable, Codable {
    /// The database, password masked.
    public var database: String
    /// The engine's display name (`SQLite`, `PostgreSQL`, `MySQL`).
    public var engine: String
    /// The migration directory read.
    public var directory: String
    /// Every migration of the directory and of the history, in version order.
    public var migrations: [MigrationStatus]
    /// Problems that stop `up`, one line each.
    public var problems: [String]
    /// Versions whose files are all for other engines, so that they are no migration on
    /// this one (left out of the JSON form when there are none).
    public var skipped: [SkippedMigration] = []
    /// How the live schema differs from the one recorded after the last migration; nil
    /// when none was recorded (left out of the JSON form then).
    public var drift: DriftReport?

    /// How many migrations `up` would run (``MigrationState/isPending``).
    public var pending: Int { migrations.filter(\.state.isPending).count }
    /// How many migrations' changes are in the database (``MigrationState/isApplied``).
    public var applied: Int { migrations.filter(\.state.isApplied).count }

    enum CodingKeys: String, CodingKey { case database, engine, directory, migrations, problems, skipped, drift }

    /// Creates a report without drift.
    public init(database: String, engine: String, directory: String, migrations: [MigrationStatus], problems: [String], skipped: [SkippedMigration] = []) {
        self.database = database
        self.engine = engine
        self.directory = directory
        self.migrations = migrations
        self.problems = problems
        self.skipped = skipped
    }

    /// Decodes the JSON form; `skipped` and `drift` may be absent.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        database = try c.decode(String.self, forKey: .database)
        engine = try c.decode(String.self, forKey: .engine)
        directory = try c.decode(String.self, forKey: .directory)
        migrations = try c.decode([MigrationStatus].self, forKey: .migrations)
        problems = try c.decode([String].self, forKey: .problems)
        skipped = try c.decodeIfPresent([SkippedMigration].self, forKey: .skipped) ?? []
        drift = try c.decodeIfPresent(DriftReport.self, forKey: .drift)
    }

    /// Encodes the JSON form `status --json` prints, leaving out `skipped` when empty and
    /// `drift` when nil.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(database, forKey: .database)
        try c.encode(engine, forKey: .engine)
        try c.encode(directory, forKey: .directory)
        try c.encode(migrations, forKey: .migrations)
        try c.encode(problems, forKey: .problems)
        if !skipped.isEmpty { try c.encode(skipped, forKey: .skipped) }
        try c.encodeIfPresent(drift, forKey: .drift)
    }
}

/// A version that is no migration on this engine: its files all name other engines.
public struct SkippedMigration: Sendable, Codable, Hashable {
    /// The version the files share.
    public var version: String
    /// Its name, from the file names.
    public var name: String
    /// The files of that version, all for other engines.
    public var files: [String]
    /// Why it is skipped ("only for MySQL, PostgreSQL").
    public var reason: String
}

/// What `repair` changed.
public struct RepairReport: Sendable, Codable {
    /// One line per change, e.g. "003: checksum re-aligned to the file".
    public var actions: [String] = []
}

extension Migrator {
    /// Reports every migration: applied, pending, changed (cosmetically or in meaning),
    /// missing, out of order, failed part-way.
    public func status() async throws -> StatusReport {
        return try await withEventLoopAffinity {
            return try await withFilesAndStore { set, store in
                let history = try await store.read() ?? []
                var report = try statusReport(set: set, history: history)
                report.drift = try await drift(in: store, history: history)
                if let drift = report.drift, drift.hasDrift {
                    let after = drift.recordedAfter.map { "after \($0)" } ?? "by the baseline"
                    report.problems.append("the schema changed outside Strata since it was recorded \(after): \(drift.summary); `up` stops until the change is in a migration or reverted, or `--allow-drift` accepts it")
                }
                return report
            }
        }
    }

    func statusReport(set: MigrationSet, history: [HistoryRecord]) throws -> StatusReport {
        let analysis = try Planner.analyze(set: set, history: history)
        let maxApplied = analysis.maxAppliedVersion
        let entries = try analysis.entries.map { e throws -> MigrationStatus in
            var state: MigrationState
            var detail: String?
            switch e.state {
            case .applied: state = .applied
            case .pending:
                state = .pending
                if let m = e.migration, let maxApplied, m.version < maxApplied {
                    state = .outOfOrder
                    detail = "below the highest applied version \(maxApplied); `up` stops unless --allow-out-of-order"
                }
            case .cosmeticChange:
                state = .cosmeticChange
                detail = "comments or whitespace changed since it ran; `up` records the new checksum"
            case .changed:
                state = .changed
                detail = "statements changed since it ran; revert the edit or run `strata repair`"
            case .missingFile: state = .missingFile; detail = "applied, but the file is gone"
            case .incomplete(let done):
                state = e.record?.status == .running ? .running : .failed
                let total = try e.migration?.up.statements().count
                detail = "stopped after statement \(done)\(total.map { " of \($0)" } ?? "")" + (e.record?.error.map { ": \($0)" } ?? "")
            case .baseline: state = .baseline
            case .adopted: state = .adopted; detail = "run by hand before Strata kept the history; recorded by `strata adopt`"
            case .covered: state = .covered
            case .replaced: state = .replaced; detail = "a later migration replaces it"
            case .repeatableChanged: state = .repeatableChanged; detail = "changed since it last ran; `up` runs it again"
            }
            return MigrationStatus(
                version: e.version, name: e.name, file: e.migration?.up.file, state: state,
                appliedAt: e.record?.appliedAt, appliedBy: e.record?.appliedBy, executionMs: e.record?.executionMs, detail: detail
            )
        }
        return StatusReport(
            database: url.description, engine: url.engine.displayName, directory: set.directory,
            migrations: entries, problems: analysis.problems.map(\.description) + incompleteProblems(analysis),
            skipped: set.skipped.map { SkippedMigration(version: $0.version.description, name: $0.name, files: $0.files, reason: $0.reason) }
        )
    }

    /// A failed or interrupted migration is a problem for `status` (exit 3) even when
    /// `up` can resume it; `analyze` reports it only when it cannot.
    private func incompleteProblems(_ analysis: Planner.Analysis) -> [String] {
        let reported = Set(analysis.problems.compactMap(\.version))
        return analysis.entries.compactMap { e -> String? in
            guard case .incomplete(let done) = e.state, !reported.contains(e.version) else { return nil }
            let how = e.record?.status == .running ? "was interrupted" : "failed"
            return MigratorError(
                .incomplete,
                "migration \(e.version) \(how) after statement \(done); fix what follows and run `strata up` to resume at statement \(done + 1), or finish by hand and run `strata repair`",
                file: e.migration?.up.file, version: e.version
            ).description
        }
    }

    /// The audit log, oldest first.
    ///
    /// - Parameter limit: Keep only the newest `limit` entries.
    public func history(limit: Int? = nil) async throws -> [LogEntry] {
        return try await withEventLoopAffinity {
            try await withStore { store in try await store.readLog(limit: limit) }
        }
    }

    /// Checks the migration files (every problem, each with file and line) and, when the
    /// database can be reached, that applied migrations still match their files.
    ///
    /// - Returns: one line per problem; empty when everything is valid.
    public func validate(checkDatabase: Bool = true) async throws -> [String] {
        return try await withEventLoopAffinity {
            let set: MigrationSet
            do {
                set = try loadMigrations()
            } catch let error as MigrationDirectoryError {
                return error.errors.map(\.description)
            }
            guard checkDatabase else { return [] }
            return try await withStore { store in
                let history = try await store.read() ?? []
                return try Planner.analyze(set: set, history: history).problems.map(\.description)
            }
        }
    }

    /// Accepts the files as they are now: re-aligns the checksums of applied migrations
    /// whose files were edited, forgets applied migrations whose files are gone, and
    /// marks migrations that failed part-way as resolved by hand. Every change is logged.
    @discardableResult
    public func repair() async throws -> RepairReport {
        return try await withEventLoopAffinity {
            return try await withFilesAndStore { set, store in
                guard try await store.read() != nil else { return RepairReport() }
                return try await withLock(store) {
                    let history = try await store.read() ?? []
                    let analysis = try Planner.analyze(set: set, history: history)
                    var report = RepairReport()
                    let actor = options.actor
                    for e in analysis.entries {
                        guard let r = e.record else { continue }
                        let now = utcTimestamp()
                        switch e.state {
                        case .changed, .cosmeticChange:
                            guard let m = e.migration else { continue }
                            try await store.updateChecksums(version: r.version, checksum: m.checksum, semanticChecksum: try m.semanticChecksum())
                            let line = "\(r.version): checksum re-aligned to \(m.up.file) (\(r.checksum.prefix(12)) -> \(m.checksum.prefix(12)))"
                            try await store.log(event: .repair, version: r.version, name: r.name, checksum: m.checksum, actor: actor, detail: line, at: now)
                            report.actions.append(line)
                        case .missingFile where r.status == .applied || r.status == .adopted || r.status == .failed || r.status == .running:
                            try await store.delete(version: r.version)
                            let line = "\(r.version): forgotten (its file is gone; it was \(r.status.rawValue) on \(r.appliedAt))"
                            try await store.log(event: .repair, version: r.version, name: r.name, checksum: r.checksum, actor: actor, detail: line, at: now)
                            report.actions.append(line)
                        case .incomplete(let done):
                            guard let m = e.migration else { continue }
                            var resolved = r
                            resolved.status = .applied
                            resolved.checksum = m.checksum
                            resolved.semanticChecksum = try m.semanticChecksum()
                            resolved.appliedAt = now
                            resolved.appliedBy = actor
                            resolved.statementsDone = try m.up.statements().count
                            try await store.markApplied(resolved)
                            let line = "\(r.version): marked applied (it had stopped after statement \(done); resolved by hand)"
                            try await store.log(event: .repair, version: r.version, name: r.name, checksum: m.checksum, actor: actor, detail: line, at: now)
                            report.actions.append(line)
                        default:
                            continue
                        }
                    }
                    if !report.actions.isEmpty { await recordSchemaAfterRun(store) }
                    return report
                }
            }
        }
    }
}
