import Drivers
import SQLText

/// PostgreSQL 15 and later.
public struct PostgresDialect: Dialect {
    /// The server's version when known; nil answers for every supported version.
    public let server: ServerInfo?

    /// The dialect for `server`, or for any version when nil.
    public init(server: ServerInfo? = nil) {
        self.server = server
    }

    /// ``/SQLText/SQLDialect/postgres``.
    public var engine: SQLDialect { .postgres }

    // MARK: - Quoting

    /// The name in double quotes, each embedded `"` doubled (case is then kept as written).
    public func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    /// `$1`, `$2`, …: PostgreSQL numbers its parameters.
    public func placeholder(_ index: Int) -> String { "$\(index)" }

    /// `"schema"."name"` when a schema is given, else the quoted name (found through
    /// `search_path`).
    public func qualifiedName(_ name: String, schema: String?) -> String {
        guard let schema else { return quoteIdentifier(name) }
        return quoteIdentifier(schema) + "." + quoteIdentifier(name)
    }

    /// The URL's `schema` parameter, else its `search_path` parameter, else nil.
    public func historySchema(for url: DatabaseURL) -> String? {
        url.parameter("schema") ?? url.parameter("search_path")
    }

    /// `CREATE SCHEMA IF NOT EXISTS`, so that a URL may name a schema that does not exist yet.
    public func createSchemaStatement(_ schema: String) -> String? {
        "CREATE SCHEMA IF NOT EXISTS \(quoteIdentifier(schema))"
    }

    // MARK: - Transactions

    /// True: a migration's DDL and its history row commit together or not at all.
    public var transactionalDDL: Bool { true }
    /// True: a migration's whole transaction is queued on the session at once.
    public var queuesTransactions: Bool { true }
    /// `now()` is when the transaction began; `clock_timestamp()` is the time of reading.
    public var serverClock: ServerClock? {
        ServerClock(start: [], elapsedMilliseconds: "CAST(EXTRACT(EPOCH FROM clock_timestamp() - now()) * 1000 AS BIGINT)")
    }
    /// False: the applied mark is written inside the migration's transaction.
    public var finishesWithLastStatement: Bool { false }
    /// True: a migration's history row, the rows it covers and its log entry are one statement
    /// (data-modifying CTEs).
    public var combinesHistoryWrites: Bool { true }

    // MARK: - Errors

    /// PostgreSQL gives a character position; the offset counts the newlines before it.
    public func errorLineOffset(_ error: DatabaseError, in statement: SQLStatement) -> Int? {
        guard let position = error.position, position > 0 else { return nil }
        return statement.text.prefix(position - 1).reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
    }
}
