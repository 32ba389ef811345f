import SQLText

/// A session with one database: the only way Strata talks to an engine.
///
/// A connection is one server session (locks and transactions belong to it). It is not
/// shared between concurrent tasks: the migrator uses it from one task at a time.
///
/// ## Topics
/// - ``execute(_:)``
/// - ``query(_:_:)``
/// - ``close()``
public protocol Connection: Sendable {
    /// The engine behind this connection.
    var dialect: SQLDialect { get }

    /// A short description of the server ("SQLite 3.46.0", "PostgreSQL 15.8",
    /// "MariaDB 10.11.6"), for messages.
    var serverDescription: String { get }

    /// Runs one statement and discards any rows it returns.
    ///
    /// - Throws: ``DatabaseError`` with the engine's message and code.
    func execute(_ sql: String) async throws

    /// Runs one statement with bound parameters and returns its rows.
    ///
    /// Placeholders follow the engine: `?` for SQLite and MySQL, `$1`, `$2`… for PostgreSQL.
    /// - Throws: ``DatabaseError`` with the engine's message and code.
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]

    /// Ends the session. Further calls throw.
    func close() async throws
}

extension Connection {
    /// Runs one statement without parameters and returns its rows.
    public func query(_ sql: String) async throws -> [SQLRow] {
        try await query(sql, [])
    }
}
