import SQLText

/// A session with one database: the only way Strata talks to an engine.
///
/// A connection is one server session (locks and transactions belong to it). It is not
/// shared between concurrent tasks: the migrator uses it from one task at a time.
///
/// ## Topics
/// ### The server
/// - ``dialect``
/// - ``server``
/// - ``serverDescription``
/// ### Running statements
/// - ``execute(_:)``
/// - ``query(_:_:)``
/// - ``execute(batch:)``
/// - ``execute(pipeline:)``
/// ### Reading a consistent state
/// - ``withReadOnlySnapshot(_:)``
/// ### Closing
/// - ``close()``
public protocol Connection: Sendable {
    /// The engine behind this connection.
    var dialect: SQLDialect { get }

    /// Which server this is: MySQL or MariaDB (their DDL and catalogs differ), PostgreSQL
    /// or SQLite, and its version as numbers.
    ///
    /// MySQL and MariaDB tell it in the handshake and SQLite is compiled in; PostgreSQL
    /// asks the server (`server_version`) the first time and remembers it.
    ///
    /// - Throws: ``DatabaseError`` when PostgreSQL's answer cannot be had.
    var server: ServerInfo { get async throws }

    /// A short description of the server ("SQLite 3.46.0", "PostgreSQL 15.8",
    /// "MariaDB 10.11.6"), for messages. PostgreSQL asks the server the first time.
    var serverDescription: String { get async throws }

    /// Runs one statement and discards any rows it returns.
    ///
    /// - Throws: ``DatabaseError`` with the engine's message and code.
    func execute(_ sql: String) async throws

    /// Runs one statement with bound parameters and returns its rows.
    ///
    /// Placeholders follow the engine: `?` for SQLite and MySQL, `$1`, `$2`… for PostgreSQL.
    /// - Throws: ``DatabaseError`` with the engine's message and code.
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]

    /// Runs statements in order, each with its own parameters, in as few round trips as
    /// the engine allows, and stops at the first that fails.
    ///
    /// MySQL sends them as one multi-statement query (one round trip; the server stops at
    /// the first error). The other engines run them one after another. A statement without
    /// values is sent as written (its `?` or `$1` are not placeholders then).
    ///
    /// - Throws: ``DatabaseError`` of the first failing statement, with
    ///   ``DatabaseError/batchIndex`` set to its index when it is known.
    func execute(batch: [BatchStatement]) async throws

    /// Runs the statements of one transaction, from its `BEGIN` to its `COMMIT`, sent
    /// together where the engine allows.
    ///
    /// PostgreSQL queues them all on the session at once: the server starts each as soon
    /// as the previous one is done, without waiting for the client in between. After a
    /// failure the remaining statements still reach the server and fail too (the
    /// transaction is aborted), and `COMMIT` rolls it back. The other engines run them
    /// as ``execute(batch:)`` does, stopping at the first failure (roll back after it).
    /// Only for statements of one transaction: outside one, the statements after a
    /// failure would run and commit.
    ///
    /// - Throws: ``DatabaseError`` of the first failing statement, with
    ///   ``DatabaseError/batchIndex`` set to its index.
    func execute(pipeline: [BatchStatement]) async throws

    /// Runs `body` in a read-only transaction, so that every query it makes sees one
    /// consistent state of the database, and ends the transaction on every path.
    ///
    /// | engine | transaction | snapshot |
    /// |---|---|---|
    /// | PostgreSQL | `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY` … `COMMIT` | taken by the first query in `body`; queries of the catalog tables (`pg_class`, `pg_index`…) follow it too, but name lookups (`'t'::regclass`, `to_regclass`) and functions such as `pg_get_indexdef` read the latest catalog |
    /// | MySQL, MariaDB | `SET TRANSACTION ISOLATION LEVEL REPEATABLE READ` and `START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY` … `COMMIT` | taken at once, for InnoDB tables only: `information_schema` is read afresh by every query |
    /// | SQLite | `PRAGMA query_only = ON`, `BEGIN` (deferred) … `COMMIT` | taken by the first read in `body`. In WAL mode other connections commit meanwhile, unseen; in rollback-journal mode they cannot commit (busy) until the snapshot ends |
    ///
    /// Writes in `body` fail (PostgreSQL and MySQL refuse them in a read-only transaction,
    /// SQLite with `query_only`). When `body` throws, the transaction is rolled back and the
    /// error rethrown.
    ///
    /// - Warning: Call it outside a transaction, and do not end the transaction in `body`.
    ///   SQLite and MySQL refuse to start one inside another; PostgreSQL only warns, and
    ///   the `COMMIT` at the end would commit the outer transaction.
    /// - Parameter body: The reads, given this connection.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws; ``DatabaseError`` when the transaction cannot be
    ///   started or committed.
    func withReadOnlySnapshot<T>(_ body: (any Connection) async throws -> T) async throws -> T

    /// Ends the session. Further calls throw.
    func close() async throws
}

