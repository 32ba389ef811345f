import Drivers
import SQLText

/// MySQL 8 and MariaDB 10.6 and later.
public struct MySQLDialect: Dialect {
    /// The server (MySQL or MariaDB, and its version) when known; nil answers for every
    /// supported version, conservatively.
    public let server: ServerInfo?

    /// The dialect for `server`, or for any version when nil.
    public init(server: ServerInfo? = nil) {
        self.server = server
    }

    /// ``/SQLText/SQLDialect/mysql``, for MySQL and MariaDB alike.
    public var engine: SQLDialect { .mysql }

    /// Whether the server is MariaDB (nil when unknown): its DDL and catalogs differ from
    /// MySQL's (JSON is `LONGTEXT` with a `json_valid` check, `ADD COLUMN IF NOT EXISTS`,
    /// sequences…).
    public var isMariaDB: Bool? { server.map { $0.flavour == .mariadb } }

    // MARK: - Quoting

    /// The name in backticks, each embedded backtick doubled.
    public func quoteIdentifier(_ name: String) -> String {
        "`" + name.replacingAll("`", with: "``") + "`"
    }

    /// Backslashes are escapes in MySQL's default SQL mode: doubled, as are quotes.
    public func quoteLiteral(_ text: String) -> String {
        "'" + text.replacingAll("\\", with: "\\\\").replacingAll("'", with: "''") + "'"
    }

    /// `?`, whatever the index: MySQL binds parameters by position.
    public func placeholder(_ index: Int) -> String { "?" }

    // MARK: - Transactions

    /// Each DDL statement commits implicitly.
    public var transactionalDDL: Bool { false }
    /// A transaction travels as one multi-statement query.
    public var queuesTransactions: Bool { true }
    /// A user variable set to `NOW(6)` when the run starts, and the microseconds since then
    /// divided by 1000.
    public var serverClock: ServerClock? {
        ServerClock(start: ["SET @strata_started = NOW(6)"], elapsedMilliseconds: "TIMESTAMPDIFF(MICROSECOND, @strata_started, NOW(6)) DIV 1000")
    }
    /// True: the applied mark travels with a migration's last statement, in one multi-statement
    /// query.
    public var finishesWithLastStatement: Bool { true }
    /// False: history writes travel as a batch of statements in one multi-statement query.
    public var combinesHistoryWrites: Bool { false }

    /// A warning when a migration mixes DDL with data changes: each DDL commits implicitly, so
    /// it cannot be atomic; nil otherwise.
    public func mixedStatementsWarning(_ statements: [SQLStatement]) -> String? {
        guard statements.contains(where: \.isSchemaChange), statements.contains(where: \.isDataChange) else { return nil }
        return "mixes schema changes (DDL) with data changes; MySQL commits each DDL statement implicitly, so this migration cannot be atomic. Progress is recorded per statement; consider splitting it."
    }

    // MARK: - Errors

    /// The N of MySQL's "… near '…' at line N", as an offset from the statement's first line.
    public func errorLineOffset(_ error: DatabaseError, in statement: SQLStatement) -> Int? {
        let message = error.message
        guard message.contains(" at line "),
              let marker = message.split(separator: " at line ", omittingEmptySubsequences: false).last,
              let n = Int(marker.prefix(while: \.isNumber)), n >= 1 else { return nil }
        return n - 1
    }
}
