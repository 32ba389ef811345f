import Dialects
import Drivers
import Migrations
import SQLText

/// What `down` should revert.
public struct DownRequest: Sendable {
    /// Revert this many of the latest applied migrations (default 1).
    public var steps: Int?
    /// Revert every applied migration above this version.
    public var target: Version?
    /// Print the SQL that would run, change nothing.
    public var dryRun: Bool
    /// Allow it in production, where reverting is refused otherwise (a down section
    /// usually drops data). A dry run needs no permission.
    public var allowDestructive: Bool

    /// Creates a request; with neither `steps` nor `target` it reverts the latest applied
    /// migration.
    public init(steps: Int? = nil, target: Version? = nil, dryRun: Bool = false, allowDestructive: Bool = false) {
        self.steps = steps
        self.target = target
        self.dryRun = dryRun
        self.allowDestructive = allowDestructive
    }
}

/// What `down` did.
public struct DownReport: Sendable, Codable {
    /// Migrations reverted, latest first.
    public var reverted: [AppliedMigration] = []
    /// With `dryRun`: the SQL that would run.
    public var dryRunSQL: String?
}

extension Migrator {
    /// Reverts the latest applied migrations with their down sections, each in its own
    /// transaction together with the removal of its history row.
    ///
    /// Every migration to revert must have a down section: when one has none, nothing runs.
    /// In production it is refused unless ``DownRequest/allowDestructive``.
    /// - Warning: A down section usually drops tables or columns, and their data.
    @discardableResult
    public func down(_ request: DownRequest = DownRequest()) async throws -> DownReport {
        try options.check(.down, allowed: request.allowDestructive || request.dryRun)
        return try await withEventLoopAffinity {
            return try await withFilesAndStore { set, store in
                guard let history = try await store.read() else { return DownReport(dryRunSQL: request.dryRun ? "-- nothing to revert\n" : nil) }
                // Checked before the lock too, so that a refusal never waits for it.
                let targets = try planDown(set: set, history: history, request: request)
                if request.dryRun {
                    var sql = ""
                    for (m, down) in targets {
                        sql += "-- revert \(m.version) \(m.name) (\(down.file))\n"
                        for s in try down.statements() { sql +=  "-- \(down.file):\(s.line)\n\(s.text);\n" }
                        sql += "\n"
                    }
                    return DownReport(dryRunSQL: sql.isEmpty ? "-- nothing to revert\n" : sql)
                }
                return try await withLock(store) {
                    let current = try await store.read() ?? []
                    let targets = try planDown(set: set, history: current, request: request)
                    var report = DownReport()
                    do {
                        for (m, down) in targets {
                            report.reverted.append(try await revert(m, down: down, store: store, history: current))
                        }
                    } catch {
                        if !report.reverted.isEmpty { await recordSchemaAfterRun(store) }
                        throw error
                    }
                    if !report.reverted.isEmpty { await recordSchemaAfterRun(store) }
                    return report
                }
            }
        }
    }

    /// Reverts the latest applied migration and applies it again. In production it is
    /// refused unless `allowDestructive`.
    /// - Warning: The down section usually drops data, which the up does not bring back.
    @discardableResult
    public func redo(allowDestructive: Bool = false) async throws -> (reverted: DownReport, applied: UpReport) {
        try options.check(.redo, allowed: allowDestructive)
        return try await withEventLoopAffinity {
            let reverted = try await down(DownRequest(steps: 1, allowDestructive: true))
            guard let last = reverted.reverted.first, let v = Version(last.version) else {
                return (reverted, UpReport())
            }
            let applied = try await up(UpRequest(target: v, allowOutOfOrder: true))
            return (reverted, applied)
        }
    }

