import Dialects
import Drivers
import SQLText

/// What a step runner carries out: statements, and the history writes that record them.
/// Not a migration file: `sync` applies rendered DDL through the same runners, with the
/// same guarantees.
struct StepWork: Sendable {
    /// Where the statements come from, for events and errors (a file, or a description).
    var file: String
    /// The version shown in messages (`003`, `R`).
    var displayVersion: String
    var statements: [SQLStatement]
    /// Statements already run by an earlier, interrupted run (per-statement mode only).
    var resumeFrom: Int = 0
    /// The history row as it will be once the step is done (status `applied`).
    var record: HistoryRecord
    /// Whether the row may exist already and is overwritten (a repeatable migration).
    var overwritesRow: Bool = false
    /// Versions recorded as covered by this step.
    var covers: [String] = []
    /// The log entry's event.
    var event: LogEvent = .up
    /// The dialect the statements are split in (for progress checksums).
    var splitDialect: SQLDialect
    /// Whether the step has a row in the history table (false for `sync`, which only
    /// logs): without one, nothing records per-statement progress.
    var writesRow = true
    /// Whether foreign key enforcement is off around the step's transaction, where the
    /// dialect needs that done outside it (`-- strata:foreign-keys off`, a SQLite rebuild).
    var foreignKeysOff = false
    /// The log entry's detail, when it is not the covered versions.
    var logDetail: String?
    /// The code of a Swift migration, which runs in place of its one statement.
    var code: (@Sendable (any Connection) async throws -> Void)?

    /// Runs statement `index` on `connection`: its SQL, or the Swift code it stands for.
    func perform(_ index: Int, on connection: any Connection) async throws {
        if let code {
            try await code(connection)
        } else {
            try await connection.execute(statements[index].text)
        }
    }
}

/// The context a runner works in.
struct StepContext: Sendable {
    let store: HistoryStore
    let actor: String
    let emit: @Sendable (MigratorEvent) -> Void
}

/// A strategy for running one step (``TransactionMode``).
protocol StepRunner: Sendable {
    /// Runs the statements and writes the history; returns the step's duration in ms.
    ///
    /// - Throws: ``MigratorError`` `.statementFailed` naming the statement's file, line
    ///   and number; the caller rolls back where a transaction was begun.
    func run(_ work: StepWork, in context: StepContext) async throws -> Int64
}

extension TransactionMode {
    /// The runner of this strategy.
    var runner: any StepRunner {
        switch self {
        case .transaction: TransactionStepRunner(ownsTransaction: true)
        case .outer: TransactionStepRunner(ownsTransaction: false)
        case .queued: QueuedStepRunner()
        case .perStatement: PerStatementStepRunner()
        }
    }
}

extension StepWork {
    /// What records the step as done, besides its own row: rows for the versions it
    /// covers, and the log entry.
    func finishingWrites(_ context: StepContext, executionMs: Int64, serverTimed: Bool) -> [BatchStatement] {
        let store = context.store
        let coverRows = covers.map { v in
            store.upsertStatement(HistoryRecord(
                version: v, name: "(replaced by \(displayVersion))", checksum: "", semanticChecksum: "",
                appliedAt: record.appliedAt, appliedBy: context.actor, executionMs: 0, status: .covered
            ))
        }
        let log = store.logStatement(
            event: event, version: record.version, name: record.name, checksum: record.checksum, actor: context.actor,
            executionMs: executionMs, serverTimed: serverTimed,
            detail: logDetail ?? (covers.isEmpty ? nil : "covers \(covers.joined(separator: ", "))"), at: utcTimestamp()
        )
        return coverRows + [log]
    }

    /// The row itself, inserted (or overwritten).
    func rowWrites(_ store: HistoryStore, _ row: HistoryRecord, serverTimed: Bool) -> [BatchStatement] {
        guard writesRow else { return [] }
        return [overwritesRow ? store.upsertStatement(row, serverTimed: serverTimed) : store.insertStatement(row, serverTimed: serverTimed)]
    }

    /// The error for a failing statement: file and line of the statement (or of the
    /// error inside it, where the engine tells), its number, and the engine's message.
    func failure(_ error: any Error, index: Int, atomic: Bool, dialect: any Dialect) -> MigratorError {
        let s = statements[index]
        let engineMessage = (error as? DatabaseError)?.description ?? String(describing: error)
        let outcome = atomic
            ? "nothing of migration \(displayVersion) was applied; fix the statement and run up again"
            : "statements 1–\(index) of migration \(displayVersion) were applied and recorded; fix statement \(index + 1) and run up again to resume there, or finish by hand and run `strata repair`"
        return MigratorError(
            .statementFailed,
            "statement \(index + 1) of \(statements.count) failed: \(engineMessage); \(outcome)",
            file: file, line: errorLine(error, statement: s, dialect: dialect), version: displayVersion
        )
    }
}

/// The line of the file where `error` happened inside `statement`.
func errorLine(_ error: any Error, statement: SQLStatement, dialect: any Dialect) -> Int {
    guard let e = error as? DatabaseError, let offset = dialect.errorLineOffset(e, in: statement) else { return statement.line }
    return statement.line + offset
}
