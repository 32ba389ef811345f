import Dialects
import Drivers

/// Runs a step outside a transaction, one statement at a time, recording its progress
/// with each statement so that a failure can be resumed where it stopped.
///
/// The running row goes with the first statement and each progress update with its
/// statement: on MySQL one round trip per statement, and the server stops at the first
/// failing statement, so progress is recorded only for what ran. Where the dialect
/// finishes with the last statement (MySQL), that statement also carries what marks the
/// step applied (one round trip for a one-statement migration), timed by the server.
struct PerStatementStepRunner: StepRunner {
    func run(_ work: StepWork, in context: StepContext) async throws -> Int64 {
        guard work.writesRow else { return try await runWithoutRow(work, in: context) }
        let store = context.store
        let statements = work.statements
        let version = work.record.version
        let clock = ContinuousClock()
        let start = clock.now
        let finishWithLast = store.dialect.finishesWithLastStatement && store.timesOnServer
        var pending: [BatchStatement] = finishWithLast ? store.startClockStatements : []
        var finishedWithLast = false
        var rowExists = work.resumeFrom > 0
        if work.resumeFrom == 0 {
            var running = work.record
            running.status = .running
            running.statementsDone = 0
            running.progressChecksum = Checksums.statements([], dialect: work.splitDialect)
            pending.append(store.upsertStatement(running))
        } else {
            context.emit(.warning("\(work.file): resuming at statement \(work.resumeFrom + 1) of \(statements.count); statements 1–\(work.resumeFrom) ran before and are not run again"))
        }
        for i in work.resumeFrom..<statements.count {
            let s = statements[i]
            context.emit(.executing(file: work.file, line: s.line, sql: s.text))
            let at = pending.count
            var batch = pending + [BatchStatement(s.text)]
            if finishWithLast, i == statements.count - 1 {
                batch += [store.markAppliedStatement(work.record, serverTimed: true)] + work.finishingWrites(context, executionMs: 0, serverTimed: true)
                finishedWithLast = true
            } else {
                batch.append(store.progressStatement(
                    version: version, statementsDone: i + 1,
                    progressChecksum: Checksums.statements(statements.prefix(i + 1), dialect: work.splitDialect)
                ))
            }
            pending = []
            do {
                if work.code != nil {
                    // Swift code runs between the writes that come before and after it.
                    try await store.connection.execute(batch: Array(batch[..<at]))
                    do {
                        try await work.perform(i, on: store.connection)
                    } catch var error as DatabaseError {
                        error.batchIndex = at
                        throw error
                    } catch {
                        throw CodeFailure(error: error)
                    }
                    do {
                        try await store.connection.execute(batch: Array(batch[(at + 1)...]))
                    } catch var error as DatabaseError {
                        // A history write after the code: its index in the whole batch.
                        error.batchIndex = (error.batchIndex ?? 0) + at + 1
                        throw error
                    }
                } else {
                    try await store.connection.execute(batch: batch)
                }
            } catch let error as DatabaseError where error.batchIndex.map({ $0 != at }) ?? false {
                // The history write failed, not the statement.
                throw error
            } catch {
                let error = (error as? CodeFailure)?.error ?? error
                let failed = work.failure(error, index: i, atomic: false, dialect: store.dialect)
                let ms = (clock.now - start).milliseconds
                try? await store.markFailed(
                    version: version, statementsDone: i,
                    progressChecksum: Checksums.statements(statements.prefix(i), dialect: work.splitDialect),
                    error: failed.message, executionMs: ms
                )
                try? await store.log(event: .failed, version: version, name: work.record.name, checksum: work.record.checksum,
                                     actor: context.actor, executionMs: ms, detail: failed.description, at: utcTimestamp())
                throw failed
            }
            rowExists = true
        }
        var row = work.record
        row.executionMs = (clock.now - start).milliseconds
        if !finishedWithLast {
            // With no statement to run, the running row was never written.
            let write = rowExists ? store.markAppliedStatement(row) : store.upsertStatement(row)
            try await store.write([write] + work.finishingWrites(context, executionMs: row.executionMs, serverTimed: false))
        }
        return row.executionMs
    }

    /// Runs a step without a history row (`sync`): statement by statement, logging the
    /// failure or the success. A failure leaves what ran (the engine cannot undo DDL), and
    /// the next sync plans from there.
    private func runWithoutRow(_ work: StepWork, in context: StepContext) async throws -> Int64 {
        let store = context.store
        let clock = ContinuousClock()
        let start = clock.now
        for (i, s) in work.statements.enumerated() {
            context.emit(.executing(file: work.file, line: s.line, sql: s.text))
            do {
                try await work.perform(i, on: store.connection)
            } catch {
                let failed = work.failure(error, index: i, atomic: false, dialect: store.dialect)
                try? await store.log(event: .failed, version: work.record.version, name: work.record.name, checksum: work.record.checksum,
                                     actor: context.actor, executionMs: (clock.now - start).milliseconds, detail: failed.description, at: utcTimestamp())
                throw failed
            }
        }
        let ms = (clock.now - start).milliseconds
        try await store.write(work.finishingWrites(context, executionMs: ms, serverTimed: false))
        return ms
    }
}

/// An error thrown by a Swift migration's code (not by the engine), told apart from a
/// failing history write.
private struct CodeFailure: Error {
    let error: any Error
}
