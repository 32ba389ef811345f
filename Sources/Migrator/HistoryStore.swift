import Dialects
import Drivers
import SQLText

/// Reads and writes the history table and the audit log through one connection, in the
/// SQL its dialect gives (``HistorySQL``).
struct HistoryStore: Sendable {
    let connection: any Connection
    let dialect: any Dialect
    /// Schema (PostgreSQL) the tables live in; nil for the connection's default.
    let schema: String?
    /// The tables' statements, built once per store.
    let sql: HistorySQL

    /// Work to do after the connection is closed (closing a lock's file descriptor).
    let afterClose = AfterClose()

    /// The URL the lock is taken for, when it is not the migrator's (the file of the app's
    /// SQLite connection).
    let lockURL: DatabaseURL?
    /// Whether the connection is the app's own, which outlives the run.
    let borrowed: Bool

    init(connection: any Connection, schema: String?, lockURL: DatabaseURL? = nil, borrowed: Bool = false) {
        self.connection = connection
        self.schema = schema
        self.lockURL = lockURL
        self.borrowed = borrowed
        dialect = connection.sqlDialect
        sql = HistorySQL(dialect: dialect, schema: schema)
    }

    /// The name that identifies this history across processes (for lock keys).
    var lockName: String {
        (schema.map { $0 + "." } ?? "") + HistorySQL.tableName
    }

    // MARK: - Tables

    /// Brings the tables to the current format, under the run lock: creates them when
    /// missing, upgrades an older format (logging it), and refuses a newer one. One query
    /// when they are current.
    ///
    /// - Throws: ``MigratorError`` `.notAllowed` for tables of a newer format.
    func prepareForWriting(actor: String) async throws {
        let format: Int?
        do {
            let rows = try await connection.query(sql.selectFormat)
            format = try rows.first.map { row in
                let text = try row.string("value")
                guard let n = Int(text) else {
                    throw MigratorError(.notAllowed, "\(HistorySQL.metaTableName) says the history format is '\(text)', which is not a number; restore the row (\(HistorySQL.formatKey) = \(HistorySQL.format)) or ask for help")
                }
                return n
            } ?? 1
        } catch let error as DatabaseError where dialect.isMissingTable(error) {
            format = nil
        }
        switch format {
        case let f? where f == HistorySQL.format:
            return
        case let f? where f > HistorySQL.format:
            throw MigratorError(.notAllowed, "the history tables have format \(f), written by a newer Strata; this one knows format \(HistorySQL.format) and will not write them: upgrade strata")
        case let f?:
            try await upgrade(from: f, actor: actor)
        case nil:
            if try await historyExists() {
                try await upgrade(from: 1, actor: actor)
            } else {
                try await inTransaction { for s in sql.createStatements { try await connection.execute(s) } }
            }
        }
    }

    /// Whether the history table exists (of any format).
    private func historyExists() async throws -> Bool {
        try await rowsIfTableExists(sql.selectDigest + " WHERE 1 = 0") != nil
    }

    /// Upgrades tables of `format` to the current one; each statement can run again after
    /// an interruption where DDL is not transactional.
    private func upgrade(from format: Int, actor: String) async throws {
        try await inTransaction {
            for step in sql.upgradeStatements(from: format) {
                do {
                    try await connection.execute(step.sql)
                } catch let error as DatabaseError where step.addsColumn && dialect.isDuplicateColumn(error) {
                    continue
                }
            }
            // Format 1 had the log too; a table made by hand may not.
            try await connection.execute(sql.createLogTable)
            try await write([logStatement(
                event: .upgrade, version: nil, name: nil, checksum: nil, actor: actor,
                detail: "history tables upgraded from format \(format) to \(HistorySQL.format); nothing else changed", at: utcTimestamp()
            )])
        }
    }

    /// Runs `body` in a transaction where DDL is transactional, else as it is.
    private func inTransaction(_ body: () async throws -> Void) async throws {
        guard dialect.transactionalDDL else { return try await body() }
        try await connection.execute(dialect.beginTransaction)
        do {
            try await body()
            try await connection.execute("COMMIT")
        } catch {
            try? await connection.execute("ROLLBACK")
            throw error
        }
    }

