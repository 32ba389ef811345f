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
/// `NO_BACKSLASH_ESCAPES` status flag. Integer columns come back as `.int` (`BOOL`, which is
/// `TINYINT(1)`, too: MySQL has no boolean type), `BIT(n)` as `.int` of its bits, binary
/// strings (`BLOB`, `VARBINARY`) as `.blob`, everything else (`DECIMAL`, dates, unsigned
/// `BIGINT` values past `Int64.max`) as `.text`, NULL as `.null`. Nothing arrives as
/// ``SQLValue/bool(_:)`` or ``SQLValue/array(_:)``; ``SQLRow/bool(_:)`` reads 1 and 0. A bound
/// ``SQLValue/bool(_:)`` is sent as 1 or 0 (what `TRUE` and `FALSE` are); a bound
/// ``SQLValue/array(_:)`` throws.
///
/// ## Topics
/// - ``connect(url:options:)``
public final class MySQLSession: Connection {
    /// Always ``/SQLText/SQLDialect/mysql``.
    public let dialect: SQLDialect = .mysql
    /// MySQL or MariaDB, and the version, from the handshake.
    public let server: ServerInfo
    /// "MariaDB 10.11.6" or "MySQL 8.0.36".
    public let serverDescription: String
    /// The server's id for this session (what `KILL` takes).
    public let connectionID: UInt32

    private let connection: MySQLConnection
    private let context: MySQLErrorContext
    private let logger: Logger
    /// Whether the connection is the app's own: ``close()`` leaves it open.
    private let borrowed: Bool

    private init(connection: MySQLConnection, context: MySQLErrorContext, logger: Logger, borrowed: Bool = false) {
        self.borrowed = borrowed
        self.connection = connection
        self.server = ServerInfo(mysqlVersion: connection.serverInfo.version)
        self.serverDescription = connection.serverInfo.description
        self.connectionID = connection.serverInfo.connectionID
        self.context = context
        self.logger = logger
    }

    /// A session on a MySQLWire connection the app opened itself: ``close()`` leaves it open.
    public static func borrowing(_ connection: MySQLConnection, logger: Logger) -> MySQLSession {
        MySQLSession(connection: connection, context: MySQLErrorContext(address: "the app's connection", password: ""), logger: logger, borrowed: true)
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
    ///   mismatch; `.unsupported` for an array value; `.timeout`, `.connection`.
    public func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        logger.debug("mysql query", metadata: ["sql": "\(sql.prefix(500))", "binds": "\(binds.count)"])
        let values = try Self.binds(binds)
        let result: MySQLResult
        do {
            result = try await connection.query(sql, values)
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
        var statements: [MySQLStatement] = []
        statements.reserveCapacity(batch.count)
        for (index, statement) in batch.enumerated() {
            do {
                statements.append(MySQLStatement(statement.sql, try Self.binds(statement.binds)))
            } catch var error as DatabaseError {
                error.batchIndex = index
                throw error
            }
        }
        do {
            _ = try await connection.query(batch: statements)
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
        if borrowed { return }
        do {
            try await connection.close()
        } catch {
            throw context.statementError(error)
        }
    }

    // MARK: - Values

    static func binds(_ values: [SQLValue]) throws -> [MySQLBind] {
        try values.enumerated().map { try bind($1, parameter: $0 + 1) }
    }

    static func bind(_ value: SQLValue, parameter: Int) throws -> MySQLBind {
        switch value {
        case .null: .null
        case .int(let v): .int(v)
        case .double(let v): .double(v)
        case .text(let v): .text(v)
        case .blob(let v): .bytes(v)
        case .bool(let v): .int(v ? 1 : 0)
        case .array:
            throw DatabaseError(
                .unsupported,
                "parameter \(parameter) is an array, which MySQL cannot bind; bind its elements one by one (IN (?, ?, ?)) or pass a JSON array as text (JSON_TABLE)")
        }
    }

    static func value(_ buffer: ByteBuffer?, column: MySQLColumn) -> SQLValue {
        guard let buffer else { return .null }
        if column.type.isInteger, let v = Int64(String(buffer: buffer)) {
            return .int(v)
        }
        // BIT(n) arrives as its bits, big-endian, in (n + 7) / 8 bytes, also in the text protocol.
        if column.type == .bit, buffer.readableBytes <= 8 {
            let bits = buffer.readableBytesView.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            if let v = Int64(exactly: bits) { return .int(v) }
        }
        if column.characterSet == 63, binaryStringTypes.contains(column.type.rawValue) {
            return .blob(Array(buffer.readableBytesView))
        }
        return .text(String(buffer: buffer))
    }

    /// VARCHAR, BIT-less string and blob types; with the binary collation (63) they hold bytes.
    private static let binaryStringTypes: Set<UInt8> = [0x0F, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE]
}
