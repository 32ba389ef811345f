import SQLText

/// A session with one database: the only way Strata talks to an engine.
///
/// A connection is one server session (locks and transactions belong to it). It is not
/// shared between concurrent tasks: the migrator uses it from one task at a time.
///
/// ## Topics
/// - ``execute(_:)``
/// - ``query(_:_:)``
/// - ``execute(batch:)``
/// - ``close()``
public protocol Connection: Sendable {
    /// The engine behind this connection.
    var dialect: SQLDialect { get }

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

    /// Ends the session. Further calls throw.
    func close() async throws
}

/// One statement of ``Connection/execute(batch:)``: SQL with the engine's placeholders and
/// their values.
public struct BatchStatement: Sendable, Hashable {
    public var sql: String
    public var binds: [SQLValue]

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