    /// Whether an error means "the history table does not exist yet".
    func isMissingTable(_ error: any Error) -> Bool {
        guard let e = error as? DatabaseError else { return false }
        return dialect.isMissingTable(e)
    }

    // MARK: - Reading

    /// All history rows, or nil when the history table does not exist.
    func read() async throws -> [HistoryRecord]? {
        try await rowsIfTableExists(sql.selectAll)?.map(Self.record)
    }

    /// The rows of a query on the history or the log, or nil when that table does not exist.
    private func rowsIfTableExists(_ sql: String) async throws -> [SQLRow]? {
        do {
            return try await connection.query(sql)
        } catch where isMissingTable(error) {
            return nil
        }
    }

    /// The history's versions, checksums and statuses, or nil when the history table does
    /// not exist: enough to see that `up` has nothing to do. One row of aggregated text
    /// where the engine can make one, so that no row is decoded on its own.
    func readDigest() async throws -> HistoryDigest? {
        if let query = sql.selectDigestText {
            do {
                guard let row = try await rowsIfTableExists(query)?.first else { return nil }
                return HistoryDigest(text: try row.optionalString("digest") ?? "", count: try row.int("n"))
            } catch let failure as DatabaseError {
                // A server that refuses the aggregate (an unusual charset, an old MySQL)
                // still has rows; where the refusal spoilt the session, its error is the one said.
                do { return try await readDigestRows() } catch is DatabaseError { throw failure }
            }
        }
        return try await readDigestRows()
    }

    /// As ``readDigest()``, row by row: also where the aggregated text cannot be read
    /// (a row with an unknown status, a NULL), to say which row it is.
    func readDigestRows() async throws -> HistoryDigest? {
        guard let rows = try await rowsIfTableExists(sql.selectDigest) else { return nil }
        var digest: [HistoryDigest.Row] = []
        digest.reserveCapacity(rows.count)
        for row in rows {
            digest.append(HistoryDigest.Row(version: try row.string("version"), checksum: try row.string("checksum"), status: try Self.status(row)))
        }
        return HistoryDigest(rows: digest)
    }

    /// The history row of one version, read inside the caller's transaction or lock.
    func read(version: String) async throws -> HistoryRecord? {
        try await connection.query(sql.selectOne, [.text(version)]).first.map(Self.record)
    }

    /// A row of any format, by column name; columns added by later formats may be absent.
    private static func record(_ row: SQLRow) throws -> HistoryRecord {
        HistoryRecord(
            version: try row.string("version"),
            name: try row.string("name"),
            checksum: try row.string("checksum"),
            semanticChecksum: try row.string("semantic_checksum"),
            appliedAt: try row.string("applied_at"),
            appliedBy: try row.string("applied_by"),
            executionMs: Int64(try row.int("execution_ms")),
            status: try status(row),
            statementsDone: try row.int("statements_done"),
            progressChecksum: try row.optionalString("progress_checksum"),
            error: try row.optionalString("error"),
            schemaFingerprint: row.columns.contains("schema_fingerprint") ? try row.optionalString("schema_fingerprint") : nil
        )
    }

    private static func status(_ row: SQLRow) throws -> HistoryRecord.Status {
        let text = try row.string("status")
        guard let status = HistoryRecord.Status(rawValue: text) else {
            throw MigratorError(.notAllowed, "\(HistorySQL.tableName) has a row (version \(row["version"])) with status '\(text)', which this Strata does not know; it may have been written by a newer one: upgrade strata")
        }
        return status
    }

    /// The audit log, oldest first; `limit` keeps the newest entries.
    func readLog(limit: Int? = nil) async throws -> [LogEntry] {
        try await rowsIfTableExists(sql.selectLog(limit: limit))?.map { row in
            LogEntry(
                id: Int64(try row.int("id")), occurredAt: try row.string("occurred_at"),
                event: LogEvent(rawValue: try row.string("event")),
                version: try row.optionalString("version"), name: try row.optionalString("name"),
                checksum: try row.optionalString("checksum"), actor: try row.string("actor"),
                executionMs: try row.optionalInt("execution_ms").map(Int64.init), detail: try row.optionalString("detail")
            )
        } ?? []
    }