    /// The migrations `down` would revert, latest first, each with its down section.
    func planDown(set: MigrationSet, history: [HistoryRecord], request: DownRequest) throws -> [(Migration, MigrationScript)] {
        if let target = request.target, set.migration(target) == nil,
           !history.contains(where: { Version($0.version) == target }) {
            throw MigratorError(
                .unknownVersion,
                "--to \(target): no migration has version \(target) in \(set.directory) or in the history; run `strata status` to see the versions",
                version: target.description
            )
        }
        if let stuck = history.first(where: { $0.status == .failed || $0.status == .running }) {
            throw MigratorError(
                .incomplete,
                "migration \(stuck.version) stopped after statement \(stuck.statementsDone); resume it with `strata up` or resolve it with `strata repair` before reverting anything",
                version: stuck.version
            )
        }
        let applied = history
            .filter { !$0.key.isRepeatable }
            .compactMap { r -> (Version, HistoryRecord)? in Version(r.version).map { ($0, r) } }
            .sorted { $0.0 > $1.0 }
        var chosen: [(Version, HistoryRecord)] = []
        if let target = request.target {
            chosen = applied.filter { $0.0 > target }
        } else {
            chosen = Array(applied.prefix(max(request.steps ?? 1, 0)))
        }
        var result: [(Migration, MigrationScript)] = []
        for (v, r) in chosen {
            switch r.status {
            case .baseline, .covered:
                throw MigratorError(
                    .notAllowed,
                    "migration \(r.version) is recorded as \(r.status.rawValue) (it never ran here), so it cannot be reverted; choose a --to at or above \(r.version)",
                    version: r.version
                )
            default: break
            }
            guard let m = set.migration(v) else {
                throw MigratorError(
                    .missingFile,
                    "cannot revert migration \(r.version) (\(r.name)): its file is missing from \(set.directory); restore it first",
                    version: r.version
                )
            }
            guard let down = try m.down() else {
                throw MigratorError(
                    .noDownSection,
                    "migration \(m.version) has no down section, so it cannot be reverted; add a '-- migrate:down' section (or a .down.sql file) that undoes it",
                    file: m.up.file, version: m.version.description
                )
            }
            result.append((m, down))
        }
        return result
    }

    /// Runs a down section and forgets the migration's row. A migration that replaces
    /// others (a squash or a baseline) stands for them: its down undoes what they did, so
    /// their rows go too, and a later `up` runs it again instead of recording it as
    /// already covered.
    func revert(_ m: Migration, down: MigrationScript, store: HistoryStore, history: [HistoryRecord]) async throws -> AppliedMigration {
        let code = m.swiftCode
        let statements = try code.map { [$0.statement] } ?? down.statements()
        let replaced = m.replaces.isEmpty ? [] : history.filter { r in
            guard case .versioned(let text) = r.key, let v = Version(text), v != m.version else { return false }
            return m.covers(v)
        }.map(\.version)
        emit(.reverting(version: m.version.description, name: m.name, file: down.file))
        let clock = ContinuousClock()
        let start = clock.now
        let dialect = store.dialect
        let transactional = code.map { $0.transactional && dialect.transactionalDDL } ?? (m.transactional && dialect.isAtomic(statements))
        // `-- strata:foreign-keys off`: off before BEGIN, verified before COMMIT, restored after.
        let suspension = transactional && m.foreignKeysOff ? dialect.foreignKeySuspension : nil
        let suspended = try await suspension?.suspend(on: store.connection)
        func resume() async {
            if let suspension, let suspended { try? await suspension.resume(on: store.connection, suspended) }
        }
        if transactional { try await store.connection.execute(dialect.beginTransaction) }
        do {
            for (i, s) in statements.enumerated() {
                emit(.executing(file: down.file, line: s.line, sql: s.text))
                do {
                    if let code, let down = code.down {
                        try await down(database(for: code, on: store.connection))
                    } else {
                        try await store.connection.execute(s.text)
                    }
                } catch {
                    let line = errorLine(error, statement: s, dialect: dialect)
                    let engineMessage = (error as? DatabaseError)?.description ?? String(describing: error)
                    throw MigratorError(
                        .statementFailed,
                        "down statement \(i + 1) of \(statements.count) failed: \(engineMessage); " + (transactional
                            ? "nothing of the revert of \(m.version) was applied, it stays applied"
                            : "statements 1–\(i) of the down section ran and cannot be rolled back on \(url.engine.displayName); fix the database by hand, then run `strata repair`"),
                        file: down.file, line: line, version: m.version.description
                    )
                }
            }
            let ms = (clock.now - start).milliseconds
            try await store.write(
                ([m.version.description] + replaced).map { store.deleteStatement(version: $0) } + [
                    store.logStatement(event: .down, version: m.version.description, name: m.name, checksum: m.checksum,
                                       actor: options.actor, executionMs: ms,
                                       detail: replaced.isEmpty ? nil : "also reverts \(replaced.joined(separator: ", ")), which it replaces",
                                       at: utcTimestamp()),
                ]
            )
            if let suspension, let suspended {
                do {
                    try await suspension.verify(on: store.connection, suspended)
                } catch {
                    throw MigratorError(.statementFailed, "\(error); nothing of the revert of \(m.version) was applied, it stays applied", file: down.file, version: m.version.description)
                }
            }
            if transactional { try await store.connection.execute("COMMIT") }
            await resume()
            let result = AppliedMigration(version: m.version.description, name: m.name, file: down.file, statements: statements.count, durationMs: ms)
            emit(.reverted(result))
            return result
        } catch {
            if transactional { try? await store.connection.execute("ROLLBACK") }
            await resume()
            throw error
        }
    }
}
