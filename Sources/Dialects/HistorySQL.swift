import Drivers

/// The SQL of Strata's history tables on one engine: their DDL, how an older format is
/// upgraded, and the statements that read and write them. Built once per session from
/// the dialect's answers.
///
/// Four tables, all named `strata_migrations…` so that schema tools can leave them out:
/// - `strata_migrations`: one row per migration (``columns``);
/// - `strata_migrations_log`: the append-only audit log;
/// - `strata_migrations_meta`: key/value facts about the tables themselves, today the
///   history format (``format``);
/// - `strata_migrations_schema`: the schema as Strata last left it (its model's canonical
///   JSON and fingerprint, one row named `live`), against which `up` and `status` detect
///   drift without a scratch database.
///
/// ## Formats
/// - 1: the history and the log (Strata before the meta table).
/// - 2: adds `strata_migrations.schema_fingerprint` (the schema after the migration, for
///   drift) and the meta table.
/// - 3: adds `strata_migrations_schema`.
///
/// A newer Strata upgrades an older format under the run lock the first time it writes
/// (``upgradeStatements(from:)``), and reads rows by column name, so that every format's
/// rows read alike. An older Strata still reads and writes a newer table: it names its
/// columns, and the new ones are nullable.
public struct HistorySQL: Sendable {
    /// The format these statements write.
    public static let format = 3
    /// The history table's unqualified name: one row per migration.
    public static let tableName = "strata_migrations"
    /// The audit log's unqualified name: one row per event, append-only.
    public static let logTableName = "strata_migrations_log"
    /// The meta table's unqualified name: facts about the history tables (their format).
    public static let metaTableName = "strata_migrations_meta"
    /// The schema table's unqualified name: the schema as Strata last left it, for drift.
    public static let schemaTableName = "strata_migrations_schema"
    /// The names of all of Strata's tables.
    public static let tableNames: Set<String> = [tableName, logTableName, metaTableName, schemaTableName]
    /// The name of the one row of the schema table.
    public static let liveSchemaKey = "live"
    /// The meta key of the format.
    public static let formatKey = "history_format"

    /// The history table's columns, in the order rows are written.
    public static let columns = [
        "version", "name", "checksum", "semantic_checksum", "applied_at", "applied_by",
        "execution_ms", "status", "statements_done", "progress_checksum", "error", "schema_fingerprint",
    ]
    /// The log's columns, without its id, in the order entries are written.
    public static let logColumns = ["occurred_at", "event", "version", "name", "checksum", "actor", "execution_ms", "detail"]

    /// The dialect the statements are written in (quoting, placeholders, column types).
    public let dialect: any Dialect
    /// The tables' quoted, qualified names.
    public let table, logTable, metaTable, schemaTable: String
    /// The schema the tables live in (PostgreSQL), if not the connection's default.
    public let schema: String?

    // MARK: Writing statements
    /// The row and log writes, with every value bound (placeholders of ``dialect``):
    /// - `insert`, `upsert`: a whole history row, values in ``columns`` order;
    /// - `delete`: the row of one version;
    /// - `markApplied`: a running or failed row becomes `applied` (checksums, time, actor,
    ///   `execution_ms`, statements done, fingerprint, then the version);
    /// - `markFailed`: statements done, progress checksum, error, `execution_ms`, version;
    /// - `progress`: statements done and progress checksum of a running migration, by version;
    /// - `updateChecksums`: both checksums of one version (`repair`, cosmetic edits);
    /// - `log`: one audit-log entry, values in ``logColumns`` order.
    public let insert, upsert, delete, markApplied, markFailed, progress, updateChecksums, log: String
    /// The row and log writes with `execution_ms` measured by the server (no value bound
    /// for it): nil where the engine has no ``Dialect/serverClock``.
    public let insertServerTimed, upsertServerTimed, markAppliedServerTimed, logServerTimed: String?

    // MARK: Reading statements
    /// Every column of every row (read by name: any format).
    public let selectAll: String
    /// Version, checksum and status: enough to see that nothing is pending.
    public let selectDigest: String
    /// The same as one row: `n`, the row count, and `digest`, each row's checksum, status
    /// and version joined by ``Dialect/textAggregate(of:)`` (the version last, as the one
    /// that may hold any character). Nil where the engine has no such aggregate.
    public let selectDigestText: String?
    /// Every column of one version's row.
    public let selectOne: String
    /// The format recorded in the meta table.
    public let selectFormat: String

