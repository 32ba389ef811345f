import Drivers
import SQLText

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// SQLite 3, in-process.
public struct SQLiteDialect: Dialect {
    public let server: ServerInfo?

    /// The dialect for `server`, or for any version when nil.
    public init(server: ServerInfo? = nil) {
        self.server = server
    }

    public var engine: SQLDialect { .sqlite }

    // MARK: - Quoting

    public func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    public func placeholder(_ index: Int) -> String { "?" }

    /// SQLite creates a missing database file when it opens it.
    public func opensByCreating(_ url: DatabaseURL) -> Bool {
        url.path != ":memory:" && access(url.path, F_OK) != 0
    }

    // MARK: - Transactions

    public var transactionalDDL: Bool { true }
    /// Takes the write lock at once, so that a migration never fails half-way for a
    /// writer that came in between.
    public var beginTransaction: String { "BEGIN IMMEDIATE" }
    /// In-process: nothing to gain from queueing.
    public var queuesTransactions: Bool { false }
    /// Runs in-process and is timed by the caller.
    public var serverClock: ServerClock? { nil }
    public var finishesWithLastStatement: Bool { false }
    public var combinesHistoryWrites: Bool { false }

    // MARK: - Errors

    /// SQLite does not locate errors inside a statement.
    public func errorLineOffset(_ error: DatabaseError, in statement: SQLStatement) -> Int? { nil }
}
