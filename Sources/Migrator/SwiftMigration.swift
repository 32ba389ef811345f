import Drivers
import Logging
import Migrations
import SQLText

/// A migration written in Swift, for the data changes SQL cannot express well: a
/// backfill that needs the app's own logic, a re-encoding.
///
/// It is registered beside the SQL files under a version of its own, ordered with them,
/// and recorded in the same history with the same lock and audit log. It runs in its
/// migration's transaction where the engine allows it (SQLite and PostgreSQL); on MySQL it
/// runs outside one with its progress recorded, as a migration of SQL statements does, so
/// that a failure leaves it `failed` and the next `up` runs it again: make such code safe
/// to run twice.
///
/// Its ``checksum`` is a string of the author's choosing, recorded in the history: change
/// it whenever the code's effect changes, and `up` notices the edit as it does a file's.
///
/// ```swift
/// let backfill = SwiftMigration("20260301120000", "backfill_slugs", checksum: "1") { db in
///     for row in try await db.query("SELECT id, title FROM posts WHERE slug IS NULL") {
///         let slug = try row.string("title").lowercased().replacingOccurrences(of: " ", with: "-")
///         try await db.query("UPDATE posts SET slug = ? WHERE id = ?", [.text(slug), row["id"]])
///     }
/// }
/// let migrator = Migrator(url: url, migrations: .embedded(.module, swift: [backfill]))
/// ```
///
/// ## Topics
/// ### Creating
/// - ``init(_:_:checksum:transactional:file:line:up:down:)``
/// - ``Database``
public struct SwiftMigration: MigrationCode, Sendable {
    /// What the code runs against: the migrator's session, inside the migration's
    /// transaction where there is one.
    public struct Database: Sendable {
        /// The session (Strata's or the app's lent one). Do not begin or end transactions on it.
        public let connection: any Connection
        /// The engine (placeholders are `?` on SQLite and MySQL, `$1` on PostgreSQL).
        public let engine: SQLDialect
        /// The migrator's logger (``MigratorOptions/logger``), with the migration's version
        /// as metadata; a logger that discards everything when there is none.
        public let logger: Logger

        /// Runs one statement and discards its rows.
        ///
        /// - Throws: ``DatabaseError`` with the engine's message.
        public func execute(_ sql: String) async throws {
            try await connection.execute(sql)
        }

        /// Runs one statement with bound values and returns its rows.
        ///
        /// - Throws: ``DatabaseError`` with the engine's message.
        @discardableResult
        public func query(_ sql: String, _ binds: [SQLValue] = []) async throws -> [SQLRow] {
            try await connection.query(sql, binds)
        }
    }

    /// The version, as written (compared with the files' numerically).
    public let version: String
    /// The name recorded in the history.
    public let name: String
    /// The author's checksum; change it when the code's effect changes.
    public let checksum: String
    /// Whether the code runs in the migration's transaction where the engine allows it.
    public let transactional: Bool
    /// The source file that declares it (`#fileID`).
    public let file: String
    /// The line of the declaration.
    public let line: Int
    let up: @Sendable (Database) async throws -> Void
    let down: (@Sendable (Database) async throws -> Void)?

    /// Whether it can be reverted (it has a `down`).
    public var hasDown: Bool { down != nil }

    /// A Swift migration.
    ///
    /// - Parameters:
    ///   - version: Its version, like the files' (`20260301120000`, `004`).
    ///   - name: The name recorded in the history (`backfill_slugs`).
    ///   - checksum: Any string; change it whenever the code's effect changes.
    ///   - transactional: Whether it runs in a transaction where the engine allows it.
    ///   - file: Where it is declared (the default is right).
    ///   - line: The line of the declaration (the default is right).
    ///   - up: The code that applies it.
    ///   - down: The code that reverts it; nil when it cannot be reverted.
    public init(
        _ version: String, _ name: String, checksum: String, transactional: Bool = true,
        file: String = #fileID, line: Int = #line,
        up: @escaping @Sendable (Database) async throws -> Void,
        down: (@Sendable (Database) async throws -> Void)? = nil
    ) {
        self.version = version
        self.name = name
        self.checksum = checksum
        self.transactional = transactional
        self.file = file
        self.line = line
        self.up = up
        self.down = down
    }

    /// The statement that stands for the code in plans, progress and messages.
    var statement: SQLStatement {
        SQLStatement(text: "-- Swift migration \(version) \(name) (\(file):\(line))", line: line, column: 1)
    }
}

/// Where a ``Migrator`` finds its migrations: a directory on disk, the files built into
/// the app, or any ``MigrationDirectory``, with migrations written in Swift beside them.
///
/// ## Topics
/// ### Sources
/// - ``directory(_:swift:)``
/// - ``embedded(_:swift:)``
/// - ``files(_:swift:)``
/// - ``swift(_:)``
public struct MigrationSource: Sendable {
    /// The files.
    public let directory: any MigrationDirectory
    /// The Swift migrations.
    public let swift: [SwiftMigration]

    /// Files from `directory` and Swift migrations.
    public init(directory: any MigrationDirectory, swift: [SwiftMigration] = []) {
        self.directory = directory
        self.swift = swift
    }

    /// The directory at `path` on disk (read at each command), and Swift migrations.
    public static func directory(_ path: String, swift: [SwiftMigration] = []) -> MigrationSource {
        MigrationSource(directory: LocalDirectory(path), swift: swift)
    }

    /// The files the `StrataMigrations` build plugin embedded (`.embedded(.module)`), and
    /// Swift migrations: nothing is read from disk.
    public static func embedded(_ migrations: EmbeddedMigrations, swift: [SwiftMigration] = []) -> MigrationSource {
        MigrationSource(directory: migrations, swift: swift)
    }

    /// Any directory (a ``MemoryDirectory`` in tests), and Swift migrations.
    public static func files(_ directory: any MigrationDirectory, swift: [SwiftMigration] = []) -> MigrationSource {
        MigrationSource(directory: directory, swift: swift)
    }

    /// Swift migrations only.
    public static func swift(_ migrations: [SwiftMigration]) -> MigrationSource {
        MigrationSource(directory: MemoryDirectory([:], displayPath: "(Swift migrations)"), swift: migrations)
    }
}

extension Migration {
    /// The Swift code of a Swift migration, or nil for a SQL one.
    var swiftCode: SwiftMigration? { code as? SwiftMigration }
}
