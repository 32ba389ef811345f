import Logging
import MySQLWire
import NIOCore
import SQLText

/// A session with a MySQL 8 or MariaDB 10.6+ server, on Strata's own wire-protocol client
/// (`MySQLWire`).
///
/// URL: `mysql://user:password@host:port/database?ssl=prefer` (`mariadb://` too). Query
/// parameters:
/// - `ssl` (also `tls`, `sslmode`): `disable`, `prefer` (default), `require`, `verify-ca`,
///   `verify-full`; `true`/`false` mean `require`/`disable`.
/// - `sslca` (also `ssl-ca`, `sslrootcert`): a PEM file of CA certificates to trust.
/// - `connect_timeout`: seconds, or with a unit (`500ms`, `10s`).
/// - `statement_timeout`: milliseconds, or with a unit (`30s`, `5min`). The server cancels
///   longer statements (MariaDB `max_statement_time`, MySQL `max_execution_time`, which
///   covers SELECT only), and the client gives up waiting 5 s after it.
/// - `read_timeout`: seconds, or with a unit: how long the client waits for the server's
///   next packet before failing the statement and closing the session.
///
/// `execute` sends its text as one COM_QUERY and so accepts several statements separated
/// by `;`: the first that fails throws, and the server runs none after it.
///
/// `query` binds `?` placeholders by rendering each value as an escaped SQL literal (the
/// text protocol): this keeps one result format (text) for every statement, costs one
/// round trip instead of three (prepare, execute, close), and is safe because the session
/// character set is always utf8mb4 and escaping follows the server's current
/// `NO_BACKSLASH_ESCAPES` status flag. Integer columns come back as `.int`, binary strings
/// (`BLOB`, `VARBINARY`) as `.blob`, everything else as `.text`, NULL as `.null`.
///
/// ## Topics
/// - ``connect(url:options:)``
public final class MySQLSession: Connection {
    /// Always ``SQLDialect/mysql``.
    public let dialect: SQLDialect = .mysql
    /// "MariaDB 10.11.6" or "MySQL 8.0.36".
    public let serverDescription: String
    /// The server's id for this session (what `KILL` takes).
    public let connectionID: UInt32

    private let connection: MySQLConnection
    private let context: MySQLErrorContext
    private let logger: Logger

    private init(connection: MySQLConnection, context: MySQLErrorContext, logger: Logger) {
        self.connection = connection
        self.serverDescription = connection.serverInfo.description
        self.connectionID = connection.serverInfo.connectionID
        self.context = context
        self.logger = logger
    }

    // MARK: - Opening

    /// Opens a session to the server the URL names.
    ///
    /// - Parameters:
    ///   - url: A `mysql://` or `mariadb://` URL.
    ///   - options: Timeouts and logging; URL parameters override them.
    /// - Throws: ``DatabaseError``: `.configuration` for a bad URL parameter,
    ///   `.connection`, `.authentication`, `.timeout`. The message is one line, names
    ///   host:port, and never contains the password.
    public static func connect(url: DatabaseURL, options: ConnectOptions) async throws -> MySQLSession {
        let settings = try MySQLURLSettings(url: url, options: options)
        let context = MySQLErrorContext(address: settings.configuration.address, password: settings.configuration.password)
        let connection: MySQLConnection
        do {
            connection = try await MySQLConnection.connect(configuration: settings.configuration, logger: options.logger)
        } catch {
            throw context.connectError(error)
        }
        let session = MySQLSession(connection: connection, context: context, logger: options.logger)
        if let timeout = settings.statementTimeout {
            let ms = max(1, timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
            let sql = connection.serverInfo.isMariaDB
                ? "SET SESSION max_statement_time = \(Double(ms) / 1000)"
                : "SET SESSION max_execution_time = \(ms)"
            do {
                try await session.execute(sql)
            } catch {
                try? await connection.close()
                throw error
            }
        }
        return session
    }

    // MARK: - Statements

    /// Runs one statement, or several separated by `;`, and discards their rows.
    ///
    /// - Throws: ``DatabaseError`` `.statement` with the server's message, SQLSTATE and
    ///   errno for the first statement that fails; `.timeout`, `.connection`.
    public func execute(_ sql: String) async throws {
        logger.debug("mysql execute", metadata: ["sql": "\(sql.prefix(500))"])
        do {
            _ = try await connection.query(sql)
        } catch {
            throw context.statementError(error)
        }
    }

    /// Runs one statement with `?` placeholders bound to `binds` and returns its rows.
    ///
    /// - Throws: ``DatabaseError`` `.statement` for a server error or a placeholder count
    ///   mismatch; `.timeout`, `.connection`.
    public func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        logger.debug("mysql query", metadata: ["sql": "\(sql.prefix(500))", "binds": "\(binds.count)"])
        let result: MySQLResult
        do {
            result = try await connection.query(sql, binds.map(Self.bind))
        } catch {
            throw context.statementError(error)
        }
        let columns = result.columns
        let names = columns.map(\.name)
        return result.rows.map { row in
            SQLRow(columns: names, values: zip(columns, row.values).map { Self.value($1, column: $0) })
        }
    }

    /// Sends the statements as one multi-statement query: one round trip, and the server
    /// stops at the first that fails.
    ///
    /// - Throws: ``DatabaseError`` as ``execute(_:)``, with ``DatabaseError/batchIndex``
    ///   from the number of results before the error (a `CALL` that returns result sets
    ///   counts more than once).
    public func execute(batch: [BatchStatement]) async throws {
        logger.debug("mysql batch", metadata: ["statements": "\(batch.count)"])
        do {
            _ = try await connection.query(batch: batch.map { MySQLStatement($0.sql, $0.binds.map(Self.bind)) })
        } catch {
            var mapped = context.statementError(error)
            if let e = error as? MySQLError, e.code == .server {
                mapped.batchIndex = min(e.completedResults ?? 0, batch.count - 1)
            }
            throw mapped
        }
    }

    /// Sends COM_QUIT and closes the session. Further calls throw `.connection`.
    public func close() async throws {
        do {
            try await connection.close()
        } catch {
            throw context.statementError(error)
        }
    }

    // MARK: - Values

    static func bind(_ value: SQLValue) -> MySQLBind {
        switch value {
        case .null: .null
        case .int(let v): .int(v)
        case .double(let v): .double(v)
        case .text(let v): .text(v)
        case .blob(let v): .bytes(v)
        }
    }

    static func value(_ buffer: ByteBuffer?, column: MySQLColumn) -> SQLValue {
        guard let buffer else { return .null }
        if column.type.isInteger, let v = Int64(String(buffer: buffer)) {
            return .int(v)
        }
        if column.characterSet == 63, binaryStringTypes.contains(column.type.rawValue) {
            return .blob(Array(buffer.readableBytesView))
        }
        return .text(String(buffer: buffer))
    }

    /// VARCHAR, BIT-less string and blob types; with the binary collation (63) they hold bytes.
    private static let binaryStringTypes: Set<UInt8> = [0x0F, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE]
}
