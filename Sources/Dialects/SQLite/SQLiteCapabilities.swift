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
    /// The library's version when known (the SQLite compiled into the binary); nil answers for
    /// any version.
    public let server: ServerInfo?

    /// The dialect for `server`, or for any version when nil.
    public init(server: ServerInfo? = nil) {
        self.server = server
    }

    /// ``/SQLText/SQLDialect/sqlite``.
    public var engine: SQLDialect { .sqlite }

    // MARK: - Quoting

    /// The name in double quotes, each embedded `"` doubled.
    public func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    /// `?`, whatever the index: parameters bind by position.
    public func placeholder(_ index: Int) -> String { "?" }

    /// SQLite creates a missing database file when it opens it.
    public func opensByCreating(_ url: DatabaseURL) -> Bool {
        url.path != ":memory:" && access(url.path, F_OK) != 0
    }

    // MARK: - Transactions

    /// True: a migration's DDL and its history row commit together or not at all.
    public var transactionalDDL: Bool { true }
    /// Takes the write lock at once, so that a migration never fails half-way for a
    /// writer that came in between.
    public var beginTransaction: String { "BEGIN IMMEDIATE" }
    /// In-process: nothing to gain from queueing.
    public var queuesTransactions: Bool { false }
    /// Runs in-process and is timed by the caller.
    public var serverClock: ServerClock? { nil }
    /// False: every migration runs in a transaction that carries its history writes.
    public var finishesWithLastStatement: Bool { false }
    /// False: each history write is its own statement, in-process and cheap.
    public var combinesHistoryWrites: Bool { false }

    // MARK: - Errors

    /// SQLite does not locate errors inside a statement.
    public func errorLineOffset(_ error: DatabaseError, in statement: SQLStatement) -> Int? { nil }
}
