import Dialects
import Migrations
import SQLText

/// How a plan step meets transactions: decided by the planner from the file's options,
/// the dialect and the statements, and carried out by the runner of that strategy.
enum TransactionMode: Sendable, Hashable {
    /// One transaction of its own, statements sent one at a time, the history row
    /// written inside it (SQLite: in-process, timed by the caller).
    case transaction
    /// One transaction of its own, sent at once with its history writes timed by the
    /// server (PostgreSQL; MySQL for data-only migrations).
    case queued
    /// No transaction (DDL on MySQL, `transaction:false`): the statements run one at a
    /// time with their progress recorded, so that a failure can be resumed.
    case perStatement
    /// Inside the caller's transaction (`--single-transaction`).
    case outer
}

/// One step of `up` as it will run: what it does, how it meets transactions, and the
/// statements of its script, split once.
struct PlannedStep: Sendable {
    var step: UpPlan.Step
    var mode: TransactionMode
    var statements: [SQLStatement]
}

extension Planner {
    /// The steps of `plan` with their transaction mode and statements.
    ///
    /// - Throws: ``MigratorError`` `.notAllowed` when `singleTransaction` cannot be
    ///   honoured (DDL is not transactional here, or a step must run outside a
    ///   transaction); the script's split errors.
    static func schedule(_ plan: UpPlan, dialect: any Dialect, singleTransaction: Bool) throws -> [PlannedStep] {
        if singleTransaction {
            guard dialect.transactionalDDL else { throw MigratorError.singleTransactionImpossible(on: dialect) }
            if dialect.foreignKeySuspension != nil, let m = plan.steps.compactMap(\.migration).first(where: \.foreignKeysOff) {
                throw MigratorError(
                    .notAllowed,
                    "this migration needs foreign keys off around its own transaction (-- strata:foreign-keys off), so it cannot be part of --single-transaction; run without --single-transaction",
                    file: m.up.file
                )
            }
            if let script = plan.steps.compactMap(\.script).first(where: { !$0.transactional }) {
                throw MigratorError(
                    .notAllowed,
                    "this migration runs outside a transaction (transaction:false or .autocommit.), so it cannot be part of --single-transaction; run without --single-transaction",
                    file: script.file
                )
            }
        }
        return try plan.steps.map { step in
            if case .run(let m, _, _) = step, let code = m.swiftCode {
                // On MySQL outside a transaction, with its progress recorded.
                let mode: TransactionMode = singleTransaction ? .outer
                    : code.transactional && dialect.transactionalDDL ? .transaction : .perStatement
                return PlannedStep(step: step, mode: mode, statements: [code.statement])
            }
            let statements = try step.script?.statements() ?? []
            return PlannedStep(step: step, mode: mode(of: step, statements: statements, dialect: dialect, singleTransaction: singleTransaction), statements: statements)
        }
    }

    /// The transaction mode of one step.
    static func mode(of step: UpPlan.Step, statements: [SQLStatement], dialect: any Dialect, singleTransaction: Bool) -> TransactionMode {
        if singleTransaction { return .outer }
        guard let script = step.script else {
            // Recording without running writes rows only: atomic on every engine.
            return dialect.sendsTransactionAtOnce ? .queued : .transaction
        }
        if case .run(_, let resumeFrom, _) = step, resumeFrom > 0 { return .perStatement }
        guard script.transactional, dialect.isAtomic(statements) else { return .perStatement }
        return dialect.sendsTransactionAtOnce ? .queued : .transaction
    }
}
