import Dialects
import Drivers
import SQLText
import Schema
import SchemaDiff
import StrataTestSupport
import Testing

/// Plans between two DDL scripts on a real engine, proves the plan on a scratch database,
/// and applies it to a real database holding rows: shared by the engines' diff tests.
enum DiffProof {
    /// What one check produced.
    struct Outcome {
        var from: Schema
        var to: Schema
        var rendered: RenderedPlan
        var dialect: any Dialect
    }

    /// The schema the engine makes of `script`, read from a scratch database.
    static func load(_ script: String, on database: TestDatabase, dialect: any Dialect) async throws -> Schema {
        try await ScratchDatabase.with(like: database.url) { scratch in
            try await ScratchLoad.schema(ofScript: script, file: "test.sql", on: scratch, dialect: dialect).schema
        }
    }

    /// Plans `from` → `to` (both DDL), proves it forward and back on a scratch database,
    /// then runs `from` and `seed` on `database`, applies the forward plan there, and
    /// requires that a second plan from the result is empty.
    ///
    /// - Parameter verify: Runs on the database once the plan is applied, before it is
    ///   dropped (to look at the rows).
    /// - Returns: The plan, for the caller's assertions on its classes and statements.
    @discardableResult
    static func check(
        _ engine: TestEngine, from: String, to: String, seed: String = "", renames: [Rename] = [],
        verify: ((TestDatabase) async throws -> Void)? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Outcome {
        let database = try await makeDatabase(engine, sourceLocation: sourceLocation)
        do {
            let dialect = try await SchemaRoundTrip.dialect(of: database)
            let before = try await load(from, on: database, dialect: dialect)
            let after = try await load(to, on: database, dialect: dialect)
            let rendered = dialect.renderPlan(from: before, to: after, renames: renames)
            try await ScratchDatabase.with(like: database.url) { scratch in
                try await PlanProof.prove(rendered, from: before, to: after, dialect: dialect, on: scratch)
            }
            // The same plan on a real database with rows, then the convergence check.
            if !from.isEmpty { try await SchemaRoundTrip.run(script: from, on: database) }
            if !seed.isEmpty { try await SchemaRoundTrip.run(script: seed, on: database) }
            let connection = try await database.connect()
            do {
                try await SchemaApplier.apply(rendered.forwardStatements, on: connection, dialect: dialect,
                                              foreignKeysOff: rendered.forwardNeedsForeignKeysOff)
                try await connection.close()
            } catch {
                try? await connection.close()
                throw error
            }
            let live = try await SchemaRoundTrip.inspect(database).schema
            let again = dialect.differ.plan(from: live, to: after)
            #expect(again.changes.map(\.summary) == [], "a second diff after applying the plan is not empty", sourceLocation: sourceLocation)
            if let verify { try await verify(database) }
            await database.drop()
            return Outcome(from: before, to: after, rendered: rendered, dialect: dialect)
        } catch {
            await database.drop()
            throw error
        }
    }

    /// A fresh database of `engine`; on PostgreSQL its schema is created (nothing else
    /// creates the URL's `?schema=`).
    static func makeDatabase(_ engine: TestEngine, sourceLocation: SourceLocation) async throws -> TestDatabase {
        guard engine == .postgres else { return try await engine.makeDatabase(sourceLocation: sourceLocation) }
        return try await PostgresSchemaSupport.makeDatabase()
    }

    /// The rows `sql` selects on `database`, each as its columns' text joined by `|`.
    static func rows(_ sql: String, on database: TestDatabase) async throws -> [String] {
        try await database.query(sql).map { row in
            row.columns.indices.map { row.values[$0].string ?? "NULL" }.joined(separator: "|")
        }
    }
}
