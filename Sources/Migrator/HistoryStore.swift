import Drivers
import SQLText
import Synchronization

/// Closures run once the session's connection is closed.
final class AfterClose: Sendable {
    private let actions = Mutex<[@Sendable () -> Void]>([])

    func add(_ action: @escaping @Sendable () -> Void) {
        actions.withLock { $0.append(action) }
    }

    func run() {
        let pending = actions.withLock { a in
            let taken = a
            a.removeAll()
            return taken
        }
        for action in pending { action() }
    }
}

/// Reads and writes the history table and the audit log through one connection, in the
/// SQL of its engine.
struct HistoryStore: Sendable {
    let connection: any Connection
    /// Schema (PostgreSQL) the tables live in; nil for the connection's default.
    let schema: String?
    var dialect: SQLDialect { connection.dialect }

    static let tableName = "strata_migrations"
    static let logTableName = "strata_migrations_log"

    /// Work to do after the connection is closed (closing a lock's file descriptor).
    let afterClose = AfterClose()

    init(connection: any Connection, schema: String?) {
        self.connection = connection
        self.schema = schema
    }

    // MARK: - Names

    func quote(_ identifier: String) -> String {
        switch dialect {
        case .mysql: "`" + identifier.replacingAll("`", with: "``") + "`"
        case .sqlite, .postgres: "\"" + identifier.replacingAll("\"", with: "\"\"") + "\""
        }
    }

    var table: String { qualified(Self.tableName) }
    var logTable: String { qualified(Self.logTableName) }

    /// The name that identifies this history across processes (for lock keys).
    var lockName: String {
        (schema.map { $0 + "." } ?? "") + Self.tableName
    }

    private func qualified(_ name: String) -> String {
        if let schema, dialect == .postgres { return quote(schema) + "." + quote(name) }
        return quote(name)
    }

    /// The placeholder for the i-th (1-based) parameter.
    func p(_ i: Int) -> String { dialect == .postgres ? "$\(i)" : "?" }

    // MARK: - Tables

    /// Creates the history and log tables when missing.
    func ensureTables() async throws {
        if let schema, dialect == .postgres {
            try await connection.execute("CREATE SCHEMA IF NOT EXISTS \(quote(schema))")
        }
        let text = dialect == .mysql ? "VARCHAR(191)" : "TEXT"
        let bigint = "BIGINT"
        try await connection.execute("""
            CREATE TABLE IF NOT EXISTS \(table) (
                version \(dialect == .mysql ? "VARCHAR(64)" : "TEXT") NOT NULL PRIMARY KEY,
                name \(text) NOT NULL,
                checksum VARCHAR(64) NOT NULL,
                semantic_checksum VARCHAR(64) NOT NULL,
                applied_at VARCHAR(32) NOT NULL,
                applied_by \(text) NOT NULL,
                execution_ms \(bigint) NOT NULL DEFAULT 0,
                status VARCHAR(16) NOT NULL,
                statements_done INTEGER NOT NULL DEFAULT 0,
                progress_checksum VARCHAR(64),
                error TEXT
            )\(dialect == .sqlite ? " WITHOUT ROWID" : "")
            """)
        let idColumn: String
        switch dialect {
        // The log is never deleted from, so the rowid alias is monotonic without
        // AUTOINCREMENT's extra write to sqlite_sequence on every insert.
        case .sqlite: idColumn = "id INTEGER PRIMARY KEY"
        case .postgres: idColumn = "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        case .mysql: idColumn = "id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY"
        }
        try await connection.execute("""
            CREATE TABLE IF NOT EXISTS \(logTable) (
                \(idColumn),
                occurred_at VARCHAR(32) NOT NULL,
                event VARCHAR(16) NOT NULL,
                version \(dialect == .mysql ? "VARCHAR(64)" : "TEXT"),
                name \(text),
                checksum VARCHAR(64),
                actor \(text) NOT NULL,
                execution_ms \(bigint),
                detail TEXT
            )
            """)
    }

    /// Whether an error means "the history table does not exist yet".
    func isMissingTable(_ error: any Error) -> Bool {
        guard let e = error as? DatabaseError else { return false }
        switch dialect {
        case .sqlite: return e.message.contains("no such table")
        case .postgres: return e.sqlState == "42P01" || e.sqlState == "3F000"
        case .mysql: return e.engineCode == 1146 || e.sqlState == "42S02"
        }
    }

    // MARK: - Reading

    private var selectColumns: String {
        "version, name, checksum, semantic_checksum, applied_at, applied_by, execution_ms, status, statements_done, progress_checksum, error"
    }

    /// All history rows, or nil when the history table does not exist.
    func read() async throws -> [HistoryRecord]? {
        let rows: [SQLRow]
        do {
            rows = try await connection.query("SELECT \(selectColumns) FROM \(table)")
        } catch where isMissingTable(error) {
            return nil
        }
        return rows.map(Self.record)
    }

    /// The history row of one version, read inside the caller's transaction or lock.
    func read(version: String) async throws -> HistoryRecord? {
        try await connection.query("SELECT \(selectColumns) FROM \(table) WHERE version = \(p(1))", [.text(version)])
            .first.map(Self.record)
    }

