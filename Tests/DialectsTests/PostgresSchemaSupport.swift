import Dialects
import Drivers
import Schema
import StrataTestSupport
import Testing

/// PostgreSQL databases for the schema tests: a fresh schema, created (a test URL's
/// `?schema=` names it, but nothing creates it), and the round trips over it.
enum PostgresSchemaSupport {
    /// A fresh, existing, empty schema.
    static func makeDatabase() async throws -> TestDatabase {
        let database = try await TestEngine.postgres.makeDatabase()
        let admin = try await Drivers.connect(to: try DatabaseURL(try TestEngine.postgres.requireBaseURL()))
        do {
            try await admin.execute("CREATE SCHEMA \"\(database.name)\"")
            try await admin.close()
        } catch {
            try? await admin.close()
            throw error
        }
        return database
    }

    /// Runs `body` with a fresh schema, dropped afterwards.
    static func withDatabase(_ body: (TestDatabase) async throws -> Void) async throws {
        let database = try await makeDatabase()
        do {
            try await body(database)
            await database.drop()
        } catch {
            await database.drop()
            throw error
        }
    }

    /// model → normalise → DDL → fresh schema → inspect.
    static func modelRoundTrip(_ model: Schema) async throws -> (expected: Schema, actual: Schema, ddl: [String]) {
        let database = try await makeDatabase()
        do {
            let dialect = try await SchemaRoundTrip.dialect(of: database)
            let expected = dialect.normalizer.normalize(model)
            let ddl = SchemaScript.creating(expected, with: dialect.renderer)
            try await SchemaRoundTrip.apply(ddl, to: database)
            let actual = try await SchemaRoundTrip.inspect(database).schema
            await database.drop()
            return (expected, actual, ddl)
        } catch {
            await database.drop()
            throw error
        }
    }

    /// script → live schema → dump → fresh schema → dump. The source is dropped before the
    /// copy is made when `dropSourceFirst` (extensions exist once per database).
    static func dumpRoundTrip(script: String, dropSourceFirst: Bool = false) async throws
        -> (first: String, second: String, original: Inspection, copy: Inspection)
    {
        let source = try await makeDatabase()
        var target: TestDatabase?
        do {
            try await SchemaRoundTrip.run(script: script, on: source)
            let dialect = try await SchemaRoundTrip.dialect(of: source)
            let original = try await SchemaRoundTrip.inspect(source)
            let first = SchemaRoundTrip.dumpText(original.schema, dialect: dialect)
            if dropSourceFirst { await source.drop() }
            let made = try await makeDatabase()
            target = made
            try await SchemaRoundTrip.apply(SchemaScript.creating(original.schema, with: dialect.renderer), to: made)
            let copy = try await SchemaRoundTrip.inspect(made)
            let second = SchemaRoundTrip.dumpText(copy.schema, dialect: dialect)
            await source.drop()
            await made.drop()
            return (first, second, original, copy)
        } catch {
            await source.drop()
            if let target { await target.drop() }
            throw error
        }
    }
}
