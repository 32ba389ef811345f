import Dialects
import Logging
import Drivers
import Migrations
import SQLText
import Schema

/// What `up` should do.
public struct UpRequest: Sendable {
    /// Apply pending migrations up to and including this version; nil for all.
    public var target: Version?
    /// Print the SQL that would run, change nothing.
    public var dryRun: Bool
    /// Apply all pending migrations as one transaction (SQLite, PostgreSQL).
    public var singleTransaction: Bool
    /// Run pending migrations whose version is below the highest applied one.
    public var allowOutOfOrder: Bool
    /// Go on although the live schema differs from the one recorded after the last
    /// migration (the differences are logged, and the schema after the run recorded).
    public var allowDrift: Bool

    /// A request; every parameter has the default of its property (apply everything).
    public init(target: Version? = nil, dryRun: Bool = false, singleTransaction: Bool = false, allowOutOfOrder: Bool = false, allowDrift: Bool = false) {
        self.target = target
        self.dryRun = dryRun
        self.singleTransaction = singleTransaction
        self.allowOutOfOrder = allowOutOfOrder
        self.allowDrift = allowDrift
    }
}

/// What `up` did.
public struct UpReport: Sendable, Codable {
    /// Migrations that ran, in order.
    public var applied: [AppliedMigration] = []
    /// Migrations recorded without running (everything they replace was applied).
    public var recorded: [String] = []
    /// Applied migrations whose file changed only cosmetically; their new checksum was recorded.
    public var cosmeticChanges: [String] = []
    /// Pending migrations run below the highest applied version (with `allowOutOfOrder`).
    public var outOfOrder: [String] = []
    /// The objects that had drifted and `--allow-drift` let pass.
    public var acceptedDrift: [SchemaDifference] = []
    /// With `dryRun`: the SQL that would run.
    public var dryRunSQL: String?
}

extension Migrator {
    /// Applies pending migrations, each in its own transaction together with its history
    /// row (or all in one with `singleTransaction`).
    ///
    /// When nothing is pending it reads the history once and takes no lock: the cost
    /// every app start pays is one query.
    ///
    /// - Throws: ``MigratorError`` (changed or missing applied migration, out-of-order
    ///   file, failing statement with its file and line, lock timeout), the directory's
    ///   validation errors, or ``DatabaseError`` for connection problems.
    @discardableResult
    public func up(_ request: UpRequest = UpRequest()) async throws -> UpReport {
        return try await withEventLoopAffinity {
            // Refused before connecting; the planner refuses it too, for its other callers.
            if request.singleTransaction, !dialect.transactionalDDL {
                throw MigratorError.singleTransactionImpossible(on: dialect)
            }
            if request.dryRun, opensByCreating {
                // Opening would create the database: a dry run against one that does not
                // exist yet plans from an empty history instead.
                let set = try loadMigrations()
                let plan = try Planner.planUp(set: set, history: [], target: request.target, allowOutOfOrder: request.allowOutOfOrder)
                return UpReport(dryRunSQL: dryRunSQL(plan, set: set))
            }
            // Most runs have nothing to do, which three columns of the history show (read
            // while the files are still being read, as one text where the engine can); any
            // other outcome is planned again from whole rows.
            return try await withFilesAndStore(first: { try await $0.readDigest() }) { set, store, digest in
                if let digest, !request.dryRun {
                    // A migrator has one database: its history table (schema-qualified) is the place.
                    let place = store.sql.table
                    let targetKnown = request.target.map { set.migration($0) != nil } ?? true
                    if targetKnown, let text = digest.text, canKeepVerifiedHistory, verifiedHistories.contains(text, at: place) {
                        return UpReport()
                    }
                    var rows = digest.rows()
                    if rows == nil { rows = try await store.readDigestRows()?.rows() }
                    let read = rows ?? []
                    if targetKnown, Planner.isUpToDate(set: set, history: read) {
                        if let text = digest.text, canKeepVerifiedHistory { verifiedHistories.insert(text, at: place) }
                        return UpReport()
                    }
                    if let quick = try? Planner.planUp(set: set, history: read.map(\.record), target: request.target, allowOutOfOrder: request.allowOutOfOrder),
                       quick.steps.isEmpty, quick.cosmetic.isEmpty {
                        return UpReport()
                    }
                }
                let history = digest == nil ? nil : try await store.read()
                var plan = try Planner.planUp(set: set, history: history ?? [], target: request.target, allowOutOfOrder: request.allowOutOfOrder)
                if request.dryRun {
                    return UpReport(dryRunSQL: dryRunSQL(plan, set: set))
                }
                if plan.steps.isEmpty && plan.cosmetic.isEmpty {
                    return UpReport()
                }
                return try await withLock(store) {
                    // Another run may have applied some while this one waited.
                    let current = try await store.read() ?? []
                    plan = try Planner.planUp(set: set, history: current, target: request.target, allowOutOfOrder: request.allowOutOfOrder)
                    let drift = try await checkDrift(store, history: current, allow: request.allowDrift)
                    var report = try await execute(plan, set: set, store: store, singleTransaction: request.singleTransaction)
                    report.acceptedDrift = drift
                    return report
                }
            }
        }
    }

