import Dialects
import Foundation
import Drivers
import Schema
import SchemaDiff
import StrataTestRandom
import StrataTestSchemas
import StrataTestSupport
import Testing

/// The differ's property on real engines: for random schema pairs read back by the
/// engine, the plan from a to b proves itself (forward gives b, reverse gives a), and the
/// plan from a to a is empty.
@Suite struct DiffPropertyTests {
    /// A random schema the engine can hold: MySQL indexes no TEXT column without a prefix.
    static func fitted(_ schema: Schema, for engine: TestEngine) -> Schema {
        guard engine == .mysql else { return schema }
        var schema = schema
        schema.tables = schema.tables.map { table in
            var table = table
            table.columns = table.columns.map { column in
                var column = column
                if column.type == .text { column.type = .string(length: 200) }
                return column
            }
            return table
        }
        return schema
    }

    /// `b` with every type change PostgreSQL has no cast for (a date to an integer) undone:
    /// the proof refuses those plans, rightly, and names the statement.
    static func castable(_ a: Schema, _ b: Schema, for engine: TestEngine) -> Schema {
        guard engine == .postgres else { return b }
        func family(_ type: ColumnType) -> Int {
            switch type {
            case .smallint, .int, .bigint, .decimal, .float, .double: 0
            case .string, .text: 1
            case .bool: 2
            default: 3
            }
        }
        var b = b
        b.tables = b.tables.map { table in
            var table = table
            guard let old = a.table(named: table.name) else { return table }
            table.columns = table.columns.map { column in
                var column = column
                if let before = old.column(named: column.name), family(before.type) != family(column.type), family(column.type) != 1 {
                    column.type = before.type
                }
                return column
            }
            return table
        }
        return b
    }

    @Test(arguments: TestEngine.available)
    func randomPlansProveThemselvesBothWays(engine: TestEngine) async throws {
        let database = try await engine.makeDatabase()
        defer { Task { await database.drop() } }
        let dialect = try await SchemaRoundTrip.dialect(of: database)
        let seed = UInt64(ProcessInfo.processInfo.environment["STRATA_PROPERTY_SEED"] ?? "") ?? 0x00d1_ff00
        var random = SplitMix64(seed: seed)
        let rounds = Int(ProcessInfo.processInfo.environment["STRATA_PROPERTY_ROUNDS"] ?? "") ?? (engine == .sqlite ? 60 : 12)
        for round in 0..<rounds {
            let a = Self.fitted(RandomSchema.make(&random), for: engine)
            let b = Self.castable(a, Self.fitted(RandomSchema.mutate(a, &random), for: engine), for: engine)
            let canonicalA = try await load(a, like: database, dialect: dialect)
            let canonicalB = try await load(b, like: database, dialect: dialect)
            #expect(dialect.differ.plan(from: canonicalA, to: canonicalA).isEmpty, "round \(round): a plan from a schema to itself")
            let rendered = dialect.renderPlan(from: canonicalA, to: canonicalB)
            do {
                try await ScratchDatabase.with(like: database.url) { scratch in
                    try await PlanProof.prove(rendered, from: canonicalA, to: canonicalB, dialect: dialect, on: scratch)
                }
            } catch {
                Issue.record("round \(round) on \(engine): \(error)\nplan: \(rendered.forwardStatements.joined(separator: ";\n"))")
                return
            }
        }
    }

    func load(_ schema: Schema, like database: TestDatabase, dialect: any Dialect) async throws -> Schema {
        try await ScratchDatabase.with(like: database.url) { scratch in
            try await ScratchLoad.canonical(schema, on: scratch, dialect: dialect).schema
        }
    }
}
