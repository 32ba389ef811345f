import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import SQLText

/// A session with a PostgreSQL server over postgres-nio: one server connection, no pool.
///
/// Opened by ``connect(to:options:)`` for `postgres://` URLs. URL parameters it reads:
///
/// | parameter | meaning |
/// |---|---|
/// | `sslmode` | `disable`, `allow`, `prefer` (default), `require`, `verify-ca`, `verify-full` |
/// | `sslrootcert` | PEM file of the CA that signed the server's certificate (`system`: the system's roots) |
/// | `connect_timeout` | seconds to wait for the session (overrides ``ConnectOptions/connectTimeout``) |
/// | `statement_timeout` | milliseconds, or with a unit (`30s`, `5min`) (overrides ``ConnectOptions/statementTimeout``) |
/// | `schema`, `search_path` | the schema Strata works in; set as `search_path` (never created here) |
/// | `application_name` | shown in `pg_stat_activity`; default `strata` |
/// | `host` | a directory holding the server's Unix socket, instead of TCP |
///
/// Statements go through the extended query protocol (postgres-nio has no simple-query
/// path), one statement per round trip: ``execute(_:)`` splits a string of several and runs
/// them in turn. `BEGIN`, `COMMIT`, `VACUUM` and `CREATE INDEX CONCURRENTLY` work.
///
/// Result values arrive in binary form and are read by column type: integers, `oid` and
/// `reg*` types as ``SQLValue/int(_:)``, `bool` as ``SQLValue/bool(_:)``, `float4`/`float8` as
/// ``SQLValue/double(_:)``, `bytea` as ``SQLValue/blob(_:)``; text types, `numeric`, `uuid`,
/// `json(b)`, dates and times (UTC) as ``SQLValue/text(_:)`` in PostgreSQL's own text form;
/// arrays (of any element type read here, enums included) and the `int2vector` and
/// `oidvector` catalog types (`pg_index.indkey`) as ``SQLValue/array(_:)`` of their elements.
/// A column of another type that is not plain text throws an error asking for a `::text`
/// cast.
///
/// ## Topics
/// - ``connect(url:options:)``
/// - ``schema``
public actor PostgresSession: Connection {
    /// Always ``SQLDialect/postgres``.
    public nonisolated let dialect: SQLDialect = .postgres
    /// PostgreSQL and its version, from the server's `server_version`, asked for on first
    /// use (opening a session sends no query; postgres-nio keeps the start-up
    /// `ParameterStatus` to itself) and remembered.
    public var server: ServerInfo {
        get async throws {
            if let knownServer { return knownServer }
            // "15.8 (Debian 15.8-1.pgdg120+1)"
            let rows = try await query("SHOW server_version", [])
            let version = try rows.first?.string("server_version") ?? ""
            let info = ServerInfo(postgresVersion: version)
            knownServer = info
            return info
        }
    }
    private var knownServer: ServerInfo?

    /// "PostgreSQL 15.8", from ``server``.
    public var serverDescription: String {
        get async throws { try await server.description }
    }
    /// The schema named by the URL's `schema` (or `search_path`) parameter, now first on the
    /// session's `search_path`; nil when the URL names none (the server's default, usually
    /// `public`).
    public nonisolated let schema: String?
    /// `host:port` (or the socket path), for messages.
    nonisolated let endpoint: String

    private let connection: PostgresNIO.PostgresConnection
    private let logger: Logger
    private var isClosed = false
    /// Whether the connection is the app's own: ``close()`` leaves it open.
    private let borrowed: Bool
    /// Why the server ended the session; postgres-nio does not answer later queries on it.
    private var lostReason: String?

    private init(connection: PostgresNIO.PostgresConnection, schema: String?, endpoint: String, logger: Logger, borrowed: Bool = false) {
        self.borrowed = borrowed
        self.connection = connection
        self.schema = schema
        self.endpoint = endpoint
        self.logger = logger
    }

    // MARK: - Connecting

    /// Opens a session to the server a `postgres://` URL names, with `search_path` set to the
    /// URL's schema and `statement_timeout` set, both in the start-up message.
    ///
    /// - Parameters:
    ///   - url: A `postgres://` URL.
    ///   - options: Timeouts and logger; URL parameters override them.
    /// - Returns: The open session; ``close()`` it when done.
    /// - Throws: ``DatabaseError``: `.configuration` for a bad URL parameter, `.connection`
    ///   when the server cannot be reached or refuses the session, `.authentication` for
    ///   rejected credentials, `.timeout` when the connect timeout expires. One line, naming
    ///   `host:port`, never the password.
    public static func connect(url: DatabaseURL, options: ConnectOptions) async throws -> PostgresSession {
        let settings = try PostgresSettings(url: url, options: options)
        var configuration = settings.configuration(tls: try settings.tls())
        configuration.options.connectTimeout = .nanoseconds(PostgresSettings.nanoseconds(settings.connectTimeout))
        configuration.options.additionalStartupParameters = [
            ("application_name", settings.applicationName),
            // Without it the server notices a killed client only when the running statement
            // ends, holding the advisory lock and the transaction until then.
            ("client_connection_check_interval", "1000"),
        ]
        // Settings travel in the start-up message, so that opening a session costs no
        // query. Both values are checked (or quoted) before: a bad one is a configuration
        // error naming the URL parameter, not a refused session.
        if let searchPath = settings.searchPath {
            configuration.options.additionalStartupParameters.append(("search_path", searchPath))
        }
        if let statementTimeout = settings.statementTimeout {
            configuration.options.additionalStartupParameters.append(("statement_timeout", statementTimeout))
        }

        var logger = options.logger
        logger[metadataKey: "db"] = "\(settings.endpoint)"
        let connection: PostgresNIO.PostgresConnection
        do {
            connection = try await PostgresNIO.PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(),
                configuration: configuration,
                id: Int.random(in: 1...Int(Int32.max)),
                logger: logger
            )
        } catch let error as CancellationError {
            throw error
        } catch {
            throw PostgresErrorMapping.connectError(error, settings: settings)
        }

        return PostgresSession(
            connection: connection, schema: settings.schema, endpoint: settings.endpoint, logger: logger
        )
    }

    /// A session on a connection the app opened itself (postgres-nio's, or one that
    /// `PostgresClient.withConnection` lent): the app's settings and `search_path`, and
    /// ``close()`` leaves it open.
    ///
    /// - Parameters:
    ///   - connection: The app's connection.
    ///   - schema: The schema of Strata's history tables; nil for the connection's current
    ///     schema.
    ///   - logger: Where statements are logged at debug level.
    public static func borrowing(_ connection: PostgresNIO.PostgresConnection, schema: String?, logger: Logger) -> PostgresSession {
        PostgresSession(connection: connection, schema: schema, endpoint: "the app's connection", logger: logger, borrowed: true)
    }

    // MARK: - Running statements

    /// Runs a statement and discards its rows.
    ///
    /// The statement is sent without parameters in the extended query protocol (postgres-nio
    /// has no simple-query path). Transaction control (`BEGIN`, `COMMIT`, `ROLLBACK`) and
    /// statements that refuse to run in a transaction block (`VACUUM`,
    /// `CREATE INDEX CONCURRENTLY`) work. A string of several statements is split with
    /// ``SQLSplitter`` and run one statement after another, not as one implicit transaction
    /// as `psql` would: the first that fails throws, naming its place, and the rest do not run.
    ///
    /// - Throws: ``DatabaseError``: `.statement` with SQLSTATE, detail, hint and position (in
    ///   `sql`); `.timeout` when `statement_timeout` cancelled it; `.connection` when the
    ///   session is closed or lost.
    public func execute(_ sql: String) async throws {
        let statements = Self.statements(in: sql)
        guard statements.count > 1 else {
            _ = try await run(sql, PostgresBindings(), collect: false)
            return
        }
        for (index, statement) in statements.enumerated() {
            do {
                _ = try await run(statement.text, PostgresBindings(), collect: false)
            } catch var error as DatabaseError where error.code != .connection {
                error.message = "statement \(index + 1) of \(statements.count) (line \(statement.line)): " + error.message
                if let position = error.position {
                    error.position = Self.characterOffset(of: statement, in: sql) + position
                }
                throw error
            }
        }
    }

    /// The statements of `sql` when it may hold more than one; empty otherwise.
    static func statements(in sql: String) -> [SQLStatement] {
        guard sql.utf8.contains(UInt8(ascii: ";")) else { return [] }
        return (try? SQLSplitter(dialect: .postgres).split(sql)) ?? []
    }

    /// How many characters of `sql` come before `statement`'s first one.
    static func characterOffset(of statement: SQLStatement, in sql: String) -> Int {
        var line = 1
        var column = 1
        var offset = 0
        for c in sql {
            if line == statement.line && column == statement.column { return offset }
            offset += 1
            if c.isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return offset
    }

    /// Runs one statement with `$1`, `$2`… bound to `binds`, and returns its rows.
    ///
    /// Text is sent untyped, so the server reads it as whatever type the placeholder's
    /// context needs (a timestamp, an integer…); integers as `int8`, doubles as `float8`,
    /// blobs as `bytea`, booleans as `bool`. Arrays are sent as untyped array literals
    /// (`{1,2}`), which the server reads as the array type the context needs; where it names
    /// none (`unnest($1)`), cast the placeholder (`$1::int[]`).
    ///
    /// - Throws: ``DatabaseError`` as for ``execute(_:)``; also when a result column has a type
    ///   this driver cannot read (cast it to `text`).
    public func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try await run(sql, Self.bindings(binds), collect: true)
    }

    private static func bindings(_ binds: [SQLValue]) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: binds.count)
        for value in binds {
            switch value {
            case .null: bindings.appendNull()
            case .int(let v): bindings.append(v)
            case .double(let v): bindings.append(v)
            case .text(let v): bindings.append(PostgresUntypedText(v))
            case .blob(let v): bindings.append(ByteBuffer(bytes: v))
            case .bool(let v): bindings.append(v)
            case .array: bindings.append(PostgresUntypedText(value.arrayLiteral))
            }
        }
        return bindings
    }

    /// Runs the statements of one transaction, all queued on the session at once (see
    /// ``Connection/execute(pipeline:)``): the server runs one after another with no round
    /// trip in between, and the first failure is thrown once every statement has answered.
    ///
    /// - Throws: ``DatabaseError`` as for ``execute(_:)``, with
    ///   ``DatabaseError/batchIndex`` set to the index of the first failing statement.
    public func execute(pipeline statements: [BatchStatement]) async throws {
        try checkOpen()
        var answers: [EventLoopFuture<PostgresQueryMetadata>] = []
        answers.reserveCapacity(statements.count)
        for statement in statements {
            logger.debug("\(statement.sql)")
            answers.append(connection.query(PostgresQuery(unsafeSQL: statement.sql, binds: Self.bindings(statement.binds)), logger: logger) { _ in })
        }
        var first: DatabaseError?
        for (index, answer) in answers.enumerated() {
            do {
                _ = try await answer.get()
            } catch {
                guard first == nil else { continue }
                var failure = mapped(error, sql: statements[index].sql)
                failure.batchIndex = index
                first = failure
            }
        }
        if let first { throw first }
    }

    /// Ends the session. Calling it again does nothing; other calls afterwards throw.
    public func close() async throws {
        guard !isClosed else { return }
        isClosed = true
        if borrowed { return }
        do {
            try await connection.close()
        } catch let error as PSQLError where error.code == .clientClosedConnection || error.code == .serverClosedConnection {
            // Already gone: closing is done.
        } catch let error as ChannelError where error == .alreadyClosed {
            // Already gone: closing is done.
        }
    }

    /// Throws when the session can no longer run statements.
    private func checkOpen() throws {
        guard !isClosed else {
            throw DatabaseError(.connection, "the PostgreSQL session to \(endpoint) is closed")
        }
        if let lostReason {
            throw DatabaseError(.connection, "the PostgreSQL session to \(endpoint) was ended by the server: \(lostReason)")
        }
        if borrowed, connection.isClosed {
            throw DatabaseError(.connection, "the app's PostgreSQL connection was closed while Strata was using it; keep it open until the migrator returns (nothing more was sent)")
        }
    }

    /// The error of a statement as a ``DatabaseError``; remembers why when it ended the session.
    private func mapped(_ error: any Error, sql: String) -> DatabaseError {
        if let error = error as? DatabaseError { return error }
        let mapped = PostgresErrorMapping.statementError(error, sql: sql, endpoint: endpoint, during: nil)
        if mapped.code == .connection || mapped.sqlState?.hasPrefix("57P") == true || mapped.sqlState?.hasPrefix("08") == true {
            lostReason = mapped.message
        }
        return mapped
    }

    private func run(_ sql: String, _ binds: PostgresBindings, collect: Bool) async throws -> [SQLRow] {
        try checkOpen()
        logger.debug("\(sql)")
        let collector = RowCollector(collect: collect)
        do {
            if binds.count == 0 {
                // Statements without values (DDL, BEGIN, COMMIT, reading the history: most
                // of what Strata sends) skip the async row sequence, which costs more than
                // the statement's own handling in postgres-nio. Rows are read on the event
                // loop as they arrive.
                try await connection.query(sql, [], onMetadata: { _ in }, onRow: collector.add).get()
            } else {
                for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger) {
                    try collector.add(row)
                }
            }
        } catch {
            throw mapped(error, sql: sql)
        }
        return collector.rows
    }
}

