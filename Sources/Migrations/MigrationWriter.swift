/// Names and writes new migration files, as `strata new` does: the next version in the
/// directory's own style, a file name made from a description, and a template.
///
/// ```swift
/// let dir = LocalDirectory("migrations")
/// let file = try MigrationWriter.create(named: "Create Users", in: dir, now: secondsSince1970)
/// print(file.fileName)   // 20250101120000_create_users.sql, or 004_create_users.sql
/// ```
///
/// The version is the next number, as wide as the widest existing one, when every
/// existing version is a short number (`001_`, `002_`…); otherwise it is the UTC time
/// `YYYYMMDDHHMMSS`, or one more than the newest 14-digit version when that is not older.
/// Planning is a pure function of the existing names, the name and the clock value, so
/// it is tested without a disk or a clock.
///
/// ## Topics
/// ### Creating
/// - ``init(existingFileNames:)``
/// - ``init(_:)``
/// - ``existingFileNames``
/// ### Planning
/// - ``nextVersion(now:)``
/// - ``newFile(named:contents:now:)``
/// - ``NewFile``
/// - ``slug(_:)``
/// - ``template``
/// ### Writing
/// - ``create(named:contents:in:now:)``
public struct MigrationWriter: Sendable, Hashable {
    /// A migration file to create: its version, name and text.
    public struct NewFile: Sendable, Hashable {
        /// The version, as written at the start of the name (`004`, `20250101120000`).
        public var version: String
        /// The file's name (`004_create_users.sql`).
        public var fileName: String
        /// The file's text.
        public var contents: String

        /// Creates a file description.
        public init(version: String, fileName: String, contents: String) {
            self.version = version
            self.fileName = fileName
            self.contents = contents
        }
    }

    /// The text of a new migration: an empty up section and an empty down section.
    public static let template = "-- migrate:up\n\n\n-- migrate:down\n\n"

    /// The names of the files already in the directory; the leading digits of each are
    /// its version (names without leading digits do not count).
    public var existingFileNames: [String]

    /// Creates a writer for a directory holding `existingFileNames`.
    public init(existingFileNames: [String]) {
        self.existingFileNames = existingFileNames
    }

    /// Creates a writer for the directory `set` was loaded from, from the names of the
    /// files the set knows: its migrations' up and down files, the versions skipped on
    /// its engine, repeatable and ignored files. (Unlike
    /// ``init(existingFileNames:)`` with the directory's listing, other files with leading
    /// digits, such as `001_notes.txt`, are not seen.)
    public init(_ set: MigrationSet) {
        var paths: [String] = []
        for migration in set.migrations {
            paths.append(migration.file)
            if let down = migration.downFile, down != migration.file { paths.append(down) }
        }
        paths += set.skipped.flatMap(\.files)
        paths += set.repeatables.map(\.file)
        paths += set.ignoredFiles
        // Displayed paths are `directory/name`, and a name has no `/`.
        self.existingFileNames = paths.map { path in
            path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        }
    }

    // MARK: - Planning

    /// The file-name part made of a description: lowercased, every run of characters
    /// that are not letters or digits turned into one `_`, none at either end
    /// (`"Create Users!"` gives `create_users`).
    ///
    /// - Returns: The slug; empty when `name` has no letters or digits.
    public static func slug(_ name: String) -> String {
        var out = ""
        for character in name.lowercased() {
            if character.isLetter || character.isNumber {
                out.append(character)
            } else if !out.hasSuffix("_") {
                out.append("_")
            }
        }
        while out.hasSuffix("_") { out.removeLast() }
        while out.hasPrefix("_") { out.removeFirst() }
        return out
    }

    /// The version of the next migration: sequential (same width) when the existing
    /// versions are all short numbers (under 14 digits), else a UTC timestamp (one more
    /// than the newest 14-digit version, if that is not older than `now`).
    ///
    /// - Parameter secondsSince1970: The clock (`now:`), in seconds since 1970-01-01
    ///   00:00:00 UTC (fractions dropped).
    public func nextVersion(now secondsSince1970: Int64) -> String {
        let versions = existingFileNames.compactMap { name -> String? in
            let digits = String(name.prefix(while: \.isNumber))
            return digits.isEmpty ? nil : digits
        }
        if !versions.isEmpty, versions.allSatisfy({ $0.count < 14 }) {
            let width = versions.map(\.count).max() ?? 3
            let next = String((versions.compactMap { Int($0) }.max() ?? 0) + 1)
            return String(repeating: "0", count: max(0, width - next.count)) + next
        }
        var stamp = Self.timestamp(secondsSince1970)
        if let newest = versions.filter({ $0.count == 14 }).max(), newest >= stamp, let number = Int(newest) {
            stamp = String(number + 1)
        }
        return stamp
    }

