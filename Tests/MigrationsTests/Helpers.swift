import Migrations
import SQLText
import Testing

/// Loads an in-memory directory.
func load(_ files: [String: String], engine: SQLDialect = .sqlite, allowEmpty: Bool = false) throws -> MigrationSet {
    try MigrationSet.load(from: MemoryDirectory(files), engine: engine, allowEmpty: allowEmpty)
}

/// The errors of loading a directory that must fail; records an issue if it loads.
func loadErrors(
    _ files: [String: String], engine: SQLDialect = .sqlite, sourceLocation: SourceLocation = #_sourceLocation
) -> [MigrationFileError] {
    do {
        _ = try MigrationSet.load(from: MemoryDirectory(files), engine: engine)
        Issue.record("expected the directory to be refused", sourceLocation: sourceLocation)
        return []
    } catch {
        return error.errors
    }
}

/// The one error of loading a directory that must fail with exactly one error.
func loadError(
    _ files: [String: String], engine: SQLDialect = .sqlite, sourceLocation: SourceLocation = #_sourceLocation
) -> MigrationFileError? {
    let errors = loadErrors(files, engine: engine, sourceLocation: sourceLocation)
    #expect(errors.count == 1, "\(errors)", sourceLocation: sourceLocation)
    return errors.first
}

func v(_ text: String) -> Version {
    guard let version = Version(text) else {
        Issue.record("not a version: \(text)")
        return Version("0") ?? v("0")
    }
    return version
}
