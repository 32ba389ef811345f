import StrataTestRandom
import Schema
import Testing

/// Properties over generated schemas: the order of creation never shows, any single change
/// always does. A failure names its seed; rerun that seed alone to debug it.
@Suite struct SchemaFingerprintTests {
    static let seeds: [UInt64] = Array(1...200)

    @Test func reorderedSchemasAreEqualWithOneFingerprint() async throws {
        let failures = try await offThePool { Self.checkReorderings() }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }

    static func checkReorderings() -> [String] {
        var failures: [String] = []
        func expect(_ condition: Bool, _ message: String) { if !condition { failures.append(message) } }
        for seed in Self.seeds {
            var random = RandomSchemas(seed: seed)
            let schema = random.schema()
            for _ in 0..<3 {
                let reordered = random.reordered(schema)
                expect(reordered == schema, "seed \(seed)")
                expect(reordered.hashValue == schema.hashValue, "seed \(seed)")
                expect(reordered.canonicalJSON == schema.canonicalJSON, "seed \(seed)")
                expect(reordered.fingerprint == schema.fingerprint, "seed \(seed)")
            }
        }
        return failures
    }

    @Test func anySingleChangeChangesEqualityAndFingerprint() async throws {
        let failures = try await offThePool { Self.checkSingleChanges() }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }

    static func checkSingleChanges() -> [String] {
        var failures: [String] = []
        func expect(_ condition: Bool, _ message: String) { if !condition { failures.append(message) } }
        var changes: Set<String> = []
        for seed in Self.seeds {
            var random = RandomSchemas(seed: seed)
            let schema = random.schema()
            for _ in 0..<3 {
                let (mutated, change) = random.mutated(schema)
                changes.insert(String(change.prefix { $0 != " " }) + " " + change.split(separator: " ").dropFirst().prefix(2).joined(separator: " "))
                expect(mutated != schema, "seed \(seed): \(change)")
                expect(mutated.fingerprint != schema.fingerprint, "seed \(seed): \(change)")
                // A reordering of the changed schema is still the changed schema.
                expect(random.reordered(mutated).fingerprint == mutated.fingerprint, "seed \(seed): \(change)")
            }
        }
        expect(changes.count >= 20, "the generator should exercise most kinds of change: \(changes.sorted())")
        return failures
    }

    @Test func generatedSchemasRoundTripThroughJSON() async throws {
        let failures = try await offThePool { try Self.checkJSONRoundTrips() }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }

    static func checkJSONRoundTrips() throws -> [String] {
        var failures: [String] = []
        func expect(_ condition: Bool, _ message: String) { if !condition { failures.append(message) } }
        for seed in Self.seeds {
            var random = RandomSchemas(seed: seed)
            let schema = random.schema()
            let decoded = try Schema(json: schema.jsonData(prettyPrinted: seed % 2 == 0))
            expect(decoded == schema, "seed \(seed)")
            expect(decoded.fingerprint == schema.fingerprint, "seed \(seed)")
        }
        return failures
    }

    @Test func fingerprintOfTheRichSchemaIgnoresCreationOrder() {
        let schema = Fixtures.rich()
        var rng = SplitMix64(seed: 42)
        for _ in 0..<20 {
            let tables = rng.shuffled(schema.tables).map { table in
                Table(
                    name: table.name, columns: table.columns, primaryKey: table.primaryKey,
                    uniqueConstraints: rng.shuffled(table.uniqueConstraints), indexes: rng.shuffled(table.indexes),
                    foreignKeys: rng.shuffled(table.foreignKeys), checks: rng.shuffled(table.checks),
                    comment: table.comment,
                    options: TableOptions(
                        storageEngine: table.options.storageEngine, characterSet: table.options.characterSet,
                        collation: table.options.collation, rowFormat: table.options.rowFormat,
                        isStrict: table.options.isStrict, isWithoutRowID: table.options.isWithoutRowID,
                        isUnlogged: table.options.isUnlogged, parameters: rng.shuffled(table.options.parameters)
                    ),
                    unsupported: table.unsupported
                )
            }
            let rebuilt = Schema(
                name: schema.name, defaultCharacterSet: schema.defaultCharacterSet, defaultCollation: schema.defaultCollation,
                tables: tables, views: rng.shuffled(schema.views), enumTypes: rng.shuffled(schema.enumTypes),
                sequences: rng.shuffled(schema.sequences), unmodelled: rng.shuffled(schema.unmodelled)
            )
            #expect(rebuilt == schema)
            #expect(rebuilt.fingerprint == schema.fingerprint)
        }
    }
}