/// The rows of one statement, converted as they arrive. On the future-based query path the
/// calls come on the connection's event loop and the rows are read only after the query's
/// future has completed (which orders the calls before the read); on the async path they
/// come from the task that iterates.
private final class RowCollector: @unchecked Sendable {
    let collect: Bool
    private(set) var rows: [SQLRow] = []
    private var columns: [String]?

    init(collect: Bool) { self.collect = collect }

    @Sendable func add(_ row: PostgresRow) throws {
        guard collect else { return }
        var values: [SQLValue] = []
        values.reserveCapacity(columns?.count ?? 8)
        var names: [String] = []
        for cell in row {
            values.append(try PostgresValueReader.value(of: cell))
            if columns == nil { names.append(cell.columnName) }
        }
        if columns == nil { columns = names }
        rows.append(SQLRow(columns: columns ?? names, values: values))
    }
}

/// Text sent with type OID 0 ("unspecified"), so that the server infers the parameter's type
/// from its context, as it does for a quoted literal.
struct PostgresUntypedText: PostgresDynamicTypeEncodable {
    var text: String
    init(_ text: String) { self.text = text }
    var psqlType: PostgresDataType { .null }
    var psqlFormat: PostgresFormat { .text }
    func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        byteBuffer.writeString(text)
    }
}
