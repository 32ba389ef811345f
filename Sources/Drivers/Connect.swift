import SQLText

/// Opens a session to the database a URL names.
///
/// - Parameters:
///   - url: The parsed database URL.
///   - options: Timeouts and logging; URL parameters override them.
/// - Returns: An open ``Connection``; close it when done.
/// - Throws: ``DatabaseError`` (`.connection`, `.authentication`, `.timeout`,
///   `.configuration`) with a one-line message that names the server but never the password.
public func connect(to url: DatabaseURL, options: ConnectOptions = ConnectOptions()) async throws -> any Connection {
    switch url.engine {
    case .sqlite: try await SQLiteSession.open(url: url, options: options)
    case .postgres: try await PostgresSession.connect(url: url, options: options)
    case .mysql: try await MySQLSession.connect(url: url, options: options)
    }
}