    private static func record(_ row: SQLRow) -> HistoryRecord {
        HistoryRecord(
            version: row[0].string ?? "",
            name: row[1].string ?? "",
            checksum: row[2].string ?? "",
            semanticChecksum: row[3].string ?? "",
            appliedAt: row[4].string ?? "",
            appliedBy: row[5].string ?? "",
            executionMs: row[6].int ?? 0,
            status: HistoryRecord.Status(rawValue: row[7].string ?? "") ?? .failed,
            statementsDone: Int(row[8].int ?? 0),
            progressChecksum: row[9].string,
            error: row[10].string
        )
    }

    /// The audit log, oldest first; `limit` keeps the newest entries.
    func readLog(limit: Int? = nil) async throws -> [LogEntry] {
        let columns = "id, occurred_at, event, version, name, checksum, actor, execution_ms, detail"
        let sql: String
        if let limit {
            sql = "SELECT \(columns) FROM (SELECT \(columns) FROM \(logTable) ORDER BY id DESC LIMIT \(limit)) t ORDER BY id"
        } else {
            sql = "SELECT \(columns) FROM \(logTable) ORDER BY id"
        }
        let rows: [SQLRow]
        do {
            rows = try await connection.query(sql)
        } catch where isMissingTable(error) {
            return []
        }
        return rows.map { row in
            LogEntry(
                id: row[0].int ?? 0, occurredAt: row[1].string ?? "", event: row[2].string ?? "",
                version: row[3].string, name: row[4].string, checksum: row[5].string,
                actor: row[6].string ?? "", executionMs: row[7].int, detail: row[8].string
            )
        }
    }

    // MARK: - Writing

    func insert(_ r: HistoryRecord) async throws {
        _ = try await connection.query(insertSQL, insertBinds(r))
    }

    private var insertSQL: String {
        "INSERT INTO \(table) (\(selectColumns)) VALUES (\((1...11).map(p).joined(separator: ", ")))"
    }

    private func insertBinds(_ r: HistoryRecord) -> [SQLValue] {
        [
            .text(r.version), .text(r.name), .text(r.checksum), .text(r.semanticChecksum),
            .text(r.appliedAt), .text(r.appliedBy), .int(r.executionMs), .text(r.status.rawValue),
            .int(Int64(r.statementsDone)), r.progressChecksum.map(SQLValue.text) ?? .null,
            r.error.map(SQLValue.text) ?? .null,
        ]
    }

    /// Replaces the row of `r.version` (insert or overwrite).
    func upsert(_ r: HistoryRecord) async throws {
        try await delete(version: r.version)
        try await insert(r)
    }

    func delete(version: String) async throws {
        _ = try await connection.query("DELETE FROM \(table) WHERE version = \(p(1))", [.text(version)])
    }

    func updateChecksums(version: String, checksum: String, semanticChecksum: String) async throws {
        _ = try await connection.query(
            "UPDATE \(table) SET checksum = \(p(1)), semantic_checksum = \(p(2)) WHERE version = \(p(3))",
            [.text(checksum), .text(semanticChecksum), .text(version)]
        )
    }

    func markFailed(version: String, statementsDone: Int, progressChecksum: String, error: String, executionMs: Int64) async throws {
        _ = try await connection.query(
            "UPDATE \(table) SET status = 'failed', statements_done = \(p(1)), progress_checksum = \(p(2)), error = \(p(3)), execution_ms = \(p(4)) WHERE version = \(p(5))",
            [.int(Int64(statementsDone)), .text(progressChecksum), .text(error), .int(executionMs), .text(version)]
        )
    }

    func markApplied(_ r: HistoryRecord) async throws {
        _ = try await connection.query(
            "UPDATE \(table) SET status = 'applied', checksum = \(p(1)), semantic_checksum = \(p(2)), applied_at = \(p(3)), applied_by = \(p(4)), execution_ms = \(p(5)), statements_done = \(p(6)), progress_checksum = NULL, error = NULL WHERE version = \(p(7))",
            [.text(r.checksum), .text(r.semanticChecksum), .text(r.appliedAt), .text(r.appliedBy), .int(r.executionMs), .int(Int64(r.statementsDone)), .text(r.version)]
        )
    }

    /// The SQL text of a progress update, with values inlined (it is sent in the same
    /// round trip as the statement it records, where the engine allows it).
    func progressSQL(version: String, statementsDone: Int, progressChecksum: String) -> String {
        "UPDATE \(table) SET statements_done = \(statementsDone), progress_checksum = '\(progressChecksum)' WHERE version = \(literal(version))"
    }

    func literal(_ s: String) -> String {
        var escaped = s.replacingAll("'", with: "''")
        if dialect == .mysql { escaped = escaped.replacingAll("\\", with: "\\\\") }
        return "'" + escaped + "'"
    }

    /// Appends one event to the audit log.
    func log(
        event: String, version: String?, name: String?, checksum: String?, actor: String,
        executionMs: Int64? = nil, detail: String? = nil, at: String
    ) async throws {
        _ = try await connection.query(
            "INSERT INTO \(logTable) (occurred_at, event, version, name, checksum, actor, execution_ms, detail) VALUES (\((1...8).map(p).joined(separator: ", ")))",
            [
                .text(at), .text(event), version.map(SQLValue.text) ?? .null, name.map(SQLValue.text) ?? .null,
                checksum.map(SQLValue.text) ?? .null, .text(actor), executionMs.map(SQLValue.int) ?? .null,
                detail.map(SQLValue.text) ?? .null,
            ]
        )
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
