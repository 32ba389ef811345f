import Dialects
import Drivers

/// Runs a step in a transaction, one statement at a time, and writes its history row
/// inside it. With `ownsTransaction` it begins and commits the transaction itself;
/// otherwise it runs inside the caller's (`--single-transaction`).
struct TransactionStepRunner: StepRunner {
    let ownsTransaction: Bool

    func run(_ work: StepWork, in context: StepContext) async throws -> Int64 {
        let store = context.store
        let clock = ContinuousClock()
        let start = clock.now
        if ownsTransaction { try await store.connection.execute(store.dialect.beginTransaction) }
        for (i, s) in work.statements.enumerated() {
            context.emit(.executing(file: work.file, line: s.line, sql: s.text))
            do {
                try await store.connection.execute(s.text)
            } catch {
                throw work.failure(error, index: i, atomic: true, dialect: store.dialect)
            }
        }
        var row = work.record
        row.executionMs = (clock.now - start).milliseconds
        try await store.write([work.rowWrite(store, row, serverTimed: false)] + work.finishingWrites(context, executionMs: row.executionMs, serverTimed: false))
        if ownsTransaction { try await store.connection.execute("COMMIT") }
        return row.executionMs
    }
}
