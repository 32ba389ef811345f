import SQLText
import Synchronization

/// A migrations directory compiled into the app: the files' names and contents, with their
/// checksums computed at build time by the `StrataMigrations` build plugin.
///
/// Nothing is read from disk at run time, and the files are read and validated once per
/// engine and process (the set is kept), so a no-op start-up costs the history query only.
/// The plugin generates `EmbeddedMigrations.module` for the target's `migrations/`
/// directory; a validation error there fails the build, naming the file and line:
///
/// ```swift
/// let migrator = Migrator(url: url, migrations: .embedded(.module))
/// ```
///
/// The formats, validation and `-- strata:replaces` work exactly as on disk
/// (``LocalDirectory``): the same loader reads both.
///
/// ## Topics
/// ### Creating
/// - ``init(displayPath:files:)``
/// - ``File``
/// ### Reading
/// - ``files``
/// - ``load(engine:allowEmpty:)``
public struct EmbeddedMigrations: MigrationDirectory, Sendable {
    /// One file of the directory, as the build plugin read it.
    public struct File: Sendable {
        /// The file name (`003_users.sql`).
        public let name: String
        /// The file's bytes, exactly as on disk (line endings and byte order mark included).
        public let bytes: [UInt8]
        /// The checksums computed at build time, as `FROM-TO=HEX` (bytes FROM..<TO of the
        /// file) and `ENGINE:FROM-TO=HEX` (semantic checksums), separated by `;`.
        public let checksums: String

        /// A file with its text and the checksums the plugin computed.
        ///
        /// - Parameters:
        ///   - name: The file name.
        ///   - checksums: The plugin's checksum table (empty: computed at run time).
        ///   - contents: The file's text; `bytes` overrides it for files that are not
        ///     exactly a Swift string (a byte order mark, CR line endings).
        public init(_ name: String, checksums: String = "", contents: String) {
            self.init(name, checksums: checksums, bytes: Array(contents.utf8))
        }

        /// A file given as bytes.
        public init(_ name: String, checksums: String = "", bytes: [UInt8]) {
            self.name = name
            self.bytes = bytes
            self.checksums = checksums
        }

        /// The checksum stored under `key`, or nil: a scan of the table's bytes (`KEY=HEX`
        /// entries separated by `;`, one to four per file), which allocates only the answer.
        func checksum(_ key: String) -> String? {
            var key = key
            var checksums = checksums
            return key.withUTF8 { wanted in
                checksums.withUTF8 { table in
                    var start = 0
                    while start < table.count {
                        var end = start
                        while end < table.count, table[end] != UInt8(ascii: ";") { end += 1 }
                        let keyEnd = start + wanted.count
                        if keyEnd < end, table[keyEnd] == UInt8(ascii: "="),
                           UnsafeBufferPointer(rebasing: table[start..<keyEnd]).elementsEqual(wanted) {
                            return String(decoding: UnsafeBufferPointer(rebasing: table[(keyEnd + 1)..<end]), as: UTF8.self)
                        }
                        start = end + 1
                    }
                    return nil
                }
            }
        }
    }

    /// The directory as shown in messages (`Sources/App/migrations`).
    public let displayPath: String
    /// The files, by name.
    public let files: [String: File]
    private let cache = LoadedSets()

    /// A directory of embedded files.
    ///
    /// - Parameters:
    ///   - displayPath: The directory as shown in messages.
    ///   - files: Its files (names are unique; a later one replaces an earlier one).
    public init(displayPath: String, files: [File]) {
        self.displayPath = displayPath
        var byName: [String: File] = [:]
        byName.reserveCapacity(files.count)
        for file in files { byName[file.name] = file }
        self.files = byName
    }

    /// The names of ``files``.
    public func fileNames() throws -> [String] {
        Array(files.keys)
    }

    /// The bytes of the file `name`.
    ///
    /// - Throws: ``MigrationFileError/Code/fileUnreadable`` when there is no such file.
    public func read(_ name: String) throws -> [UInt8] {
        guard let file = files[name] else {
            throw MigrationFileError(.fileUnreadable, file: displayPath(of: name), message: "is not embedded in this build.")
        }
        return file.bytes
    }

    /// The checksum the build plugin computed for these bytes, if it did.
    public func precomputedChecksum(of name: String, bytes: Range<Int>) -> String? {
        files[name]?.checksum("\(bytes.lowerBound)-\(bytes.upperBound)")
    }

    /// The semantic checksum the build plugin computed for these bytes and engine, if it did.
    public func precomputedSemanticChecksum(of name: String, bytes: Range<Int>, dialect: SQLDialect) -> String? {
        files[name]?.checksum("\(dialect.rawValue):\(bytes.lowerBound)-\(bytes.upperBound)")
    }

    /// The migrations for `engine`, read and validated the first time and kept: the files
    /// cannot change while the app runs.
    ///
    /// - Throws: ``MigrationDirectoryError`` as ``MigrationSet/load(from:engine:allowEmpty:)``
    ///   (the build plugin has already refused such a directory).
    public func load(engine: SQLDialect, allowEmpty: Bool = false) throws(MigrationDirectoryError) -> MigrationSet {
        if let set = cache.sets.withLock({ $0[engine] }) { return set }
        let set = try MigrationSet.load(from: self, engine: engine, allowEmpty: allowEmpty)
        cache.sets.withLock { $0[engine] = set }
        return set
    }
}

extension EmbeddedMigrations {
    /// Whether the build plugin embeds a file of this name: the loader reads (or rejects)
    /// it, rather than ignoring it.
    package static func embeds(_ name: String) -> Bool {
        MigrationFileName.isConsidered(name)
    }
}

/// The sets an ``EmbeddedMigrations`` has loaded, shared by its copies.
private final class LoadedSets: Sendable {
    let sets = Mutex<[SQLDialect: MigrationSet]>([:])
}

/// A directory that computes the checksums the loader asks for and keeps them, so that
/// the build plugin can write them into the generated source.
package final class ChecksumRecordingDirectory: MigrationDirectory {
    package let base: any MigrationDirectory
    private let recorded = Mutex<[String: [String: String]]>([:])

    package init(_ base: any MigrationDirectory) {
        self.base = base
    }

    package var displayPath: String { base.displayPath }

    package func fileNames() throws -> [String] { try base.fileNames() }

    package func read(_ name: String) throws -> [UInt8] { try base.read(name) }

    package func precomputedChecksum(of name: String, bytes: Range<Int>) -> String? {
        guard let data = try? base.read(name), bytes.upperBound <= data.count else { return nil }
        let sum = data.withUnsafeBufferPointer { Checksum.lineEndingNormalized(UnsafeBufferPointer(rebasing: $0[bytes])) }
        recorded.withLock { $0[name, default: [:]]["\(bytes.lowerBound)-\(bytes.upperBound)"] = sum }
        return sum
    }

    package func precomputedSemanticChecksum(of name: String, bytes: Range<Int>, dialect: SQLDialect) -> String? {
        guard let data = try? base.read(name), bytes.upperBound <= data.count,
              let sql = String(validating: data[bytes], as: UTF8.self),
              let sum = try? MigrationScript(file: name, sql: sql, dialect: dialect).semanticChecksum()
        else { return nil }
        recorded.withLock { $0[name, default: [:]]["\(dialect.rawValue):\(bytes.lowerBound)-\(bytes.upperBound)"] = sum }
        return sum
    }

    /// The checksum table of file `name` in ``EmbeddedMigrations/File/checksums``' form.
    package func checksumTable(of name: String) -> String {
        let entries = recorded.withLock { $0[name] ?? [:] }
        return entries.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
    }
}