    private func execute(_ plan: UpPlan, set: MigrationSet, store: HistoryStore, singleTransaction: Bool) async throws -> UpReport {
        var report = UpReport()
        let actor = options.actor
        let steps = try Planner.schedule(plan, dialect: store.dialect, singleTransaction: singleTransaction)
        for (m, r) in plan.cosmetic {
            try await store.updateChecksums(version: r.version, checksum: m.checksum, semanticChecksum: try m.semanticChecksum())
            try await store.log(
                event: .checksum, version: r.version, name: m.name, checksum: m.checksum, actor: actor,
                detail: "cosmetic edit of \(m.up.file) (comments or whitespace); checksum \(r.checksum.prefix(12)) -> \(m.checksum.prefix(12))",
                at: utcTimestamp()
            )
            report.cosmeticChanges.append(r.version)
            emit(.cosmeticChange(version: r.version, file: m.up.file))
        }
        report.outOfOrder = plan.outOfOrder.map(\.version.description)
        let context = StepContext(store: store, actor: actor, emit: { [options] in options.emit($0) })
        if singleTransaction {
            try await store.connection.execute(store.dialect.beginTransaction)
            do {
                for step in steps {
                    try await run(step, set: set, context: context, report: &report)
                }
                try await store.connection.execute("COMMIT")
            } catch {
                try? await store.connection.execute("ROLLBACK")
                throw error
            }
            for a in report.applied { emit(.applied(a)) }
            await recordSchemaAfterRun(store)
            return report
        }
        for (index, step) in steps.enumerated() {
            if let stop = options.stopSignal, stop.isStopped {
                // Between migrations: the one before is committed (or recorded), the rest pending.
                if !report.applied.isEmpty { await recordSchemaAfterRun(store) }
                throw MigratorError(
                    .stopped,
                    "stopped by a shutdown after \(index) of \(steps.count) migration\(steps.count == 1 ? "" : "s"); the rest are pending and run at the next start")
            }
            let before = report.applied.count
            do {
                try await run(step, set: set, context: context, report: &report)
            } catch {
                if step.mode == .transaction || step.mode == .queued {
                    // Nothing of the step stays; after a failed COMMIT there is no
                    // transaction left and the server only warns.
                    try? await store.connection.execute("ROLLBACK")
                }
                if !report.applied.isEmpty { await recordSchemaAfterRun(store) }
                throw error
            }
            if report.applied.count > before, let last = report.applied.last { emit(.applied(last)) }
        }
        await recordSchemaAfterRun(store)
        return report
    }

    /// Runs one planned step with the runner of its mode, and reports it.
    func run(_ planned: PlannedStep, set: MigrationSet, context: StepContext, report: inout UpReport) async throws {
        let store = context.store
        switch planned.step {
        case .record(let m):
            try await record(m, mode: planned.mode, context: context)
            report.recorded.append(m.version.description)
            emit(.recorded(version: m.version.description, name: m.name, reason: "every migration it replaces is already applied"))
        case .runRepeatable(let r):
            let work = try work(
                script: r.up, statements: planned.statements, historyVersion: HistoryKey.repeatable(name: r.name).text,
                name: r.name, displayVersion: "R", resumeFrom: 0, covers: [], repeatable: true, set: set
            )
            emit(.applying(version: work.record.version, name: r.name, file: r.up.file))
            let ms = try await planned.mode.runner.run(work, in: context)
            report.applied.append(AppliedMigration(version: work.record.version, name: r.name, file: r.up.file, statements: work.statements.count, durationMs: ms))
        case .run(let m, let resumeFrom, let covers):
            var work = try work(
                script: m.up, statements: planned.statements, historyVersion: m.version.description,
                name: m.name, displayVersion: m.version.description, resumeFrom: resumeFrom, covers: covers, repeatable: false, set: set
            )
            if let code = m.swiftCode {
                work.code = { [self] connection in try await code.up(database(for: code, on: connection)) }
            }
            emit(.applying(version: work.record.version, name: m.name, file: m.up.file))
            if planned.mode == .perStatement, let warning = store.dialect.mixedStatementsWarning(work.statements) {
                emit(.warning("\(m.up.file): \(warning)"))
            }
            let ms = try await planned.mode.runner.run(work, in: context)
            report.applied.append(AppliedMigration(version: work.record.version, name: m.name, file: m.up.file, statements: work.statements.count, durationMs: ms))
        }
    }

