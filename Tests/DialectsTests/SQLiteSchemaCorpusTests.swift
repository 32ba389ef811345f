import Dialects
import Drivers
import Schema
import StrataTestSupport
import Testing

/// The SQL corpus on SQLite: hand-written DDL → inspect → dump → fresh database → dump is
/// byte-identical, and the copy inspects as the original.
@Suite("SQLite schema SQL corpus")
struct SQLiteSchemaCorpusTests {
    static let scripts: [String] = (try? SchemaRoundTrip.corpus(.sqlite).map(\.name)) ?? []

    static func script(_ name: String) throws -> String {
        guard let entry = try SchemaRoundTrip.corpus(.sqlite).first(where: { $0.name == name }) else {
            throw RoundTripFailure("no corpus file \(name)")
        }
        return entry.script
    }

    @Test("the corpus has files")
    func corpusPresent() {
        #expect(Self.scripts.count >= 4)
    }

    @Test("dump → apply → dump is byte-identical", arguments: scripts)
    func dumpRoundTrip(name: String) async throws {
        let (first, second) = try await SchemaRoundTrip.dumpRoundTrip(script: try Self.script(name), on: .sqlite)
        #expect(first == second, "first:\n\(first)\nsecond:\n\(second)")
    }

    @Test("the copy inspects as the original, and the inspection is normalised", arguments: scripts)
    func copyEqualsOriginal(name: String) async throws {
        let script = try Self.script(name)
        let (original, copy) = try await Self.originalAndCopy(script)
        #expect(original == copy, "\(SchemaRoundTrip.difference(original, copy))")
        let dialect = SQLiteDialect()
        let normalized = dialect.normalizer.normalize(original)
        #expect(normalized == original, "\(SchemaRoundTrip.difference(original, normalized))")
        #expect(dialect.normalizer.normalize(normalized) == normalized)
    }

    /// Inspects `script` applied to a fresh database, and a copy made from that inspection.
    static func originalAndCopy(_ script: String) async throws -> (original: Schema, copy: Schema) {
        var result: (Schema, Schema)?
        try await TestEngine.sqlite.withDatabase { source in
            try await TestEngine.sqlite.withDatabase { target in
                try await SchemaRoundTrip.run(script: script, on: source)
                let original = try await SchemaRoundTrip.inspect(source).schema
                try await SchemaRoundTrip.apply(SchemaScript.creating(original, with: SQLiteDialect().renderer), to: target)
                result = (original, try await SchemaRoundTrip.inspect(target).schema)
            }
        }
        guard let result else { throw RoundTripFailure("no inspection") }
        return result
    }
}