    // MARK: Schema snapshot
    /// The recorded schema: `version`, `fingerprint`, `recorded_at`, `schema_json`.
    public let selectSnapshot: String
    /// Records the schema: name, version, fingerprint, recorded_at, schema_json bound.
    public let upsertSnapshot: String
    /// Sets one history row's fingerprint: fingerprint, then version bound.
    public let updateFingerprint: String

    /// Builds every statement for `dialect`, with the tables in `schema` (PostgreSQL), or in
    /// the connection's default place when nil.
    public init(dialect: any Dialect, schema: String?) {
        self.dialect = dialect
        self.schema = schema
        let table = dialect.qualifiedName(Self.tableName, schema: schema)
        let logTable = dialect.qualifiedName(Self.logTableName, schema: schema)
        let metaTable = dialect.qualifiedName(Self.metaTableName, schema: schema)
        self.table = table
        self.logTable = logTable
        self.metaTable = metaTable
        let schemaTable = dialect.qualifiedName(Self.schemaTableName, schema: schema)
        self.schemaTable = schemaTable
        func p(_ i: Int) -> String { dialect.placeholder(i) }
        let columns = Self.columns
        // A row's values, with `execution_ms` bound or computed.
        func rowValues(executionMs: String?) -> [String] {
            var n = 0
            return columns.map { c in
                if c == "execution_ms", let executionMs { return executionMs }
                n += 1
                return p(n)
            }
        }
        func insertSQL(executionMs: String?) -> String {
            "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(rowValues(executionMs: executionMs).joined(separator: ", ")))"
        }
        func upsertSQL(executionMs: String?) -> String {
            dialect.upsert(into: table, columns: columns, values: rowValues(executionMs: executionMs), key: "version")
        }
        func markAppliedSQL(executionMs: String?) -> String {
            var n = 0
            func next() -> String { n += 1; return p(n) }
            return "UPDATE \(table) SET status = 'applied', checksum = \(next()), semantic_checksum = \(next()), applied_at = \(next()), applied_by = \(next()), execution_ms = \(executionMs ?? next()), statements_done = \(next()), progress_checksum = NULL, error = NULL, schema_fingerprint = \(next()) WHERE version = \(next())"
        }
        func logSQL(executionMs: String?) -> String {
            var n = 0
            let values = Self.logColumns.map { c -> String in
                if c == "execution_ms", let executionMs { return executionMs }
                n += 1
                return p(n)
            }
            return "INSERT INTO \(logTable) (\(Self.logColumns.joined(separator: ", "))) VALUES (\(values.joined(separator: ", ")))"
        }
        insert = insertSQL(executionMs: nil)
        upsert = upsertSQL(executionMs: nil)
        delete = "DELETE FROM \(table) WHERE version = \(p(1))"
        markApplied = markAppliedSQL(executionMs: nil)
        markFailed = "UPDATE \(table) SET status = 'failed', statements_done = \(p(1)), progress_checksum = \(p(2)), error = \(p(3)), execution_ms = \(p(4)) WHERE version = \(p(5))"
        progress = "UPDATE \(table) SET statements_done = \(p(1)), progress_checksum = \(p(2)) WHERE version = \(p(3))"
        updateChecksums = "UPDATE \(table) SET checksum = \(p(1)), semantic_checksum = \(p(2)) WHERE version = \(p(3))"
        log = logSQL(executionMs: nil)
        let elapsed = dialect.serverClock?.elapsedMilliseconds
        insertServerTimed = elapsed.map { insertSQL(executionMs: $0) }
        upsertServerTimed = elapsed.map { upsertSQL(executionMs: $0) }
        markAppliedServerTimed = elapsed.map { markAppliedSQL(executionMs: $0) }
        logServerTimed = elapsed.map { logSQL(executionMs: $0) }
        selectAll = "SELECT * FROM \(table)"
        selectDigest = "SELECT version, checksum, status FROM \(table)"
        selectDigestText = dialect.textAggregate(of: ["checksum", "status", "version"]).map { dialect.aggregateSelect("count(*) AS n, \($0) AS digest", from: table) }
        selectOne = "SELECT * FROM \(table) WHERE version = \(p(1))"
        selectFormat = "SELECT value FROM \(metaTable) WHERE name = \(dialect.quoteLiteral(Self.formatKey))"
        selectSnapshot = "SELECT version, fingerprint, recorded_at, schema_json FROM \(schemaTable) WHERE name = \(dialect.quoteLiteral(Self.liveSchemaKey))"
        upsertSnapshot = dialect.upsert(
            into: schemaTable, columns: ["name", "version", "fingerprint", "recorded_at", "schema_json"],
            values: (1...5).map(p), key: "name")
        updateFingerprint = "UPDATE \(table) SET schema_fingerprint = \(p(1)) WHERE version = \(p(2))"
    }