    /// The next migration file for `name`: ``nextVersion(now:)``, `_`, ``slug(_:)``, `.sql`.
    ///
    /// - Parameters:
    ///   - name: What the migration does, in words (`"Create Users"`).
    ///   - contents: The file's text; ``template`` unless given.
    ///   - secondsSince1970: The clock (`now:`), in seconds since 1970-01-01 00:00:00 UTC.
    /// - Throws: ``MigrationFileError/Code/invalidName`` when `name` has no letters or
    ///   digits.
    public func newFile(
        named name: String, contents: String = MigrationWriter.template, now secondsSince1970: Int64
    ) throws(MigrationFileError) -> NewFile {
        let slug = Self.slug(name)
        guard !slug.isEmpty else { throw Self.invalidName(name) }
        let version = nextVersion(now: secondsSince1970)
        return NewFile(version: version, fileName: "\(version)_\(slug).sql", contents: contents)
    }

    private static func invalidName(_ name: String) -> MigrationFileError {
        MigrationFileError(
            .invalidName, file: nil,
            message: "name '\(name)' has no letters or digits; describe the change, e.g. create_users.")
    }

    // MARK: - Writing

    /// Writes the next migration file for `name` into `directory`, creating the
    /// directory if it does not exist; never replaces a file.
    ///
    /// - Parameters:
    ///   - name: What the migration does, in words (`"Create Users"`).
    ///   - contents: The file's text; ``template`` unless given.
    ///   - directory: Where to write it.
    ///   - secondsSince1970: The clock (`now:`), in seconds since 1970-01-01 00:00:00 UTC.
    /// - Returns: The file written.
    /// - Throws: ``MigrationFileError`` with code ``MigrationFileError/Code/invalidName``
    ///   (nothing is created), the directory's listing errors, or
    ///   ``MigrationFileError/Code/fileExists`` or ``MigrationFileError/Code/writeFailed``.
    @discardableResult
    public static func create(
        named name: String, contents: String = MigrationWriter.template, in directory: LocalDirectory,
        now secondsSince1970: Int64
    ) throws(MigrationFileError) -> NewFile {
        // Checked before anything touches the disk.
        guard !slug(name).isEmpty else { throw invalidName(name) }
        let names: [String]
        do {
            names = try directory.fileNames()
        } catch let error as MigrationFileError where error.code == .directoryNotFound {
            try directory.create()
            names = []
        } catch let error as MigrationFileError {
            throw error
        } catch {
            throw MigrationFileError(
                .directoryUnreadable, file: nil,
                message: "migrations directory '\(directory.displayPath)' cannot be read: \(error).")
        }
        let file = try MigrationWriter(existingFileNames: names)
            .newFile(named: name, contents: contents, now: secondsSince1970)
        try directory.write(file.fileName, contents: file.contents)
        return file
    }

    // MARK: - Clock

    /// `YYYYMMDDHHMMSS` in UTC (proleptic Gregorian calendar, the year at least 4 digits).
    static func timestamp(_ secondsSince1970: Int64) -> String {
        let (days, secondOfDay) = floorDivision(secondsSince1970, 86_400)
        // 400 Gregorian years are exactly 146_097 days: skip whole cycles, then walk years.
        let (cycles, dayOfCycle) = floorDivision(days, 146_097)
        var year = 1970 + 400 * cycles
        var day = dayOfCycle
        while true {
            let length: Int64 = isLeap(year) ? 366 : 365
            if day < length { break }
            day -= length
            year += 1
        }
        let monthLengths: [Int64] = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        var month: Int64 = 1
        for length in monthLengths {
            if day < length { break }
            day -= length
            month += 1
        }
        func padded(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return padded(year, 4) + padded(month, 2) + padded(day + 1, 2)
            + padded(secondOfDay / 3600, 2) + padded(secondOfDay / 60 % 60, 2) + padded(secondOfDay % 60, 2)
    }

    private static func isLeap(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Quotient rounded down, and the remainder that goes with it (never negative).
    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        var quotient = value / divisor
        var remainder = value % divisor
        if remainder < 0 {
            quotient -= 1
            remainder += divisor
        }
        return (quotient, remainder)
    }
}