    // MARK: - Writing

    func insert(_ r: HistoryRecord) async throws {
        try await write([insertStatement(r)])
    }

    /// Replaces the row of `r.version` (insert or overwrite).
    func upsert(_ r: HistoryRecord) async throws {
        try await write([upsertStatement(r)])
    }

    func delete(version: String) async throws {
        try await write([deleteStatement(version: version)])
    }

    func updateChecksums(version: String, checksum: String, semanticChecksum: String) async throws {
        _ = try await connection.query(sql.updateChecksums, [.text(checksum), .text(semanticChecksum), .text(version)])
    }

    func markFailed(version: String, statementsDone: Int, progressChecksum: String, error: String, executionMs: Int64) async throws {
        _ = try await connection.query(
            sql.markFailed,
            [.int(Int64(statementsDone)), .text(progressChecksum), .text(error), .int(executionMs), .text(version)]
        )
    }

    func markApplied(_ r: HistoryRecord) async throws {
        try await write([markAppliedStatement(r)])
    }

    /// Appends one event to the audit log.
    func log(
        event: LogEvent, version: String?, name: String?, checksum: String?, actor: String,
        executionMs: Int64? = nil, detail: String? = nil, at: String
    ) async throws {
        try await write([logStatement(
            event: event, version: version, name: name, checksum: checksum, actor: actor,
            executionMs: executionMs, detail: detail, at: at
        )])
    }

    /// Writes history rows and log entries that touch different rows, in one round trip
    /// where the engine allows it: one statement of data-modifying CTEs on PostgreSQL, one
    /// multi-statement query on MySQL, one after another on SQLite.
    func write(_ statements: [BatchStatement]) async throws {
        let writes = writeStatements(statements)
        if writes.count == 1 {
            _ = try await connection.query(writes[0].sql, writes[0].binds)
        } else if !writes.isEmpty {
            try await connection.execute(batch: writes)
        }
    }

    /// The statements that ``write(_:)`` sends: where the dialect combines history writes,
    /// one statement of data-modifying CTEs, elsewhere `statements` as they are.
    func writeStatements(_ statements: [BatchStatement]) -> [BatchStatement] {
        guard statements.count > 1, dialect.combinesHistoryWrites else { return statements }
        return [combined(statements)]
    }

    /// Two or more `statements` (history and log writes touching different rows) as one
    /// statement of data-modifying CTEs, their placeholders renumbered in turn.
    private func combined(_ statements: [BatchStatement]) -> BatchStatement {
        var sql = "WITH "
        var binds: [SQLValue] = []
        for (i, statement) in statements.enumerated() {
            let text = Self.renumberingPlaceholders(statement.sql, after: binds.count)
            binds += statement.binds
            if i == statements.count - 1 {
                sql += " " + text
            } else {
                sql += (i > 0 ? ", " : "") + "w\(i) AS (\(text))"
            }
        }
        return BatchStatement(sql, binds)
    }

    /// `sql` with each PostgreSQL placeholder `$k` outside quotes made `$(k + offset)`.
    static func renumberingPlaceholders(_ sql: String, after offset: Int) -> String {
        guard offset > 0 else { return sql }
        let bytes = Array(sql.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var quote: UInt8 = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            i += 1
            if quote != 0 {
                if b == quote { quote = 0 }
                out.append(b)
                continue
            }
            if b == UInt8(ascii: "'") || b == UInt8(ascii: "\"") {
                quote = b
            } else if b == UInt8(ascii: "$") {
                var k = 0
                var digits = 0
                while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
                    k = k * 10 + Int(bytes[i] - UInt8(ascii: "0"))
                    digits += 1
                    i += 1
                }
                out.append(b)
                if digits > 0 { out.append(contentsOf: String(k + offset).utf8) }
                continue
            }
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
