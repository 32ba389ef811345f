import Dialects
import Drivers

/// Runs a step's whole transaction in one go: `BEGIN`, the statements, the history
/// writes (timed by the server) and `COMMIT`, queued together (PostgreSQL) or sent as one
/// multi-statement query (MySQL). A failing statement aborts the transaction: the ones
/// after it fail on the server and `COMMIT` rolls back.
struct QueuedStepRunner: StepRunner {
    func run(_ work: StepWork, in context: StepContext) async throws -> Int64 {
        let store = context.store
        let clock = ContinuousClock()
        let start = clock.now
        for s in work.statements { context.emit(.executing(file: work.file, line: s.line, sql: s.text)) }
        let head = [BatchStatement(store.dialect.beginTransaction)] + store.startClockStatements
        let writes = store.writeStatements(
            work.rowWrites(store, work.record, serverTimed: true) + work.finishingWrites(context, executionMs: 0, serverTimed: true)
        )
        do {
            try await store.connection.execute(pipeline: head + work.statements.map { BatchStatement($0.text) } + writes + [BatchStatement("COMMIT")])
        } catch let error as DatabaseError {
            let i = (error.batchIndex ?? -1) - head.count
            guard work.statements.indices.contains(i) else { throw error }
            throw work.failure(error, index: i, atomic: true, dialect: store.dialect)
        }
        return (clock.now - start).milliseconds
    }
}
