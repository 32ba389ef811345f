/// Which server a connection talks to: the engine's flavour and its version as numbers,
/// because DDL and catalogs differ between them (MySQL and MariaDB most of all).
///
/// ```swift
/// let server = try await connection.server
/// if server.flavour == .mariadb, server.version >= ServerVersion(10, 5) { … }
/// ```
///
/// ## Topics
/// - ``Flavour``
/// - ``flavour``
/// - ``version``
/// - ``versionString``
/// - ``init(flavour:version:versionString:)``
/// - ``init(mysqlVersion:)``
/// - ``init(postgresVersion:)``
/// - ``init(sqliteVersion:)``
public struct ServerInfo: Sendable, Hashable, CustomStringConvertible {
    /// The engine, telling MySQL and MariaDB apart.
    public enum Flavour: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// SQLite (the library compiled into Strata).
        case sqlite
        /// PostgreSQL.
        case postgres
        /// Oracle's MySQL (and servers that say nothing else in their version, such as
        /// Percona Server).
        case mysql
        /// MariaDB.
        case mariadb

        /// The product's name: "SQLite", "PostgreSQL", "MySQL", "MariaDB".
        public var description: String {
            switch self {
            case .sqlite: "SQLite"
            case .postgres: "PostgreSQL"
            case .mysql: "MySQL"
            case .mariadb: "MariaDB"
            }
        }
    }

    /// The engine.
    public var flavour: Flavour
    /// The version as numbers; 0.0.0 when the server's string held none.
    public var version: ServerVersion
    /// The version as the server gave it: `15.8 (Debian 15.8-1.pgdg120+1)`,
    /// `5.5.5-10.11.6-MariaDB-0+deb12u1`, `3.46.0`.
    public var versionString: String

    /// Creates server info from its parts.
    public init(flavour: Flavour, version: ServerVersion, versionString: String) {
        self.flavour = flavour
        self.version = version
        self.versionString = versionString
    }

    /// Reads the version string of a MySQL or MariaDB handshake: `8.0.36`,
    /// `8.0.36-0ubuntu0.22.04.1`, `10.11.6-MariaDB-log`, or with MariaDB's `5.5.5-` prefix
    /// (sent so that old clients take it for MySQL 5.5.5) `5.5.5-10.11.6-MariaDB-0+deb12u1`.
    public init(mysqlVersion text: String) {
        let mariadb = text.lowercased().contains("mariadb")
        var numbers = Substring(text)
        if mariadb, numbers.hasPrefix("5.5.5-") { numbers = numbers.dropFirst(6) }
        self.init(
            flavour: mariadb ? .mariadb : .mysql, version: ServerVersion(parsing: numbers) ?? ServerVersion(0),
            versionString: text)
    }

    /// Reads PostgreSQL's `server_version`: `15.8 (Debian 15.8-1.pgdg120+1)`, `16beta1`,
    /// `9.6.24`.
    public init(postgresVersion text: String) {
        self.init(flavour: .postgres, version: ServerVersion(parsing: text) ?? ServerVersion(0), versionString: text)
    }

    /// Reads SQLite's library version: `3.46.0`.
    public init(sqliteVersion text: String) {
        self.init(flavour: .sqlite, version: ServerVersion(parsing: text) ?? ServerVersion(0), versionString: text)
    }

    /// The product and the short version: "PostgreSQL 15.8", "MariaDB 10.11.6",
    /// "MySQL 8.0.36", "SQLite 3.46.0".
    ///
    /// PostgreSQL 10 and later number releases with two parts, and are shown so.
    public var description: String {
        let short = flavour == .postgres && version.major >= 10 && version.patch == 0
            ? "\(version.major).\(version.minor)" : version.description
        return "\(flavour) \(short)"
    }
}
