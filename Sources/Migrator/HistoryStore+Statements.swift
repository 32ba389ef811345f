import Dialects
import Drivers

/// The writing statements of the history, with their values bound.
extension HistoryStore {
    /// Whether the server can time a migration itself (``Dialect/serverClock``), so that
    /// its history row can be sent with its statements.
    var timesOnServer: Bool { sql.insertServerTimed != nil }

    /// What starts the server's clock for the server-timed statements (MySQL); on
    /// PostgreSQL the transaction's start is the clock.
    var startClockStatements: [BatchStatement] {
        (dialect.serverClock?.start ?? []).map { BatchStatement($0) }
    }

    /// Inserts the row of `r`; with `serverTimed`, `execution_ms` is measured by the server
    /// instead of `r.executionMs`.
    func insertStatement(_ r: HistoryRecord, serverTimed: Bool = false) -> BatchStatement {
        if serverTimed, let text = sql.insertServerTimed { return BatchStatement(text, recordBinds(r, timed: false)) }
        return BatchStatement(sql.insert, recordBinds(r))
    }

    /// Insert or overwrite the row of `r.version`, in one statement; `serverTimed` as for
    /// ``insertStatement(_:serverTimed:)``.
    func upsertStatement(_ r: HistoryRecord, serverTimed: Bool = false) -> BatchStatement {
        if serverTimed, let text = sql.upsertServerTimed { return BatchStatement(text, recordBinds(r, timed: false)) }
        return BatchStatement(sql.upsert, recordBinds(r))
    }

    func deleteStatement(version: String) -> BatchStatement {
        BatchStatement(sql.delete, [.text(version)])
    }

    /// Marks the row of `r.version` applied; `serverTimed` as for
    /// ``insertStatement(_:serverTimed:)``.
    func markAppliedStatement(_ r: HistoryRecord, serverTimed: Bool = false) -> BatchStatement {
        let timedText = serverTimed ? sql.markAppliedServerTimed : nil
        var binds: [SQLValue] = [.text(r.checksum), .text(r.semanticChecksum), .text(r.appliedAt), .text(r.appliedBy)]
        if timedText == nil { binds.append(.int(r.executionMs)) }
        binds += [.int(Int64(r.statementsDone)), optional(r.schemaFingerprint), .text(r.version)]
        return BatchStatement(timedText ?? sql.markApplied, binds)
    }

    /// Records that the first `statementsDone` statements of a migration ran.
    func progressStatement(version: String, statementsDone: Int, progressChecksum: String) -> BatchStatement {
        BatchStatement(sql.progress, [.int(Int64(statementsDone)), .text(progressChecksum), .text(version)])
    }

    /// One audit log entry; with `serverTimed`, `execution_ms` is the server's time
    /// instead of `executionMs`.
    func logStatement(
        event: LogEvent, version: String?, name: String?, checksum: String?, actor: String,
        executionMs: Int64? = nil, serverTimed: Bool = false, detail: String? = nil, at: String
    ) -> BatchStatement {
        var binds: [SQLValue] = [
            .text(at), .text(event.rawValue), optional(version), optional(name), optional(checksum), .text(actor),
        ]
        let timedText = serverTimed ? sql.logServerTimed : nil
        if timedText == nil { binds.append(executionMs.map(SQLValue.int) ?? .null) }
        binds.append(optional(detail))
        return BatchStatement(timedText ?? sql.log, binds)
    }

    /// The values of `r` in the order of ``HistorySQL/columns``; without `execution_ms`
    /// unless `timed`.
    private func recordBinds(_ r: HistoryRecord, timed: Bool = true) -> [SQLValue] {
        var binds: [SQLValue] = [
            .text(r.version), .text(r.name), .text(r.checksum), .text(r.semanticChecksum),
            .text(r.appliedAt), .text(r.appliedBy),
        ]
        if timed { binds.append(.int(r.executionMs)) }
        binds += [
            .text(r.status.rawValue), .int(Int64(r.statementsDone)), optional(r.progressChecksum),
            optional(r.error), optional(r.schemaFingerprint),
        ]
        return binds
    }

    private func optional(_ text: String?) -> SQLValue {
        text.map(SQLValue.text) ?? .null
    }
}
