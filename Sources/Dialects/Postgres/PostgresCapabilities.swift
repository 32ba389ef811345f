import Drivers
import SQLText

/// PostgreSQL 15 and later.
public struct PostgresDialect: Dialect {
    public let server: ServerInfo?

    /// The dialect for `server`, or for any version when nil.
    public init(server: ServerInfo? = nil) {
        self.server = server
    }

    public var engine: SQLDialect { .postgres }

    // MARK: - Quoting

    public func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    public func placeholder(_ index: Int) -> String { "$\(index)" }

    public func qualifiedName(_ name: String, schema: String?) -> String {
        guard let schema else { return quoteIdentifier(name) }
        return quoteIdentifier(schema) + "." + quoteIdentifier(name)
    }

    public func historySchema(for url: DatabaseURL) -> String? {
        url.parameter("schema") ?? url.parameter("search_path")
    }

    public func createSchemaStatement(_ schema: String) -> String? {
        "CREATE SCHEMA IF NOT EXISTS \(quoteIdentifier(schema))"
    }

    // MARK: - Transactions

    public var transactionalDDL: Bool { true }
    public var queuesTransactions: Bool { true }
    /// `now()` is when the transaction began; `clock_timestamp()` is the time of reading.
    public var serverClock: ServerClock? {
        ServerClock(start: [], elapsedMilliseconds: "CAST(EXTRACT(EPOCH FROM clock_timestamp() - now()) * 1000 AS BIGINT)")
    }
    public var finishesWithLastStatement: Bool { false }
    public var combinesHistoryWrites: Bool { true }

    // MARK: - Errors

    /// PostgreSQL gives a character position; the offset counts the newlines before it.
    public func errorLineOffset(_ error: DatabaseError, in statement: SQLStatement) -> Int? {
        guard let position = error.position, position > 0 else { return nil }
        return statement.text.prefix(position - 1).reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
    }
}
