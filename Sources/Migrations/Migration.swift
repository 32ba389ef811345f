import SQLText

/// A versioned migration, read for one engine: its up script, where to find its down
/// script, and what it replaces.
///
/// The up script is read when the directory is loaded; a down script in its own file
/// (paired and Flyway formats) is read only when ``down()`` is called.
///
/// ## Topics
/// ### Identity
/// - ``version``
/// - ``name``
/// - ``format``
/// - ``file``
/// ### Up
/// - ``up``
/// - ``transactional``
/// - ``checksum``
/// - ``semanticChecksum()``
/// ### Down
/// - ``hasDown``
/// - ``downFile``
/// - ``down()``
/// ### Squashes and baselines
/// - ``replaces``
/// - ``covers(_:)``
public struct Migration: Sendable {
    /// Where the down script comes from.
    enum DownSource: Sendable {
        case none
        case loaded(MigrationScript)
        /// The down section of the up script's file: its checksum is computed only when
        /// the script is asked for.
        case section(sql: String, firstLine: Int, transactional: Bool)
        case file(name: String, directory: any MigrationDirectory, transactional: Bool)
        /// The down of a Swift migration: its code, which the migrator runs.
        case code(MigrationScript)
    }

    /// The version (as written in the file name, compared canonically).
    public let version: Version
    /// The description from the file name (`create_users` in `003_create_users.sql`).
    public let name: String
    /// The format the migration was read from.
    public let format: MigrationFormat
    /// The up script for the engine the set was loaded for.
    public let up: MigrationScript
    /// The versions this migration stands for, from `-- strata:replaces 001..017` or
    /// `-- strata:replaces 001, 002, 005`; empty for most migrations.
    ///
    /// Where it runs, the replaced migrations are recorded as covered and never run;
    /// where they are all applied already, it is recorded as applied without running.
    public let replaces: [VersionRange]
    /// Whether `-- strata:foreign-keys off` asks for foreign key enforcement to be off
    /// around the migration's transaction, up and down (SQLite table rebuilds, which
    /// would otherwise fire `ON DELETE CASCADE`); the runner verifies the keys before
    /// `COMMIT`. Engines that need no such thing ignore it.
    public let foreignKeysOff: Bool
    /// The file of the down script as displayed, or nil when the migration has none.
    public let downFile: String?
    let downSource: DownSource
    /// The code of a migration written in Swift (``MigrationFormat/swift``), which the
    /// migrator runs instead of statements; nil for SQL migrations.
    public let code: (any MigrationCode)?

    init(version: Version, name: String, format: MigrationFormat, up: MigrationScript,
         replaces: [VersionRange], foreignKeysOff: Bool = false, downFile: String?, downSource: DownSource,
         code: (any MigrationCode)? = nil) {
        self.code = code
        self.version = version
        self.name = name
        self.format = format
        self.up = up
        self.replaces = replaces
        self.foreignKeysOff = foreignKeysOff
        self.downFile = downFile
        self.downSource = downSource
    }

    /// The file of the up script as displayed (`migrations/003_users.sql`).
    public var file: String { up.file }

    /// Whether the up script runs in a transaction (see ``MigrationScript/transactional``).
    public var transactional: Bool { up.transactional }

    /// The up script's checksum of bytes (see ``MigrationScript/checksum``).
    public var checksum: String { up.checksum }

    /// The up script's checksum of meaning, computed now (see
    /// ``MigrationScript/semanticChecksum()``).
    public func semanticChecksum() throws(MigrationFileError) -> String {
        try up.semanticChecksum()
    }

    /// Whether the migration has a down script (it may still be empty).
    public var hasDown: Bool { downFile != nil }

    /// The down script, reading its file now if it has one of its own.
    ///
    /// - Returns: nil when the migration has no down script.
    /// - Throws: ``MigrationFileError`` when the down file cannot be read or is not UTF-8.
    public func down() throws(MigrationFileError) -> MigrationScript? {
        switch downSource {
        case .none:
            return nil
        case .loaded(let script), .code(let script):
            return script
        case .section(let sql, let firstLine, let transactional):
            return MigrationScript(
                file: up.file, firstLine: firstLine, sql: sql, dialect: up.dialect, transactional: transactional)
        case .file(let name, let directory, let transactional):
            let display = directory.displayPath(of: name)
            let bytes: [UInt8]
            do {
                bytes = try directory.read(name)
            } catch {
                throw MigrationSet.readError(error, file: display)
            }
            return try bytes.withUnsafeBufferPointer { (buffer) throws(MigrationFileError) -> MigrationScript in
                let body = try MigrationSet.decode(buffer, file: display)
                return MigrationScript(
                    file: display, firstLine: 1, sql: ScriptScanner.string(body, from: 0, to: body.count),
                    dialect: up.dialect, transactional: transactional,
                    checksum: Checksum.lineEndingNormalized(body))
            }
        }
    }

    /// Whether this migration stands for `version` (see ``replaces``).
    public func covers(_ version: Version) -> Bool {
        replaces.contains { $0.contains(version) }
    }
}

/// A migration written in Swift, as the migration files see it: its version, name and
/// declared checksum, and where it is declared. The migrator's `SwiftMigration` conforms
/// and carries the code.
///
/// It is ordered with the files by version, recorded in the same history, and an edit
/// is noticed by its ``checksum``: a string its author changes with the code.
public protocol MigrationCode: Sendable {
    /// The version, as written (`20260301120000`, `004`).
    var version: String { get }
    /// The name recorded in the history (`backfill_slugs`).
    var name: String { get }
    /// The author's checksum: any string, changed whenever the code's effect changes.
    var checksum: String { get }
    /// Whether the code runs in the migration's transaction where the engine allows it.
    var transactional: Bool { get }
    /// Whether it can be reverted.
    var hasDown: Bool { get }
    /// The source file that declares it (`#fileID`), for messages.
    var file: String { get }
    /// The line of the declaration.
    var line: Int { get }
}

extension Migration {
    /// A Swift migration as a ``Migration``: a script without statements, at the line of
    /// its declaration, whose checksum is `swift:` and the author's checksum (so that a
    /// SQL file replaced by Swift code, or the reverse, is noticed too).
    init(code: any MigrationCode, version: Version, dialect: SQLDialect) {
        let checksum = "swift:" + code.checksum
        let script = MigrationScript(
            file: code.file, firstLine: code.line, sql: "", dialect: dialect, transactional: code.transactional,
            checksum: checksum, semanticChecksum: checksum)
        self.init(
            version: version, name: code.name, format: .swift, up: script, replaces: [],
            downFile: code.hasDown ? code.file : nil, downSource: code.hasDown ? .code(script) : .none, code: code)
    }
}
