import SchemaDiff
import Drivers
import SQLText

/// What Strata knows of one engine: how to quote, how transactions and locks work, how the
/// history tables are written, how an error maps to a line. The one place for engine
/// knowledge: the migrator asks its dialect and never looks at the engine itself.
///
/// Each engine has a folder with the same role files (`…Capabilities`, `…History`,
/// `…Lock`); the schema work adds `…Inspector`, `…Normalizer` and `…Renderer` beside them.
///
/// ## Topics
/// ### Choosing a dialect
/// - ``SQLText/SQLDialect/knowledge``
/// ### Quoting
/// - ``quoteIdentifier(_:)``
/// - ``quoteLiteral(_:)``
/// - ``placeholder(_:)``
/// ### Transactions
/// - ``transactionalDDL``
/// - ``beginTransaction``
/// - ``queuesTransactions``
/// - ``serverClock``
/// ### History and locks
/// - ``historyTypes``
/// - ``lock(url:historyName:)``
public protocol Dialect: Sendable {
    /// The engine this dialect speaks for.
    var engine: SQLDialect { get }
    /// The server it speaks to (flavour and version), when known: MySQL and MariaDB, and
    /// their versions, differ in DDL and catalogs. Nil for a dialect chosen from the
    /// engine alone (``SQLText/SQLDialect/knowledge``), which answers for every version.
    var server: ServerInfo? { get }

    // MARK: - Quoting

    /// `name` as a quoted identifier that stands for exactly that name (`order`, `we"ird`).
    func quoteIdentifier(_ name: String) -> String
    /// `text` as a string literal.
    func quoteLiteral(_ text: String) -> String
    /// The placeholder of the `index`-th (1-based) bound parameter.
    func placeholder(_ index: Int) -> String
    /// `name`, quoted, in `schema` where the engine has schemas within a database.
    func qualifiedName(_ name: String, schema: String?) -> String
    /// The statement that creates `schema` when it is missing, where tables can live in one.
    func createSchemaStatement(_ schema: String) -> String?
    /// The schema Strata's tables live in for `url`, when the URL chooses one (PostgreSQL's
    /// `schema` or `search_path` parameter); nil for the connection's default.
    func historySchema(for url: DatabaseURL) -> String?
    /// Whether opening `url` would create the database (an SQLite file that does not exist):
    /// a dry run then plans from an empty history instead of opening it.
    func opensByCreating(_ url: DatabaseURL) -> Bool

    // MARK: - Catalog reads for check, lint and adopt

    /// A query of the names (column `name`) of the tables and views of `namespace` (nil:
    /// the connection's current schema or database): one cheap read after each replayed file.
    func objectNamesQuery(namespace: String?) -> String
    /// A query whose rows (columns `type`, `name`, `tbl_name`, `sql`) are text that
    /// determines the whole schema, where the engine keeps one (SQLite's `sqlite_schema`);
    /// nil elsewhere.
    var catalogTextQuery: String? { get }
    /// A query (column `n`) of about how many rows table `qualified` (named `table`) holds,
    /// and whether it is a count rather than the engine's estimate.
    func rowEstimateQuery(table: String, qualified: String) -> (sql: String, exact: Bool)
    /// The words of a statement that rename a table or column (`RENAME`; MySQL's `CHANGE`).
    var renameWords: Set<String> { get }

    // MARK: - Transactions

    /// Whether DDL takes part in transactions (false on MySQL: each DDL commits).
    var transactionalDDL: Bool { get }
    /// The statement that starts a migration's transaction.
    var beginTransaction: String { get }
    /// Whether a whole transaction (BEGIN … COMMIT) can be handed to the connection at once
    /// (``/Drivers/Connection/execute(pipeline:)``), so that the server runs it without waiting for
    /// the client between statements.
    var queuesTransactions: Bool { get }
    /// How the server times a run itself, so that its history row can travel with its
    /// statements; nil where the caller times it (SQLite runs in-process).
    var serverClock: ServerClock? { get }
    /// Whether, for a run outside a transaction, the last statement carries the writes
    /// that mark it applied (one round trip for a one-statement migration, MySQL).
    var finishesWithLastStatement: Bool { get }
    /// Whether several history writes travel as one statement (PostgreSQL's
    /// data-modifying CTEs) rather than as a batch.
    var combinesHistoryWrites: Bool { get }
    /// Whether these statements, run in a transaction, are atomic on this engine.
    func isAtomic(_ statements: [SQLStatement]) -> Bool
    /// A warning for statements that cannot be atomic here and mix schema and data
    /// changes, or nil.
    func mixedStatementsWarning(_ statements: [SQLStatement]) -> String?

