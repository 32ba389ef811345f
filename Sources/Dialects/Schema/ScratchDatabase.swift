import Drivers
import SQLText

/// A throwaway database of the target's engine, for replaying migrations or loading
/// desired DDL, with the engine as the judge of every statement.
///
/// - SQLite: a database in memory.
/// - PostgreSQL: a schema of its own (`strata_scratch_…`) in the target's database, or in
///   the database of `scratchURL` when given.
/// - MySQL/MariaDB: a database of its own (`strata_scratch_…`) on the target's server, or
///   on the server of `scratchURL` when given.
///
/// Nothing is created in the target's own schema or database, and ``close()`` drops what
/// was created. No Docker and no second server are needed.
public struct ScratchDatabase: Sendable {
    /// The URL that opens the scratch database.
    public let url: DatabaseURL
    /// An open connection to it.
    public let connection: any Connection
    /// The PostgreSQL schema or MySQL database created for it, or nil for SQLite (and for
    /// a PostgreSQL database of its own, whose default schema it uses).
    public let namespace: String?
    private let admin: DatabaseURL?
    /// The PostgreSQL database created for it (``create(like:scratchURL:options:ownDatabase:)``).
    private var database: String? = nil

    /// Whether it is a PostgreSQL schema inside the target's own database, where
    /// database-wide objects (extensions, publications) are shared with the target.
    public var sharesTheTargetDatabase: Bool { url.engine == .postgres && database == nil }

