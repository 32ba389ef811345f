import SQLText

/// A flat directory of migration files: on disk (``LocalDirectory``) or in memory
/// (``MemoryDirectory``, for tests and for migrations embedded in an app).
///
/// Conforming types only list and read; parsing lives in ``MigrationSet``.
///
/// ## Topics
/// ### Requirements
/// - ``displayPath``
/// - ``fileNames()``
/// - ``read(_:)``
/// ### Helpers
/// - ``displayPath(of:)``
public protocol MigrationDirectory: Sendable {
    /// The directory as shown in messages (`migrations`), without a trailing `/`.
    var displayPath: String { get }

    /// The names of the files in the directory (not of subdirectories), in any order.
    ///
    /// - Throws: ``MigrationFileError`` with code ``MigrationFileError/Code/directoryNotFound``
    ///   when the directory does not exist, or another error when it cannot be listed.
    func fileNames() throws -> [String]

    /// The bytes of the file `name` (a name from ``fileNames()``).
    ///
    /// - Throws: ``MigrationFileError`` with code ``MigrationFileError/Code/fileUnreadable``
    ///   when the file cannot be read.
    func read(_ name: String) throws -> [UInt8]

    /// The checksum of bytes `bytes` of file `name` (SHA-256 hex, line endings normalised),
    /// when it was computed ahead of time; nil to have it computed now.
    ///
    /// ``EmbeddedMigrations`` answers with the checksums the `StrataMigrations` build
    /// plugin computed at build time; the default answers nil.
    func precomputedChecksum(of name: String, bytes: Range<Int>) -> String?

    /// The semantic checksum (``MigrationScript/semanticChecksum()``) of bytes `bytes` of
    /// file `name` split for `dialect`, when it was computed ahead of time; nil otherwise.
    func precomputedSemanticChecksum(of name: String, bytes: Range<Int>, dialect: SQLDialect) -> String?
}

extension MigrationDirectory {
    /// Nil: the checksum is computed when the file is read.
    public func precomputedChecksum(of name: String, bytes: Range<Int>) -> String? { nil }

    /// Nil: the semantic checksum is computed when it is asked for.
    public func precomputedSemanticChecksum(of name: String, bytes: Range<Int>, dialect: SQLDialect) -> String? { nil }

    /// The path of the file `name` as shown in messages (`migrations/003_users.sql`).
    public func displayPath(of name: String) -> String {
        displayPath.isEmpty ? name : "\(displayPath)/\(name)"
    }
}