    /// What a Swift migration's code runs against.
    func database(for code: SwiftMigration, on connection: any Connection) -> SwiftMigration.Database {
        var logger = options.logger ?? Logger(label: "strata", factory: { _ in SwiftLogNoOpLogHandler() })
        logger[metadataKey: "migration.version"] = "\(code.version)"
        logger[metadataKey: "migration.name"] = "\(code.name)"
        return SwiftMigration.Database(connection: connection, engine: connection.dialect, logger: logger)
    }

    /// The runner's work for an up script.
    private func work(
        script: MigrationScript, statements: [SQLStatement], historyVersion: String, name: String, displayVersion: String,
        resumeFrom: Int, covers: [String], repeatable: Bool, set: MigrationSet
    ) throws -> StepWork {
        StepWork(
            file: script.file, displayVersion: displayVersion, statements: statements, resumeFrom: resumeFrom,
            record: HistoryRecord(
                version: historyVersion, name: name, checksum: script.checksum, semanticChecksum: try script.semanticChecksum(),
                appliedAt: utcTimestamp(), appliedBy: options.actor, executionMs: 0, status: .applied,
                statementsDone: statements.count
            ),
            overwritesRow: repeatable, covers: covers, splitDialect: set.engine,
            foreignKeysOff: set.migrations.first { $0.up.file == script.file }?.foreignKeysOff ?? false
        )
    }

    /// Records a migration without running it: everything it replaces is already applied.
    private func record(_ m: Migration, mode: TransactionMode, context: StepContext) async throws {
        let store = context.store
        let now = utcTimestamp()
        let records = [
            store.insertStatement(HistoryRecord(
                version: m.version.description, name: m.name, checksum: m.checksum, semanticChecksum: try m.semanticChecksum(),
                appliedAt: now, appliedBy: context.actor, executionMs: 0, status: .applied
            )),
            store.logStatement(event: .covered, version: m.version.description, name: m.name, checksum: m.checksum, actor: context.actor,
                               detail: "recorded without running: every migration it replaces is already applied", at: now),
        ]
        switch mode {
        case .transaction, .queued:
            try await store.connection.execute(pipeline: [BatchStatement(store.dialect.beginTransaction)] + store.writeStatements(records) + [BatchStatement("COMMIT")])
        case .perStatement, .outer:
            try await store.write(records)
        }
    }

    func dryRunSQL(_ plan: UpPlan, set: MigrationSet) -> String {
        var out = ""
        for step in plan.steps {
            switch step {
            case .record(let m):
                out += "-- \(m.version) \(m.name): recorded without running (everything it replaces is applied)\n\n"
            case .runRepeatable(let r):
                out += "-- repeatable \(r.name) (\(r.file))\n"
                for s in (try? r.up.statements()) ?? [] { out += "-- \(r.file):\(s.line)\n\(s.text);\n" }
                out += "\n"
            case .run(let m, let resumeFrom, _):
                if let code = m.swiftCode {
                    out += "-- \(m.version) \(m.name): Swift code at \(code.file):\(code.line) (not SQL; not shown)\n\n"
                    continue
                }
                let statements = (try? m.up.statements()) ?? []
                out += "-- \(m.version) \(m.name) (\(m.up.file))\(m.transactional ? "" : ", outside a transaction")\(resumeFrom > 0 ? ", resuming at statement \(resumeFrom + 1)" : "")\n"
                if statements.isEmpty { out += "-- (no statements on \(url.engine.displayName))\n" }
                for s in statements.dropFirst(resumeFrom) {
                    out += "-- \(m.up.file):\(s.line)\n\(s.text);\n"
                }
                out += "\n"
            }
        }
        return out.isEmpty ? "-- nothing to apply\n" : out
    }
}
