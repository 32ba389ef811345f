import Drivers
import Migrations
import SQLText

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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

    public init(target: Version? = nil, dryRun: Bool = false, singleTransaction: Bool = false, allowOutOfOrder: Bool = false) {
        self.target = target
        self.dryRun = dryRun
        self.singleTransaction = singleTransaction
        self.allowOutOfOrder = allowOutOfOrder
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
            if request.singleTransaction && url.engine == .mysql {
                throw MigratorError(.notAllowed, "--single-transaction is not possible on MySQL/MariaDB: DDL commits implicitly there; run without it (progress is recorded per statement)")
            }
            if request.dryRun, url.engine == .sqlite, url.path != ":memory:", access(url.path, F_OK) != 0 {
                // Opening would create the file: a dry run against a database that does not
                // exist yet plans from an empty history instead.
                let set = try loadMigrations()
                let plan = try Planner.planUp(set: set, history: [], target: request.target, allowOutOfOrder: request.allowOutOfOrder)
                return UpReport(dryRunSQL: dryRunSQL(plan, set: set))
            }
            // Most runs have nothing to do, which three columns of the history show (read
            // while the files are still being read); any other outcome is planned again
            // from whole rows.
            return try await withFilesAndStore(first: { try await $0.readDigest() }) { set, store, digest in
                if let digest, !request.dryRun,
                   let quick = try? Planner.planUp(set: set, history: digest, target: request.target, allowOutOfOrder: request.allowOutOfOrder),
                   quick.steps.isEmpty, quick.cosmetic.isEmpty {
                    return UpReport()
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
                    // Under the lock: concurrent CREATE TABLE IF NOT EXISTS races on PostgreSQL.
                    if history == nil { try await store.ensureTables() }
                    // Another run may have applied some while this one waited.
                    let current = try await store.read() ?? []
                    plan = try Planner.planUp(set: set, history: current, target: request.target, allowOutOfOrder: request.allowOutOfOrder)
                    return try await execute(plan, set: set, store: store, singleTransaction: request.singleTransaction)
                }
            }
        }
    }

    private func execute(_ plan: UpPlan, set: MigrationSet, store: HistoryStore, singleTransaction: Bool) async throws -> UpReport {
        var report = UpReport()
        let actor = options.actor
        for (m, r) in plan.cosmetic {
            try await store.updateChecksums(version: r.version, checksum: m.checksum, semanticChecksum: try m.semanticChecksum())
            try await store.log(
                event: "checksum", version: r.version, name: m.name, checksum: m.checksum, actor: actor,
                detail: "cosmetic edit of \(m.up.file) (comments or whitespace); checksum \(r.checksum.prefix(12)) -> \(m.checksum.prefix(12))",
                at: utcTimestamp()
            )
            report.cosmeticChanges.append(r.version)
            emit(.cosmeticChange(version: r.version, file: m.up.file))
        }
        report.outOfOrder = plan.outOfOrder.map(\.version.description)
        let transactionalDDL = url.engine != .mysql
        if singleTransaction {
            if let script = plan.steps.compactMap(\.script).first(where: { !$0.transactional }) {
                throw MigratorError(
                    .notAllowed,
                    "this migration runs outside a transaction (transaction:false or .autocommit.), so it cannot be part of --single-transaction; run without --single-transaction",
                    file: script.file
                )
            }
            try await store.connection.execute(beginSQL)
            do {
                for step in plan.steps {
                    try await runStep(step, set: set, store: store, transaction: .outer, report: &report)
                }
                try await store.connection.execute("COMMIT")
            } catch {
                try? await store.connection.execute("ROLLBACK")
                throw error
            }
            for a in report.applied { emit(.applied(a)) }
            return report
        }
        for step in plan.steps {
            let script = step.script
            let atomic = script.map { s in s.transactional && (transactionalDDL || !hasDDL((try? s.statements()) ?? [])) } ?? transactionalDDL
            let before = report.applied.count
            if atomic {
                do {
                    try await runStep(step, set: set, store: store, transaction: .own, report: &report)
                } catch {
                    // Nothing of the step stays; after a failed COMMIT there is no
                    // transaction left and the server only warns.
                    try? await store.connection.execute("ROLLBACK")
                    throw error
                }
            } else {
                try await runStep(step, set: set, store: store, transaction: .none, report: &report)
            }
            if report.applied.count > before, let last = report.applied.last { emit(.applied(last)) }
        }
        return report
    }

    var beginSQL: String { url.engine == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN" }

    /// How a step stands to transactions.
    enum StepTransaction {
        /// The step is one transaction of its own: it begins and commits it (the caller
        /// rolls back when it throws).
        case own
        /// The step runs inside the caller's transaction (`--single-transaction`).
        case outer
        /// No transaction (MySQL DDL, `transaction:false`): progress is recorded
        /// statement by statement so that a failure can be resumed.
        case none
    }

    /// Runs one step. Inside a transaction the history row is written with it; outside,
    /// progress is recorded statement by statement so that a failure can be resumed.
    private func runStep(_ step: UpPlan.Step, set: MigrationSet, store: HistoryStore, transaction: StepTransaction, report: inout UpReport) async throws {
        let actor = options.actor
        switch step {
        case .record(let m):
            let now = utcTimestamp()
            let records = [
                store.insertStatement(HistoryRecord(
                    version: m.version.description, name: m.name, checksum: m.checksum, semanticChecksum: try m.semanticChecksum(),
                    appliedAt: now, appliedBy: actor, executionMs: 0, status: .applied
                )),
                store.logStatement(event: "covered", version: m.version.description, name: m.name, checksum: m.checksum, actor: actor,
                                   detail: "recorded without running: every migration it replaces is already applied", at: now),
            ]
            if transaction == .own {
                try await store.connection.execute(pipeline: [BatchStatement(beginSQL)] + store.writeStatements(records) + [BatchStatement("COMMIT")])
            } else {
                try await store.write(records)
            }
            report.recorded.append(m.version.description)
            emit(.recorded(version: m.version.description, name: m.name, reason: "every migration it replaces is already applied"))

        case .runRepeatable(let r):
            try await run(
                script: r.up, historyVersion: "R:" + r.name, name: r.name, displayVersion: "R", resumeFrom: 0,
                covers: [], repeatable: true, store: store, transaction: transaction, report: &report
            )
        case .run(let m, let resumeFrom, let covers):
            try await run(
                script: m.up, historyVersion: m.version.description, name: m.name, displayVersion: m.version.description,
                resumeFrom: resumeFrom, covers: covers, repeatable: false, store: store, transaction: transaction, report: &report
            )
        }
    }

    /// Runs an up script and records it.
    private func run(
        script: MigrationScript, historyVersion: String, name: String, displayVersion: String, resumeFrom: Int,
        covers: [String], repeatable: Bool, store: HistoryStore, transaction: StepTransaction, report: inout UpReport
    ) async throws {
        let inTransaction = transaction != .none
        let actor = options.actor
        let statements = try script.statements()
        let m = (version: displayVersion, name: name, up: script, checksum: script.checksum)
        emit(.applying(version: historyVersion, name: m.name, file: m.up.file))
        if url.engine == .mysql, !inTransaction, hasDDL(statements), hasDML(statements) {
            emit(.warning("\(m.up.file): mixes schema changes (DDL) with data changes; MySQL commits each DDL statement implicitly, so this migration cannot be atomic. Progress is recorded per statement; consider splitting it."))
        }
        let clock = ContinuousClock()
        let start = clock.now
        var record = HistoryRecord(
            version: historyVersion, name: m.name, checksum: m.checksum, semanticChecksum: try script.semanticChecksum(),
            appliedAt: utcTimestamp(), appliedBy: actor, executionMs: 0, status: .applied,
            statementsDone: statements.count
        )
        // What records the migration as applied: its row (new, or the running one
        // updated), rows for the versions it covers, and the log entry; written together.
        func finished(_ row: HistoryRecord, serverTimed: Bool = false) -> [BatchStatement] {
            let coverRows = covers.map { v in
                store.upsertStatement(HistoryRecord(
                    version: v, name: "(replaced by \(m.version))", checksum: "", semanticChecksum: "",
                    appliedAt: row.appliedAt, appliedBy: actor, executionMs: 0, status: .covered
                ))
            }
            let log = store.logStatement(
                event: "up", version: historyVersion, name: m.name, checksum: m.checksum, actor: actor,
                executionMs: row.executionMs, serverTimed: serverTimed,
                detail: covers.isEmpty ? nil : "covers \(covers.joined(separator: ", "))", at: utcTimestamp()
            )
            return coverRows + [log]
        }
        if transaction == .own, store.timesOnServer {
            // The whole transaction in one go: BEGIN, the statements, the history writes
            // (timed by the server) and COMMIT, queued together where the engine can
            // (PostgreSQL; MySQL sends them as one multi-statement query).
            for s in statements { emit(.executing(file: m.up.file, line: s.line, sql: s.text)) }
            let head = [BatchStatement(beginSQL)] + store.startClockStatements
            let row = repeatable ? store.upsertStatement(record, serverTimed: true) : store.insertStatement(record, serverTimed: true)
            let writes = store.writeStatements([row] + finished(record, serverTimed: true))
            do {
                try await store.connection.execute(pipeline: head + statements.map { BatchStatement($0.text) } + writes + [BatchStatement("COMMIT")])
            } catch let error as DatabaseError {
                let i = (error.batchIndex ?? -1) - head.count
                guard statements.indices.contains(i) else { throw error }
                throw failure(error, migration: m, statement: statements[i], index: i, total: statements.count, atomic: true)
            }
            record.executionMs = (clock.now - start).milliseconds
        } else if inTransaction {
            if transaction == .own { try await store.connection.execute(beginSQL) }
            for (i, s) in statements.enumerated() {
                emit(.executing(file: m.up.file, line: s.line, sql: s.text))
                do {
                    try await store.connection.execute(s.text)
                } catch {
                    throw failure(error, migration: m, statement: s, index: i, total: statements.count, atomic: true)
                }
            }
            record.executionMs = (clock.now - start).milliseconds
            let row = repeatable ? store.upsertStatement(record) : store.insertStatement(record)
            try await store.write([row] + finished(record))
            if transaction == .own { try await store.connection.execute("COMMIT") }
        } else {
            // The running row goes with the first statement and each progress update with
            // its statement: on MySQL one round trip per statement, and the server stops
            // at the first failing statement, so progress is recorded only for what ran.
            // On MySQL the last statement also carries what marks the migration applied
            // (one round trip for a one-statement migration), timed by the server.
            let finishWithLast = url.engine == .mysql
            var pending: [BatchStatement] = finishWithLast ? [store.startClockStatement] : []
            var finishedWithLast = false
            var rowExists = resumeFrom > 0
            if resumeFrom == 0 {
                var running = record
                running.status = .running
                running.statementsDone = 0
                running.progressChecksum = Checksums.statements([], dialect: url.engine)
                pending.append(store.upsertStatement(running))
            } else {
                emit(.warning("\(m.up.file): resuming at statement \(resumeFrom + 1) of \(statements.count); statements 1–\(resumeFrom) ran before and are not run again"))
            }
            for i in resumeFrom..<statements.count {
                let s = statements[i]
                emit(.executing(file: m.up.file, line: s.line, sql: s.text))
                let at = pending.count
                var batch = pending + [BatchStatement(s.text)]
                if finishWithLast, i == statements.count - 1 {
                    batch += [store.markAppliedStatement(record, serverTimed: true)] + finished(record, serverTimed: true)
                    finishedWithLast = true
                } else {
                    batch.append(store.progressStatement(
                        version: historyVersion, statementsDone: i + 1,
                        progressChecksum: Checksums.statements(statements.prefix(i + 1), dialect: url.engine)
                    ))
                }
                pending = []
                do {
                    try await store.connection.execute(batch: batch)
                } catch let error as DatabaseError where error.batchIndex.map({ $0 != at }) ?? false {
                    // The history write failed, not the statement.
                    throw error
                } catch {
                    let failed = failure(error, migration: m, statement: s, index: i, total: statements.count, atomic: false)
                    try? await store.markFailed(
                        version: historyVersion, statementsDone: i,
                        progressChecksum: Checksums.statements(statements.prefix(i), dialect: url.engine),
                        error: failed.message, executionMs: (clock.now - start).milliseconds
                    )
                    try? await store.log(event: "failed", version: historyVersion, name: m.name, checksum: m.checksum, actor: actor,
                                         executionMs: (clock.now - start).milliseconds, detail: failed.description, at: utcTimestamp())
                    throw failed
                }
                rowExists = true
            }
            record.executionMs = (clock.now - start).milliseconds
            if !finishedWithLast {
                // With no statement to run, the running row was never written.
                let row = rowExists ? store.markAppliedStatement(record) : store.upsertStatement(record)
                try await store.write([row] + finished(record))
            }
        }
        report.applied.append(AppliedMigration(
            version: historyVersion, name: m.name, file: m.up.file, statements: statements.count, durationMs: record.executionMs
        ))
    }

    /// The error for a failing statement: file and line of the statement (or of the
    /// error inside it, where the engine tells), its number, and the engine's message.
    func failure(
        _ error: any Error, migration m: (version: String, name: String, up: MigrationScript, checksum: String),
        statement s: SQLStatement, index: Int, total: Int, atomic: Bool
    ) -> MigratorError {
        let line = errorLine(error, statement: s)
        let engineMessage = (error as? DatabaseError)?.description ?? String(describing: error)
        let outcome = atomic
            ? "nothing of migration \(m.version) was applied; fix the statement and run up again"
            : "statements 1–\(index) of migration \(m.version) were applied and recorded; fix statement \(index + 1) and run up again to resume there, or finish by hand and run `strata repair`"
        return MigratorError(
            .statementFailed,
            "statement \(index + 1) of \(total) failed: \(engineMessage); \(outcome)",
            file: m.up.file, line: line, version: m.version
        )
    }

    /// Maps an error position inside a statement to a line of the file.
    func errorLine(_ error: any Error, statement s: SQLStatement) -> Int {
        guard let e = error as? DatabaseError else { return s.line }
        if let position = e.position, position > 0 {
            let prefix = s.text.prefix(position - 1)
            return s.line + prefix.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
        }
        // MySQL: "... near '...' at line 3"
        if url.engine == .mysql, let n = mysqlErrorLine(e.message), n >= 1 {
            return s.line + n - 1
        }
        return s.line
    }

    /// The N of MySQL's "… near '…' at line N".
    private func mysqlErrorLine(_ message: String) -> Int? {
        guard let marker = message.split(separator: " at line ", omittingEmptySubsequences: false).last,
              message.contains(" at line ") else { return nil }
        return Int(marker.prefix(while: \.isNumber))
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

    func hasDDL(_ statements: [SQLStatement]) -> Bool {
        statements.contains { s in
            let k = firstKeyword(s.text)
            return ["CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE", "GRANT", "REVOKE", "LOCK", "UNLOCK", "ANALYZE", "OPTIMIZE"].contains(k)
        }
    }

    func hasDML(_ statements: [SQLStatement]) -> Bool {
        statements.contains { s in
            ["INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE", "WITH"].contains(firstKeyword(s.text))
        }
    }

    private func firstKeyword(_ text: String) -> String {
        String(text.prefix(while: { $0.isLetter })).uppercased()
    }
}
