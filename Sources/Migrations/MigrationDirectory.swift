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
}

extension MigrationDirectory {
    /// The path of the file `name` as shown in messages (`migrations/003_users.sql`).
    public func displayPath(of name: String) -> String {
        displayPath.isEmpty ? name : "\(displayPath)/\(name)"
    }
}
