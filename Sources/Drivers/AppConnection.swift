import Logging
import MySQLWire
import PostgresNIO
import SQLText
import SQLiteNIO

/// A connection, or a pool, that the app already has, lent to the migrator instead of a
/// session of Strata's own.
///
/// The lock and the history work as with Strata's own session; the migrator never closes
/// what the app lent. On SQLite the lock is taken on the connection's database file; on
/// PostgreSQL it is the advisory lock, held by the lent session for the run.
///
/// ```swift
/// let client = PostgresClient(configuration: configuration)
/// let migrator = Migrator(connection: .postgres(client), migrations: .embedded(.module))
/// ```
///
/// ## Topics
/// ### Lending
/// - ``sqlite(_:)``
/// - ``postgres(_:schema:)-(PostgresNIO.PostgresConnection,_)``
/// - ``postgres(_:schema:)-(PostgresClient,_)``
/// - ``mysql(_:database:)``
/// ### Reading
/// - ``engine``
/// - ``url``
public struct AppConnection: Sendable {
    enum Kind: Sendable {
        case sqlite(SQLiteConnection)
        case postgres(PostgresNIO.PostgresConnection)
        case client(PostgresClient)
        case mysql(MySQLWire.MySQLConnection)
    }

    let kind: Kind
    /// The engine of the connection.
    public let engine: SQLDialect
    /// The database as messages name it (`postgres://app-connection/?schema=…`,
    /// `sqlite:(the app's connection)`): the app's own URL is not known to Strata.
    public let url: DatabaseURL

    private init(kind: Kind, engine: SQLDialect, url: String) {
        self.kind = kind
        self.engine = engine
        // Both forms parse: they are fixed strings with a checked schema parameter.
        self.url = (try? DatabaseURL(url)) ?? Self.fallback(engine)
    }

    private static func fallback(_ engine: SQLDialect) -> DatabaseURL {
        // A URL that always parses, for a schema name the query string cannot carry.
        do {
            return try DatabaseURL(engine == .sqlite ? "sqlite::memory:" : "postgres://app-connection/app")
        } catch {
            fatalError("the fixed URLs of AppConnection parse: \(error)")
        }
    }

    /// The app's sqlite-nio connection. Its database file is read from `PRAGMA
    /// database_list` when a command starts; the lock is taken on that file.
    public static func sqlite(_ connection: SQLiteConnection) -> AppConnection {
        AppConnection(kind: .sqlite(connection), engine: .sqlite, url: "sqlite:(the app's connection)")
    }

    /// The app's postgres-nio connection.
    ///
    /// - Parameter schema: The schema of Strata's history tables; nil for the connection's
    ///   current schema (its `search_path`). The migrations run in the connection's
    ///   `search_path` either way.
    public static func postgres(_ connection: PostgresNIO.PostgresConnection, schema: String? = nil) -> AppConnection {
        AppConnection(kind: .postgres(connection), engine: .postgres, url: url(schema: schema))
    }

    /// The app's postgres-nio pool: each command leases one connection for its whole run
    /// (the advisory lock belongs to that session). The client must be running
    /// (`client.run()` in a task or a service group).
    ///
    /// - Parameter schema: As for ``postgres(_:schema:)-(PostgresNIO.PostgresConnection,_)``.
    public static func postgres(_ client: PostgresClient, schema: String? = nil) -> AppConnection {
        AppConnection(kind: .client(client), engine: .postgres, url: url(schema: schema))
    }

    /// The app's MySQL or MariaDB connection (Strata's MySQLWire client).
    ///
    /// - Parameter database: The database it was opened on (its configuration's
    ///   `database`): the lock's name includes it, so that runs on the same database
    ///   exclude each other whatever connection they use.
    public static func mysql(_ connection: MySQLWire.MySQLConnection, database: String) -> AppConnection {
        let encoded = database.utf8.allSatisfy { $0 < 128 && (Character(Unicode.Scalar($0)).isLetter || Character(Unicode.Scalar($0)).isNumber || $0 == UInt8(ascii: "_")) }
            ? database : "app"
        return AppConnection(kind: .mysql(connection), engine: .mysql, url: "mysql://app-connection/\(encoded)")
    }

    private static func url(schema: String?) -> String {
        guard let schema else { return "postgres://app-connection/app" }
        let encoded = schema.utf8.map { byte -> String in
            let c = Character(Unicode.Scalar(byte))
            if c.isASCII, c.isLetter || c.isNumber || c == "_" { return String(c) }
            let hex = String(byte, radix: 16, uppercase: true)
            return "%" + (hex.count == 1 ? "0" + hex : hex)
        }.joined()
        return "postgres://app-connection/app?schema=\(encoded)"
    }

    /// Runs `body` with a session on the lent connection and the URL that names it (for
    /// SQLite, the connection's own file), and never closes the app's connection.
    ///
    /// - Throws: What `body` throws; ``DatabaseError`` `.connection` when the connection is
    ///   closed, or the pool cannot lend one.
    public func withSession<T: Sendable>(
        logger: Logger, _ body: (any Connection, DatabaseURL) async throws -> T
    ) async throws -> T {
        switch kind {
        case .sqlite(let connection):
            if connection.isClosed {
                throw DatabaseError(.connection, "the app's SQLite connection is closed; open it before running the migrator")
            }
            let session = try await SQLiteSession.borrowing(connection)
            let url = (try? DatabaseURL("sqlite:" + session.path)) ?? self.url
            return try await body(session, url)
        case .postgres(let connection):
            if connection.isClosed {
                throw DatabaseError(.connection, "the app's PostgreSQL connection is closed; open it before running the migrator")
            }
            return try await body(PostgresSession.borrowing(connection, schema: url.parameter("schema"), logger: logger), url)
        case .mysql(let connection):
            return try await body(MySQLSession.borrowing(connection, logger: logger), url)
        case .client(let client):
            let url = self.url
            return try await client.withConnection { connection in
                try await body(PostgresSession.borrowing(connection, schema: url.parameter("schema"), logger: logger), url)
            }
        }
    }
}
