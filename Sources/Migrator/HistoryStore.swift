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

    /// The tables' quoted, qualified names, worked out once.
    let table: String
    let logTable: String
    let texts: Texts

    init(connection: any Connection, schema: String?) {
        self.connection = connection
        self.schema = schema
        let dialect = connection.dialect
        func qualified(_ name: String) -> String {
            if let schema, dialect == .postgres { return Self.quote(schema, dialect) + "." + Self.quote(name, dialect) }
            return Self.quote(name, dialect)
        }
        table = qualified(Self.tableName)
        logTable = qualified(Self.logTableName)
        texts = Texts(table: table, logTable: logTable, dialect: dialect)
    }

    // MARK: - Names

    func quote(_ identifier: String) -> String {
        Self.quote(identifier, dialect)
    }

    static func quote(_ identifier: String, _ dialect: SQLDialect) -> String {
        switch dialect {
        case .mysql: "`" + identifier.replacingAll("`", with: "``") + "`"
        case .sqlite, .postgres: "\"" + identifier.replacingAll("\"", with: "\"\"") + "\""
        }
    }

    /// The name that identifies this history across processes (for lock keys).
    var lockName: String {
        (schema.map { $0 + "." } ?? "") + Self.tableName
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

    /// The history table's columns, in the order rows are read and written.
    static let columns = [
        "version", "name", "checksum", "semantic_checksum", "applied_at", "applied_by",
        "execution_ms", "status", "statements_done", "progress_checksum", "error",
    ]
    private var selectColumns: String { Self.columns.joined(separator: ", ") }

    /// All history rows, or nil when the history table does not exist.
    func read() async throws -> [HistoryRecord]? {
        try await rowsIfTableExists("SELECT \(selectColumns) FROM \(table)")?.map(Self.record)
    }

    /// The rows of a query on the history or the log, or nil when that table does not exist.
    private func rowsIfTableExists(_ sql: String) async throws -> [SQLRow]? {
        do {
            return try await connection.query(sql)
        } catch where isMissingTable(error) {
            return nil
        }
    }

    /// The history with only version, checksum and status filled in (the rest empty), or
    /// nil when the history table does not exist: enough to see that `up` has nothing to
    /// do, in a third of the data of ``read()``.
    func readDigest() async throws -> [HistoryRecord]? {
        try await rowsIfTableExists("SELECT version, checksum, status FROM \(table)")?.map { row in
            HistoryRecord(
                version: row[0].string ?? "", name: "", checksum: row[1].string ?? "", semanticChecksum: "",
                appliedAt: "", appliedBy: "", executionMs: 0,
                status: HistoryRecord.Status(rawValue: row[2].string ?? "") ?? .failed
            )
        }
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
        return try await rowsIfTableExists(sql)?.map { row in
            LogEntry(
                id: row[0].int ?? 0, occurredAt: row[1].string ?? "", event: row[2].string ?? "",
                version: row[3].string, name: row[4].string, checksum: row[5].string,
                actor: row[6].string ?? "", executionMs: row[7].int, detail: row[8].string
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
        try await write([markAppliedStatement(r)])
    }

    /// Appends one event to the audit log.
    func log(
        event: String, version: String?, name: String?, checksum: String?, actor: String,
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

    /// The statements that ``write(_:)`` sends: on PostgreSQL one statement of
    /// data-modifying CTEs, elsewhere `statements` as they are.
    func writeStatements(_ statements: [BatchStatement]) -> [BatchStatement] {
        guard statements.count > 1, dialect == .postgres else { return statements }
        return [combined(statements)]
    }

    /// Whether the server can time a migration itself (``Texts``), so that its history
    /// row can be sent with its statements: PostgreSQL and MySQL, not SQLite.
    var timesOnServer: Bool { texts.insertServerTimed != nil }

    /// What starts the server's clock for the server-timed statements: MySQL's
    /// ``startClockStatement``; on PostgreSQL the transaction's start is the clock.
    var startClockStatements: [BatchStatement] {
        dialect == .mysql ? [startClockStatement] : []
    }

    /// PostgreSQL: two or more `statements` (history and log writes touching different
    /// rows) as one statement of data-modifying CTEs, their placeholders renumbered in turn.
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

    // MARK: Statements

    /// The SQL of the writing statements, built once per store.
    struct Texts: Sendable {
        let insert, upsert, delete, markApplied, progress, log: String
        /// The statements with `execution_ms` measured by the server (no value bound for
        /// it), for writing them in the same round trip as the migration's last statement:
        /// on MySQL the time since ``startClock``, on PostgreSQL since the transaction
        /// began. Nil on SQLite, which runs in-process and is timed by the caller.
        let insertServerTimed, upsertServerTimed, markAppliedServerTimed, logServerTimed: String?
        let startClock = "SET @strata_started = NOW(6)"

        init(table: String, logTable: String, dialect: SQLDialect) {
            func p(_ i: Int) -> String { dialect == .postgres ? "$\(i)" : "?" }
            func placeholders(_ count: Int) -> String { (1...count).map(p).joined(separator: ", ") }
            let columns = HistoryStore.columns.joined(separator: ", ")
            let executionColumn = HistoryStore.columns.firstIndex(of: "execution_ms")!
            // The row's values, with `execution_ms` bound or computed.
            func values(executionMs: String?) -> String {
                var n = 0
                let list = HistoryStore.columns.indices.map { i -> String in
                    if i == executionColumn, let executionMs { return executionMs }
                    n += 1
                    return p(n)
                }
                return "(\(columns)) VALUES (\(list.joined(separator: ", ")))"
            }
            func insertSQL(executionMs: String?) -> String {
                "INSERT INTO \(table) \(values(executionMs: executionMs))"
            }
            func upsertSQL(executionMs: String?) -> String {
                switch dialect {
                case .postgres:
                    let updates = HistoryStore.columns.dropFirst().map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
                    return "INSERT INTO \(table) \(values(executionMs: executionMs)) ON CONFLICT (version) DO UPDATE SET \(updates)"
                case .sqlite:
                    return "INSERT OR REPLACE INTO \(table) \(values(executionMs: executionMs))"
                case .mysql:
                    return "REPLACE INTO \(table) \(values(executionMs: executionMs))"
                }
            }
            func markAppliedSQL(executionMs: String?) -> String {
                var n = 0
                func next() -> String { n += 1; return p(n) }
                return "UPDATE \(table) SET status = 'applied', checksum = \(next()), semantic_checksum = \(next()), applied_at = \(next()), applied_by = \(next()), execution_ms = \(executionMs ?? next()), statements_done = \(next()), progress_checksum = NULL, error = NULL WHERE version = \(next())"
            }
            func logSQL(executionMs: String?) -> String {
                "INSERT INTO \(logTable) (occurred_at, event, version, name, checksum, actor, execution_ms, detail) VALUES (\(placeholders(6)), \(executionMs ?? p(7)), \(p(executionMs == nil ? 8 : 7)))"
            }
            insert = insertSQL(executionMs: nil)
            upsert = upsertSQL(executionMs: nil)
            delete = "DELETE FROM \(table) WHERE version = \(p(1))"
            progress = "UPDATE \(table) SET statements_done = \(p(1)), progress_checksum = \(p(2)) WHERE version = \(p(3))"
            markApplied = markAppliedSQL(executionMs: nil)
            log = logSQL(executionMs: nil)
            let elapsed: String?
            switch dialect {
            case .mysql: elapsed = "TIMESTAMPDIFF(MICROSECOND, @strata_started, NOW(6)) DIV 1000"
            // now() is when the transaction began; clock_timestamp() is the time of reading.
            case .postgres: elapsed = "CAST(EXTRACT(EPOCH FROM clock_timestamp() - now()) * 1000 AS BIGINT)"
            case .sqlite: elapsed = nil
            }
            insertServerTimed = elapsed.map { insertSQL(executionMs: $0) }
            upsertServerTimed = elapsed.map { upsertSQL(executionMs: $0) }
            markAppliedServerTimed = elapsed.map { markAppliedSQL(executionMs: $0) }
            logServerTimed = elapsed.map { logSQL(executionMs: $0) }
        }
    }

    /// Inserts the row of `r`; with `serverTimed`, `execution_ms` is measured by the server
    /// (see ``Texts``) instead of `r.executionMs`.
    func insertStatement(_ r: HistoryRecord, serverTimed: Bool = false) -> BatchStatement {
        if serverTimed, let text = texts.insertServerTimed { return BatchStatement(text, recordBinds(r, timed: false)) }
        return BatchStatement(texts.insert, recordBinds(r))
    }

    /// Insert or overwrite the row of `r.version`, in one statement; `serverTimed` as for
    /// ``insertStatement(_:serverTimed:)``.
    func upsertStatement(_ r: HistoryRecord, serverTimed: Bool = false) -> BatchStatement {
        if serverTimed, let text = texts.upsertServerTimed { return BatchStatement(text, recordBinds(r, timed: false)) }
        return BatchStatement(texts.upsert, recordBinds(r))
    }

    func deleteStatement(version: String) -> BatchStatement {
        BatchStatement(texts.delete, [.text(version)])
    }

    /// Marks the row of `r.version` applied; with `serverTimed` (MySQL), `execution_ms` is
    /// the server's time since ``startClockStatement`` instead of `r.executionMs`.
    func markAppliedStatement(_ r: HistoryRecord, serverTimed: Bool = false) -> BatchStatement {
        if serverTimed, let text = texts.markAppliedServerTimed {
            return BatchStatement(
                text,
                [.text(r.checksum), .text(r.semanticChecksum), .text(r.appliedAt), .text(r.appliedBy), .int(Int64(r.statementsDone)), .text(r.version)]
            )
        }
        return BatchStatement(
            texts.markApplied,
            [.text(r.checksum), .text(r.semanticChecksum), .text(r.appliedAt), .text(r.appliedBy), .int(r.executionMs), .int(Int64(r.statementsDone)), .text(r.version)]
        )
    }

    /// MySQL: starts the server-side clock that `serverTimed` statements read.
    var startClockStatement: BatchStatement { BatchStatement(texts.startClock) }

    /// Records that the first `statementsDone` statements of a migration ran.
    func progressStatement(version: String, statementsDone: Int, progressChecksum: String) -> BatchStatement {
        BatchStatement(texts.progress, [.int(Int64(statementsDone)), .text(progressChecksum), .text(version)])
    }

    /// One audit log entry; with `serverTimed` (MySQL), `execution_ms` is the server's time
    /// since ``startClockStatement`` instead of `executionMs`.
    func logStatement(
        event: String, version: String?, name: String?, checksum: String?, actor: String,
        executionMs: Int64? = nil, serverTimed: Bool = false, detail: String? = nil, at: String
    ) -> BatchStatement {
        var binds: [SQLValue] = [
            .text(at), .text(event), version.map(SQLValue.text) ?? .null, name.map(SQLValue.text) ?? .null,
            checksum.map(SQLValue.text) ?? .null, .text(actor),
        ]
        let timedText = serverTimed ? texts.logServerTimed : nil
        if timedText == nil { binds.append(executionMs.map(SQLValue.int) ?? .null) }
        binds.append(detail.map(SQLValue.text) ?? .null)
        return BatchStatement(timedText ?? texts.log, binds)
    }

    /// The values of `r` in column order; without `execution_ms` unless `timed`.
    private func recordBinds(_ r: HistoryRecord, timed: Bool = true) -> [SQLValue] {
        var binds: [SQLValue] = [
            .text(r.version), .text(r.name), .text(r.checksum), .text(r.semanticChecksum),
            .text(r.appliedAt), .text(r.appliedBy),
        ]
        if timed { binds.append(.int(r.executionMs)) }
        binds += [
            .text(r.status.rawValue), .int(Int64(r.statementsDone)), r.progressChecksum.map(SQLValue.text) ?? .null,
            r.error.map(SQLValue.text) ?? .null,
        ]
        return binds
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var result = ""
        result.reserveCapacity(utf8.count + 8)
        for c in self {
            if c == target { result += replacement } else { result.append(c) }
        }
        return result
    }
}