    // MARK: - History tables

    /// The column types and table options of the history tables.
    var historyTypes: HistoryColumnTypes { get }
    /// `INSERT` that overwrites the row with the same key.
    func upsert(into table: String, columns: [String], values: [String], key: String) -> String
    /// An aggregate that joins `columns` of every row into one text: a row's values
    /// separated by the character with code 31 (unit separator), rows by code 30 (record
    /// separator), in the order the table is scanned; nil where the engine cannot
    /// aggregate text. A text column of NULL in a row leaves that row out. Where the
    /// engine limits the aggregate's length, ``aggregateSelect(_:from:)`` lifts the limit
    /// for the one statement, and a text cut short anyway has rows missing.
    func textAggregate(of columns: [String]) -> String?
    /// `SELECT list FROM table`, with what the engine needs for ``textAggregate(of:)`` in
    /// `list` to be whole (MySQL's `group_concat_max_len`, for this statement only).
    func aggregateSelect(_ list: String, from table: String) -> String
    /// Whether an error means a table (or schema) does not exist.
    func isMissingTable(_ error: DatabaseError) -> Bool
    /// Whether an error means a column added by an upgrade is already there.
    func isDuplicateColumn(_ error: DatabaseError) -> Bool

    // MARK: - Lock

    /// The database-wide lock of the history `historyName` (its qualified name) on `url`.
    func lock(url: DatabaseURL, historyName: String) -> any DatabaseLock
    /// The lock for a run whose connection stays open after it (`connectionOutlivesRun`:
    /// the app's own connection): what it opens is not closed while that connection is.
    func lock(url: DatabaseURL, historyName: String, connectionOutlivesRun: Bool) -> any DatabaseLock

    // MARK: - Schema

    /// Reads a live database into the model (`…Inspector`).
    var inspector: any SchemaInspector { get }
    /// Brings a model to the form this engine reads back (`…Normalizer`).
    var normalizer: any SchemaNormalizer { get }
    /// Writes the model as DDL (`…Renderer`).
    var renderer: any SchemaRenderer { get }
    /// Answers the differ's questions for this engine and version (`…DiffAdvisor`).
    var diffAdvisor: any DiffAdvisor { get }
    /// Writes the differ's changes as DDL (`…ChangeRenderer`).
    var changeRenderer: any ChangeRenderer { get }
    /// What `lint` knows of the engine's statements beyond the differ's findings
    /// (`…Lint`).
    var lintAdvisor: any LintAdvisor { get }
    /// Switches foreign keys off around a transaction where that needs doing outside it
    /// (SQLite), or nil where the engine needs nothing of the kind.
    var foreignKeySuspension: (any ForeignKeySuspension)? { get }

    // MARK: - Errors

    /// The line, within `statement`, where the engine located `error` (1-based), if it did.
    func errorLineOffset(_ error: DatabaseError, in statement: SQLStatement) -> Int?
}

/// How a server measures the time since a run began, in SQL.
public struct ServerClock: Sendable, Hashable {
    /// Statements that start the clock, sent after `BEGIN` (none where the transaction's
    /// start is the clock).
    public var start: [String]
    /// An expression giving the milliseconds since the clock started, as an integer.
    public var elapsedMilliseconds: String

    /// Creates a clock from the statements that start it and the SQL expression that reads the
    /// elapsed time in whole milliseconds.
    public init(start: [String], elapsedMilliseconds: String) {
        self.start = start
        self.elapsedMilliseconds = elapsedMilliseconds
    }
}

/// The column types of the history tables on one engine.
public struct HistoryColumnTypes: Sendable, Hashable {
    /// The type of `version` (a key: bounded on MySQL).
    public var key: String
    /// The type of names and actors.
    public var text: String
    /// The type of long texts (errors, details).
    public var longText: String
    /// The log's id column, whole (name, type, key).
    public var logID: String
    /// What follows the history table's closing parenthesis (`WITHOUT ROWID`).
    public var historyTableSuffix: String
    /// A text of any size (a schema's JSON form).
    public var document: String