    /// Creates a scratch database like `target`.
    ///
    /// - Parameters:
    ///   - target: The database whose engine (and server) the scratch copy uses.
    ///   - scratchURL: Where to create it instead (another database on a server the user
    ///     may create things in); must be of the same engine.
    ///   - options: How to connect.
    ///   - ownDatabase: On PostgreSQL, a database of its own (`CREATE DATABASE`) rather than a
    ///     schema in the target's: what runs there (a down's `DROP EXTENSION`) then cannot touch
    ///     the target's database-wide objects. Without the privilege, a schema as usual.
    /// - Throws: `DatabaseError` naming the privilege to grant, or `--scratch-url`, when the
    ///   user may not create a schema or database.
    public static func create(
        like target: DatabaseURL, scratchURL: DatabaseURL? = nil, options: ConnectOptions = ConnectOptions(),
        ownDatabase: Bool = false
    ) async throws -> ScratchDatabase {
        if let scratchURL, scratchURL.engine != target.engine {
            throw DatabaseError(
                .configuration,
                "--scratch-url is \(scratchURL.engine) but the database is \(target.engine); give a scratch URL of the same engine")
        }
        let base = scratchURL ?? target
        let name = "strata_scratch_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        switch base.engine {
        case .sqlite:
            let url = try DatabaseURL("sqlite::memory:")
            return ScratchDatabase(url: url, connection: try await connect(to: url, options: options), namespace: nil, admin: nil)
        case .postgres:
            var url = base
            url.parameters = url.parameters.filter { $0.key != "schema" && $0.key != "search_path" }
            if ownDatabase, let scratch = try await ownPostgresDatabase(name, url: url, options: options) { return scratch }
            url.parameters += [(key: "schema", value: name)]
            try await runAdmin(on: base, options: options, "CREATE SCHEMA \(PostgresDialect().quoteIdentifier(name))", needs: "CREATE on database \"\(base.database)\"")
            return try await open(url, namespace: name, admin: base, options: options)
        case .mysql:
            var url = base
            url.database = name
            // The target's defaults, so that tables read relative to them compare equal.
            let defaults = try await mysqlDefaults(of: target, options: options)
            try await runAdmin(on: base, options: options, "CREATE DATABASE \(MySQLDialect().quoteIdentifier(name))\(defaults)", needs: "CREATE (to create a database)")
            return try await open(url, namespace: name, admin: base, options: options)
        }
    }

    /// A PostgreSQL database of its own, or nil when the user may not create one.
    private static func ownPostgresDatabase(_ name: String, url base: DatabaseURL, options: ConnectOptions) async throws -> ScratchDatabase? {
        do {
            try await runAdmin(on: base, options: options, "CREATE DATABASE \(PostgresDialect().quoteIdentifier(name))", needs: "")
        } catch let error as DatabaseError where error.isPermissionDenied {
            return nil
        }
        var url = base
        url.database = name
        do {
            return ScratchDatabase(url: url, connection: try await connect(to: url, options: options), namespace: nil, admin: base, database: name)
        } catch {
            await ScratchDatabase(url: url, connection: NoConnection(dialect: .postgres), namespace: nil, admin: base, database: name).close()
            throw error
        }
    }

    /// Runs `body` with a scratch database like `target`, dropped afterwards on every path.
    public static func with<T: Sendable>(
        like target: DatabaseURL, scratchURL: DatabaseURL? = nil, options: ConnectOptions = ConnectOptions(),
        ownDatabase: Bool = false, _ body: (ScratchDatabase) async throws -> T
    ) async throws -> T {
        let scratch = try await create(like: target, scratchURL: scratchURL, options: options, ownDatabase: ownDatabase)
        do {
            let result = try await body(scratch)
            await scratch.close()
            return result
        } catch {
            await scratch.close()
            throw error
        }
    }

    /// Closes the connection and drops the scratch schema or database.
    public func close() async {
        try? await connection.close()
        if let admin, let database {
            let name = PostgresDialect().quoteIdentifier(database)
            do {
                try await Self.runAdmin(on: admin, options: ConnectOptions(), "DROP DATABASE IF EXISTS \(name) WITH (FORCE)", needs: "")
            } catch {
                // Before PostgreSQL 13 there is no FORCE; the session is closed already.
                try? await Self.runAdmin(on: admin, options: ConnectOptions(), "DROP DATABASE IF EXISTS \(name)", needs: "")
            }
            return
        }
        guard let admin, let namespace else { return }
        let drop = admin.engine == .postgres
            ? "DROP SCHEMA IF EXISTS \(PostgresDialect().quoteIdentifier(namespace)) CASCADE"
            : "DROP DATABASE IF EXISTS \(MySQLDialect().quoteIdentifier(namespace))"
        try? await Self.runAdmin(on: admin, options: ConnectOptions(), drop, needs: "")
    }

    private static func open(_ url: DatabaseURL, namespace: String, admin: DatabaseURL, options: ConnectOptions) async throws -> ScratchDatabase {
        do {
            return ScratchDatabase(url: url, connection: try await connect(to: url, options: options), namespace: namespace, admin: admin)
        } catch {
            await ScratchDatabase(url: url, connection: NoConnection(dialect: url.engine), namespace: namespace, admin: admin).close()
            throw error
        }
    }

    /// ` CHARACTER SET … COLLATE …` of the target database, or empty when it cannot be read.
    private static func mysqlDefaults(of target: DatabaseURL, options: ConnectOptions) async throws -> String {
        guard let connection = try? await connect(to: target, options: options) else { return "" }
        defer { Task { try? await connection.close() } }
        guard let row = try? await connection.query("SELECT @@character_set_database AS cs, @@collation_database AS co", []).first,
              let charset = try? row.string("cs"), let collation = try? row.string("co"),
              charset.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), collation.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
        else { return "" }
        return " CHARACTER SET \(charset) COLLATE \(collation)"
    }

    private static func runAdmin(on url: DatabaseURL, options: ConnectOptions, _ sql: String, needs privilege: String) async throws {
        let connection = try await connect(to: url, options: options)
        do {
            try await connection.execute(sql)
            try? await connection.close()
        } catch let error as DatabaseError {
            try? await connection.close()
            if error.isPermissionDenied {
                throw DatabaseError(
                    .statement,
                    "cannot create a scratch database: the user needs \(privilege); grant it, or pass --scratch-url with a database where it may (\(error.message))")
            }
            throw error
        }
    }
}

/// Stands in for a connection that never opened, so that ``ScratchDatabase/close()`` can drop.
private struct NoConnection: Connection {
    let dialect: SQLDialect
    var server: ServerInfo { get async throws { throw DatabaseError(.connection, "not connected") } }
    var serverDescription: String { get async throws { "" } }
    func execute(_ sql: String) async throws { throw DatabaseError(.connection, "not connected") }
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] { throw DatabaseError(.connection, "not connected") }
    func close() async throws {}
}

extension DatabaseError {
    /// Whether the server refused for lack of a privilege (PostgreSQL 42501, MySQL 1044,
    /// 1142, 1143, 1227, 1370).
    public var isPermissionDenied: Bool {
        sqlState == "42501" || [1044, 1142, 1143, 1227, 1370].contains(engineCode ?? 0)
            || message.lowercased().contains("permission denied") || message.lowercased().contains("access denied")
    }
}