    // MARK: - Tables

    /// The statements that create the tables at the current format where they are
    /// missing (the schema too, where there is one), and record the format.
    public var createStatements: [String] {
        var statements: [String] = []
        if let schema, let create = dialect.createSchemaStatement(schema) { statements.append(create) }
        return statements + [createHistoryTable, createLogTable, createSchemaTable] + metaStatements
    }

    /// Creates the schema snapshot table when it is missing.
    public var createSchemaTable: String {
        let t = dialect.historyTypes
        return """
            CREATE TABLE IF NOT EXISTS \(schemaTable) (
                name \(t.key) NOT NULL PRIMARY KEY,
                version \(t.key),
                fingerprint VARCHAR(64) NOT NULL,
                recorded_at VARCHAR(32) NOT NULL,
                schema_json \(t.document) NOT NULL
            )
            """
    }

    /// Creates the history table at the current format when it is missing.
    public var createHistoryTable: String {
        let t = dialect.historyTypes
        return """
            CREATE TABLE IF NOT EXISTS \(table) (
                version \(t.key) NOT NULL PRIMARY KEY,
                name \(t.text) NOT NULL,
                checksum VARCHAR(64) NOT NULL,
                semantic_checksum VARCHAR(64) NOT NULL,
                applied_at VARCHAR(32) NOT NULL,
                applied_by \(t.text) NOT NULL,
                execution_ms BIGINT NOT NULL DEFAULT 0,
                status VARCHAR(16) NOT NULL,
                statements_done INTEGER NOT NULL DEFAULT 0,
                progress_checksum VARCHAR(64),
                error \(t.longText),
                schema_fingerprint VARCHAR(64)
            )\(t.historyTableSuffix)
            """
    }

    /// Creates the audit log when it is missing.
    public var createLogTable: String {
        let t = dialect.historyTypes
        return """
            CREATE TABLE IF NOT EXISTS \(logTable) (
                \(t.logID),
                occurred_at VARCHAR(32) NOT NULL,
                event VARCHAR(16) NOT NULL,
                version \(t.key),
                name \(t.text),
                checksum VARCHAR(64),
                actor \(t.text) NOT NULL,
                execution_ms BIGINT,
                detail \(t.longText)
            )
            """
    }

    /// Creates the meta table and records the current format in it.
    private var metaStatements: [String] {
        let t = dialect.historyTypes
        return [
            "CREATE TABLE IF NOT EXISTS \(metaTable) (name \(t.key) NOT NULL PRIMARY KEY, value \(t.text) NOT NULL)",
            dialect.upsert(into: metaTable, columns: ["name", "value"], values: [dialect.quoteLiteral(Self.formatKey), dialect.quoteLiteral(String(Self.format))], key: "name"),
        ]
    }

    /// One statement of an upgrade, and whether an error saying its column already exists
    /// means it was done before (an upgrade interrupted where DDL is not transactional).
    public struct UpgradeStatement: Sendable, Hashable {
        /// The statement (`ALTER TABLE … ADD COLUMN …`, `CREATE TABLE IF NOT EXISTS …`).
        public var sql: String
        /// Whether it adds a column, so that a duplicate-column error means it already ran.
        public var addsColumn: Bool
    }

    /// What brings tables of `format` to the current one, in order; each statement can
    /// run again after an interruption.
    public func upgradeStatements(from format: Int) -> [UpgradeStatement] {
        var steps: [UpgradeStatement] = []
        if format < 2 {
            steps.append(UpgradeStatement(sql: "ALTER TABLE \(table) ADD COLUMN schema_fingerprint VARCHAR(64)", addsColumn: true))
        }
        if format < 3 {
            steps.append(UpgradeStatement(sql: createSchemaTable, addsColumn: false))
        }
        if format < Self.format {
            steps += metaStatements.map { UpgradeStatement(sql: $0, addsColumn: false) }
        }
        return steps
    }

    /// The log entries, oldest first; with `limit`, only the newest `limit`.
    public func selectLog(limit: Int?) -> String {
        let columns = "id, " + Self.logColumns.joined(separator: ", ")
        if let limit {
            return "SELECT \(columns) FROM (SELECT \(columns) FROM \(logTable) ORDER BY id DESC LIMIT \(limit)) t ORDER BY id"
        }
        return "SELECT \(columns) FROM \(logTable) ORDER BY id"
    }
}
