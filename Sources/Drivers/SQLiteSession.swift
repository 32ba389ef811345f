import Logging
import NIOCore
import NIOPosix
import SQLText
import SQLiteNIO
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A ``Connection`` to an SQLite database file, on sqlite-nio (SQLite compiled into the
/// binary, so every machine runs the same SQLite version).
///
/// Opening checks the file's directory first, so that a missing or read-only directory gets
/// a message that names it rather than SQLite's "unable to open database file".
///
/// Values: SQLite's integers, reals, text and blobs arrive as ``SQLValue/int(_:)``,
/// ``SQLValue/double(_:)``, ``SQLValue/text(_:)`` and ``SQLValue/blob(_:)``. SQLite has no
/// boolean type (`true` is the integer 1), so booleans arrive as integers; ``SQLRow/bool(_:)``
/// reads them. A bound ``SQLValue/bool(_:)`` is stored as 1 or 0; a bound
/// ``SQLValue/array(_:)`` throws.
public final class SQLiteSession: Connection {
    /// The database file path, or `:memory:`.
    public let path: String
    private let connection: SQLiteConnection
    /// Whether the connection is the app's own: ``close()`` leaves it open.
    private let borrowed: Bool

    /// Always ``SQLDialect/sqlite``.
    public var dialect: SQLDialect { .sqlite }
    /// SQLite and the version of the library compiled in.
    public let server: ServerInfo
    /// "SQLite 3.46.0".
    public let serverDescription: String

    private init(path: String, connection: SQLiteConnection, borrowed: Bool = false) {
        self.path = path
        self.connection = connection
        self.borrowed = borrowed
        self.server = ServerInfo(sqliteVersion: SQLiteConnection.libraryVersionString())
        self.serverDescription = "SQLite \(SQLiteConnection.libraryVersionString())"
    }

    /// Opens (creating if needed) the database file a `sqlite:` URL names.
    ///
    /// - Throws: ``DatabaseError`` `.configuration` when the file's directory does not exist
    ///   or cannot be written, `.connection` when SQLite cannot open the file.
    public static func open(url: DatabaseURL, options: ConnectOptions) async throws -> SQLiteSession {
        let path = url.path
        let storage: SQLiteConnection.Storage
        if path == ":memory:" {
            storage = .memory
        } else {
            try checkSQLiteDirectory(of: path)
            storage = .file(path: path)
        }
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: storage, logger: options.logger)
        } catch let error as SQLiteError {
            throw DatabaseError(.connection, "cannot open SQLite database '\(path)': \(error.message)")
        }
        let session = SQLiteSession(path: path, connection: connection)
        // sqlite-nio installs a busy handler that retries forever; a bounded busy timeout
        // replaces it. The migrator raises it to its lock timeout when it waits for a lock.
        try await session.execute("PRAGMA busy_timeout = 5000")
        return session
    }

    /// A session on a connection the app opened itself: the same database file, the
    /// app's pragmas, and ``close()`` leaves the connection open.
    ///
    /// The file comes from `PRAGMA database_list` (the lock is taken on it).
    /// - Throws: ``DatabaseError`` `.connection` when the connection is closed already.
    public static func borrowing(_ connection: SQLiteConnection) async throws -> SQLiteSession {
        let probe = SQLiteSession(path: ":memory:", connection: connection, borrowed: true)
        let rows = try await probe.query("PRAGMA database_list")
        let file = rows.first { (try? $0.string("name")) == "main" }.flatMap { try? $0.string("file") } ?? ""
        return SQLiteSession(path: file.isEmpty ? ":memory:" : file, connection: connection, borrowed: true)
    }

    /// The error for a statement on a connection that is closed: the app closed its own.
    private func closedError() -> DatabaseError {
        DatabaseError(.connection, borrowed
            ? "the app's SQLite connection to '\(path)' was closed while Strata was using it; keep it open until the migrator returns (nothing more was sent)"
            : "the SQLite connection to '\(path)' is closed")
    }

    /// Runs one statement and discards its rows.
    ///
    /// - Throws: ``DatabaseError``: `.statement` with SQLite's message, `.timeout` when the
    ///   database stays locked past the busy timeout.
    public func execute(_ sql: String) async throws {
        if connection.isClosed { throw closedError() }
        do {
            try await connection.query(sql, []) { _ in }
        } catch let error as SQLiteError {
            throw Self.translate(error)
        }
    }

    /// Runs one statement with `?` placeholders bound to `binds` and returns its rows.
    ///
    /// - Throws: ``DatabaseError`` as for ``execute(_:)``; `.unsupported` for an array value.
    public func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        let collector = RowCollector()
        let data = try binds.enumerated().map { try Self.sqliteData($1, parameter: $0 + 1) }
        if connection.isClosed { throw closedError() }
        do {
            try await connection.query(sql, data) { row in
                collector.append(row)
            }
        } catch let error as SQLiteError {
            throw Self.translate(error)
        }
        return collector.rows
    }

    /// Closes the database (not a connection the app lent, see ``borrowing(_:)``).
    /// Calling it again does nothing.
    public func close() async throws {
        guard !borrowed, !connection.isClosed else { return }
        // The future form, not the async one: sqlite-nio's async close skips its work when
        // the calling task is cancelled (a sibling's failure in a task group), and leaves the
        // connection open, which its deinit then asserts on.
        let closing: EventLoopFuture<Void> = connection.close()
        try await closing.get()
    }

    private static func sqliteData(_ value: SQLValue, parameter: Int) throws -> SQLiteData {
        switch value {
        case .null: .null
        case .int(let v): .integer(SQLiteInt64(v))
        case .double(let v): .float(v)
        case .text(let v): .text(v)
        case .blob(let v): .blob(ByteBuffer(bytes: v))
        case .bool(let v): .integer(v ? 1 : 0)
        case .array:
            throw DatabaseError(
                .unsupported,
                "parameter \(parameter) is an array, which SQLite cannot bind; bind its elements one by one (IN (?, ?, ?)) or pass a JSON array as text (json_each(?))")
        }
    }

    static func value(_ data: SQLiteData) -> SQLValue {
        switch data {
        case .null: .null
        case .integer(let v): .int(Int64(v))
        case .float(let v): .double(v)
        case .text(let v): .text(v)
        case .blob(var b): .blob(b.readBytes(length: b.readableBytes) ?? [])
        }
    }

    static func translate(_ error: SQLiteError) -> DatabaseError {
        let code: DatabaseError.Code
        switch error.reason {
        case .busy, .busyTimeout, .busyInRecovery, .busyInSnapshot, .locked: code = .timeout
        case .cantOpen, .cantOpenDirectory, .cantOpenInvalidPath, .notADatabase: code = .connection
        default: code = .statement
        }
        return DatabaseError(code, error.message)
    }
}

