/// All the problems found in a migrations directory, in file order.
///
/// ``MigrationSet/load(from:engine:allowEmpty:)`` reads the whole directory before it
/// throws, so that `strata validate` can show every problem at once. Its
/// ``description`` has one line per error.
public struct MigrationDirectoryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The directory as displayed (`migrations`).
    public let directory: String
    /// The errors, sorted by file then line; never empty.
    public let errors: [MigrationFileError]

    /// Creates an error from a non-empty list.
    public init(directory: String, errors: [MigrationFileError]) {
        precondition(!errors.isEmpty, "MigrationDirectoryError needs at least one error")
        self.directory = directory
        self.errors = errors
    }

    /// One line per error.
    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }

    /// Whether any of the errors has `code`.
    public func contains(_ code: MigrationFileError.Code) -> Bool {
        errors.contains { $0.code == code }
    }
}
