/// A migrations directory held in memory: for tests, and for migrations compiled into an
/// app.
///
/// ```swift
/// let dir = MemoryDirectory([
///     "001_users.sql": "-- migrate:up\nCREATE TABLE users (id INT);\n-- migrate:down\nDROP TABLE users;\n",
/// ])
/// let set = try MigrationSet.load(from: dir, engine: .sqlite)
/// ```
public struct MemoryDirectory: MigrationDirectory, Sendable, Hashable {
    /// The directory as shown in messages; `migrations` unless given.
    public var displayPath: String
    /// The files, by name.
    public var files: [String: [UInt8]]

    /// Creates a directory of text files.
    public init(_ files: [String: String], displayPath: String = "migrations") {
        self.displayPath = displayPath
        self.files = files.mapValues { Array($0.utf8) }
    }

    /// Creates a directory of files given as bytes (to test encodings and line endings).
    public init(bytes files: [String: [UInt8]], displayPath: String = "migrations") {
        self.displayPath = displayPath
        self.files = files
    }

    /// The names of ``files``.
    public func fileNames() throws -> [String] {
        Array(files.keys)
    }

    /// The bytes of the file `name`.
    ///
    /// - Throws: ``MigrationFileError/Code/fileUnreadable`` when there is no such file.
    public func read(_ name: String) throws -> [UInt8] {
        guard let bytes = files[name] else {
            throw MigrationFileError(.fileUnreadable, file: displayPath(of: name), message: "no such file.")
        }
        return bytes
    }

    /// Adds a file, refusing to replace one, like ``LocalDirectory/write(_:contents:)``.
    ///
    /// - Throws: ``MigrationFileError/Code/fileExists`` when `name` exists.
    public mutating func write(_ name: String, contents: String) throws(MigrationFileError) {
        guard files[name] == nil else {
            throw MigrationFileError(
                .fileExists, file: displayPath(of: name),
                message: "already exists; choose another name, or delete the file first.")
        }
        files[name] = Array(contents.utf8)
    }
}