private func checkSQLiteDirectory(of path: String) throws {
    let dir: String
    if let slash = path.lastIndex(of: "/") {
        dir = slash == path.startIndex ? "/" : String(path[..<slash])
    } else {
        dir = "."
    }
    var st = stat()
    guard stat(dir, &st) == 0 else {
        throw DatabaseError(
            .configuration,
            "cannot open SQLite database '\(path)': directory '\(dir)' does not exist; create it first or fix --database-url"
        )
    }
    guard (st.st_mode & S_IFMT) == S_IFDIR else {
        throw DatabaseError(.configuration, "cannot open SQLite database '\(path)': '\(dir)' is not a directory; fix --database-url")
    }
    // SQLite writes a journal beside the file, so the directory must be writable even
    // when the file exists. Creating the file here (SQLite would) gives the system's
    // reason when that is impossible, also for root on a read-only file system.
    if access(path, F_OK) != 0 {
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw DatabaseError(
                .configuration,
                "cannot create SQLite database '\(path)' in '\(dir)': \(reason); choose a writable directory or fix its permissions"
            )
        }
        close(fd)
    }
    guard access(dir, W_OK) == 0 else {
        throw DatabaseError(
            .configuration,
            "cannot open SQLite database '\(path)': directory '\(dir)' is not writable (SQLite writes its journal there); fix its permissions or choose another path"
        )
    }
}

/// Collects rows delivered by sqlite-nio's callback, which runs on the thread pool.
private final class RowCollector: Sendable {
    private let storage = Mutex<[SQLRow]>([])

    func append(_ row: SQLiteRow) {
        let columns = row.columns
        let r = SQLRow(columns: columns.map(\.name), values: columns.map { SQLiteSession.value($0.data) })
        storage.withLock { $0.append(r) }
    }

    var rows: [SQLRow] { storage.withLock { $0 } }
}