    /// Creates the column types of one engine.
    ///
    /// - Parameters:
    ///   - key: The type of `version`.
    ///   - text: The type of names and actors.
    ///   - longText: The type of errors and details.
    ///   - logID: The log's id column, whole (name, type, key).
    ///   - historyTableSuffix: What follows the history table's closing parenthesis.
    ///   - document: The type of a schema's JSON form; `longText` when nil.
    public init(key: String, text: String, longText: String, logID: String, historyTableSuffix: String, document: String? = nil) {
        self.key = key
        self.text = text
        self.longText = longText
        self.document = document ?? longText
        self.logID = logID
        self.historyTableSuffix = historyTableSuffix
    }
}

extension Dialect {
    /// The quoted `name` alone, ignoring `schema`: for engines whose tables live directly in
    /// the connection's database (SQLite, MySQL).
    public func qualifiedName(_ name: String, schema: String?) -> String {
        quoteIdentifier(name)
    }

    /// Nil: the engine has no schemas within a database to create.
    public func createSchemaStatement(_ schema: String) -> String? { nil }

    /// Nil: the history lives in the connection's default place, whatever the URL says.
    public func historySchema(for url: DatabaseURL) -> String? { nil }

    /// The same lock as ``lock(url:historyName:)``, whatever `connectionOutlivesRun` says: for
    /// engines whose lock keeps nothing open beside the session (PostgreSQL, MySQL).
    public func lock(url: DatabaseURL, historyName: String, connectionOutlivesRun: Bool) -> any DatabaseLock {
        lock(url: url, historyName: historyName)
    }

    /// False: opening a server database never creates it.
    public func opensByCreating(_ url: DatabaseURL) -> Bool { false }

    /// Nil: the engine keeps no text that determines the whole schema, so the schema is
    /// inspected instead.
    public var catalogTextQuery: String? { nil }

    /// `RENAME` only (`ALTER TABLE … RENAME TO`, `RENAME COLUMN`).
    public var renameWords: Set<String> { ["RENAME"] }

    /// Nil: rows are read one by one.
    public func textAggregate(of columns: [String]) -> String? { nil }

    /// `SELECT list FROM table`: the engine's aggregates have no length limit.
    public func aggregateSelect(_ list: String, from table: String) -> String { "SELECT \(list) FROM \(table)" }

    /// Nothing beyond the differ's findings.
    public var lintAdvisor: any LintAdvisor { NoLintAdvice() }

    /// Standard SQL: the text in single quotes, each embedded `'` doubled.
    public func quoteLiteral(_ text: String) -> String {
        "'" + text.replacingAll("'", with: "''") + "'"
    }

    /// Plain `BEGIN`.
    public var beginTransaction: String { "BEGIN" }

    /// True where DDL is transactional; elsewhere only when none of the statements changes the
    /// schema (a data-only migration).
    public func isAtomic(_ statements: [SQLStatement]) -> Bool { transactionalDDL || !statements.contains(where: \.isSchemaChange) }

    /// Nil: no warning where every migration can be atomic.
    public func mixedStatementsWarning(_ statements: [SQLStatement]) -> String? { nil }

    /// Whether several statements of one transaction run at once (``queuesTransactions``
    /// with a server clock): then the history writes travel with the statements.
    public var sendsTransactionAtOnce: Bool { queuesTransactions && serverClock != nil }
}

extension SQLDialect {
    /// What Strata knows of this engine, for any server version: the one place that
    /// chooses by engine.
    public var knowledge: any Dialect { knowledge(of: nil) }

    /// What Strata knows of this engine on `server`.
    public func knowledge(of server: ServerInfo?) -> any Dialect {
        switch self {
        case .sqlite: SQLiteDialect(server: server)
        case .postgres: PostgresDialect(server: server)
        case .mysql: MySQLDialect(server: server)
        }
    }
}

extension DatabaseURL {
    /// The dialect of this URL's engine.
    public var sqlDialect: any Dialect { engine.knowledge }
}

extension Connection {
    /// This connection's dialect, for any server version (asks the server nothing).
    public var sqlDialect: any Dialect { dialect.knowledge }

    /// This connection's dialect for its server's flavour and version. MySQL and SQLite
    /// know it without asking; PostgreSQL asks once per session.
    public func serverDialect() async throws -> any Dialect {
        dialect.knowledge(of: try await server)
    }
}

extension String {
    /// The string with every `target` replaced by `replacement`.
    package func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var result = ""
        result.reserveCapacity(utf8.count + 8)
        for c in self {
            if c == target { result += replacement } else { result.append(c) }
        }
        return result
    }
}
