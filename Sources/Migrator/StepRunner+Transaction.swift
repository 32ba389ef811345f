import Dialects
import Drivers

/// Runs a step in a transaction, one statement at a time, and writes its history row
/// inside it. With `ownsTransaction` it begins and commits the transaction itself;
/// otherwise it runs inside the caller's (`--single-transaction`).
struct TransactionStepRunner: StepRunner {
    let ownsTransaction: Bool

    func run(_ work: StepWork, in context: StepContext) async throws -> Int64 {
        let store = context.store
        guard work.foreignKeysOff, ownsTransaction, let suspension = store.dialect.foreignKeySuspension else {
            return try await runTransaction(work, in: context, verify: nil)
        }
        // Off before BEGIN (inside a transaction the pragma does nothing), verified
        // before COMMIT, restored after it or after the rollback.
        let state = try await suspension.suspend(on: store.connection)
        let ms: Int64
        do {
            ms = try await runTransaction(work, in: context) { try await suspension.verify(on: store.connection, state) }
        } catch {
            try? await store.connection.execute("ROLLBACK")
            try? await suspension.resume(on: store.connection, state)
            throw error
        }
        try await suspension.resume(on: store.connection, state)
        return ms
    }

    private func runTransaction(
        _ work: StepWork, in context: StepContext, verify: (@Sendable () async throws -> Void)?
    ) async throws -> Int64 {
        let store = context.store
        let clock = ContinuousClock()
        let start = clock.now
        if ownsTransaction { try await store.connection.execute(store.dialect.beginTransaction) }
        for (i, s) in work.statements.enumerated() {
            context.emit(.executing(file: work.file, line: s.line, sql: s.text))
            do {
                try await work.perform(i, on: store.connection)
            } catch {
                throw work.failure(error, index: i, atomic: true, dialect: store.dialect)
            }
        }
        if let verify {
            do {
                try await verify()
            } catch {
                throw MigratorError(.statementFailed, "\(error); nothing of \(work.displayVersion) was applied", file: work.file, version: work.displayVersion)
            }
        }
        var row = work.record
        row.executionMs = (clock.now - start).milliseconds
        try await store.write(work.rowWrites(store, row, serverTimed: false) + work.finishingWrites(context, executionMs: row.executionMs, serverTimed: false))
        if ownsTransaction { try await store.connection.execute("COMMIT") }
        return row.executionMs
    }
}