/// One statement of ``Connection/execute(batch:)``: SQL with the engine's placeholders and
/// their values.
public struct BatchStatement: Sendable, Hashable {
    /// The statement, with the engine's placeholders.
    public var sql: String
    /// One value per placeholder.
    public var binds: [SQLValue]

    /// Creates a statement with its values.
    public init(_ sql: String, _ binds: [SQLValue] = []) {
        self.sql = sql
        self.binds = binds
    }
}

extension Connection {
    /// Runs one statement without parameters and returns its rows.
    public func query(_ sql: String) async throws -> [SQLRow] {
        try await query(sql, [])
    }

    /// As ``execute(batch:)``: engines that cannot queue statements run them in turn.
    public func execute(pipeline: [BatchStatement]) async throws {
        try await execute(batch: pipeline)
    }

    /// One statement after another: what engines without multi-statement queries do.
    public func execute(batch: [BatchStatement]) async throws {
        for (index, statement) in batch.enumerated() {
            do {
                if statement.binds.isEmpty {
                    try await execute(statement.sql)
                } else {
                    _ = try await query(statement.sql, statement.binds)
                }
            } catch var error as DatabaseError {
                error.batchIndex = index
                throw error
            }
        }
    }
}

// MARK: - Read-only snapshots

extension Connection {
    /// Runs `body` in a read-only transaction with one snapshot; see the requirement.
    public func withReadOnlySnapshot<T>(_ body: (any Connection) async throws -> T) async throws -> T {
        let statements = ReadOnlySnapshotStatements(dialect: dialect)
        var restoreQueryOnly = false
        if dialect == .sqlite {
            // Keep a query_only that the caller set; turn it off afterwards only if it was off.
            let current = try await query("PRAGMA query_only").first?.values.first?.bool ?? false
            if !current {
                try await execute("PRAGMA query_only = ON")
                restoreQueryOnly = true
            }
        }
        do {
            try await execute(statements.begin)
        } catch {
            if restoreQueryOnly { try? await execute("PRAGMA query_only = OFF") }
            throw error
        }
        let result: T
        do {
            result = try await body(self)
        } catch {
            try? await execute("ROLLBACK")
            if restoreQueryOnly { try? await execute("PRAGMA query_only = OFF") }
            throw error
        }
        do {
            try await execute("COMMIT")
        } catch {
            try? await execute("ROLLBACK")
            if restoreQueryOnly { try? await execute("PRAGMA query_only = OFF") }
            throw error
        }
        if restoreQueryOnly { try await execute("PRAGMA query_only = OFF") }
        return result
    }
}

/// The statement that starts a read-only snapshot on each engine.
struct ReadOnlySnapshotStatements: Sendable, Hashable {
    /// Starts the transaction (one string; MySQL sends its two statements in one round trip).
    var begin: String

    init(dialect: SQLDialect) {
        switch dialect {
        case .postgres:
            begin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
        case .mysql:
            // WITH CONSISTENT SNAPSHOT has effect only in REPEATABLE READ; SET TRANSACTION sets
            // it for the next transaction alone (and fails inside a transaction).
            begin = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY"
        case .sqlite:
            begin = "BEGIN DEFERRED"
        }
    }
}
