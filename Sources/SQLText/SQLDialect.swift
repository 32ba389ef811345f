/// The SQL dialects Strata reads and drives.
///
/// A dialect decides how a script is split into statements (which quotes and comments
/// exist, how bodies are delimited) and which engine-specific migration files apply.
public enum SQLDialect: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// SQLite 3.
    case sqlite
    /// PostgreSQL 15 or later.
    case postgres
    /// MySQL 8 or MariaDB 10.6 or later.
    case mysql

    /// The engine's display name ("SQLite", "PostgreSQL", "MySQL").
    public var displayName: String {
        switch self {
        case .sqlite: "SQLite"
        case .postgres: "PostgreSQL"
        case .mysql: "MySQL"
        }
    }

    /// The dialect's raw value (`sqlite`, `postgres`, `mysql`).
    public var description: String { rawValue }

    /// Reads an engine name as it appears in file names and options, with its synonyms:
    /// `sqlite`/`sqlite3`, `postgres`/`postgresql`/`pg`, `mysql`/`mariadb`.
    ///
    /// - Returns: nil for a name that is not one of Strata's engines (e.g. `cockroach`).
    public init?(engineName: some StringProtocol) {
        switch engineName.lowercased() {
        case "sqlite", "sqlite3": self = .sqlite
        case "postgres", "postgresql", "pg": self = .postgres
        case "mysql", "mariadb": self = .mysql
        default: return nil
        }
    }
}
